"""
Duplicates and campaigns (docs/decisions/0020-duplicates-and-campaigns.md): the board's officers mark a
response as a duplicate, and look for, confirm or dismiss campaigns. Plain forms, each redirecting after
success; individual responses and their words are the board's officers' only (a 404 for anyone else).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.forms import add_errors
from core.http import HtmxHttpRequest

from .. import campaigns, services, similar
from ..duplicate_forms import CampaignReviewForm, DuplicateForm
from ..models import Campaign, CampaignStatus, Consultation, Response
from .offline import responses_consultation

CAMPAIGNS_PER_PAGE = 20
# Member references shown per campaign: enough to find them; the export has every response.
REFERENCES_SHOWN = 100


def _response(user, pk: int) -> Response:
    """A submitted response, of any channel, of a consultation whose responses the user may read."""
    response = get_object_or_404(
        Response.objects.submitted()
        .filter(consultation__in=Consultation.objects.editable_by(user))
        .select_related("consultation__board", "consultation__strategy", "event")
        .select_related("duplicate_of", "duplicate_marked_by"),
        pk=pk,
    )
    responses_consultation(user, response.consultation_id)  # The rule, as for every response page.
    return response


@login_required
def response_duplicate(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Mark a response as a duplicate (POST), change the mark, or take it off (POST action=unmark)."""
    response = _response(request.user, pk)
    consultation = response.consultation
    initial = {"duplicate_of": response.duplicate_of.reference if response.duplicate_of_id else ""}
    initial["reason"] = response.duplicate_reason
    form = DuplicateForm(initial=initial)
    if request.method == "POST" and request.POST.get("action") == "unmark":
        services.response_unmark_duplicate(response=response, by=request.user)
        messages.success(request, f"Response {response.reference} is no longer marked as a duplicate.")
        return redirect(_list_url(consultation, "duplicates"))
    if request.method == "POST":
        form = DuplicateForm(request.POST)
        if form.is_valid():
            try:
                services.response_mark_duplicate(response=response, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request, f"Marked response {response.reference} as a duplicate. It is no longer counted."
                )
                return redirect(_list_url(consultation, "duplicates"))
    context = {"consultation": consultation, "board": consultation.board, "response": response, "form": form}
    status = 422 if form.errors else 200
    return render(request, "consultations/response_duplicate.html", context, status=status)


def _list_url(consultation: Consultation, show: str) -> str:
    return f"{reverse('consultations:responses', args=[consultation.pk])}?show={show}"


@login_required
def consultation_campaigns(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The campaigns found, largest first, each with its text and members; POST looks for them again."""
    consultation = responses_consultation(request.user, pk)
    can_detect = consultation.status in campaigns.CAMPAIGN_STATUSES
    if request.method == "POST":
        try:
            counts = services.campaigns_detect(consultation=consultation, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _found(counts))
        return redirect("consultations:campaigns", pk=consultation.pk)
    found = consultation.campaigns.order_by("-response_count", "pk")
    page = Paginator(found, CAMPAIGNS_PER_PAGE).get_page(request.GET.get("page"))
    rows = _with_references(list(page.object_list))
    waiting = sum(1 for row in rows if row["campaign"].status == CampaignStatus.DETECTED)
    context = {
        "consultation": consultation,
        "board": consultation.board,
        "page": page,
        "rows": rows,
        "can_detect": can_detect,
        "waiting": waiting,
        "min_responses": campaigns.CAMPAIGN_MIN_RESPONSES,
        "min_words": campaigns.CAMPAIGN_MIN_WORDS,
        "similar": round(similar.SIMILAR * 100),
    }
    return render(request, "consultations/campaigns.html", context)


def _found(counts: dict[str, int]) -> str:
    found = counts["found"]
    if not found:
        return "No campaigns found: no text came from enough responses."
    parts = [f"{found} campaign{'s' if found != 1 else ''} found"]
    for key, word in (("added", "new"), ("updated", "changed"), ("removed", "no longer found")):
        if counts[key]:
            parts.append(f"{counts[key]} {word}")
    return ", ".join(parts) + "."


def _with_references(page: list[Campaign]) -> list[dict]:
    """Each campaign with its members' references (the first REFERENCES_SHOWN), in one query for the page."""
    references: dict[int, list[str]] = {campaign.pk: [] for campaign in page}
    members = (
        Campaign.comments.through.objects.filter(campaign__in=page)
        .filter(comment__response__duplicate_marked_at__isnull=True)
        .order_by("campaign_id", "comment__response__submitted_at", "comment__response_id")
        .values_list("campaign_id", "comment__response__reference")
        .distinct()
    )
    for campaign_id, reference in members:
        if reference not in references[campaign_id][-1:]:
            references[campaign_id].append(reference)
    return [
        {
            "campaign": campaign,
            "references": references[campaign.pk][:REFERENCES_SHOWN],
            "more": max(0, len(references[campaign.pk]) - REFERENCES_SHOWN),
            "form": CampaignReviewForm(initial={"status": campaign.status}),
        }
        for campaign in page
    ]


@login_required
@require_POST
def campaign_review(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(
        Campaign.objects.filter(consultation__in=Consultation.objects.editable_by(request.user)),
        pk=pk,
    )
    consultation = responses_consultation(request.user, campaign.consultation_id)
    form = CampaignReviewForm(request.POST)
    if form.is_valid():
        status = form.cleaned_data["status"]
        campaign = services.campaign_review(campaign=campaign, by=request.user, status=status)
        messages.success(request, f"{campaign.label}: {campaigns.REVIEWS[campaign.status]}.")
    else:
        messages.error(request, form.errors["status"][0])
    return redirect(reverse("consultations:campaigns", args=[consultation.pk]) + f"#campaign-{campaign.pk}")
