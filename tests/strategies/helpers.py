"""Helpers shared by the strategy tests (import as tests.strategies.helpers)."""

from strategies import services
from strategies.models import DECISION_EFFECTS, Domain, Priority, Status

# The order of the lifecycle (shared/DOMAIN.md), written out here rather than read from the code.
LIFECYCLE = [
    Status.DRAFT,
    Status.IN_CONSULTATION,
    Status.FINAL_DRAFT,
    Status.APPROVED,
    Status.PUBLISHED,
    Status.SUPERSEDED,
]
FAKE_PDF = b"%PDF-1.7\n% a stand-in for WeasyPrint's output\n%%EOF\n"


def pdf_bytes(pages: int = 1, *, password: str = "") -> bytes:
    """A real (untagged) PDF of blank pages, as an officer might upload; encrypted if `password`."""
    import io

    import pikepdf

    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page()
    out = io.BytesIO()
    if password:
        pdf.save(out, encryption=pikepdf.Encryption(user=password, owner=password))
    else:
        pdf.save(out)
    return out.getvalue()


def move_to(strategy, status, *, by, decision=None, reason="Agreed at the Board meeting."):
    """
    Move `strategy` one legal step at a time (through the service) until it reaches `status`. Publishing
    needs a priority in every domain: a strategy with no text gets a minimal one first.

    Each step records `decision` where it can make that step. Going out to consultation and approval
    need an approving decision with their effect (DECISION_EFFECTS): for those, a decision that cannot
    make the step is replaced by a new one of the strategy's board (approving_decision()).
    """
    strategy.refresh_from_db()
    if status in (Status.PUBLISHED, Status.SUPERSEDED):
        give_minimal_text(strategy)
    start = LIFECYCLE.index(strategy.status)
    for step in LIFECYCLE[start + 1 : LIFECYCLE.index(status) + 1]:
        services.strategy_transition(
            strategy=strategy,
            to_status=step,
            by=by,
            reason=reason,
            decision=decision_for(strategy, step, decision),
        )
    strategy.refresh_from_db()
    return strategy


def decision_for(strategy, step: str, decision=None):
    """`decision` if it can make `strategy`'s move to `step`; else, where the move needs one, a new one."""
    effect = DECISION_EFFECTS.get(step)
    if effect is None or (decision is not None and decision.effect == effect):
        return decision
    return approving_decision(strategy.board, effect)


def approving_decision(board, effect: str, **fields):
    """An approved resolution of `board` with `effect`, at a meeting it held a week ago."""
    from tests.factories import DecisionFactory

    return DecisionFactory(agenda_item__meeting__board=board, effect=effect, **fields)


def give_minimal_text(strategy) -> None:
    """One priority in each domain that has none, and one domain if there is none (what publishing needs)."""
    if not strategy.domains.exists():
        Domain.objects.create(strategy=strategy, title="Staying well", position=1)
    for domain in strategy.domains.filter(priorities__isnull=True):
        Priority.objects.create(domain=domain, title=f"{domain.title}: what we will do", position=1)


def make_text(strategy, *, domains: int, priorities: int) -> None:
    """Give a strategy `domains` domains of `priorities` priorities each, in bulk."""
    made = Domain.objects.bulk_create(
        Domain(
            strategy=strategy, title=f"Domain {i + 1}", description=f"About *domain* {i + 1}.", position=i + 1
        )
        for i in range(domains)
    )
    Priority.objects.bulk_create(
        Priority(
            domain=domain, title=f"{domain.title}, priority {j + 1}", description="We will.", position=j + 1
        )
        for domain in made
        for j in range(priorities)
    )
