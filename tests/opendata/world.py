"""A board's worth of everything the API lists, made quickly: for the query budgets and the API's tests."""

import datetime

from django.utils import timezone

from consultations.models import Status as ConsultationStatus
from delivery.models import DataPoint, Indicator
from strategies.models import Revision, Status
from tests.factories import (
    AgendaItemFactory,
    AgendaPublicationFactory,
    BoardFactory,
    ConsultationFactory,
    DecisionFactory,
    DomainFactory,
    MeetingFactory,
    NewsItemFactory,
    OrganisationFactory,
    PaperFactory,
    PriorityFactory,
    StrategyFactory,
    UserFactory,
)


def publish_directly(strategy, by) -> Revision:
    """Mark a strategy published with the revision publishing freezes (without the lifecycle's moves)."""
    strategy.status = Status.PUBLISHED
    strategy.save(update_fields=["status"])
    snapshot = strategy.snapshot()
    return Revision.objects.create(
        strategy=strategy,
        number=1,
        status=Status.PUBLISHED,
        snapshot=snapshot,
        content_hash="-",
        created_by=by,
    )


def a_board(n: int, *, by=None) -> dict:
    """
    One board with two organisations; a published strategy (a domain of two priorities, frozen) with an
    indicator of ten years of data in three areas; a held meeting whose published agenda has a public
    item (a paper, two decisions) and an exempt one (a paper, a decision); a closed consultation with a
    published report; two published updates, one about the strategy.
    """
    by = by or UserFactory()
    board = BoardFactory(name=f"Board {n:03d} Health and Wellbeing Board", slug=f"board-{n:03d}")
    board.organisations.add(OrganisationFactory(), OrganisationFactory())
    strategy = StrategyFactory(board=board, title=f"Strategy of board {n:03d}", created_by=by)
    domain = DomainFactory(strategy=strategy)
    priorities = [PriorityFactory(domain=domain), PriorityFactory(domain=domain)]
    publish_directly(strategy, by)
    indicator = Indicator.objects.create(
        strategy=strategy,
        title=f"Indicator of board {n:03d}",
        fingertips_id=90000 + n,
        unit="%",
        created_by=by,
    )
    indicator.priorities.add(*priorities)
    DataPoint.objects.bulk_create(
        DataPoint(
            indicator=indicator,
            area_code=code,
            area_name=code,
            period=str(year),
            period_sort=year * 10000,
            value=10.0 + year % 7,
            lower=9.0,
            upper=12.0 + year % 7,
        )
        for code in ("E06000034", "E12000006", "E92000001")
        for year in range(2013, 2023)
    )
    meeting = MeetingFactory(board=board, starts_at=timezone.now() - datetime.timedelta(days=n + 1))
    agenda = AgendaPublicationFactory(meeting=meeting, published_by=by)
    public = AgendaItemFactory(meeting=meeting, number=1, publication=agenda, minutes="The Board agreed.")
    exempt = AgendaItemFactory(meeting=meeting, number=2, publication=agenda, exempt_paragraph=3)
    PaperFactory(item=public, created_by=by)
    PaperFactory(item=exempt, created_by=by)
    DecisionFactory(agenda_item=public, letter="a")
    DecisionFactory(agenda_item=public, letter="b", outcome="noted")
    DecisionFactory(agenda_item=exempt, letter="a")
    consultation = ConsultationFactory(strategy=strategy, created_by=by)
    consultation.status = ConsultationStatus.CLOSED
    consultation.report_published_at = timezone.now()
    consultation.save(update_fields=["status", "report_published_at"])
    news = NewsItemFactory(
        board=board,
        strategy=strategy,
        title=f"News of board {n:03d}",
        body="We **agreed** it.",
        created_by=by,
    )
    NewsItemFactory(board=board, title=f"More news of board {n:03d}", created_by=by)
    return {
        "board": board,
        "strategy": strategy,
        "meeting": meeting,
        "consultation": consultation,
        "news": news,
    }
