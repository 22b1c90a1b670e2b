"""
Save and come back later: what the question pages' second button does (_save_for_later), the page
that sends a link to come back to a started response, the page that says it was sent, and the link
itself (consultations/resume.py signs it). Opening the link puts the response back in the session
and goes to the first page with nothing saved on it.
"""

from functools import partial

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_safe

from core import ratelimit
from core.forms import add_errors
from core.http import HtmxHttpRequest

from .. import responding, resume
from ..models import Respondent, Response
from ..respond_forms import SaveForLaterForm
from .survey import (
    _busy,
    _closed,
    _consultation,
    _page,
    _response,
    _saved,
    _sent,
    _session_key,
    _started,
    _url,
)


def _later(request: HtmxHttpRequest) -> bool:
    """The page was sent with "Save and come back later" (the buttons share the name `then`)."""
    return request.method == "POST" and request.POST.get("then") == "later"


def _optional(form):
    """The form with every answer optional: saved to come back to, a required answer can wait."""
    for field in form.fields.values():
        field.required = False
    return form


def _save_for_later(request, consultation, response, make_form, save):
    """
    "Save and come back later": save the page and go on to ask where to send the link; or, where an
    answer is refused (a comment too long, a choice not offered), the form with its errors, for the page
    to show again with every answer as typed, as "Save and continue" does: nothing a resident typed is
    dropped for a link. Required answers may wait. `make_form(data)` binds the page's form, `save(form)`
    runs its service (all or nothing).
    """
    form = _optional(make_form(request.POST))
    if form.is_valid():
        saving = partial(save, form, complete=False)
        if done := _saved(request, consultation, response, form, saving, then=_url(consultation, "save")):
            return done
    return form


def _next_page(response: Response) -> str:
    page = responding.first_unanswered_page(response)
    if page.isdigit():
        return _url(response.consultation, "domain", domain_id=int(page))
    return _url(response.consultation, page)


def respond_save(request: HtmxHttpRequest, board_slug: str, slug: str) -> HttpResponse:
    """Your answers are saved: where should we send the link to come back to them?"""
    consultation = _consultation(board_slug, slug)
    response, away = _started(request, consultation)
    if away:
        return away
    if not responding.is_taking_answers(consultation):
        return _closed(request, consultation, response)
    respondent = Respondent.objects.filter(response=response).first()
    form = SaveForLaterForm(_sent(request), initial={"email": respondent.email if respondent else ""})
    if request.method == "POST" and (wait := ratelimit.hit(request, "resume_email")):
        return _busy(request, consultation, "resume_email", wait, email=form["email"].value())
    if request.method == "POST" and form.is_valid():
        try:
            responding.response_save_for_later(
                response=response, email=form.cleaned_data["email"], form_key=form.cleaned_data["form_token"]
            )
        except responding.ConsultationClosed:
            return _closed(request, consultation, response)
        except responding.AlreadySubmitted:
            return redirect(_url(consultation, "confirmation"))
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect(_url(consultation, "saved"))
    return _page(
        request,
        "save",
        consultation,
        form=form,
        back=_next_page(response),
        expires_at=resume.expires_at(response),
    )


@require_safe
def respond_saved(request: HtmxHttpRequest, board_slug: str, slug: str) -> HttpResponse:
    """We have sent the link: to which address, until when it works."""
    consultation = _consultation(board_slug, slug)
    response, away = _started(request, consultation)
    if away:
        return away
    respondent = Respondent.objects.filter(response=response).first()
    if respondent is None or not respondent.email:
        return redirect(_url(consultation, "save"))
    return _page(
        request,
        "saved",
        consultation,
        email=respondent.email,
        expires_at=resume.expires_at(response),
        next_page=_next_page(response),
    )


@require_safe
def respond_resume(request: HtmxHttpRequest, board_slug: str, slug: str, token: str) -> HttpResponse:
    """The link from the email: back to the response, at the first page with nothing saved on it."""
    consultation = _consultation(board_slug, slug)
    try:
        key = resume.resume_key(token)
    except resume.LinkExpired:
        return _link_problem(request, consultation, "expired", status=410)
    except resume.LinkBroken:
        return _link_problem(request, consultation, "broken", status=404)
    response = Response.objects.filter(consultation=consultation, resume_key=key).first()
    if response is None:  # Signed by us, but for another consultation, or the response is gone.
        return _link_problem(request, consultation, "broken", status=404)
    request.session[_session_key(consultation)] = response.resume_key
    if response.is_submitted:
        return redirect(_url(consultation, "confirmation"))
    if not responding.is_taking_answers(consultation):
        return _closed(request, consultation, response)
    return redirect(_next_page(response))


def _link_problem(request, consultation, problem: str, *, status: int) -> HttpResponse:
    started = _response(request, consultation)
    return _page(
        request,
        "link",
        consultation,
        status=status,
        problem=problem,
        max_days=resume.MAX_AGE.days,
        started=started if started and not started.is_submitted else None,
        taking_answers=responding.is_taking_answers(consultation),
    )
