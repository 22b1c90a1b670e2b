"""
The consultations' demo data (core.demos), written through consultations.services:

- Thurrock's consultation on its 2022-2026 strategy (seed 000), October to December 2021: closed, its one
  campaign confirmed, every comment coded, "you said, we did" recorded and the report published. The
  strategy demo holds back the strategy's moves after its draft (strategies.demo.resume); this story
  makes them as it reaches them, so the strategy goes out to consultation by opening it and is published
  with the report linked.
- Leicestershire's consultation on its draft (seed 003), open now so that a newcomer can answer it, about
  a third of its comments coded so far, 30 of them coded again, blind, by a second officer.

Needs strategies.demo's `strategies` and boards.demo's `users` and `decisions`.
"""

from core.demos import Demo
from core.models import Document

from ..coding import coding_progress
from ..documents import REPORT_PDF_KIND
from ..models import Coding, Consultation
from . import leicestershire, thurrock


def load(demo: Demo) -> None:
    # Thurrock first: its story is over before Leicestershire's begins.
    demo.shared["consultations"] = [thurrock.load(demo), leicestershire.load(demo)]


def report(demo: Demo) -> None:
    """Each consultation: its state, responses and events, how far its comments are coded, its report."""
    if not demo.loaded:
        return
    consultations = Consultation.objects.filter(
        pk__in=[c.pk for c in demo.shared.get("consultations", [])]
    ).select_related("board")
    for consultation in consultations.order_by("opens_at"):
        if consultation.status == "open":
            when = f"open, closes {consultation.closes_at:%-d %B %Y}"
        else:
            when = f"{consultation.get_status_display().lower()} {consultation.closes_at:%-d %B %Y}"
        progress = coding_progress(consultation).overall
        demo.write(
            f"  {consultation.board.area}: consultation “{consultation.title}” ({when}): "
            f"{consultation.responses.submitted().count()} responses, {consultation.events.count()} events; "
            f"{progress.coded} of {progress.total} comments coded ({progress.percent}%) with "
            f"{consultation.themes.count()} themes"
        )
        notes = []
        if confirmed := consultation.campaigns.filter(status="confirmed").count():
            notes.append(f"{confirmed} confirmed campaign{'' if confirmed == 1 else 's'}")
        coders = Coding.objects.filter(comment__consultation=consultation).values("coder").distinct().count()
        if coders > 1:
            notes.append(f"{coders} officers coded, a sample twice (the agreement page)")
        if notes:
            demo.write(f"    {'; '.join(notes)}")
        if consultation.report_published_at:
            demo.write(
                f"    {consultation.changes.count()} “you said, we did” changes; report published "
                f"{consultation.report_published_at:%-d %B %Y}, linked from the strategy page: "
                f"{consultation.get_report_url()}"
            )
            _report_pdf(demo, consultation)


def _report_pdf(demo: Demo, consultation: Consultation) -> None:
    document = Document.objects.filter(kind=REPORT_PDF_KIND, object_id=consultation.pk).order_by("pk").last()
    if document is None:
        return
    line = f"    Report PDF: {document.get_status_display().lower()}"
    if document.status == Document.Status.FAILED:
        demo.warn(line + f" ({document.error.splitlines()[0] if document.error else 'no error recorded'})")
    else:
        demo.write(line)
