"""
One-time tokens for create forms: the same form sent twice creates once.

A create form carries a fresh token (FormTokenField, signed with the time it was made). The view
first asks whether the token was `claimed()` already (a repeat gets the first result), then runs
the work through `once()`, which claims the token in the same transaction as the work and records
what it made. The token is unique in the database, so a repeat of the form, even one sent
at the same moment, finds the first claim and gets its result instead of making a second one. A
request whose work is refused (a validation error) rolls its claim back with everything else, so
the corrected form can be sent with the same token.

Tokens older than MAX_AGE are refused (the form says so and keeps what was typed) and their rows
are deleted when the next token is claimed, so the table stays small without a scheduled job.
"""

import secrets
from collections.abc import Callable
from datetime import timedelta

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from .models import FormToken

MAX_AGE = timedelta(days=7)
_signer = signing.TimestampSigner(salt="core.formtokens")


def new_token() -> str:
    return _signer.sign(secrets.token_urlsafe(18))


class FormTokenField(forms.CharField):
    """The hidden token of a create form; a fresh one each time the form is shown empty."""

    widget = forms.HiddenInput
    default_error_messages = {
        "required": "The page was sent incomplete. Reload the page and try again",
        "invalid": "The page was sent incomplete. Reload the page and try again",
        "expired": "This page was open for more than 7 days, so nothing was saved. Check what you "
        "entered and send it again",
    }

    def __init__(self, **kwargs):
        super().__init__(initial=new_token, max_length=200, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        try:
            _signer.unsign(value, max_age=MAX_AGE)
        except signing.SignatureExpired:
            raise forms.ValidationError(self.error_messages["expired"], code="expired") from None
        except signing.BadSignature:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        return value

    def replacement(self) -> str:
        """What a form sends back in place of a token it refused (core.forms.HiddenErrorsMixin)."""
        return new_token()


def claimed(form: forms.BaseForm, *, user, purpose: str) -> FormToken | None:
    """
    This user's earlier claim, for `purpose`, of the token a bound `form` was sent with: the form
    was sent before.

    Views ask before validating the form: once the first request has made its object, the same data
    may no longer be valid (the strategy's web address is now taken), and the answer to a repeat is
    the first result, not an error. `once()` still catches a repeat that arrives while the first
    request is working.
    """
    names = [name for name, field in form.fields.items() if isinstance(field, FormTokenField)]
    token = form.data.get(form.add_prefix(names[0])) if form.is_bound and names else None
    if not isinstance(token, str) or not user.is_authenticated or not _ours(token):
        return None
    return FormToken.objects.filter(token=token, user=user, purpose=purpose).first()


def _ours(token: str) -> bool:
    """Whether `token` was made here, whatever its age: anything else is not worth a query (nor safe
    in one: PostgreSQL refuses a NUL character in text)."""
    try:
        _signer.unsign(token)
    except signing.BadSignature:
        return False
    return True


def once[T: models.Model](token: str, *, user, purpose: str, work: Callable[[], T]) -> tuple[T | None, bool]:
    """
    Do `work()` once for `token`: claim the token and do the work in one transaction.

    Returns (what the work made, False); or, for a token already claimed by this user for this
    purpose, (what the first request made, True), that being None if it has been deleted since. A
    second request with the token while the first is still working waits for it (the unique index)
    and then gets its result. A token claimed by someone else, or for another form, is refused.
    """
    with transaction.atomic():
        FormToken.objects.filter(created_at__lt=timezone.now() - MAX_AGE).delete()
        try:
            with transaction.atomic():
                claim = FormToken.objects.create(token=token, user=user, purpose=purpose)
        except IntegrityError:
            first = FormToken.objects.get(token=token)
            if first.user_id != user.pk or first.purpose != purpose:
                raise forms.ValidationError(
                    "This form has already been used. Reload the page and try again", code="token_used"
                ) from None
            return first.result(), True
        made = work()
        claim.result_type = ContentType.objects.get_for_model(made)
        claim.result_id = made.pk
        claim.save(update_fields=["result_type", "result_id"])
        return made, False
