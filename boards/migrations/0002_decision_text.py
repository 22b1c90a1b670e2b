from django.db import migrations, models


def letter_each_items_decisions(apps, schema_editor):
    """Decisions recorded before resolutions were lettered: a), b), c)... per item, in the order recorded."""
    Decision = apps.get_model("boards", "Decision")
    letters = {}
    for decision in Decision.objects.order_by("agenda_item_id", "recorded_at", "pk"):
        count = letters.get(decision.agenda_item_id, 0)
        letters[decision.agenda_item_id] = count + 1
        Decision.objects.filter(pk=decision.pk).update(letter="abcdefghijklmnopqrstuvwxyz"[count % 26] * (count // 26 + 1))


class Migration(migrations.Migration):
    dependencies = [("boards", "0001_initial")]

    operations = [
        migrations.RenameField("decision", "resolutions", "text"),
        migrations.AddField(
            model_name="decision",
            name="letter",
            field=models.CharField(default="a", max_length=3),
        ),
        migrations.RunPython(letter_each_items_decisions, migrations.RunPython.noop),
    ]
