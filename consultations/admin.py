from django.contrib import admin

from core.admin_mixins import ReadOnlyAdmin

from .models import Email


@admin.register(Email)
class EmailAdmin(ReadOnlyAdmin):
    """Emails to respondents, so that one that failed is seen: no address or text is kept to show."""

    list_display = ["kind", "state", "failure", "response", "created_at", "sent_at"]
    list_filter = ["kind", "state"]
    list_select_related = ["response"]
    date_hierarchy = "created_at"
