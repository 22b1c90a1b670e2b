"""
Sign-in throttling with django-axes: failures only, per user name and per address, each with its own limit.

Axes hooks Django's authentication (its backend refuses a locked-out attempt, its signal handlers
record failures), so every login form is covered: /accounts/login/ and /admin/login/ alike. Its
database handler keeps the counts in PostgreSQL, so throttling works the same with Redis down.

Axes compares one number with one limit. We want a low limit per user name (guessing one
person's password) and a higher one per address (one council office behind one proxy is many
people), so SignInThrottle reports failures on the user-name scale: how close the nearest limit
is. docs/decisions/0007-degraded-redis-and-sign-in.md explains the choices.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


class SignInThrottle(AxesDatabaseHandler):
    """
    Axes' database handler with a limit of its own for each lockout parameter.

    SIGN_IN_FAILURE_LIMITS maps each parameter of AXES_LOCKOUT_PARAMETERS to its limit. Axes locks
    out when get_failures() reaches AXES_FAILURE_LIMIT; get_failures() answers AXES_FAILURE_LIMIT
    minus the failures left before the nearest limit, so Axes locks out exactly when any one
    parameter reaches its own limit, and the number means "failures" for the user name.
    """

    def get_failures(self, request, credentials: dict | None = None) -> int:
        limits = settings.SIGN_IN_FAILURE_LIMITS
        parameters = get_lockout_parameters(request, credentials)
        attempts = self.get_user_attempts(request, credentials)  # One queryset per parameter, in order.
        left = min(
            limits[parameter] - (matching.aggregate(total=Sum("failures_since_start"))["total"] or 0)
            for parameter, matching in zip(parameters, attempts, strict=True)
        )
        return max(0, get_failure_limit(request, credentials) - left)

    def user_logged_in(self, sender, request, user, **kwargs):
        """
        A success clears that user name's failures (its owner's typing), and nothing else: never
        those of other names from the same address, or signing in to an account of one's own would
        wipe the count of guesses made at everybody else's.
        """
        super().user_logged_in(sender, request, user, **kwargs)
        AccessAttempt.objects.filter(username=user.get_username()).delete()


def client_address(request: HttpRequest) -> str | None:
    """
    The address a sign-in came from: the TCP peer, or behind our proxy (BEHIND_PROXY) the address
    the proxy added last to X-Forwarded-For. Earlier entries are whatever the client sent, so
    trusting them would let anyone choose the address their failures count against.
    """
    if settings.BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")
