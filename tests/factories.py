"""
factory_boy factories for the portal's models.

Import them as `from tests.factories import StrategyFactory`, or use the `*_factory` fixtures in
tests/conftest.py. Every factory makes a valid row with no arguments; pass what the test is about.
"""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from boards.models import (
    AgendaItem,
    AgendaPublication,
    Attendance,
    Board,
    BoardRole,
    Decision,
    Declaration,
    Meeting,
    Membership,
    Organisation,
    Paper,
)
from consultations.models import Consultation
from delivery.models import Action, Alignment, Plan, PlanKind
from news.models import NewsItem, NewsStatus
from strategies.models import Domain, Priority, Status, Strategy

# Every factory-made user has this password, for tests that log in through the form.
PASSWORD = "a-long-test-password-42"


class UserFactory(DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password(PASSWORD)

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    class Params:
        site_admin = factory.Trait(is_superuser=True, is_staff=True)


class OrganisationFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.COUNCIL

    class Meta:
        model = Organisation


class BoardFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Board {n} Health and Wellbeing Board")
    slug = factory.LazyAttribute(lambda board: slugify(board.name)[:80])
    area = factory.Sequence(lambda n: f"Area {n}")
    description = "The Board brings together the council, the NHS and partners."
    contact_email = factory.LazyAttribute(lambda board: f"{board.slug[:40]}@example.org")

    class Meta:
        model = Board


class BoardRoleFactory(DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    board = factory.SubFactory(BoardFactory)
    role = BoardRole.Role.OFFICER

    class Meta:
        model = BoardRole

    class Params:
        administrator = factory.Trait(role=BoardRole.Role.ADMINISTRATOR)


class MembershipFactory(DjangoModelFactory):
    """A current seat on a board, held by a user with a portal account (pass user=None for none)."""

    board = factory.SubFactory(BoardFactory)
    user = factory.SubFactory(UserFactory)
    name = factory.LazyAttribute(
        lambda membership: membership.user.get_full_name() if membership.user else "Councillor Pat Jones"
    )
    job_title = "Cabinet Member for Adult Social Care"
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.VOTING
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))
    ends_on = None

    class Meta:
        model = Membership

    class Params:
        ended = factory.Trait(
            starts_on=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=730)),
            ends_on=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1)),
        )
        future = factory.Trait(
            starts_on=factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30)),
        )


class MeetingFactory(DjangoModelFactory):
    board = factory.SubFactory(BoardFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7))
    venue = "Council Chamber, Civic Offices"
    status = Meeting.Status.HELD

    class Meta:
        model = Meeting


class AgendaItemFactory(DjangoModelFactory):
    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = "Joint Health and Wellbeing Strategy"

    class Meta:
        model = AgendaItem


class DecisionFactory(DjangoModelFactory):
    """
    An approved resolution at a held meeting, with no effect. `consultation=True` makes one that approves
    a draft for consultation, `strategy=True` one that approves a final strategy: what a strategy needs
    to go out to consultation, or to be approved (strategies.models.DECISION_EFFECTS).
    """

    agenda_item = factory.SubFactory(AgendaItemFactory)
    letter = "a"
    text = "That the Joint Health and Wellbeing Strategy be approved."
    outcome = Decision.Outcome.APPROVED

    class Meta:
        model = Decision

    class Params:
        consultation = factory.Trait(
            effect=Decision.Effect.CONSULTATION,
            text="That the draft Joint Health and Wellbeing Strategy be approved for public consultation.",
        )
        strategy = factory.Trait(
            effect=Decision.Effect.STRATEGY,
            text="That the Joint Health and Wellbeing Strategy be approved as the final strategy.",
        )


class StrategyFactory(DjangoModelFactory):
    """A draft strategy. `status` is not editable in forms, but test setup may set it directly."""

    board = factory.SubFactory(BoardFactory)
    title = factory.Sequence(lambda n: f"Joint Health and Wellbeing Strategy {n}")
    slug = factory.LazyAttribute(lambda strategy: slugify(strategy.title)[:100])
    start_year = 2025
    end_year = 2030
    summary = "How partners will improve health and reduce inequalities."
    vision = "Everyone in the area lives a longer, healthier life."
    status = Status.DRAFT
    created_by = factory.SubFactory(UserFactory)

    class Meta:
        model = Strategy

    class Params:
        published = factory.Trait(status=Status.PUBLISHED)


class DomainFactory(DjangoModelFactory):
    strategy = factory.SubFactory(StrategyFactory)
    title = factory.Sequence(lambda n: f"Domain {n}")
    description = "Giving every child the best start in life."
    position = factory.Sequence(lambda n: n)

    class Meta:
        model = Domain


class PriorityFactory(DjangoModelFactory):
    domain = factory.SubFactory(DomainFactory)
    title = factory.Sequence(lambda n: f"Priority {n}")
    description = "Reduce the gap in healthy life expectancy."
    position = factory.Sequence(lambda n: n)

    class Meta:
        model = Priority


class ConsultationFactory(DjangoModelFactory):
    """A consultation being set up on a draft with a domain and two priorities; opens tomorrow for 8 weeks."""

    strategy = factory.SubFactory(StrategyFactory)
    board = factory.SelfAttribute("strategy.board")
    title = factory.Sequence(lambda n: f"Have your say on the draft strategy {n}")
    slug = factory.LazyAttribute(lambda consultation: slugify(consultation.title)[:100])
    opens_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1))
    closes_at = factory.LazyAttribute(
        lambda consultation: consultation.opens_at + datetime.timedelta(weeks=8)
    )
    # The Board's decision to consult, at a meeting it held: a consultation opens only on one.
    decision = factory.SubFactory(
        DecisionFactory,
        consultation=True,
        agenda_item__meeting__board=factory.SelfAttribute("....strategy.board"),
    )
    introduction = "The Board wants to know what you think of its draft strategy."
    other_ways = "Ask for a paper copy by email or phone."
    privacy_notice = "We keep your personal data for 12 months after the consultation closes."
    created_by = factory.SubFactory(UserFactory)

    class Meta:
        model = Consultation
        skip_postgeneration_save = True

    @factory.post_generation
    def priorities(consultation, create, extracted, **kwargs):
        if (
            create
            and extracted is not False
            and not Priority.objects.filter(domain__strategy=consultation.strategy)
        ):
            domain = DomainFactory(strategy=consultation.strategy, title="Staying healthy")
            PriorityFactory(domain=domain, title="Fewer people smoke")
            PriorityFactory(domain=domain, title="More people are active")


# Meetings (public pages): agenda publications, papers, attendance and declarations of interest.


class AgendaPublicationFactory(DjangoModelFactory):
    """A meeting's agenda (number 0), published in time: its deadline was a day after publishing."""

    meeting = factory.SubFactory(MeetingFactory)
    number = 0
    published_at = factory.LazyFunction(timezone.now)
    published_by = factory.SubFactory(UserFactory)
    deadline = factory.LazyAttribute(lambda p: p.published_at + datetime.timedelta(days=1))

    class Meta:
        model = AgendaPublication

    class Params:
        late = factory.Trait(
            deadline=factory.LazyAttribute(lambda p: p.published_at - datetime.timedelta(days=1))
        )


class PaperFactory(DjangoModelFactory):
    """An item's report, uploaded as a (tiny, not really valid) PDF."""

    item = factory.SubFactory(AgendaItemFactory)
    title = factory.Sequence(lambda n: f"Report {n}")
    file = factory.django.FileField(filename="report.pdf", data=b"%PDF-1.7\n% a paper\n%%EOF\n")
    file_size = 25
    pages = 1
    created_by = factory.SubFactory(UserFactory)

    class Meta:
        model = Paper


class AttendanceFactory(DjangoModelFactory):
    """A member's attendance (present); pass membership=None and a name for anyone else."""

    meeting = factory.SubFactory(MeetingFactory)
    membership = factory.SubFactory(
        MembershipFactory, board=factory.SelfAttribute("..meeting.board"), user=None
    )
    status = Attendance.Status.PRESENT

    class Meta:
        model = Attendance


class DeclarationFactory(DjangoModelFactory):
    item = factory.SubFactory(AgendaItemFactory)
    membership = factory.SubFactory(
        MembershipFactory, board=factory.SelfAttribute("..item.meeting.board"), user=None
    )
    interest = Declaration.Interest.NON_REGISTRABLE
    description = "Her husband is a partner in a GP practice in the area."
    action = Declaration.Action.REMAINED

    class Meta:
        model = Declaration


class ActionFactory(DjangoModelFactory):
    """An action under a priority, led by one of its board's organisations (made if the board has none)."""

    priority = factory.SubFactory(PriorityFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    lead_officer = "Jo Broadbent"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=90))
    created_by = factory.SubFactory(UserFactory)
    position = factory.Sequence(lambda n: n)

    class Meta:
        model = Action

    @factory.lazy_attribute
    def lead_organisation(self):
        board = self.priority.domain.strategy.board
        organisation = board.organisations.first()
        if organisation is None:
            organisation = OrganisationFactory()
            board.organisations.add(organisation)
        return organisation


class PlanFactory(DjangoModelFactory):
    """A plan that priorities can support, recorded by a board (made if not given)."""

    title = factory.Sequence(lambda n: f"Integrated Care Strategy {n}")
    slug = factory.LazyAttribute(lambda plan: slugify(plan.title)[:100])
    kind = PlanKind.INTEGRATED_CARE_STRATEGY
    owner = "Mid and South Essex Integrated Care Partnership"
    area = "Mid and South Essex"
    board = factory.SubFactory(BoardFactory)
    created_by = factory.SubFactory(UserFactory)

    class Meta:
        model = Plan


class AlignmentFactory(DjangoModelFactory):
    priority = factory.SubFactory(PriorityFactory)
    plan = factory.SubFactory(PlanFactory)
    created_by = factory.SubFactory(UserFactory)

    class Meta:
        model = Alignment


class NewsItemFactory(DjangoModelFactory):
    """A board's update, published an hour ago (give status="draft", or a publish_at to come)."""

    board = factory.SubFactory(BoardFactory)
    title = factory.Sequence(lambda n: f"Update {n}")
    summary = "What the board did this month."
    body = "The Board met and **agreed** its plan."
    status = NewsStatus.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    created_by = factory.SubFactory(UserFactory)

    class Meta:
        model = NewsItem
