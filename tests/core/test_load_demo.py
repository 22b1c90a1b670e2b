from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from boards import permissions
from boards.demo import DEMO_PASSWORD
from boards.models import (
    AgendaItem,
    Board,
    BoardRole,
    Decision,
    Meeting,
    Membership,
    Organisation,
    contrast_ratio,
)
from consultations.models import Change, Coding, Comment, Consultation, Event, Response, Theme
from core.models import AuditEntry, Document
from delivery.models import DataPoint, Indicator
from news.models import NewsItem
from strategies.models import Domain, Priority, Revision, StatusChange, Strategy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

COUNTED = [
    get_user_model(),
    Organisation,
    Board,
    BoardRole,
    Membership,
    Meeting,
    AgendaItem,
    Decision,
    Strategy,
    Domain,
    Priority,
    Revision,
    StatusChange,
    AuditEntry,
    Document,
    Consultation,
    Response,
    Comment,
    Event,
    Theme,
    Coding,
    Change,
    Indicator,
    DataPoint,
    NewsItem,
]


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out, stderr=StringIO())
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in COUNTED}


def test_loads_two_boards_with_readable_colours():
    boards = {board.slug: board for board in Board.objects.all()}
    assert set(boards) == {"thurrock", "leicestershire"}
    for board in boards.values():
        board.full_clean()
        assert contrast_ratio(board.colour, "#ffffff") >= 4.5
        assert board.organisations.count() >= 7
        assert 6 <= board.memberships.count() <= 8
        assert board.meetings.filter(status=Meeting.Status.HELD).exists()
    assert boards["thurrock"].organisations.filter(name="Healthwatch Thurrock").exists()
    assert boards["leicestershire"].organisations.filter(name="Charnwood Borough Council").exists()


def test_thurrock_2022_strategy_is_published_and_supersedes_2016():
    current = Strategy.objects.get(board__slug="thurrock", slug="health-and-wellbeing-strategy-2022-2026")
    previous = Strategy.objects.get(board__slug="thurrock", slug="health-and-wellbeing-strategy-2016-2021")
    assert current.status == "published"
    assert current.predecessor == previous
    assert previous.status == "superseded"
    assert current.domains.count() == 6
    assert all(3 <= domain.priorities.count() <= 4 for domain in current.domains.all())
    assert "levelling the playing field" in current.vision
    assert "Better Care Together Thurrock: the Case for Further Change" in current.vision

    moves = list(current.status_changes.values_list("from_status", "to_status"))
    assert moves == [
        ("draft", "in_consultation"),
        ("in_consultation", "final_draft"),
        ("final_draft", "approved"),
        ("approved", "published"),
    ]
    approval = current.status_changes.get(to_status="approved")
    assert approval.decision.outcome == Decision.Outcome.APPROVED
    meeting = approval.decision.agenda_item.meeting
    assert (meeting.starts_at.year, meeting.starts_at.month) == (2022, 6)
    assert approval.by.username == "thurrock.officer"
    assert current.status_changes.get(to_status="published").by.username == "thurrock.admin"
    # Out to consultation by opening its consultation, on its day in October 2021.
    out = current.status_changes.get(to_status="in_consultation")
    opened = current.consultations.get().status_changes.get(to_status="open")
    assert out.at == opened.at and (out.at.year, out.at.month) == (2021, 10)
    assert "consultation" in out.reason
    # A revision per move, an audit entry per piece of content, and the PDF asked for.
    assert current.revisions.count() == 4
    assert AuditEntry.objects.for_scope(current).count() > current.domains.count()
    assert Document.objects.filter(kind="strategy_pdf", object_id=current.pk).exists()


def test_leicestershire_strategy_is_in_consultation_with_four_life_course_outcomes():
    """Seed 003: the draft is out to consultation, open now so that a newcomer can answer it."""
    strategy = Strategy.objects.get(
        board__slug="leicestershire", slug="joint-health-and-wellbeing-strategy-2022-2032"
    )
    consultation = strategy.consultations.get()
    assert strategy.status == "in_consultation"
    assert consultation.status == "open"
    assert consultation.revision.status == "in_consultation"
    assert consultation.opens_at <= timezone.now() < consultation.closes_at
    # Opened on its day in the story; answered on every channel since; its events recorded.
    assert consultation.status_changes.get(to_status="open").at == consultation.opens_at
    channels = set(consultation.responses.submitted().values_list("channel", flat=True))
    assert {"online", "paper"} <= channels
    assert consultation.responses.submitted().count() >= 250
    assert consultation.events.count() == 4 and consultation.comments.filter(event__isnull=False).exists()
    assert (strategy.domain_label, strategy.domain_label_plural) == (
        "life-course outcome",
        "life-course outcomes",
    )
    assert list(strategy.domains.values_list("title", flat=True)) == [
        "Best Start for Life",
        "Staying Healthy, Safe and Well",
        "Living and Supported Well",
        "Dying Well",
    ]
    assert all(3 <= domain.priorities.count() <= 5 for domain in strategy.domains.all())
    # Resolution a) approves the draft for consultation; b) and c) note what follows (seed 004).
    decision = Decision.objects.get(agenda_item__meeting__board__slug="leicestershire", letter="a")
    assert strategy.status_changes.get().decision == decision
    assert decision.agenda_item.meeting.starts_at.date().isoformat() == "2021-11-25"
    assert decision.outcome == Decision.Outcome.APPROVED
    assert decision.effect == Decision.Effect.CONSULTATION
    assert list(decision.agenda_item.decisions.values_list("letter", "outcome")) == [
        ("a", "approved"),
        ("b", "noted"),
        ("c", "noted"),
    ]


def test_users_exist_with_their_roles(demo):
    output = demo
    User = get_user_model()
    thurrock = Board.objects.get(slug="thurrock")
    leicestershire = Board.objects.get(slug="leicestershire")

    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(DEMO_PASSWORD)
    for prefix, board, other in [("thurrock", thurrock, leicestershire), ("leics", leicestershire, thurrock)]:
        officer = User.objects.get(username=f"{prefix}.officer")
        board_admin = User.objects.get(username=f"{prefix}.admin")
        member = User.objects.get(username=f"{prefix}.member")
        for user in (officer, board_admin, member):
            assert user.first_name and user.last_name
            assert user.check_password(DEMO_PASSWORD)
            assert user.username in output
        assert permissions.can_edit(officer, board) and not permissions.can_administer(officer, board)
        assert permissions.can_administer(board_admin, board)
        assert not permissions.can_edit(officer, other)
        assert permissions.can_read_private(member, board) and not permissions.can_edit(member, board)
        assert member.memberships.get().board == board
    assert BoardRole.objects.count() == 4
    assert DEMO_PASSWORD in output


def test_running_twice_adds_nothing():
    before = counts()
    output = load_demo()
    assert "already loaded" in output
    assert counts() == before


def test_the_history_tells_the_story_in_order():
    """
    The text was drafted before its first move and edited as a final draft, never after publishing; its
    consultation was set up before it opened, and all it recorded (responses, coding, "you said, we did",
    the report) came before the Board approved the strategy.
    """
    strategy = Strategy.objects.get(board__slug="thurrock", slug="health-and-wellbeing-strategy-2022-2026")
    moves = {change.to_status: change.at for change in strategy.status_changes.all()}
    entries = AuditEntry.objects.filter(scope_id=strategy.pk, scope_type__model="strategy")
    edits = entries.filter(target_type__app_label="strategies")
    consulting = entries.filter(target_type__app_label="consultations")
    delivering = entries.filter(target_type__app_label="delivery")

    drafting = [edit for edit in edits if edit.at < moves["in_consultation"]]
    revising = [edit for edit in edits if moves["final_draft"] < edit.at < moves["approved"]]
    assert drafting and revising
    assert len(drafting) + len(revising) == edits.count()
    assert strategy.created_at < moves["in_consultation"]
    assert consulting.filter(target_type__model="consultation").earliest("at").at < moves["in_consultation"]
    assert consulting.latest("at").at < moves["approved"]
    assert delivering.exists() and delivering.earliest("at").at > moves["published"]
    assert consulting.count() + edits.count() + delivering.count() == entries.count()
    assert timezone.now().year > 2022  # The clock is back to the real time.


def test_thurrock_2022_has_easy_read_text_for_every_domain_and_priority(client):
    current = Strategy.objects.get(board__slug="thurrock", slug="health-and-wellbeing-strategy-2022-2026")
    published = current.revisions.order_by("number").last().snapshot

    priorities = [priority for domain in published["domains"] for priority in domain["priorities"]]
    assert published["easy_read"] and all(domain["easy_read"] for domain in published["domains"])
    assert len(priorities) >= 20 and all(priority["easy_read"] for priority in priorities)
    url = reverse("strategies:easy_read", kwargs={"board_slug": "thurrock", "slug": current.slug})
    page = client.get(url).content.decode()
    assert "We will help more people to stop smoking." in page
    assert "We will make sure carers get advice, breaks and help." in page


def test_meetings_have_their_record_agendas_and_packs(demo):
    from boards.documents import MEMBERS_PACK, PUBLIC_PACK
    from boards.models import Meeting
    from core.models import Document

    leicestershire = Meeting.objects.get(board__slug="leicestershire", status="held")
    item = leicestershire.items.get(number=6)
    # Seed 004: the minute and its lettered resolutions, on a published agenda with the report.
    assert "global measure of wellbeing" in item.minutes
    assert [(d.letter, d.outcome, d.effect) for d in item.decisions.order_by("letter")] == [
        ("a", "approved", "consultation"),
        ("b", "noted", ""),
        ("c", "noted", ""),
    ]
    assert item.decisions.get(letter="a").text.startswith(
        "That the draft Joint Health and Wellbeing Strategy (JHWS)"
    )
    assert item.publication is not None and item.papers.count() == 1
    assert leicestershire.attendance.filter(status="present").count() >= 3
    # Thurrock's meetings: each one's minutes approved at the next, but the last held one's.
    held = list(Meeting.objects.filter(board__slug="thurrock", status="held").order_by("starts_at"))
    approved = [meeting.minutes_approvals.filter(outcome="approved").exists() for meeting in held]
    assert approved == [True] * (len(held) - 1) + [False]
    # The meeting to come: its agenda published with an exempt item, its packs asked for (rendered once the
    # loading commits: make run renders them; here the test's transaction never commits).
    coming = Meeting.objects.get(board__slug="thurrock", status="scheduled")
    publication = coming.publications.get()
    assert coming.items.filter(exempt_paragraph=3).count() == 1
    packs = Document.objects.filter(kind__in=[MEMBERS_PACK, PUBLIC_PACK], object_id=publication.pk)
    assert sorted(packs.values_list("kind", flat=True)) == [MEMBERS_PACK, PUBLIC_PACK]
    assert not Meeting.objects.get(board__slug="leicestershire", status="scheduled").publications.exists()


def test_thurrock_and_leicestershire_have_indicators_with_data_for_the_area_its_region_and_england():
    """Issue 8: Thurrock's published strategy, from a Fingertips export and a local record; Leicestershire's
    current strategy (in consultation, not public), the wellbeing measures its Board asked for (seed 004)."""
    thurrock = Strategy.objects.get(board__slug="thurrock", status="published")
    leicestershire = Strategy.objects.get(board__slug="leicestershire")
    areas = {
        thurrock: {"E06000034", "E12000006", "E92000001"},
        leicestershire: {"E10000018", "E12000004", "E92000001"},
    }

    for strategy, codes in areas.items():
        for indicator in strategy.indicators.filter(source="fingertips"):
            assert set(indicator.data.values_list("area_code", flat=True)) == codes, indicator
            assert indicator.data.filter(area_code=strategy.board.area_code).count() >= 8
            assert indicator.priorities.exists() and indicator.baseline_value is not None
            if indicator.target_date:
                assert strategy.start_year <= indicator.target_date.year <= strategy.end_year
    assert thurrock.indicators.filter(source="fingertips").count() == 10
    assert sorted(leicestershire.indicators.values_list("fingertips_id", flat=True)) == [
        22301,
        22302,
        22303,
        22304,
    ]
    assert not leicestershire.is_public
    assert set(leicestershire.indicators.values_list("priorities__title", flat=True)) == {
        "Good mental health for adults"
    }
    # One value suppressed, as real exports have; the local indicator's figures are counts, with no interval.
    assert DataPoint.objects.filter(value=None).exclude(value_note="").count() == 1
    carers = thurrock.indicators.get(source="local")
    assert carers.priorities.get().title == "Support for unpaid carers"
    assert list(carers.data.values_list("period", "lower", "upper")) == [
        ("2022/23", None, None),
        ("2023/24", None, None),
        ("2024/25", None, None),
        ("2025/26", None, None),
    ]
    assert round(carers.data.last().value) == 61  # What the delivery plan's update on carers reports


def test_the_indicators_are_in_the_report(demo):
    assert "Thurrock: delivery plan of 12 actions" in demo and "11 indicators" in demo
    assert "Leicestershire: 4 indicators, 144 data points" in demo


def test_each_board_has_news_published_scheduled_and_a_draft(client):
    for slug in ("thurrock", "leicestershire"):
        items = list(NewsItem.objects.filter(board__slug=slug))
        published = [item for item in items if item.is_public]

        assert {item.state for item in items} == {"Published", "Scheduled", "Draft"}
        assert len(published) >= 2
        page = client.get(reverse("news:list", args=[slug])).content.decode()
        assert all(item.title in page for item in published)
        assert not any(item.title in page for item in items if not item.is_public)
    # The update that opened Leicestershire's consultation (open now, in the demo) gives its dates.
    consultation = Consultation.objects.get(board__slug="leicestershire")
    opened = NewsItem.objects.get(board__slug="leicestershire", title__startswith="Have your say")
    assert opened.publish_at == consultation.opens_at
    assert f"{timezone.localtime(consultation.closes_at):%-d %B %Y}" in opened.summary
