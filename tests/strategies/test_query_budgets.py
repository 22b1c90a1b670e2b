"""
Query budgets: each page makes the same number of queries whatever the size of the strategy.

Every page is measured at two sizes: a strategy of 6 domains x 3 priorities, and one with ten times
as many domains and priorities (60 x 3), with ten times as many boards, published strategies and
recorded edits around it. The budget is one number for both sizes, so a query per domain, per
priority, per board or per history entry fails the large case.
"""

import pytest
from django.urls import reverse

from core.pagecache import page_forget
from strategies import services
from strategies.models import Status
from tests.factories import BoardFactory, OrganisationFactory, StrategyFactory
from tests.strategies.helpers import make_text, move_to

pytestmark = pytest.mark.django_db

SIZES = {"small": 1, "large": 10}


class World:
    def __init__(self, board, editable, published):
        self.board, self.editable, self.published = board, editable, published


@pytest.fixture(params=list(SIZES), ids=list(SIZES))
def world(request, board, officer, board_admin, site_admin, decision, publish):
    n = SIZES[request.param]
    board.organisations.set(OrganisationFactory.create_batch(3 * n))

    editable = StrategyFactory(board=board, title="Draft strategy", slug="draft")
    make_text(editable, domains=6 * n, priorities=3)
    for domain in editable.domains.all()[: 6 * n]:
        services.domain_update(domain=domain, by=officer, description=f"Edited {domain.title}.")
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

    for _ in range(n):  # More boards with a published strategy each, for the home page.
        other = StrategyFactory(board=BoardFactory())
        move_to(other, Status.PUBLISHED, by=site_admin)
    return World(board, editable, published)


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
    "home": 6,
    "board_detail": 8,
    "manage_list": 5,
    "manage": 8,
    "manage_partial": 8,
    "edit": 6,
    "transition": 6,
    "history": 9,
    "revision": 6,
    "compare": 8,
    "domain_edit": 6,
    "document_partial": 6,
    "published_manage": 9,
    "public_as_officer": 8,
}


class TestPageBudgets:
    def test_every_page_keeps_to_its_budget(
        self, world, officer_client, django_assert_max_num_queries, subtests
    ):
        pages = _pages(world)
        officer_client.get(reverse("home"))  # The session exists before the measured requests.

        for page, budget in BUDGETS.items():
            url, headers = pages[page]
            with subtests.test(msg=page), django_assert_max_num_queries(budget):
                response = officer_client.get(url, headers=headers)
                assert response.status_code == 200


class TestResidentPageBudgets:
    def test_every_public_page_keeps_to_its_budget(
        self, world, resident_client, django_assert_max_num_queries, subtests
    ):
        strategy_url = world.published.get_absolute_url()
        page_forget(services.public_cache_key(world.board.slug, world.published.slug))
        pages = [
            ("home", reverse("home"), 2),
            ("board_detail", world.board.get_absolute_url(), 4),
            ("strategy_uncached", strategy_url, 4),  # Renders and fills the cache...
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
        assert b"Published strategy" in board_page and b"Draft strategy" not in board_page
        assert strategy_page.content.count(b"priority 3") == world.published.domains.count()
        assert "ETag" in strategy_page


class TestHistoryBudget:
    def test_moves_made_by_decisions_cost_no_extra_queries(
        self, board, officer, board_admin, decision, officer_client, django_assert_max_num_queries
    ):
        one = StrategyFactory(board=board, slug="one")
        move_to(one, Status.IN_CONSULTATION, by=officer, decision=decision)
        many = StrategyFactory(board=board, slug="many")
        move_to(many, Status.SUPERSEDED, by=board_admin, decision=decision)
        officer_client.get(reverse("strategies:history", args=[one.pk]))
        with django_assert_max_num_queries(100) as few:
            officer_client.get(reverse("strategies:history", args=[one.pk]))

        with django_assert_max_num_queries(len(few.captured_queries)):
            response = officer_client.get(reverse("strategies:history", args=[many.pk]))

        assert response.content.count(decision.agenda_item.title.encode()) == 5
