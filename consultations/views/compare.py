"""
What changed since the consultation, and why (consultations/compare.py): the text consulted on against the
strategy now, with the "you said, we did" changes beside the priorities they changed. For the board's
members and officers, as the report's preview is; only officers get the links to record a change.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from core.http import HtmxHttpRequest

from .. import compare, permissions
from ..models import Status
from .monitor import private_consultation


@login_required
def changes_compare(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    consultation = private_consultation(request.user, pk)
    context = {
        "consultation": consultation,
        "board": consultation.board,
        "strategy": consultation.strategy,
        "view": compare.build(consultation),
        "can_record": consultation.status == Status.CLOSED
        and permissions.can_edit(request.user, consultation),
    }
    return render(request, "consultations/changes_compare.html", context)
