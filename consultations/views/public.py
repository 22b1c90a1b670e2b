"""What residents read: a consultation, with the text consulted on beside it."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from core.http import HtmxHttpRequest

from ..models import Consultation


def consultation_detail(request: HtmxHttpRequest, board_slug: str, slug: str) -> HttpResponse:
    """
    A consultation as residents see it: why the Board is consulting, until when, other ways to respond, and
    the text consulted on. Open and closed ones are public; one being set up or scheduled only to the
    board's members and officers (as a preview).
    """
    consultation = get_object_or_404(
        Consultation.objects.visible_to(request.user).select_related("board", "strategy", "revision"),
        board__slug=board_slug,
        slug=slug,
    )
    context = {
        "board": consultation.board,
        "consultation": consultation,
        "strategy": consultation.strategy,  # The consulted text links its supporting documents by it.
        "text": consultation.text(),
        "now": timezone.now(),
    }
    return render(request, "consultations/consultation_detail.html", context)
