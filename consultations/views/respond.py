"""
The resident's survey: a start page, a page per domain, the general questions, "About you", the
equality questions, "Check your answers" and a confirmation. Each page saves on the server
(consultations/responding.py), so an error or a lost connection never loses an earlier page. The
started response is found from the session (its resume_key, keyed by consultation); every page works
without JavaScript. A page sent after the consultation closed shows what the resident typed.
"""

from functools import partial

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_safe

from core import ratelimit
from core.forms import add_errors
from core.http import HtmxHttpRequest

from .. import responding
from ..models import Question, Respondent
from ..respond_forms import AboutForm, DomainForm, EqualityForm, QuestionsForm, StartForm
from .resume import _later, _save_for_later
from .survey import (
    _busy,
    _closed,
    _consultation,
    _neighbours,
    _page,
    _pages,
    _response,
    _saved,
    _sent,
    _session_key,
    _started,
    _summary,
    _url,
)


def respond_start(request: HtmxHttpRequest, board_slug: str, slug: str) -> HttpResponse:
    """Before you start: what it is about and how long it takes; Start now starts a response."""
    consultation = _consultation(board_slug, slug)
    form = StartForm(_sent(request))
    if not responding.is_taking_answers(consultation):
        return _closed(request, consultation, None)
    if request.method == "POST" and (wait := ratelimit.hit(request, "respond_start")):
        return _busy(request, consultation, "start", wait)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:  # The honeypot: a robot. Refused without a word.
            return redirect(consultation.get_absolute_url())
        try:
            response = responding.response_start(
                consultation=consultation, form_key=form.cleaned_data["form_token"]
            )
        except responding.ConsultationClosed:
            return _closed(request, consultation, None)
        except ValidationError as error:
            add_errors(form, error)
            form.set_hidden("form_token", form.fields["form_token"].replacement())
        else:
            request.session[_session_key(consultation)] = response.resume_key
            return redirect(_pages(consultation)[0])
    started = _response(request, consultation)
    return _page(
        request,
        "start",
        consultation,
        form=form,
        started=started if started and not started.is_submitted else None,
        first_page=_pages(consultation)[0],
        problems=[{"text": error, "href": "#start"} for error in form.non_field_errors()],
    )


def respond_domain(request: HtmxHttpRequest, board_slug: str, slug: str, domain_id: int) -> HttpResponse:
    """How far the resident agrees with each priority of one domain, and why."""
    consultation = _consultation(board_slug, slug)
    domain = next((d for d in consultation.domains() if d["id"] == domain_id), None)
    if domain is None:
        raise Http404
    response, away = _started(request, consultation)
    if away:
        return away
    initial = {}
    for answer in response.priority_answers.all():
        initial[f"agreement_{answer.priority_id}"] = str(answer.agreement or "")
    for comment in response.comments.filter(priority_id__isnull=False):
        initial[f"comment_{comment.priority_id}"] = comment.text
    make_form = partial(DomainForm, initial=initial, domain=domain)
    form = make_form(_sent(request))
    if not responding.is_taking_answers(consultation):
        return _closed(request, consultation, response, form)

    def save(form, complete=True):
        responding.response_save_domain(response=response, domain_id=domain_id, answers=form.answers())

    if _later(request):
        later = _save_for_later(request, consultation, response, make_form, save)
        if isinstance(later, HttpResponse):
            return later
        form = later  # Answers the page's checks refuse: shown with their errors, all as typed.
    elif request.method == "POST" and form.is_valid():
        if done := _saved(request, consultation, response, form, partial(save, form)):
            return done
    domains = consultation.domains()
    number = next(n for n, d in enumerate(domains, start=1) if d["id"] == domain_id)
    back, _ = _neighbours(request, consultation)
    text = consultation.text()
    return _page(
        request, "domain", consultation, form=form, domain=domain, number=number, text=text, back=back
    )


def respond_questions(request: HtmxHttpRequest, board_slug: str, slug: str) -> HttpResponse:
    """The officers' general questions (only if there are any)."""
    consultation = _consultation(board_slug, slug)
    questions = list(consultation.questions.all())
    if not questions:
        raise Http404
    response, away = _started(request, consultation)
    if away:
        return away
    initial: dict[str, object] = {}
    for choice in response.choices.all():
        initial.setdefault(f"question_{choice.question_id}", []).append(choice.option)
    for question in questions:
        name = f"question_{question.pk}"
        if question.kind == Question.Kind.SINGLE and initial.get(name):
            initial[name] = initial[name][0]
    for comment in response.comments.filter(question__isnull=False):
        initial[f"question_{comment.question_id}"] = comment.text
    make_form = partial(QuestionsForm, initial=initial, questions=questions)
    form = make_form(_sent(request))
    if not responding.is_taking_answers(consultation):
        return _closed(request, consultation, response, form)

    def save(form, complete=True):
        responding.response_save_questions(response=response, data=form.answers(), complete=complete)

    if _later(request):
        later = _save_for_later(request, consultation, response, make_form, save)
        if isinstance(later, HttpResponse):
            return later
        form = later  # Answers the page's checks refuse: shown with their errors, all as typed.
    elif request.method == "POST" and form.is_valid():
        if done := _saved(request, consultation, response, form, partial(save, form)):
            return done
    back, _ = _neighbours(request, consultation)
    return _page(request, "questions", consultation, form=form, back=back)


def respond_about(request: HtmxHttpRequest, board_slug: str, slug: str) -> HttpResponse:
    """Who they respond as, and (optional) their name and an email address for updates, with consent."""
    consultation = _consultation(board_slug, slug)
    response, away = _started(request, consultation)
    if away:
        return away
    respondent = Respondent.objects.filter(response=response).first()
    initial = {
        "respondent_type": response.respondent_type,
        "organisation": response.organisation,
        "other": response.respondent_type_other,
    }
    if respondent:
        initial |= {
            "name": respondent.name,
            "email": respondent.email,
            "wants_updates": respondent.wants_updates,
        }
    make_form = partial(AboutForm, initial=initial)
    form = make_form(_sent(request))
    if not responding.is_taking_answers(consultation):
        return _closed(request, consultation, response, form)

    def save(form, complete=True):
        responding.response_save_about(response=response, **form.cleaned_data, complete=complete)

    if _later(request):
        later = _save_for_later(request, consultation, response, make_form, save)
        if isinstance(later, HttpResponse):
            return later
        form = later  # Answers the page's checks refuse: shown with their errors, all as typed.
    elif request.method == "POST" and form.is_valid():
        if done := _saved(request, consultation, response, form, partial(save, form)):
            return done
    back, _ = _neighbours(request, consultation)
    return _page(request, "about", consultation, form=form, back=back)


def respond_equality(request: HtmxHttpRequest, board_slug: str, slug: str) -> HttpResponse:
    """The equality monitoring questions: every one optional, each with "Prefer not to say"."""
    consultation = _consultation(board_slug, slug)
    if not consultation.ask_equality:
        raise Http404
    response, away = _started(request, consultation)
    if away:
        return away
    make_form = partial(EqualityForm, initial=response.equality)
    form = make_form(_sent(request))
    if not responding.is_taking_answers(consultation):
        return _closed(request, consultation, response, form)

    def save(form, complete=True):
        responding.response_save_equality(response=response, data=form.cleaned_data)

    if _later(request):
        later = _save_for_later(request, consultation, response, make_form, save)
        if isinstance(later, HttpResponse):
            return later
        form = later  # Answers the page's checks refuse: shown with their errors, all as typed.
    elif request.method == "POST" and form.is_valid():
        if done := _saved(request, consultation, response, form, partial(save, form)):
            return done
    back, _ = _neighbours(request, consultation)
    return _page(request, "equality", consultation, form=form, back=back)


def respond_check(request: HtmxHttpRequest, board_slug: str, slug: str) -> HttpResponse:
    """Check your answers, each page with a Change link; sending the response."""
    consultation = _consultation(board_slug, slug)
    response, away = _started(request, consultation)
    if away:
        return away
    if not responding.is_taking_answers(consultation):
        return _closed(request, consultation, response)
    problems = []
    if request.method == "POST" and (wait := ratelimit.hit(request, "respond_submit")):
        return _busy(request, consultation, "submit", wait)
    if request.method == "POST":
        try:
            responding.response_submit(response=response)
        except responding.ConsultationClosed:
            return _closed(request, consultation, response)
        except ValidationError as error:
            pages = {"about": _url(consultation, "about"), "questions": _url(consultation, "questions")}
            for page, messages in error.message_dict.items():
                problems += [
                    {"text": message, "href": pages.get(page, "#") + "?change=1"} for message in messages
                ]
        else:
            return redirect(_url(consultation, "confirmation"))
    back = _pages(consultation)[-2]
    summary = _summary(consultation, response)
    return _page(request, "check", consultation, summary=summary, problems=problems, back=back)


@require_safe
def respond_confirmation(request: HtmxHttpRequest, board_slug: str, slug: str) -> HttpResponse:
    """Response sent: the reference number, and what happens next."""
    consultation = _consultation(board_slug, slug)
    response = _response(request, consultation)
    if response is None:
        return redirect(_url(consultation, "start"))
    if not response.is_submitted:
        return redirect(_url(consultation, "check"))
    emailed = Respondent.objects.filter(response=response).exclude(email="").exists()
    return _page(request, "confirmation", consultation, response=response, emailed=emailed)
