"""
The news's demo data (core.demos): a few dated updates for each board, from the facts of the source
texts (/work/shared/seeds: Thurrock's strategy refreshed after its 2021 consultation and approved in
June 2022; the Mid and South Essex Joint Forward Plan of July 2023; Leicestershire's draft approved for
consultation on 25 November 2021; its consultation, open now in the demo, dates its update). Each board
also has one update scheduled a fortnight ahead and one draft, so that the officers' pages show all
three states. Written through news.services, so the history is the real thing.
"""

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from boards.models import Board
from consultations.models import Consultation
from core.demos import Demo, DemoAlreadyLoaded, story_time
from strategies.models import Strategy

from . import services
from .models import NewsItem, NewsStatus

# Per board: (publish moment, title, summary, body, about the public strategy?)
# In place of a date: when the board's consultation opened, with "{opens}" and "{closes}" in the summary.
OPENED = "when the consultation opened"

UPDATES = {
    "thurrock": [
        (
            (2021, 10, 4, 9, 0),
            "Have your say on our refreshed health and wellbeing strategy",
            "We are asking residents and partners what they think of the draft strategy for 2022 to 2026, "
            "until the end of December.",
            "The Board has drafted a refreshed strategy around six **domains** of people's lives, aimed at "
            "levelling the playing field for everyone in Thurrock.\n\n"
            "Tell us what you think before the consultation closes in December. What you say will shape "
            "the final strategy.",
            True,
        ),
        (
            (2022, 6, 16, 10, 0),
            "Our health and wellbeing strategy for 2022 to 2026 is approved",
            "The Health and Wellbeing Board approved the refreshed strategy at its meeting in June 2022.",
            "The strategy sets priorities for reducing inequalities in health and wellbeing across six "
            "domains.\n\n"
            "- It builds on what residents told us in the consultation.\n"
            "- A delivery plan and a performance dashboard will show how it is going.",
            True,
        ),
        (
            (2023, 7, 5, 9, 0),
            "NHS Joint Forward Plan for mid and south Essex published",
            "The five-year plan of the NHS in mid and south Essex supports the three councils' joint "
            "health and wellbeing strategies, Thurrock's among them.",
            "Published as the NHS turned 75, the plan sets out how local NHS organisations aim to meet the "
            "needs of everyone in mid and south Essex over the next five years. It will be updated each "
            "year, based on conversations with local people, staff and partners.",
            False,
        ),
    ],
    "leicestershire": [
        (
            (2021, 11, 26, 9, 0),
            "Board approves the draft strategy for consultation",
            "At its meeting on 25 November 2021 the Board approved the draft Joint Health and Wellbeing "
            "Strategy 2022 to 2032 for public consultation.",
            "The draft is built on the life course: **Best Start for Life**; **Staying Healthy, Safe and "
            "Well**; **Living and Supported Well**; and **Dying Well**.\n\n"
            "A delivery plan and a performance dashboard will follow the final strategy.",
            True,
        ),
        (
            OPENED,  # The demo's consultation runs now (consultations/demo): its dates, not 2021's.
            "Have your say: eight weeks to tell us what you think",
            "The consultation on the draft strategy is open from {opens} to {closes}.",
            "The strategy sets out our ambitions and priorities for the next ten years. Alternative "
            "formats of the survey are available on request.\n\n"
            "Everything you tell us will be read and will help shape the final strategy.",
            True,
        ),
    ],
}
SCHEDULED = (
    "Progress report to the next Board meeting",
    "Officers will report to the Board on the delivery plan and the performance dashboard.",
    "The report covers every action of the delivery plan and the latest figure of each indicator. "
    "Its papers are published with the agenda, five clear working days before the meeting.",
)
DRAFT = (
    "Draft: what changed after the consultation",
    "A summary of the changes made to the strategy because of what people told us.",
    "To be completed from the consultation report's “you said, we did”.",
)


def _day(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y}"


def _public_strategy(board: Board) -> Strategy | None:
    return Strategy.objects.readable_by_anyone().filter(board=board).order_by("-start_year").first()


def check(demo: Demo) -> None:
    if NewsItem.objects.exists():
        raise DemoAlreadyLoaded("The news is there already.")


def load(demo: Demo) -> None:
    users = demo.shared["users"]
    for slug, updates in UPDATES.items():
        board = Board.objects.filter(slug=slug).first()
        if board is None:
            demo.warn(f"News: no board “{slug}”; its updates are left out.")
            continue
        officer = users[f"{'leics' if slug == 'leicestershire' else slug}.officer"]
        strategy = _public_strategy(board)
        for moment, title, summary, body, about_strategy in updates:
            if moment == OPENED:
                consultation = Consultation.objects.filter(board=board).order_by("-opens_at").first()
                if consultation is None or consultation.opens_at is None:
                    continue
                at = consultation.opens_at
                summary = summary.format(
                    opens=_day(consultation.opens_at), closes=_day(consultation.closes_at)
                )
            else:
                at = timezone.make_aware(datetime(*moment))
            with story_time(at):
                services.news_create(
                    board=board,
                    by=officer,
                    title=title,
                    summary=summary,
                    body=body,
                    strategy=strategy if about_strategy else None,
                    status=NewsStatus.PUBLISHED,
                    publish_at=at,
                )
        soon = (timezone.localtime() + timedelta(days=14)).replace(hour=9, minute=0, second=0, microsecond=0)
        title, summary, body = SCHEDULED
        services.news_create(
            board=board,
            by=officer,
            title=title,
            summary=summary,
            body=body,
            status=NewsStatus.PUBLISHED,
            publish_at=soon,
        )
        title, summary, body = DRAFT
        services.news_create(
            board=board, by=officer, title=title, summary=summary, body=body, strategy=strategy
        )


def report(demo: Demo) -> None:
    for board in Board.objects.order_by("name"):
        items = list(NewsItem.objects.filter(board=board))
        if items:
            states = ", ".join(sorted({item.state.lower() for item in items}))
            feed = reverse("news:feed", kwargs={"board_slug": board.slug})
            demo.write(f"News of the {board.name}: {len(items)} updates ({states}); feed {feed}")
