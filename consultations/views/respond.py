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
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from core import ratelimit
from core.forms import add_errors
from core.http import HtmxHttpRequest

from .. import equality, responding
from ..models import Agreement, Consultation, Question, Respondent, Response
from ..respond_forms import AboutForm, DomainForm, EqualityForm, QuestionsForm, StartForm


def _session_key(consultation: Consultation) -> str:
    return f"consultations.response.{consultation.pk}"


def _consultation(board_slug: str, slug: str) -> Consultation:
    return get_object_or_404(
        Consultation.objects.public().select_related("board", "strategy", "revision"),
        board__slug=board_slug,
        slug=slug,
    )


def _response(request: HtmxHttpRequest, consultation: Consultation) -> Response | None:
    key = request.session.get(_session_key(consultation))
    if not isinstance(key, str) or not key:
        return None
    return Response.objects.filter(consultation=consultation, resume_key=key).first()


def _url(consultation: Consultation, name: str, **kwargs) -> str:
    kwargs |= {"board_slug": consultation.board.slug, "slug": consultation.slug}
    return reverse(f"consultations:respond_{name}", kwargs=kwargs)


def _pages(consultation: Consultation) -> list[str]:
    """The survey's pages in order, as URLs."""
    pages = [_url(consultation, "domain", domain_id=domain["id"]) for domain in consultation.domains()]
    if consultation.questions.exists():
        pages.append(_url(consultation, "questions"))
    pages.append(_url(consultation, "about"))
    if consultation.ask_equality:
        pages.append(_url(consultation, "equality"))
    pages.append(_url(consultation, "check"))
    return pages


def _neighbours(request: HtmxHttpRequest, consultation: Consultation) -> tuple[str, str]:
    """(back, next) for the page asked for: after a Change link, both are "Check your answers"."""
    pages = _pages(consultation)
    if request.GET.get("change"):
        return pages[-1], pages[-1]
    here = pages.index(request.path) if request.path in pages else 0
    back = pages[here - 1] if here else _url(consultation, "start")
    return back, pages[min(here + 1, len(pages) - 1)]


def _started(
    request: HtmxHttpRequest, consultation: Consultation
) -> tuple[Response | None, HttpResponse | None]:
    """The resident's started response, or where to send them instead (the start, or the confirmation)."""
    response = _response(request, consultation)
    if response is None:
        return None, redirect(_url(consultation, "start"))
    if response.is_submitted:
        return None, redirect(_url(consultation, "confirmation"))
    return response, None


def _sent(request: HtmxHttpRequest):
    """The data sent, if this is a POST: a page sent with nothing chosen is still a page sent."""
    return request.POST if request.method == "POST" else None


def _page(
    request, template: str, consultation: Consultation, *, status: int = 200, **context
) -> HttpResponse:
    return render(
        request,
        f"consultations/respond_{template}.html",
        {"board": consultation.board, "consultation": consultation, **context},
        status=status,
    )


def _typed(form) -> list[tuple[str, str]]:
    """What the resident sent on a refused page, as (question, answer), so they can copy it."""
    typed = []
    for field in form:
        value = field.value()
        choices = dict(getattr(field.field, "choices", ()))
        values = value if isinstance(value, list) else [value]
        shown = [
            "Yes" if v is True else str(choices.get(_number(v), choices.get(v, v)))
            for v in values
            if v not in (None, "", False)
        ]
        if shown and field.name not in ("form_token", "website"):
            typed.append((field.label, ", ".join(shown)))
    return typed


def _number(value):
    return (
        int(value)
        if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 3
        else value
    )


def _closed(request, consultation: Consultation, response: Response | None, form=None) -> HttpResponse:
    """The consultation does not take answers: say so, with what they typed and saved, to copy."""
    return _page(
        request,
        "closed",
        consultation,
        typed=_typed(form) if form is not None and form.is_bound else [],
        summary=_summary(consultation, response) if response is not None else [],
    )


def _saved(request, consultation, response, form, save) -> HttpResponse | None:
    """Run the page's save; None if it was refused with errors now on the form."""
    try:
        save()
    except responding.ConsultationClosed:
        return _closed(request, consultation, response, form)
    except responding.AlreadySubmitted:
        return redirect(_url(consultation, "confirmation"))
    except ValidationError as error:
        add_errors(form, error)
        return None
    return redirect(_neighbours(request, consultation)[1])


def _busy(request, consultation: Consultation, action: str, wait: int, **context) -> HttpResponse:
    """
    Too many of `action` from this address: a 429 that says when to try again, and keeps what they
    had (their answers are saved; the page shows what they typed). Going back keeps the form too.
    """
    page = _page(
        request,
        "busy",
        consultation,
        status=429,
        action=action,
        minutes=max(1, -(-wait // 60)),
        started=_response(request, consultation),
        **context,
    )
    page["Retry-After"] = str(wait)
    return page


def _unsaved_key(consultation: Consultation) -> str:
    return f"consultations.unsaved.{consultation.pk}"


def _later(request: HtmxHttpRequest) -> bool:
    """The page was sent with "Save and come back later" (the buttons share the name `then`)."""
    return request.method == "POST" and request.POST.get("then") == "later"


def _reset(data, name: str, value) -> None:
    """Put a field's saved value back into the data sent, as a browser would send it."""
    data.pop(name, None)
    if value in (None, "", False, []):
        return
    if value is True:
        data[name] = "on"
    elif isinstance(value, list):
        data.setlist(name, [str(item) for item in value])
    else:
        data[name] = str(value)


def _optional(form):
    """The form with every answer optional: saved to come back to, a required answer can wait."""
    for field in form.fields.values():
        field.required = False
    return form


def _save_for_later(request, consultation, response, make_form, save) -> HttpResponse:
    """
    "Save and come back later": save what the page's checks accept and, for each answer they refuse,
    keep what was saved before; the next page says what was not saved. `make_form(data)` binds the
    page's form, `save(form)` runs its service.
    """
    form, unsaved, nothing = _optional(make_form(request.POST)), [], False
    for _ in range(3):  # Each round puts back the refused answers; a third refusal means no luck.
        if form.is_valid():
            try:
                save(form, complete=False)
                break
            except responding.ConsultationClosed:
                return _closed(request, consultation, response, form)
            except responding.AlreadySubmitted:
                return redirect(_url(consultation, "confirmation"))
            except ValidationError as error:
                errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
        else:
            errors = {name: list(messages) for name, messages in form.errors.items()}
        unsaved += [message for messages in errors.values() for message in messages]
        if any(name not in form.fields for name in errors):
            nothing = True  # An error about the page as a whole: there is nothing to put back.
            break
        data = form.data.copy()
        for name in errors:
            _reset(data, name, form.initial.get(name))
        form = _optional(make_form(data))
    else:
        nothing = True
    request.session[_unsaved_key(consultation)] = {
        "messages": list(dict.fromkeys(unsaved)),
        "nothing": nothing,
    }
    return redirect(_url(consultation, "save"))


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
        return _save_for_later(request, consultation, response, make_form, save)
    if request.method == "POST" and form.is_valid():
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
        return _save_for_later(request, consultation, response, make_form, save)
    if request.method == "POST" and form.is_valid():
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
        return _save_for_later(request, consultation, response, make_form, save)
    if request.method == "POST" and form.is_valid():
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
        return _save_for_later(request, consultation, response, make_form, save)
    if request.method == "POST" and form.is_valid():
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
    return _page(request, "confirmation", consultation, response=response)


def _summary(consultation: Consultation, response: Response) -> list[dict]:
    """The answers saved so far, a section per page: {"title", "url", "rows": [{"key", "value", "more"}]}."""
    agreements = dict(response.priority_answers.values_list("priority_id", "agreement"))
    comments = {c.priority_id: c.text for c in response.comments.filter(priority_id__isnull=False)}
    labels = dict(Agreement.choices)
    not_answered = "Not answered"
    sections = []
    for domain in consultation.domains():
        rows = [
            {
                "key": priority["title"],
                "value": labels.get(agreements.get(priority["id"]), not_answered),
                "more": comments.get(priority["id"], ""),
            }
            for priority in domain["priorities"]
        ]
        sections.append(
            {
                "title": domain["title"],
                "url": _url(consultation, "domain", domain_id=domain["id"]),
                "rows": rows,
            }
        )
    questions = list(consultation.questions.all())
    if questions:
        chosen: dict[int, list[str]] = {}
        for choice in response.choices.all():
            chosen.setdefault(choice.question_id, []).append(choice.option)
        texts = {c.question_id: c.text for c in response.comments.filter(question__isnull=False)}
        rows = [
            {
                "key": question.text,
                "value": ", ".join(chosen.get(question.pk, []))
                if question.kind != Question.Kind.TEXT
                else "",
                "more": texts.get(question.pk, ""),
            }
            for question in questions
        ]
        for row in rows:
            if not row["value"] and not row["more"]:
                row["value"] = not_answered
        sections.append({"title": "Other questions", "url": _url(consultation, "questions"), "rows": rows})
    respondent = Respondent.objects.filter(response=response).first()
    rows = [{"key": "Responding as", "value": response.responding_as() or not_answered, "more": ""}]
    if respondent and respondent.name:
        rows.append({"key": "Name", "value": respondent.name, "more": ""})
    if respondent and respondent.email:
        rows.append({"key": "Email address", "value": respondent.email, "more": ""})
        rows.append(
            {"key": "Updates by email", "value": "Yes" if respondent.wants_updates else "No", "more": ""}
        )
    sections.append({"title": "About you", "url": _url(consultation, "about"), "rows": rows})
    if consultation.ask_equality:
        rows = [
            {"key": question.text, "value": response.equality[question.key], "more": ""}
            for question in equality.QUESTIONS
            if question.key in response.equality
        ]
        if not rows:
            rows = [{"key": "Equality monitoring", "value": "No answers given", "more": ""}]
        sections.append({"title": "Equality monitoring", "url": _url(consultation, "equality"), "rows": rows})
    return sections
