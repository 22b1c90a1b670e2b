from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from . import health


def _login_username(group, request) -> str:
    return request.POST.get("username", "").strip().lower()


@ratelimit(key="ip", rate=lambda group, request: settings.LOGIN_RATE, method="POST", block=True)
@ratelimit(key=_login_username, rate=lambda group, request: settings.LOGIN_RATE, method="POST", block=True)
def login_view(request: HttpRequest) -> HttpResponse:
    """Django's login, throttled per address and per user name (repeated failures get a 429 page)."""
    return auth_views.LoginView.as_view(
        redirect_authenticated_user=True, extra_context={"site_name": "HWB Portal"}
    )(request)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    response = auth_views.LogoutView.as_view()(request)
    messages.success(request, "You have signed out.")
    return response


def ratelimited(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "429.html", status=429)


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """
    Readiness for monitoring: each dependency's status as JSON (core.health); 503 when any is down,
    including the cache or the broker alone, when the site still serves pages from the database.
    """
    report = health.report()
    return JsonResponse(report, status=200 if report["status"] == health.OK else 503)


@never_cache
def healthz_live(request: HttpRequest) -> HttpResponse:
    """Liveness, for restarts: the process answers. It asks nothing else: restarting cures no outage."""
    return HttpResponse("ok", content_type="text/plain")


def bench_bare(request: HttpRequest) -> HttpResponse:
    """The baseline for `make bench`: the cheapest possible Django response through the same stack."""
    return HttpResponse("ok", content_type="text/plain")
