"""
The demo's meetings (issue 7): each held meeting with its published agenda, leads and purposes, a report
for the item the Board decided on, who attended, minutes and lettered resolutions, its minutes approved
by the next meeting; and a meeting to come on each board: Thurrock's with a published agenda (one item
exempt) and packs, Leicestershire's, after its consultation closes, still being put together.

Past meetings are written directly (their dates are long gone, which the services rightly refuse); the
meetings to come go through the services, as an officer would make them.
"""

from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape

from core.documents import document_refresh, rendering

from ..documents import MEMBERS_PACK, PUBLIC_PACK
from ..models import (
    AgendaItem,
    AgendaPublication,
    Attendance,
    Board,
    Decision,
    Meeting,
    Membership,
    Paper,
    Purpose,
)
from ..notice import publication_deadline
from ..services import agenda as agenda_services
from ..services import meetings as meeting_services
from ..services import papers as paper_services
from . import data

# Minutes of items every agenda has, by their title's first words.
ROUTINE_MINUTES = {
    "Apologies": "Apologies for absence were received from {apologies}.",
    "Minutes": "The minutes of the previous meeting were confirmed as a correct record.",
    "Urgent": "There were no urgent items.",
    "Declarations": "No declarations of interest were made.",
    "Question": "No questions had been received.",
    "Questions": "No questions had been received.",
    "Work": "The Board noted its work programme for the year ahead.",
    "Date": "The next meeting of the Board would be held in February 2022.",
}


def held_meeting(board: Board, spec: dict, *, by, previous: Meeting | None) -> tuple[Meeting, Decision]:
    """A meeting that took place: published agenda, attendance, minutes, resolutions; its decision."""
    starts_at = timezone.make_aware(datetime(*spec["starts_at"]))
    meeting = Meeting.objects.create(
        board=board, starts_at=starts_at, venue=spec["venue"], status=spec["status"]
    )
    published_at = starts_at - timedelta(days=9)
    publication = AgendaPublication.objects.create(
        meeting=meeting,
        number=0,
        published_at=published_at,
        published_by=by,
        deadline=publication_deadline(starts_at),
    )
    decided = spec["decision"]["item"]
    lead, lead_organisation = _lead(board, starts_at)
    items = {}
    for number, title in spec["items"]:
        main = number == decided
        items[number] = AgendaItem.objects.create(
            meeting=meeting,
            number=number,
            position=number,
            title=title,
            purpose=Purpose.DECISION if main or title.startswith("Minutes") else Purpose.INFORMATION,
            lead_name=lead if main else "",
            lead_organisation=lead_organisation if main else None,
            publication=publication,
        )
    apologies = _attendance(meeting, board)
    for number, item in items.items():
        item.minutes = spec.get("minutes", {}).get(number) or _routine(item.title, apologies)
        item.save(update_fields=["minutes"])
        if previous is not None and item.title.startswith("Minutes"):
            Decision.objects.create(
                agenda_item=item,
                letter="a",
                text=f"That the minutes of the meeting on {_day(previous)} be confirmed as a correct record.",
                outcome=Decision.Outcome.APPROVED,
                effect=Decision.Effect.MINUTES,
                minutes_of=previous,
                recorded_at=starts_at,
            )
    decision = _resolutions(items[decided], spec["decision"], at=starts_at)
    _report(items[decided], spec, by=by, lead=lead)
    return meeting, decision


def _day(meeting: Meeting) -> str:
    return f"{timezone.localtime(meeting.starts_at):%-d %B %Y}"


def _lead(board: Board, on) -> tuple[str, object]:
    """The board's supporting officer (its Director of Public Health) at the time, as the item's lead."""
    officer = (
        Membership.objects.current(on=on.date())
        .filter(board=board, role=Membership.Role.SUPPORTING_OFFICER)
        .select_related("organisation")
        .first()
    )
    return (officer.name, officer.organisation) if officer else ("", None)


def _attendance(meeting: Meeting, board: Board) -> list[str]:
    """Every member then sitting present, but for one voting member's apologies; the names of those."""
    members = list(Membership.objects.current(on=meeting.starts_at.date()).filter(board=board).by_seniority())
    voting = [member for member in members if member.votes]
    apologising = voting[-1] if len(voting) > 3 else None
    for member in members:
        Attendance.objects.create(
            meeting=meeting,
            membership=member,
            status=Attendance.Status.APOLOGIES if member == apologising else Attendance.Status.PRESENT,
        )
    return [apologising.name] if apologising else []


def _routine(title: str, apologies: list[str]) -> str:
    for start, text in ROUTINE_MINUTES.items():
        if title.startswith(start):
            return text.format(apologies=", ".join(apologies) or "no one")
    return "The Board considered the report, and resolved as set out below."


def _resolutions(item: AgendaItem, spec: dict, *, at) -> Decision:
    made = []
    for index, resolution in enumerate(spec["resolutions"].split("\n\n")):
        letter, text = resolution.split(") ", 1)
        made.append(
            Decision.objects.create(
                agenda_item=item,
                letter=letter,
                text=text,
                outcome=Decision.Outcome.APPROVED if index == 0 else Decision.Outcome.NOTED,
                effect=spec["effect"] if index == 0 else Decision.Effect.NONE,
                recorded_at=at,
            )
        )
    return made[0]


def _report(item: AgendaItem, spec: dict, *, by, lead: str) -> None:
    """The report the Board considered on the item it decided: a short PDF, as a council's report reads."""
    recommendations = [
        resolution.split(") ", 1)[1] for resolution in spec["decision"]["resolutions"].split("\n\n")
    ]
    html = render_to_string(
        "boards/demo/report.html",
        {"item": item, "lead": lead, "purpose": spec.get("purpose", ""), "recommendations": recommendations},
    )
    paper = Paper(item=item, title=item.title, created_by=by, pages=2, tagged=True)
    content = rendering.html_to_pdf(html)
    paper.file.save(
        f"{item.meeting.board.slug}-item-{item.number}-report.pdf", ContentFile(content), save=False
    )
    paper.file_size = len(content)
    paper.save()


def coming_meeting(board: Board, spec: dict, *, by) -> Meeting:
    """A meeting to come, made through the services as an officer makes one; published if the spec says."""
    day = timezone.localdate() + timedelta(days=spec["in_days"])
    day += timedelta(days=(3 - day.weekday()) % 7)  # The Board meets on Thursdays.
    starts_at = timezone.make_aware(datetime.combine(day, time(14, 0)))
    meeting = meeting_services.meeting_create(board=board, by=by, starts_at=starts_at, venue=spec["venue"])
    for title, purpose, exempt in spec["items"]:
        item = agenda_services.item_create(
            meeting=meeting, by=by, title=title, purpose=purpose, exempt_paragraph=exempt
        )
        if spec.get("papers", {}).get(title):
            paper_services.paper_add(
                item=item,
                by=by,
                title=spec["papers"][title],
                file=_upload(title, spec["papers"][title]),
            )
    if spec.get("publish"):
        agenda_services.agenda_publish(meeting=meeting, by=by)
    return meeting


def _upload(title: str, paper_title: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    html = (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{escape(paper_title)}</title></head>"
        f'<body style="font-family: Liberation Sans"><h1>{escape(paper_title)}</h1><p>{escape(title)}.</p>'
        "<p>This paper is part of the demonstration data.</p></body></html>"
    )
    return SimpleUploadedFile("paper.pdf", rendering.html_to_pdf(html), content_type="application/pdf")


def request_packs() -> None:
    """Packs for every published agenda: rendered now without a worker, by the worker with one."""
    for publication in AgendaPublication.objects.filter(meeting__board__slug__in=list(data.BOARDS)):
        for kind in (MEMBERS_PACK, PUBLIC_PACK):
            document_refresh(kind=kind, object_id=publication.pk, by=None)


def summary() -> list[str]:
    """One line per board: its meetings, the next one, and how its packs stand."""
    from core.models import Document

    lines = []
    for board in Board.objects.filter(slug__in=list(data.BOARDS)).order_by("name"):
        meetings = list(board.meetings.order_by("starts_at"))
        held = sum(meeting.status == Meeting.Status.HELD for meeting in meetings)
        coming = next((m for m in meetings if m.status == Meeting.Status.SCHEDULED), None)
        packs = Document.objects.filter(
            kind__in=[MEMBERS_PACK, PUBLIC_PACK],
            object_id__in=AgendaPublication.objects.filter(meeting__board=board).values("pk"),
        )
        ready = packs.filter(status=Document.Status.READY).count()
        next_one = ""
        if coming:
            agenda = "agenda published" if coming.publications.exists() else "agenda being prepared"
            next_one = f", next on {_day(coming)} ({agenda})"
        lines.append(
            f"  {board.area}: {len(meetings)} meetings, {held} held{next_one}; "
            f"board packs {ready} of {packs.count()} ready"
        )
    return lines
