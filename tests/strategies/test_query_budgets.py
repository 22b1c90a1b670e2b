"""
Query budgets: each page makes the same number of queries whatever the size of what it shows.

Every page is measured at two sizes, and everything a measured page lists is ten times larger in
the second: the strategy's domains and priorities (6 x 3, then 60 x 3), the board's members and
partner organisations, the strategies on the officer's list and the boards the officer works on,
the board's published strategies, the boards on the home page, the decisions the status page
offers, and a strategy's recorded edits, moves and revisions. The budget is one number for both
sizes, so a query per listed item fails the large case.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from boards.models import Membership
from core.pagecache import page_forget
from strategies import services
from strategies.models import Revision, Status, StatusChange
from tests.factories import (
    BoardFactory,
    BoardRoleFactory,
    DecisionFactory,
    MembershipFactory,
    OrganisationFactory,
    StrategyFactory,
    UserFactory,
)
from tests.strategies.helpers import make_text, move_to

pytestmark = pytest.mark.django_db

SIZES = {"small": 1, "large": 10}


class World:
    def __init__(self, board, editable, published, n):
        self.board, self.editable, self.published, self.n = board, editable, published, n


def _earlier_history(strategy, *, moves: int, decisions) -> None:
    """
    `moves` recorded moves, each with its revision, by different people and decisions, a year before
    the real ones. Written directly: a strategy's lifecycle has only five moves, and the history
    page shows each row the same way whatever the statuses.
    """
    start = timezone.now() - datetime.timedelta(days=365)
    people = UserFactory.create_batch(moves)
    revisions = Revision.objects.bulk_create(
        Revision(
            strategy=strategy,
            number=i + 1,
            status=Status.IN_CONSULTATION if i % 2 == 0 else Status.DRAFT,
            snapshot=strategy.snapshot(),
            content_hash=f"{i:064x}",
            created_at=start + datetime.timedelta(days=i),
            created_by=people[i],
        )
        for i in range(moves)
    )
    StatusChange.objects.bulk_create(
        StatusChange(
            strategy=strategy,
            from_status=Status.DRAFT if i % 2 == 0 else Status.IN_CONSULTATION,
            to_status=revision.status,
            reason=f"Recorded move {i + 1}.",
            decision=decisions[i % len(decisions)],
            revision=revision,
            at=revision.created_at,
            by=people[i],
        )
        for i, revision in enumerate(revisions)
    )


@pytest.fixture(params=list(SIZES), ids=list(SIZES))
def world(request, board, officer, board_admin, decision, publish):
    n = SIZES[request.param]
    # The board page: partner organisations, and current members (some with a portal account).
    organisations = OrganisationFactory.create_batch(3 * n)
    board.organisations.set(organisations)
    roles = Membership.Role.values
    for i in range(3 * n):
        MembershipFactory(
            board=board,
            organisation=organisations[i],
            role=roles[i % len(roles)],
            user=None if i % 2 else UserFactory(),
            name=f"Member {i + 1}",
        )
    # The status page offers the board's decisions.
    decisions = [
        decision,
        *DecisionFactory.create_batch(3 * n, strategy=True, agenda_item__meeting__board=board),
    ]
    # The officer's list and the edit form's choices: more strategies of the board, and more boards
    # the officer works on, each with a strategy.
    StrategyFactory.create_batch(3 * n, board=board)
    for _ in range(n):
        StrategyFactory(board=BoardRoleFactory(user=officer, board=BoardFactory()).board)
    # The board page's list of published strategies.
    StrategyFactory.create_batch(2 * n, board=board, status=Status.PUBLISHED)

    editable = StrategyFactory(board=board, title="Draft strategy", slug="draft")
    make_text(editable, domains=6 * n, priorities=3)
    for domain in editable.domains.all():
        services.domain_update(domain=domain, by=officer, description=f"Edited {domain.title}.")
    _earlier_history(editable, moves=3 * n, decisions=decisions)
    move_to(editable, Status.FINAL_DRAFT, by=officer, decision=decision)

    published = StrategyFactory(board=board, title="Published strategy", slug="published")
    make_text(published, domains=6 * n, priorities=3)
    predecessor = StrategyFactory(
        board=board, title="Old strategy", slug="old", start_year=2016, end_year=2021
    )
    move_to(predecessor, Status.PUBLISHED, by=board_admin)
    published.predecessor = predecessor
    published.save()
    publish(published)

    for _ in range(2 * n):  # More boards with a published strategy each, for the home page.
        StrategyFactory(board=BoardFactory(), status=Status.PUBLISHED)
    return World(board, editable, published, n)


def _pages(world) -> dict[str, tuple[str, dict]]:
    editable, published = world.editable, world.published
    return {
        "home": (reverse("home"), {}),
        "board_detail": (world.board.get_absolute_url(), {}),
        "manage_list": (reverse("strategies:manage_list"), {}),
        "manage": (editable.get_manage_url(), {}),
        "manage_partial": (editable.get_manage_url(), {"HX-Request": "true"}),
        "edit": (reverse("strategies:edit", args=[editable.pk]), {}),
        "transition": (reverse("strategies:transition", args=[editable.pk]), {}),
        "history": (reverse("strategies:history", args=[editable.pk]), {}),
        "revision": (reverse("strategies:revision", args=[editable.pk, 2]), {}),
        "compare": (reverse("strategies:compare", args=[editable.pk]) + "?from=1&to=current", {}),
        "domain_edit": (reverse("strategies:domain_edit", args=[editable.domains.last().pk]), {}),
        "document_partial": (
            reverse("core:document", args=[services.PDF_KIND, published.pk]),
            {"HX-Request": "true"},
        ),
        "published_manage": (published.get_manage_url(), {}),
        "public_as_officer": (published.get_absolute_url(), {}),
    }


# One budget per page, the same for both sizes: what the page needs today. A signed-in request spends
# 2 queries on the session and the user, and 2 more on the user's roles (the navigation needs them).
BUDGETS = {
    "home": 7,  # Each boards.sections section is one query for all boards: strategies, consultations.
    "board_detail": 11,  # Its sections: strategies, consultations, the upcoming meetings, the news.
    "manage_list": 5,
    "manage": 9,
    "manage_partial": 8,
    "edit": 6,
    "transition": 7,  # Also whether any decision can make the move that needs one (else the page says so).
    "history": 9,
    "revision": 6,
    "compare": 9,
    "domain_edit": 6,
    "document_partial": 6,
    "published_manage": 12,  # Also the summary and easy read PDFs of the published text.
    "public_as_officer": 10,  # Also its consultations (their reports' links) and its latest news.
}


class TestPageBudgets:
    def test_every_page_keeps_to_its_budget(
        self, world, officer_client, django_assert_max_num_queries, subtests
    ):
        pages = _pages(world)
        officer_client.get(reverse("home"))  # The session exists before the measured requests.
        content = {}

        for page, budget in BUDGETS.items():
            url, headers = pages[page]
            with subtests.test(msg=page), django_assert_max_num_queries(budget):
                response = officer_client.get(url, headers=headers)
                assert response.status_code == 200
            content[page] = response.content

        # The lists really are ten times longer in the large world, so the budgets measure them.
        n = world.n
        # Draft, published, predecessor, 3n drafts and 2n published of the board, n of other boards.
        assert len(re.findall(rb'href="/manage/strategies/\d+/"', content["manage_list"])) == 3 + 6 * n
        assert content["history"].count(b"Recorded move") == 3 * n
        assert content["transition"].count(b"<option") >= 1 + 3 * n
        assert content["compare"].count(b"<option") == 2 * (3 * n + 2) + 1  # Two lists of revisions.
        assert len(re.findall(rb'id="priority-\d+"', content["manage"])) == 6 * n * 3


class TestResidentPageBudgets:
    def test_every_public_page_keeps_to_its_budget(
        self, world, resident_client, django_assert_max_num_queries, subtests
    ):
        strategy_url = world.published.get_absolute_url()
        page_forget(services.public_cache_key(world.board.slug, world.published.slug))
        pages = [
            ("home", reverse("home"), 3),
            ("board_detail", world.board.get_absolute_url(), 7),  # With its upcoming meetings and news.
            ("strategy_uncached", strategy_url, 6),  # Renders (its reports and news too), caches...
            ("strategy_cached", strategy_url, 0),  # ...so the next visitor costs nothing.
        ]

        for page, url, budget in pages:
            with subtests.test(msg=page), django_assert_max_num_queries(budget):
                response = resident_client.get(url)
                assert response.status_code == 200

    def test_public_pages_show_what_was_measured(self, world, resident_client):
        home = resident_client.get(reverse("home")).content
        board_page = resident_client.get(world.board.get_absolute_url()).content
        strategy_page = resident_client.get(world.published.get_absolute_url())

        assert world.published.get_absolute_url().encode() in home
        # The board's published strategy, its predecessor and 2n more; 2n other boards' one each.
        assert home.count(b'<h3 class="govuk-heading-m') == 2 + 4 * world.n
        assert b"Published strategy" in board_page and b"Draft strategy" not in board_page
        assert board_page.count(b">Member ") == 3 * world.n
        assert strategy_page.content.count(b"priority 3") == world.published.domains.count() == 6 * world.n
        assert "ETag" in strategy_page


class TestHistoryBudget:
    def test_moves_made_by_decisions_cost_no_extra_queries(
        self, board, officer, board_admin, decision, officer_client, django_assert_max_num_queries
    ):
        consulted = DecisionFactory(consultation=True, agenda_item__meeting__board=board)
        one = StrategyFactory(board=board, slug="one")
        move_to(one, Status.IN_CONSULTATION, by=officer, decision=consulted)
        many = StrategyFactory(board=board, slug="many")
        move_to(many, Status.IN_CONSULTATION, by=officer, decision=consulted)
        move_to(many, Status.SUPERSEDED, by=board_admin, decision=decision)
        officer_client.get(reverse("strategies:history", args=[one.pk]))
        with django_assert_max_num_queries(100) as few:
            officer_client.get(reverse("strategies:history", args=[one.pk]))

        with django_assert_max_num_queries(len(few.captured_queries)):
            response = officer_client.get(reverse("strategies:history", args=[many.pk]))

        assert response.content.count(b"Board decision:") == 5
        assert response.content.count(decision.agenda_item.title.encode()) == 4
