"""Withholding a comment from the report's quotations, or quoting it again (consultations/quotes.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from core.http import HtmxHttpRequest

from .. import services
from ..models import Comment, Consultation
from .report import consultation_report_manage_url


@login_required
@require_POST
def comment_quote(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """`action=withhold`: never quote the comment in the report; `action=quote`: it may be quoted again."""
    comment = get_object_or_404(
        Comment.objects.filter(
            consultation__in=Consultation.objects.editable_by(request.user)
        ).select_related("consultation"),
        pk=pk,
    )
    back = consultation_report_manage_url(comment.consultation) + "#quotes"
    action = request.POST.get("action")
    if action not in ("withhold", "quote"):
        messages.error(request, "Choose to withhold the comment from the report or to let it be quoted.")
        return redirect(back)
    services.comment_quote_withhold(comment=comment, by=request.user, withheld=action == "withhold")
    if action == "withhold":
        messages.success(
            request,
            f"Comment {comment.pk} will not be quoted, nor any copy of it: the report quotes another "
            "comment of the theme instead, if it has one.",
        )
    else:
        messages.success(request, f"Comment {comment.pk} may be quoted in the report again.")
    return redirect(back)
