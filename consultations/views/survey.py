"""
What the resident's survey pages share (views/respond.py, views/resume.py): finding the consultation
and the started response (its resume_key in the session, keyed by consultation), the pages in order,
rendering a page, and the pages that refuse with what the resident typed: closed, too many (429).
"""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from core.forms import add_errors
from core.http import HtmxHttpRequest

from .. import equality, responding
from ..models import Agreement, Consultation, Question, Respondent, Response


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


def _saved(request, consultation, response, form, save, then: str | None = None) -> HttpResponse | None:
    """
    Run the page's save, then on to `then` (the next page by default); None if it was refused, with
    the errors now on the form for the page to show again.
    """
    try:
        save()
    except responding.ConsultationClosed:
        return _closed(request, consultation, response, form)
    except responding.AlreadySubmitted:
        return redirect(_url(consultation, "confirmation"))
    except ValidationError as error:
        add_errors(form, error)
        return None
    return redirect(then or _neighbours(request, consultation)[1])
