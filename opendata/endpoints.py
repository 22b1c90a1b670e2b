"""
The API's operations (version 1). Every read starts from an app's own public rule, so that the API can
show nothing its public pages do not:

- boards: every board (boards' public page);
- strategies: Strategy.objects.public() (published or superseded), their text the revision frozen at
  publishing (strategies.views.public.frozen_text), never the live rows;
- meetings: every meeting, with the items of its published agenda as boards.public_meetings gives them
  to someone who may not read private papers (an exempt item's papers and decisions are never loaded);
- decisions: boards.public_meetings.public_decisions();
- consultations: Consultation.objects.public() (open or closed), their results only from a published
  report (consultations.report.build), in aggregate;
- indicators: those of public strategies, whose dashboards are public (delivery.permissions.can_read);
- news: NewsItem.objects.public() (published, and its publish time come), as the news pages read it.

The API ignores who is signed in: an officer gets what a resident gets, so every answer can be shared.
"""

from django.db.models import Prefetch
from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router
from ninja.errors import HttpError

from boards import public_meetings
from boards.models import Board, Meeting
from consultations import report
from consultations.models import Consultation
from delivery.models import DataPoint, Indicator
from news.models import NewsItem
from strategies.models import Strategy
from strategies.views.public import frozen_text, published_revisions

from . import downloads, records, schemas
from .pagination import PageNumber, PageSize, paginate
from .records import Addresses

router = Router()
ERRORS = {400: schemas.Error, 404: schemas.Error}
BoardFilter = Query(None, description="Only this board's: its web address name, as in /boards.")
StrategyFilter = Query(None, description="Only this strategy's (its web address name; give board too).")


def _board(slug: str) -> Board:
    board = Board.objects.filter(slug=slug).first()
    if board is None:
        raise HttpError(404, f"No board has the web address name “{slug}”.")
    return board


def _filtered_by_board(queryset, slug: str | None, field: str = "board"):
    """The rows of one board, if asked; an unknown board is a bad parameter, not an empty list."""
    if slug is None:
        return queryset
    if not Board.objects.filter(slug=slug).exists():
        raise HttpError(
            400, f"The parameter board names no board: “{slug}” is not a board's web address name."
        )
    return queryset.filter(**{f"{field}__slug": slug})


def _filtered_by_strategy(queryset, board: str | None, slug: str | None, field: str = "strategy"):
    """The rows of one published strategy, if asked: named within its board, so board must be given too."""
    if slug is None:
        return queryset
    if board is None:
        raise HttpError(400, "The parameter strategy needs board too: strategies are named within a board.")
    strategy = Strategy.objects.public().filter(board__slug=board, slug=slug).first()
    if strategy is None:
        raise HttpError(400, f"The parameter strategy names no published strategy of “{board}”: “{slug}”.")
    return queryset.filter(**{field: strategy})


@router.get("/", response=schemas.Index, summary="What the API offers", tags=["About"])
def index(request: HttpRequest):
    a = Addresses(request)
    return {
        "licence": schemas.LICENCE,
        "version": "1",
        "documentation": a(reverse("opendata:api")),
        "openapi": a.api("openapi-json"),
        "endpoints": {
            "boards": a.api("board_list"),
            "strategies": a.api("strategy_list"),
            "meetings": a.api("meeting_list"),
            "decisions": a.api("decision_list"),
            "consultations": a.api("consultation_list"),
            "indicators": a.api("indicator_list"),
            "news": a.api("news_list"),
        },
        "downloads": {"indicators": a.api("indicators_csv"), "decisions": a.api("decisions_csv")},
    }


# Boards ----------------------------------------------------------------------------------------------


@router.get("/boards", response={200: schemas.BoardPage, **ERRORS}, summary="Boards", tags=["Boards"])
def board_list(request: HttpRequest, page: int = PageNumber, page_size: int = PageSize):
    """Every Health and Wellbeing Board on the portal, by name."""
    boards = Board.objects.prefetch_related("organisations").order_by("name", "pk")
    rows, meta = paginate(request, boards, page=page, page_size=page_size)
    a = Addresses(request)
    return {**meta, "results": [records.board(board, a) for board in rows]}


@router.get(
    "/boards/{board_slug}", response={200: schemas.BoardDetail, **ERRORS}, summary="A board", tags=["Boards"]
)
def board_detail(request: HttpRequest, board_slug: str):
    """A board, its partner organisations, and the addresses of everything it published."""
    board = _board(board_slug)
    return records.board_detail(board, Addresses(request))


# Strategies ------------------------------------------------------------------------------------------


@router.get(
    "/strategies", response={200: schemas.StrategyPage, **ERRORS}, summary="Strategies", tags=["Strategies"]
)
def strategy_list(
    request: HttpRequest, board: str | None = BoardFilter, page: int = PageNumber, page_size: int = PageSize
):
    """Published strategies (and those a later one superseded), newest first. Never a draft."""
    strategies = _filtered_by_board(Strategy.objects.public().select_related("board"), board)
    strategies = strategies.order_by("board__name", "-start_year", "pk")
    rows, meta = paginate(request, strategies, page=page, page_size=page_size)
    revisions = published_revisions(rows)
    a = Addresses(request)
    return {**meta, "results": [records.strategy(s, revisions.get(s.pk), a) for s in rows]}


@router.get(
    "/boards/{board_slug}/strategies/{slug}",
    response={200: schemas.StrategyDetail, **ERRORS},
    summary="A strategy, with its published text",
    tags=["Strategies"],
)
def strategy_detail(request: HttpRequest, board_slug: str, slug: str):
    """A published strategy's text as it was published: its vision, domains and priorities."""
    strategy = (
        Strategy.objects.public().select_related("board").filter(board__slug=board_slug, slug=slug).first()
    )
    revision = frozen_text(strategy) if strategy is not None else None
    if revision is None:
        raise HttpError(404, f"No published strategy has the address {board_slug}/{slug}.")
    return records.strategy_detail(strategy, revision, Addresses(request))


# Meetings and decisions ------------------------------------------------------------------------------


def _items_by_meeting(meetings) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for item in public_meetings.published_items_of(meetings, readable=False):
        grouped.setdefault(item.meeting_id, []).append(item)
    return grouped


@router.get("/meetings", response={200: schemas.MeetingPage, **ERRORS}, summary="Meetings", tags=["Meetings"])
def meeting_list(
    request: HttpRequest, board: str | None = BoardFilter, page: int = PageNumber, page_size: int = PageSize
):
    """Board meetings, latest first, each with its published agenda, papers, minutes and decisions."""
    meetings = _filtered_by_board(public_meetings.listed_meetings(Meeting.objects.all()), board)
    rows, meta = paginate(request, meetings.order_by("-starts_at", "-pk"), page=page, page_size=page_size)
    items = _items_by_meeting(rows)
    a = Addresses(request)
    return {**meta, "results": [records.meeting(m, items.get(m.pk, []), a) for m in rows]}


@router.get(
    "/boards/{board_slug}/meetings/{id:pk}",
    response={200: schemas.MeetingDetail, **ERRORS},
    summary="A meeting",
    tags=["Meetings"],
)
def meeting_detail(request: HttpRequest, board_slug: str, pk: int):
    meeting = public_meetings.listed_meetings(Meeting.objects.filter(board__slug=board_slug, pk=pk)).first()
    if meeting is None:
        raise HttpError(404, f"The board “{board_slug}” has no meeting {pk}.")
    items = _items_by_meeting([meeting]).get(meeting.pk, [])
    return {**records.meeting(meeting, items, Addresses(request)), "licence": schemas.LICENCE}


@router.get(
    "/decisions", response={200: schemas.DecisionPage, **ERRORS}, summary="Decisions", tags=["Meetings"]
)
def decision_list(
    request: HttpRequest, board: str | None = BoardFilter, page: int = PageNumber, page_size: int = PageSize
):
    """Every public resolution of the boards, latest meeting first: never an exempt item's."""
    decisions = _filtered_by_board(
        public_meetings.public_decisions().select_related("agenda_item__meeting__board"),
        board,
        "agenda_item__meeting__board",
    ).order_by(
        "-agenda_item__meeting__starts_at", "-agenda_item__meeting_id", "agenda_item__number", "letter"
    )
    rows, meta = paginate(request, decisions, page=page, page_size=page_size)
    a = Addresses(request)
    return {**meta, "results": [records.decision_listed(d, a) for d in rows]}


# Consultations ---------------------------------------------------------------------------------------


@router.get(
    "/consultations",
    response={200: schemas.ConsultationPage, **ERRORS},
    summary="Consultations",
    tags=["Consultations"],
)
def consultation_list(
    request: HttpRequest, board: str | None = BoardFilter, page: int = PageNumber, page_size: int = PageSize
):
    """Open and closed public consultations, latest first, with their report once it is published."""
    consultations = _filtered_by_board(
        Consultation.objects.public().select_related("board", "strategy__board"), board
    ).order_by("-opens_at", "pk")
    rows, meta = paginate(request, consultations, page=page, page_size=page_size)
    a = Addresses(request)
    return {**meta, "results": [records.consultation(c, a) for c in rows]}


@router.get(
    "/boards/{board_slug}/consultations/{slug}",
    response={200: schemas.ConsultationDetail, **ERRORS},
    summary="A consultation, with its results",
    tags=["Consultations"],
)
def consultation_detail(request: HttpRequest, board_slug: str, slug: str):
    """A consultation and, once its report is published, the report's figures in aggregate."""
    consultation = (
        Consultation.objects.public()
        .select_related("board", "strategy__board", "revision")
        .filter(board__slug=board_slug, slug=slug)
        .first()
    )
    if consultation is None:
        raise HttpError(404, f"No public consultation has the address {board_slug}/{slug}.")
    found = report.build(consultation, kept=True) if consultation.report_is_published else None
    return {
        **records.consultation(consultation, Addresses(request)),
        "licence": schemas.LICENCE,
        "results": records.results(found) if found else None,
    }


# Indicators ------------------------------------------------------------------------------------------


@router.get(
    "/indicators", response={200: schemas.IndicatorPage, **ERRORS}, summary="Indicators", tags=["Indicators"]
)
def indicator_list(
    request: HttpRequest,
    board: str | None = BoardFilter,
    strategy: str | None = StrategyFilter,
    page: int = PageNumber,
    page_size: int = PageSize,
):
    """The indicators of published strategies' dashboards, each with all its data."""
    indicators = _filtered_by_board(
        Indicator.objects.filter(strategy__in=Strategy.objects.public()), board, "strategy__board"
    )
    indicators = _filtered_by_strategy(indicators, board, strategy)
    data = DataPoint.objects.order_by("area_code", "sex", "age", "period_sort", "pk")
    indicators = (
        indicators.select_related("strategy__board")
        .prefetch_related("priorities", Prefetch("data", queryset=data))
        .order_by("strategy__board__name", "-strategy__start_year", "strategy_id", "position", "pk")
    )
    rows, meta = paginate(request, indicators, page=page, page_size=page_size)
    a = Addresses(request)
    return {**meta, "results": [records.indicator(i, a) for i in rows]}


# News ------------------------------------------------------------------------------------------------


def _public_news():
    """What the news app's pages show anyone: NewsItem.objects.public(), never a draft or a scheduled one."""
    return NewsItem.objects.public().select_related("board", "strategy__board")


@router.get("/news", response={200: schemas.NewsPage, **ERRORS}, summary="News", tags=["News"])
def news_list(
    request: HttpRequest,
    board: str | None = BoardFilter,
    strategy: str | None = StrategyFilter,
    page: int = PageNumber,
    page_size: int = PageSize,
):
    """The boards' published updates, newest first. Never a draft, nor one scheduled for later."""
    news = _filtered_by_strategy(_filtered_by_board(_public_news(), board), board, strategy)
    rows, meta = paginate(request, news.order_by("-publish_at", "-pk"), page=page, page_size=page_size)
    a = Addresses(request)
    return {**meta, "results": [records.news_item(item, a) for item in rows]}


@router.get(
    "/boards/{board_slug}/news/{id:pk}",
    response={200: schemas.NewsItemDetail, **ERRORS},
    summary="An update",
    tags=["News"],
)
def news_detail(request: HttpRequest, board_slug: str, pk: int):
    """A published update, at the address of its page on the portal (its board's, then its number)."""
    item = _public_news().filter(board__slug=board_slug, pk=pk).first()
    if item is None:
        raise HttpError(404, f"The board “{board_slug}” has published no update {pk}.")
    return {**records.news_item(item, Addresses(request)), "licence": schemas.LICENCE}


# Bulk downloads --------------------------------------------------------------------------------------

CSV_RESPONSE = {
    "responses": {
        "200": {
            "description": "A CSV file (UTF-8 with a byte order mark), streamed.",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    }
}


@router.get(
    "/indicators.csv",
    summary="Every published dashboard's indicators and data, as CSV",
    tags=["Downloads"],
    openapi_extra=CSV_RESPONSE,
)
def indicators_csv(request: HttpRequest):
    """
    The layout of an OHID Fingertips export (its 26 columns), after two columns naming the board and
    the strategy: every indicator of every published strategy's dashboard, with all its data.
    """
    return downloads.indicators_response()


@router.get(
    "/decisions.csv",
    summary="Every public decision of every board, as CSV",
    tags=["Downloads"],
    openapi_extra=CSV_RESPONSE,
)
def decisions_csv(request: HttpRequest):
    """Board, meeting date, meeting, item, resolution, outcome, text and its page: one row a decision."""
    return downloads.decisions_response(request.build_absolute_uri)
