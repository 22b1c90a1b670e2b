"""
The public meeting pages (boards.public_meetings decides what each reader sees): the meetings of a board
and of every board, a meeting with its agenda, papers, attendance, minutes and decisions, a decision,
an agenda paper, and the calendar feeds.
"""

import hashlib

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from core.files import stored_file_response
from core.http import HtmxHttpRequest

from .. import calendar, links, public_meetings
from ..documents import packs_for
from ..models import Board, Meeting


def _list_page(request: HtmxHttpRequest, meetings, board: Board | None) -> HttpResponse:
    upcoming, past = public_meetings.upcoming_and_past(meetings)
    page = Paginator(past, public_meetings.PAST_PER_PAGE).get_page(request.GET.get("page"))
    context = {"board": board, "upcoming": upcoming, "past": page}
    return render(request, "boards/meetings/meeting_list.html", context)


@require_safe
def meeting_list(request: HtmxHttpRequest, board_slug: str) -> HttpResponse:
    """A board's meetings: upcoming ones, then past ones a page at a time."""
    board = get_object_or_404(Board, slug=board_slug)
    return _list_page(request, Meeting.objects.filter(board=board), board)


@require_safe
def all_meetings(request: HtmxHttpRequest) -> HttpResponse:
    """Every board's meetings, as meeting_list."""
    return _list_page(request, Meeting.objects.all(), None)


@require_safe
def meeting_detail(request: HtmxHttpRequest, board_slug: str, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("board"), board__slug=board_slug, pk=pk)
    record = public_meetings.meeting_record(meeting, request.user)
    context = {
        "board": meeting.board,
        "meeting": meeting,
        "record": record,
        "packs": packs_for(record.publications, request.user, with_exempt=record.publications_with_exempt),
    }
    return render(request, "boards/meetings/meeting_detail.html", context)


@require_safe
def decision_detail(request: HtmxHttpRequest, board_slug: str, meeting: int, pk: int) -> HttpResponse:
    decision = public_meetings.readable_decision(
        request.user, board_slug=board_slug, meeting_id=meeting, pk=pk
    )
    if decision is None:
        raise Http404("No such decision.")
    context = {
        "board": decision.meeting.board,
        "meeting": decision.meeting,
        "item": decision.agenda_item,
        "decision": decision,
        "links": links.decision_links(decision),
    }
    return render(request, "boards/meetings/decision_detail.html", context)


@require_safe
def paper_download(request: HtmxHttpRequest, board_slug: str, meeting: int, pk: int) -> HttpResponse:
    """
    An agenda paper: the uploaded PDF, or the latest version of the portal document it is. A 404 for
    anyone who may not have it, so nothing says that an exempt paper exists.
    """
    paper = public_meetings.readable_paper(request.user, board_slug=board_slug, meeting_id=meeting, pk=pk)
    if paper is None:
        raise Http404("No such paper.")
    if paper.file:
        file, filename = paper.file, f"item-{paper.item.number}-{slugify(paper.title)[:80] or 'paper'}.pdf"
    elif paper.document_id and paper.document.current_id:
        file, filename = paper.document.current.file, paper.document.current.filename
    else:
        raise Http404("This paper is not ready yet.")
    # An exempt paper is never kept by a shared cache; any paper may be replaced, so always ask again.
    cache = {"private" if paper.item.exempt else "public": True, "no_cache": True}
    return stored_file_response(request, file, cache=cache, filename=filename, content_type="application/pdf")


def _calendar_response(request: HtmxHttpRequest, body: bytes, filename: str) -> HttpResponse:
    """
    A feed, with an ETag of its bytes: calendar apps poll feeds, and an unchanged one (the same bytes, as
    DTSTAMP is each meeting's last change) costs them a 304.
    """
    etag = quote_etag(hashlib.sha256(body).hexdigest()[:32])
    not_modified = get_conditional_response(request, etag=etag)
    response = not_modified or HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, public=True, max_age=300)
    return response


@require_safe
def board_calendar(request: HtmxHttpRequest, board_slug: str) -> HttpResponse:
    """Every meeting of the board, for calendar apps to subscribe to."""
    board = get_object_or_404(Board, slug=board_slug)
    meetings = Meeting.objects.filter(board=board).select_related("board").order_by("starts_at", "pk")
    return _calendar_response(request, calendar.board_calendar(board, meetings), f"{board.slug}-meetings.ics")


@require_safe
def meeting_calendar(request: HtmxHttpRequest, board_slug: str, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("board"), board__slug=board_slug, pk=pk)
    body = calendar.meeting_calendar(meeting)
    return _calendar_response(request, body, f"{board_slug}-meeting-{meeting.pk}.ics")
