from urllib.parse import urlencode

from axes.helpers import get_cool_off
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from . import health, search
from .forms import SignInForm


def login_view(request: HttpRequest) -> HttpResponse:
    """Django's login. django-axes throttles it, as every login form (core/signin.py)."""
    return auth_views.LoginView.as_view(
        authentication_form=SignInForm,
        redirect_authenticated_user=True,
        extra_context={"site_name": "HWB Portal"},
    )(request)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    response = auth_views.LogoutView.as_view()(request)
    messages.success(request, "You have signed out.")
    return response


def signin_locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """What django-axes answers a sign-in refused for too many failures (AXES_LOCKOUT_CALLABLE)."""
    seconds = int(get_cool_off(request).total_seconds())
    response = render(request, "429.html", {"minutes": max(1, round(seconds / 60))}, status=429)
    response["Retry-After"] = str(seconds)
    return response


@require_safe
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """
    For monitoring: each dependency's status as JSON (core.health); 503 when any is down, even the
    cache or the broker alone, while the site still serves pages from the database (so not for
    taking web out of service: docs/decisions/0007).
    """
    report = health.report()
    return JsonResponse(report, status=200 if report["status"] == health.OK else 503)


@require_safe
@never_cache
def healthz_live(request: HttpRequest) -> HttpResponse:
    """Liveness, for restarts: the process answers. It asks nothing else: restarting cures no outage."""
    return HttpResponse("ok", content_type="text/plain")


def bench_bare(request: HttpRequest) -> HttpResponse:
    """The baseline for `make bench`: the cheapest possible Django response through the same stack."""
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def site_search(request: HttpRequest) -> HttpResponse:
    """
    Search everything public (core.search), by the words in `q`, within a board and a kind when given:
    a page of results, best first. A plain GET form, so it works without JavaScript; every input
    gives a page (an unknown filter is dropped with a message, a page out of range shows the last).
    """
    query, shortened = search.clean_query(request.GET.get("q", ""))
    boards = search.boards()
    kinds = search.kinds()
    board_slug, kind_key = request.GET.get("board", ""), request.GET.get("kind", "")
    notes = []
    if shortened:
        notes.append(
            f"Your search was too long, so only its first {search.MAX_QUERY_CHARACTERS} characters were used."
        )
    if board_slug and board_slug not in dict(boards):
        notes.append("There is no board by that name on the portal, so every board was searched.")
        board_slug = ""
    if kind_key and search.kind(kind_key) is None:
        notes.append("There is no such kind of document, so every kind was searched.")
        kind_key = ""
    context = {
        "query": query,
        "board_slug": board_slug,
        "kind_key": kind_key,
        "boards": boards,
        "kinds": kinds,
        "notes": notes,
        "board_name": dict(boards).get(board_slug, ""),
        "kind": search.kind(kind_key),
    }
    if query:
        ids = search.ranked(query, board_slug=board_slug, kind=kind_key)
        page = Paginator(ids, search.PER_PAGE).get_page(request.GET.get("page"))
        context["page"] = page
        # At most MAX_RANKED matches are ranked (core.search): one more means "more than".
        context["more_than"] = search.MAX_RANKED if len(ids) > search.MAX_RANKED else None
        context["hits"] = search.hits(list(page.object_list), query)
        context["page_range"] = page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
        context["filters"] = urlencode(
            {
                name: value
                for name, value in (("q", query), ("board", board_slug), ("kind", kind_key))
                if value
            }
        )
    return render(request, "search/search.html", context)
