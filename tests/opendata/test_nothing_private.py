"""
Nothing private reaches the API or its downloads: with the demo data, and private records planted
beside public twins, every address the API gives (followed from its index, every page of every list,
every record's own address) and both CSV files are read, and searched for what must never be public:
drafts (a strategy, its live text edited after publishing, a consultation being set up, an agenda not
yet published, a draft strategy's indicator, a draft update and one scheduled for later, the title of
the draft strategy a public update is about), exempt papers, minutes and decisions, individual responses
(their comments), respondents' and subscribers' personal data, and the portal's users' addresses. The
public twins, and the demo's public records, must be found: so the walk did reach where the private
ones would be.
"""

import json
import re
from collections import deque

import pytest
from django.urls import reverse
from django.utils import timezone

from boards.models import AgendaItem, Meeting
from consultations.models import Comment, Consultation, Respondent, Subscriber
from delivery.models import DataPoint, Indicator
from news.models import NewsItem
from strategies.models import Domain, Strategy
from tests.factories import (
    AgendaItemFactory,
    AgendaPublicationFactory,
    ConsultationFactory,
    DecisionFactory,
    MeetingFactory,
    NewsItemFactory,
    PaperFactory,
    StrategyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
HOST = "http://testserver"


def plant():
    """Private records beside public twins, on the demo's Thurrock board: (private, public) strings."""
    published = Strategy.objects.public().filter(board__slug="thurrock").select_related("board").first()
    board, by = published.board, UserFactory(email="private.officer@example.org")
    # A draft, with its text and an indicator with data.
    draft = StrategyFactory(board=board, title="PRIVATE draft strategy title", created_by=by)
    Domain.objects.create(strategy=draft, title="PRIVATE draft domain")
    indicator = Indicator.objects.create(
        strategy=draft, title="PRIVATE draft indicator", fingertips_id=99999, created_by=by
    )
    DataPoint.objects.create(
        indicator=indicator,
        area_code="E06000034",
        period="2020",
        period_sort=20200000,
        value_note="PRIVATE note",
    )
    # The published strategy's live rows changed behind the lifecycle's back: the API reads the frozen text.
    Domain.objects.create(strategy=published, title="PRIVATE live domain added after publishing")
    # A consultation being set up.
    ConsultationFactory(strategy=draft, title="PRIVATE consultation being set up", created_by=by)
    # A held meeting whose agenda has a public item and an exempt one, and a meeting not yet published.
    meeting = MeetingFactory(board=board, starts_at=timezone.now() - timezone.timedelta(days=3))
    agenda = AgendaPublicationFactory(meeting=meeting, published_by=by)
    public = AgendaItemFactory(meeting=meeting, number=1, publication=agenda, minutes="PUBLIC twin minutes")
    exempt = AgendaItemFactory(
        meeting=meeting, number=2, publication=agenda, exempt_paragraph=1, minutes="PRIVATE exempt minutes"
    )
    PaperFactory(item=public, title="PUBLIC twin paper", created_by=by)
    PaperFactory(item=exempt, title="PRIVATE exempt paper", created_by=by)
    DecisionFactory(agenda_item=public, text="PUBLIC twin resolution")
    DecisionFactory(agenda_item=exempt, text="PRIVATE exempt resolution")
    unpublished = MeetingFactory(board=board, starts_at=timezone.now() + timezone.timedelta(days=30))
    item = AgendaItemFactory(meeting=unpublished, number=1, title="PRIVATE item of an agenda not published")
    PaperFactory(item=item, title="PRIVATE paper of an agenda not published", created_by=by)
    DecisionFactory(agenda_item=item, text="PRIVATE resolution of an agenda not published")
    # News: a draft and an update scheduled for tomorrow, beside a public update about the draft strategy.
    NewsItemFactory(
        board=board,
        status="draft",
        publish_at=None,
        title="PRIVATE draft update",
        summary="PRIVATE draft summary",
        body="PRIVATE draft body",
        created_by=by,
    )
    NewsItemFactory(
        board=board,
        strategy=published,
        publish_at=timezone.now() + timezone.timedelta(days=1),
        title="PRIVATE scheduled update",
        summary="PRIVATE scheduled summary",
        body="PRIVATE scheduled body",
        created_by=by,
    )
    NewsItemFactory(board=board, strategy=draft, title="PUBLIC twin update", created_by=by)
    private = [
        "PRIVATE",
        by.email,
        *demo_private_strings(),
    ]
    public_twins = [
        "PUBLIC twin minutes",
        "PUBLIC twin paper",
        "PUBLIC twin resolution",
        "PUBLIC twin update",
        published.title,
    ]
    return private, public_twins


def demo_private_strings() -> list[str]:
    """What the demo holds that is never public: respondents, subscribers, users, comments, drafts."""
    found = set()
    for name, email, contact in Respondent.objects.values_list("name", "email", "contact"):
        found |= {value for value in (name, email, contact) if len(value) >= 6}
    found |= set(Subscriber.objects.exclude(email="").values_list("email", flat=True))
    from django.contrib.auth import get_user_model

    found |= set(get_user_model().objects.exclude(email="").values_list("email", flat=True))
    # Individual responses: their comments (long enough not to be a common phrase), never quoted by the API.
    found |= {text for text in Comment.objects.values_list("text", flat=True) if len(text) >= 60}
    found |= set(
        Strategy.objects.exclude(status__in=["published", "superseded", "in_consultation"]).values_list(
            "title", flat=True
        )
    )
    found |= set(Consultation.objects.exclude(status__in=["open", "closed"]).values_list("title", flat=True))
    found |= set(
        AgendaItem.objects.filter(exempt_paragraph__isnull=False)
        .exclude(minutes="")
        .values_list("minutes", flat=True)
    )
    found |= set(AgendaItem.objects.filter(publication__isnull=True).values_list("title", flat=True)) - set(
        AgendaItem.objects.filter(publication__isnull=False).values_list("title", flat=True)
    )
    # The demo's drafts and scheduled updates.
    found |= set(NewsItem.objects.exclude(pk__in=NewsItem.objects.public()).values_list("title", flat=True))
    assert Meeting.objects.exists()
    return sorted(found)


def walk(client) -> tuple[str, set[str]]:
    """Every address the API gives, from its index, read once: the text of them all, and the addresses."""
    seen, texts = set(), []
    queue = deque(["/api/v1/", "/api/v1/openapi.json"])
    while queue:
        address = queue.popleft()
        if address in seen:
            continue
        seen.add(address)
        response = client.get(address)
        assert response.status_code == 200, f"{address}: {response.status_code}"
        if response["Content-Type"].startswith("text/csv"):
            texts.append(b"".join(response.streaming_content).decode())
            continue
        data = json.loads(response.content)
        texts.append(json.dumps(data, ensure_ascii=False))
        for found in re.findall(r'"(http://testserver/api/v1/[^"]*)"', json.dumps(data)):
            path = found.removeprefix(HOST)
            if "page=" not in path and path.rstrip("/") in ("/api/v1/" + n for n in LISTED):
                path += "&page_size=100" if "?" in path else "?page_size=100"
            queue.append(path)
    return "\n".join(texts), seen


def public_strategies():
    return Strategy.objects.public().select_related("board")


def public_consultations():
    return Consultation.objects.public().select_related("board")


LISTED = ["boards", "strategies", "meetings", "decisions", "consultations", "indicators", "news"]


def test_no_draft_exempt_paper_response_or_personal_datum_is_in_any_answer(client, demo):
    private, public_twins = plant()

    text, addresses = walk(client)

    records = [
        *(reverse("api-v1:strategy_detail", args=[s.board.slug, s.slug]) for s in public_strategies()),
        *(reverse("api-v1:meeting_detail", args=[m.board.slug, m.pk]) for m in Meeting.objects.all()),
        *(reverse("api-v1:consultation_detail", args=[c.board.slug, c.slug]) for c in public_consultations()),
        *(
            reverse("api-v1:news_detail", args=[n.board.slug, n.pk])
            for n in NewsItem.objects.public().select_related("board")
        ),
        reverse("api-v1:indicators_csv"),
        reverse("api-v1:decisions_csv"),
    ]
    assert not set(records) - addresses, "The walk missed some records' own addresses"
    leaked = [value for value in private if value in text]
    assert not leaked, f"Private data in the API: {leaked[:10]}"
    missing = [value for value in public_twins if value not in text]
    assert not missing, f"The walk never reached: {missing}"


def test_the_walk_would_find_a_leak(client, demo):
    """The negative control: the same walk finds a private string once it is made public."""
    private, _ = plant()
    exempt = AgendaItem.objects.get(minutes="PRIVATE exempt minutes")
    exempt.exempt_paragraph = None
    exempt.save(update_fields=["exempt_paragraph"])
    NewsItem.objects.filter(title="PRIVATE scheduled update").update(publish_at=timezone.now())

    text, _addresses = walk(client)

    assert "PRIVATE exempt minutes" in text
    assert "PRIVATE exempt paper" in text
    assert "PRIVATE scheduled body" in text
