"""
The shapes of the API's answers (pydantic models, through django-ninja), from which the OpenAPI document
is generated. Every answer carries the licence; everything a board published carries its attribution.
"""

from datetime import date, datetime

from ninja import Field, Schema

OGL_NAME = "Open Government Licence v3.0"
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


class Licence(Schema):
    name: str = Field(examples=[OGL_NAME])
    url: str = Field(examples=[OGL_URL])


LICENCE = Licence(name=OGL_NAME, url=OGL_URL)


class Error(Schema):
    licence: Licence
    detail: str = Field(description="What was wrong with the request, in a sentence.")
    errors: list["ParameterError"] = Field(default_factory=list)


class ParameterError(Schema):
    parameter: str
    message: str


Error.model_rebuild()


class Page(Schema):
    """What every list says besides its results."""

    licence: Licence
    count: int = Field(description="How many results there are in all, on every page.")
    page: int
    page_size: int
    pages: int
    next: str | None = Field(description="The next page's address, or null on the last page.")
    previous: str | None = Field(description="The previous page's address, or null on the first page.")


# Boards ----------------------------------------------------------------------------------------------


class BoardRef(Schema):
    slug: str
    name: str
    url: str = Field(description="The board in this API.")
    web_url: str = Field(description="The board's page on the portal.")
    attribution: str = Field(description="How to credit the board when you reuse its data.")


class Organisation(Schema):
    name: str
    kind: str
    website: str


class Board(BoardRef):
    area: str
    area_code: str = Field(description="The ONS code of the board's area (empty if not recorded).")
    description: str = Field(description="Markdown.")
    contact_email: str
    organisations: list[Organisation]


class BoardDetail(Board):
    licence: Licence
    strategies: str = Field(description="The board's published strategies in this API.")
    meetings: str
    decisions: str
    consultations: str
    indicators: str
    news: str = Field(description="The board's news in this API.")


class BoardPage(Page):
    results: list[Board]


# Strategies ------------------------------------------------------------------------------------------


class StrategyRef(Schema):
    slug: str
    title: str
    url: str
    web_url: str


class Strategy(StrategyRef):
    board: BoardRef
    start_year: int
    end_year: int
    status: str = Field(description="published, or superseded once a later strategy replaced it.")
    summary: str
    published_at: datetime | None = Field(description="When the text below was frozen and published.")
    dashboard_url: str = Field(description="The performance dashboard on the portal.")
    indicators: str = Field(description="The strategy's indicators with their data in this API.")
    news: str = Field(description="The board's news about the strategy in this API.")


class Priority(Schema):
    id: int
    title: str
    description: str = Field(description="Markdown.")
    easy_read: str


class Domain(Schema):
    id: int
    title: str
    description: str = Field(description="Markdown.")
    easy_read: str
    priorities: list[Priority]


class SupportingDocument(Schema):
    title: str
    description: str
    url: str = Field(description="The document's address: a link, or its download from the portal.")


class StrategyDetail(Strategy):
    licence: Licence
    vision: str = Field(description="Markdown, as published.")
    easy_read: str
    domain_label: str = Field(description="What the strategy calls its top-level areas: domain, outcome...")
    domain_label_plural: str
    domains: list[Domain]
    supporting_documents: list[SupportingDocument]


class StrategyPage(Page):
    results: list[Strategy]


# Meetings and decisions ------------------------------------------------------------------------------


class Paper(Schema):
    title: str
    role: str
    download_url: str | None = Field(description="The PDF, or null while it is being made.")


class Decision(Schema):
    id: int
    letter: str
    text: str
    outcome: str
    web_url: str


class AgendaItem(Schema):
    number: int
    title: str
    purpose: str
    exempt: bool
    exemption: str = Field(description="Why an exempt item's papers, minutes and decisions are withheld.")
    papers: list[Paper]
    decisions: list[Decision]
    minutes: str = Field(description="Markdown.")


class MeetingRef(Schema):
    id: int
    name: str
    starts_at: datetime
    url: str
    web_url: str


class Meeting(MeetingRef):
    board: BoardRef
    ends_at: datetime | None
    venue: str
    online_url: str
    status: str
    cancelled_reason: str
    agenda_published: bool
    items: list[AgendaItem] = Field(description="The published agenda's items (none before it is).")


class MeetingDetail(Meeting):
    licence: Licence


class MeetingPage(Page):
    results: list[Meeting]


class ItemRef(Schema):
    number: int
    title: str


class DecisionListed(Decision):
    board: BoardRef
    meeting: MeetingRef
    item: ItemRef


class DecisionPage(Page):
    results: list[DecisionListed]


# Consultations ---------------------------------------------------------------------------------------


class Tally(Schema):
    value: str
    label: str
    count: int


class PriorityAgreement(Schema):
    id: int
    title: str
    domain: str
    answered: int
    no_answer: int
    agreeing: int = Field(description="Agreed or strongly agreed.")
    agreeing_percent: int | None = Field(description="Of those who answered; null when nobody did.")
    levels: list[Tally]


class EqualityCell(Schema):
    label: str
    count: int | None = Field(description="Null where the report suppresses a small number.")
    shown: str = Field(description="As the report shows it: the count, “fewer than 5” or “withheld”.")


class EqualityTable(Schema):
    question: str
    total: int
    rows: list[EqualityCell]


class ThemeCount(Schema):
    name: str
    comments: int


class ThemeGroup(Schema):
    title: str
    themes: list[ThemeCount]


class ChangeMade(Schema):
    priority: str
    you_said: str
    we_did: str


class Results(Schema):
    """A published consultation report's figures: counts only, never a response or a respondent."""

    responses: int = Field(description="Responses counted (duplicates are not).")
    duplicates_excluded: int
    by_channel: list[Tally]
    by_respondent_type: list[Tally]
    priorities: list[PriorityAgreement]
    equality: list[EqualityTable]
    events: int
    people_reached_at_events: int
    themes: list[ThemeGroup]
    changes: list[ChangeMade] = Field(description="You said, we did.")


class ReportRef(Schema):
    published_at: datetime
    web_url: str


class Consultation(Schema):
    board: BoardRef
    slug: str
    title: str
    status: str = Field(description="open, or closed.")
    opens_at: datetime
    closes_at: datetime
    introduction: str = Field(description="Markdown.")
    strategy: StrategyRef | None = Field(description="The strategy consulted on, once it is published.")
    report: ReportRef | None = Field(description="The consultation report, once published.")
    url: str
    web_url: str


class ConsultationDetail(Consultation):
    licence: Licence
    results: Results | None = Field(description="The report's figures, once the report is published.")


class ConsultationPage(Page):
    results: list[Consultation]


# Indicators ------------------------------------------------------------------------------------------


class DataPoint(Schema):
    area_code: str
    area_name: str
    area_type: str
    sex: str
    age: str
    period: str
    period_sort: int = Field(description="Fingertips' Time period Sortable.")
    value: float | None
    lower: float | None = Field(description="Lower 95% confidence limit.")
    upper: float | None = Field(description="Upper 95% confidence limit.")
    count: float | None
    denominator: float | None
    value_note: str


class PriorityRef(Schema):
    id: int
    title: str


class Indicator(Schema):
    id: int
    board: BoardRef
    strategy: StrategyRef
    title: str
    definition: str
    source: str = Field(description="fingertips, or local.")
    fingertips_id: int | None
    unit: str
    polarity: str
    baseline_value: float | None
    baseline_period: str
    target_value: float | None
    target_date: date | None
    priorities: list[PriorityRef]
    csv_url: str = Field(description="Its data in the layout of a Fingertips export.")
    data: list[DataPoint]


class IndicatorPage(Page):
    results: list[Indicator]


# News ------------------------------------------------------------------------------------------------


class NewsItem(Schema):
    id: int
    board: BoardRef
    strategy: StrategyRef | None = Field(
        description="The strategy it is about, if any, once that is published."
    )
    title: str
    summary: str
    body: str = Field(description="Markdown, as the board's officer wrote it.")
    body_html: str = Field(
        description="The body as the portal shows it: Markdown rendered to sanitised HTML."
    )
    published_at: datetime = Field(description="When it was (or is dated as) published.")
    url: str
    web_url: str


class NewsItemDetail(NewsItem):
    licence: Licence


class NewsPage(Page):
    results: list[NewsItem]


# The index -------------------------------------------------------------------------------------------


class Index(Schema):
    licence: Licence
    version: str
    documentation: str
    openapi: str
    endpoints: dict[str, str]
    downloads: dict[str, str]
