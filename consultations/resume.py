"""
Links that bring a resident back to a response they started (docs/decisions/0016-resident-emails.md).

A link carries the response's secret resume_key, signed with the time it was made, so it cannot be
forged or altered, and it stops working after MAX_AGE. It also stops once the consultation closes
(the view finds the consultation no longer taking answers), so it works until whichever comes first.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from .models import Response

MAX_AGE = timedelta(days=30)
_signer = signing.TimestampSigner(salt="consultations.resume")


class LinkBroken(Exception):
    """Not a link we made: cut short when copied, or altered."""


class LinkExpired(Exception):
    """A link we made, older than MAX_AGE."""


def expires_at(response: Response, now: datetime | None = None) -> datetime:
    """When a link made now stops working: after MAX_AGE, or when the consultation closes if sooner."""
    return min((now or timezone.now()) + MAX_AGE, response.consultation.closes_at)


def resume_path(response: Response) -> str:
    consultation = response.consultation
    kwargs = {
        "board_slug": consultation.board.slug,
        "slug": consultation.slug,
        "token": _signer.sign(response.resume_key),
    }
    return reverse("consultations:respond_resume", kwargs=kwargs)


def resume_url(response: Response) -> str:
    """The link, with the portal's address (emails are read outside the site)."""
    return settings.PUBLIC_URL + resume_path(response)


def resume_key(token: str) -> str:
    """The resume_key a link carries; LinkBroken or LinkExpired if it does not carry one any more."""
    try:
        return _signer.unsign(token, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise LinkExpired from None
    except signing.BadSignature:
        raise LinkBroken from None
