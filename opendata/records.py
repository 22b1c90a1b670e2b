"""
What the API says of each thing, as plain data for its schema (schemas.py). Each function takes rows that
the endpoints read through the apps' own public rules (endpoints.py), and what they were loaded with:
nothing here runs a query of its own, so that a list costs the same number of queries whatever its length.
"""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode

from boards.models import AgendaItem, Board, Decision, Meeting
from consultations.models import Consultation
from consultations.report import Report
from delivery.models import Indicator
from news.models import NewsItem
from strategies.models import Revision, Strategy

from .schemas import LICENCE, OGL_NAME

API = "api-v1"


class Addresses:
    """Absolute addresses, on the host the request came to."""

    def __init__(self, request: HttpRequest):
        self.request = request

    def __call__(self, path: str) -> str:
        return self.request.build_absolute_uri(path)

    def api(self, name: str, query: dict | None = None, **kwargs) -> str:
        path = reverse(f"{API}:{name}", kwargs=kwargs or None)
        return self(f"{path}?{urlencode(query)}" if query else path)


def attribution(board: Board) -> str:
    return f"Contains public sector information published by {board.name}, licensed under the {OGL_NAME}."


def board_ref(board: Board, a: Addresses) -> dict:
    return {
        "slug": board.slug,
        "name": board.name,
        "url": a.api("board_detail", board_slug=board.slug),
        "web_url": a(board.get_absolute_url()),
        "attribution": attribution(board),
    }


def board(board: Board, a: Addresses) -> dict:
    """A board: organisations prefetched."""
    return {
        **board_ref(board, a),
        "area": board.area,
        "area_code": board.area_code,
        "description": board.description,
        "contact_email": board.contact_email,
        "organisations": [
            {"name": o.name, "kind": o.kind, "website": o.website} for o in board.organisations.all()
        ],
    }


def board_detail(found: Board, a: Addresses) -> dict:
    by_board = {"board": found.slug}
    return {
        **board(found, a),
        "licence": LICENCE,
        "strategies": a.api("strategy_list", by_board),
        "meetings": a.api("meeting_list", by_board),
        "decisions": a.api("decision_list", by_board),
        "consultations": a.api("consultation_list", by_board),
        "indicators": a.api("indicator_list", by_board),
        "news": a.api("news_list", by_board),
    }


# Strategies ------------------------------------------------------------------------------------------


def strategy_ref(strategy: Strategy, a: Addresses) -> dict:
    """A public strategy (board loaded)."""
    return {
        "slug": strategy.slug,
        "title": strategy.title,
        "url": a.api("strategy_detail", board_slug=strategy.board.slug, slug=strategy.slug),
        "web_url": a(strategy.get_absolute_url()),
    }


def strategy(strategy: Strategy, revision: Revision | None, a: Addresses) -> dict:
    where = {"board_slug": strategy.board.slug, "slug": strategy.slug}
    return {
        **strategy_ref(strategy, a),
        "board": board_ref(strategy.board, a),
        "start_year": strategy.start_year,
        "end_year": strategy.end_year,
        "status": strategy.status,
        "summary": revision.snapshot.get("summary", "") if revision else "",
        "published_at": revision.created_at if revision else None,
        "dashboard_url": a(reverse("delivery:dashboard", kwargs=where)),
        "indicators": a.api("indicator_list", {"board": strategy.board.slug, "strategy": strategy.slug}),
        "news": a.api("news_list", {"board": strategy.board.slug, "strategy": strategy.slug}),
    }


def strategy_detail(found: Strategy, revision: Revision, a: Addresses) -> dict:
    """A strategy with the text frozen when it was published, never its live rows."""
    text = revision.snapshot
    where = {"board_slug": found.board.slug, "slug": found.slug}

    def document_url(document: dict) -> str:
        if document.get("url"):
            return document["url"]
        return a(reverse("strategies:supporting_document_file", kwargs={**where, "pk": document["id"]}))

    return {
        **strategy(found, revision, a),
        "licence": LICENCE,
        "title": text["title"],
        "summary": text.get("summary", ""),
        "vision": text.get("vision", ""),
        "easy_read": text.get("easy_read", ""),
        "domain_label": text.get("domain_label", "domain"),
        "domain_label_plural": text.get("domain_label_plural", "domains"),
        "domains": [
            {
                "id": domain["id"],
                "title": domain["title"],
                "description": domain.get("description", ""),
                "easy_read": domain.get("easy_read", ""),
                "priorities": [
                    {
                        "id": priority["id"],
                        "title": priority["title"],
                        "description": priority.get("description", ""),
                        "easy_read": priority.get("easy_read", ""),
                    }
                    for priority in domain.get("priorities", [])
                ],
            }
            for domain in text.get("domains", [])
        ],
        "supporting_documents": [
            {"title": d["title"], "description": d.get("description", ""), "url": document_url(d)}
            for d in text.get("supporting_documents", [])
        ],
    }


# Meetings and decisions ------------------------------------------------------------------------------


def meeting_ref(meeting: Meeting, a: Addresses) -> dict:
    return {
        "id": meeting.pk,
        "name": meeting.name,
        "starts_at": meeting.starts_at,
        "url": a.api("meeting_detail", board_slug=meeting.board.slug, pk=meeting.pk),
        "web_url": a(meeting.get_absolute_url()),
    }


def _decision(decision: Decision, meeting: Meeting, a: Addresses) -> dict:
    where = {"board_slug": meeting.board.slug, "meeting": meeting.pk, "pk": decision.pk}
    return {
        "id": decision.pk,
        "letter": decision.letter,
        "text": decision.text,
        "outcome": decision.outcome,
        "web_url": a(reverse("boards:decision", kwargs=where)),
    }


def _paper_url(paper, meeting: Meeting, a: Addresses) -> str | None:
    if not paper.file and not (paper.document_id and paper.document.current_id):
        return None  # A portal document not rendered yet: its download would be a 404.
    where = {"board_slug": meeting.board.slug, "meeting": meeting.pk, "pk": paper.pk}
    return a(reverse("boards:paper", kwargs=where))


def agenda_item(item: AgendaItem, meeting: Meeting, a: Addresses) -> dict:
    """
    A published item, from boards.public_meetings.published_items_of(readable=False): an exempt item's
    papers and decisions were never loaded; its minutes are left out here.
    """
    return {
        "number": item.number,
        "title": item.title,
        "purpose": item.purpose,
        "exempt": item.exempt,
        "exemption": item.exemption,
        "papers": [
            {"title": p.title, "role": p.role, "download_url": _paper_url(p, meeting, a)}
            for p in item.papers.all()
        ],
        "decisions": [_decision(d, meeting, a) for d in item.decisions.all()],
        "minutes": "" if item.exempt else item.minutes,
    }


def meeting(meeting: Meeting, items: list[AgendaItem], a: Addresses) -> dict:
    return {
        **meeting_ref(meeting, a),
        "board": board_ref(meeting.board, a),
        "ends_at": meeting.ends_at,
        "venue": meeting.venue,
        "online_url": meeting.online_url,
        "status": meeting.status,
        "cancelled_reason": meeting.cancelled_reason,
        "agenda_published": bool(items) or getattr(meeting, "agenda_published", False),
        "items": [agenda_item(item, meeting, a) for item in items],
    }


def decision_listed(decision: Decision, a: Addresses) -> dict:
    """A public decision (boards.public_meetings.public_decisions), its item, meeting and board loaded."""
    item = decision.agenda_item
    return {
        **_decision(decision, item.meeting, a),
        "board": board_ref(item.meeting.board, a),
        "meeting": meeting_ref(item.meeting, a),
        "item": {"number": item.number, "title": item.title},
    }


# Consultations ---------------------------------------------------------------------------------------


def consultation(found: Consultation, a: Addresses) -> dict:
    """A public consultation (board and strategy loaded); its strategy named only once that is public."""
    where = {"board_slug": found.board.slug, "slug": found.slug}
    published = found.report_is_published
    return {
        "board": board_ref(found.board, a),
        "slug": found.slug,
        "title": found.title,
        "status": found.status,
        "opens_at": found.opens_at,
        "closes_at": found.closes_at,
        "introduction": found.introduction,
        "strategy": strategy_ref(found.strategy, a) if found.strategy.is_public else None,
        "report": {"published_at": found.report_published_at, "web_url": a(found.get_report_url())}
        if published
        else None,
        "url": a.api("consultation_detail", **where),
        "web_url": a(found.get_absolute_url()),
    }


def _tallies(tallies) -> list[dict]:
    return [{"value": t.value, "label": t.label, "count": t.count} for t in tallies]


def results(report: Report) -> dict:
    """
    The figures of a published report (consultations.report.build) and nothing else: counts, agreement,
    equality tables with the report's suppression, themes by their counts (never the comments quoted
    under them), events counted, and "you said, we did".
    """
    overview = report.overview
    return {
        "responses": overview.total,
        "duplicates_excluded": overview.duplicates,
        "by_channel": _tallies(overview.by_channel),
        "by_respondent_type": _tallies(overview.by_respondent_type),
        "priorities": [
            {
                "id": p.id,
                "title": p.title,
                "domain": p.domain,
                "answered": p.answered,
                "no_answer": p.no_answer,
                "agreeing": p.agreeing,
                "agreeing_percent": p.agreeing_percent,
                "levels": _tallies(p.levels),
            }
            for p in overview.priorities
        ],
        "equality": [
            {
                "question": table.question,
                "total": table.total,
                "rows": [{"label": c.label, "count": c.count, "shown": c.shown} for c in table.rows],
            }
            for table in report.equality
        ],
        "events": report.events.count,
        "people_reached_at_events": report.events.people_reached,
        "themes": [
            {"title": group.title, "themes": [{"name": t.name, "comments": t.count} for t in group.themes]}
            for group in report.themes
        ],
        "changes": [
            {"priority": row["priority"], "you_said": row["change"].you_said, "we_did": row["change"].we_did}
            for row in report.changes
        ],
    }


# Indicators ------------------------------------------------------------------------------------------


def indicator(found: Indicator, a: Addresses) -> dict:
    """An indicator of a public strategy, its strategy's board, its priorities and its data prefetched."""
    strategy = found.strategy
    where = {"board_slug": strategy.board.slug, "slug": strategy.slug, "indicator": found.pk}
    return {
        "id": found.pk,
        "board": board_ref(strategy.board, a),
        "strategy": strategy_ref(strategy, a),
        "title": found.title,
        "definition": found.definition,
        "source": found.source,
        "fingertips_id": found.fingertips_id,
        "unit": found.unit,
        "polarity": found.polarity,
        "baseline_value": found.baseline_value,
        "baseline_period": found.baseline_period,
        "target_value": found.target_value,
        "target_date": found.target_date,
        "priorities": [{"id": p.pk, "title": p.title} for p in found.priorities.all()],
        "csv_url": a(reverse("delivery:indicator_data", kwargs=where)),
        "data": [
            {
                "area_code": p.area_code,
                "area_name": p.area_name,
                "area_type": p.area_type,
                "sex": p.sex,
                "age": p.age,
                "period": p.period,
                "period_sort": p.period_sort,
                "value": p.value,
                "lower": p.lower,
                "upper": p.upper,
                "count": p.count,
                "denominator": p.denominator,
                "value_note": p.value_note,
            }
            for p in found.data.all()
        ],
    }


# News ------------------------------------------------------------------------------------------------


def news_item(item: NewsItem, a: Addresses) -> dict:
    """
    A public update (news.models.NewsItem.objects.public()), its board and its strategy's board loaded.
    Its strategy is named only once that is published, as a consultation's is: a strategy's address in
    this API is a published strategy's, and a draft's title is private.
    """
    strategy = item.strategy
    return {
        "id": item.pk,
        "board": board_ref(item.board, a),
        "strategy": strategy_ref(strategy, a) if strategy is not None and strategy.is_public else None,
        "title": item.title,
        "summary": item.summary,
        "body": item.body,
        "body_html": str(item.body_html),
        "published_at": item.publish_at,
        "url": a.api("news_detail", board_slug=item.board.slug, pk=item.pk),
        "web_url": a(item.get_absolute_url()),
    }
