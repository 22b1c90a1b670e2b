"""The page that explains the open data API, and the answer to an address under /api/ that it lacks."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from . import pagination
from .http import CACHE_SECONDS
from .schemas import LICENCE

ENDPOINTS = [
    (
        "api-v1:board_list",
        "Boards",
        "Every board, its area (and ONS code), contact and partner organisations.",
    ),
    (
        "api-v1:strategy_list",
        "Strategies",
        "Published strategies (and those replaced); each one's address gives its text as published: "
        "its vision, domains and priorities.",
    ),
    (
        "api-v1:meeting_list",
        "Meetings",
        "Board meetings with their published agendas, public papers' downloads, minutes and decisions.",
    ),
    ("api-v1:decision_list", "Decisions", "Every public resolution of every board, latest first."),
    (
        "api-v1:consultation_list",
        "Consultations",
        "Public consultations; each one's address gives its published report's figures in aggregate.",
    ),
    (
        "api-v1:indicator_list",
        "Indicators",
        "The indicators of published dashboards, each with all its data.",
    ),
    (
        "api-v1:news_list",
        "News",
        "The boards' published updates, newest first: each with its text (in Markdown and as the portal "
        "shows it), when it was published, its board and the strategy it is about.",
    ),
]


@require_safe
def api_page(request: HttpRequest) -> HttpResponse:
    """What the API offers, how to page through it and revalidate it, and its licence."""
    context = {
        "endpoints": [(reverse(name), title, text) for name, title, text in ENDPOINTS],
        "index": reverse("api-v1:index"),
        "openapi": reverse("api-v1:openapi-json"),
        "indicators_csv": reverse("api-v1:indicators_csv"),
        "decisions_csv": reverse("api-v1:decisions_csv"),
        "licence": LICENCE,
        "default_page_size": pagination.DEFAULT_PAGE_SIZE,
        "max_page_size": pagination.MAX_PAGE_SIZE,
        "cache_seconds": CACHE_SECONDS,
        "example_board": reverse("api-v1:board_detail", kwargs={"board_slug": "thurrock"}),
    }
    return render(request, "opendata/api.html", context)


def api_not_found(request: HttpRequest, url: str) -> JsonResponse:
    """An address under /api/ that is no endpoint (another version, say): a JSON 404 saying where to look."""
    listed, explained = reverse("api-v1:openapi-json"), reverse("opendata:api")
    detail = (
        f"There is no API endpoint at /api/{url}. Version 1 is at {reverse('api-v1:index')}; "
        f"its endpoints are listed at {listed} and explained at {explained}."
    )
    return JsonResponse({"licence": LICENCE.model_dump(), "detail": detail, "errors": []}, status=404)
