"""
The coding page (docs/decisions/0019-coding-comments.md): the board's officers read the comments, from
every channel and from events, code each with themes, and see how much is coded. The filters are a GET
form (htmx swaps the list and pushes the URL); each comment's themes are a small POST form (htmx swaps
that comment, and the page's script moves the focus to the next comment not coded yet).
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from core.forms import add_errors, parse_id
from core.http import HtmxHttpRequest, wants_partial

from .. import coding, services, suggestions
from ..coding_forms import CodingFilterForm, CommentCodeForm
from ..models import Coding, Comment, Consultation, Suggestion, Theme
from .offline import responses_consultation

TEMPLATE = "consultations/coding.html"
PER_PAGE = 20
FILTER_FORM_ID = "coding-filters"
SUGGESTIONS_ID = "suggestions-state"


def _rows(
    consultation: Consultation, comments, user, themes: list, focus: int | None = None, blind: bool = False
) -> list[dict]:
    """Each comment with its themes (everyone's), the themes it may be coded with, and its form."""
    titles = {priority["id"]: priority["title"] for priority in consultation.priorities()}
    rows = []
    for comment in comments:
        row = _row(consultation, comment, user, themes, titles, blind=blind)
        if comment.pk == focus:
            # Back from saving the one before, without JavaScript: straight on to this one.
            row["form"].fields["new_theme"].widget.attrs["autofocus"] = True
        rows.append(row)
    return rows


def _offered(comment: Comment, themes: list) -> list:
    """The themes of the comment's priorities, and those of the whole consultation."""
    priorities = {comment.priority_id} if comment.priority_id else set(comment.priorities or [])
    return [theme for theme in themes if theme.priority_id is None or theme.priority_id in priorities]


def _row(consultation, comment, user, themes, titles, form=None, blind: bool = False) -> dict:
    """
    A comment's row. `blind` (a second coding): other officers' codes are not shown, nor suggestions.
    Suggestions show only on a comment nobody has coded.
    """
    codings = list(comment.codings.all())
    mine = [coding_.theme for coding_ in codings if coding_.coder_id == user.pk]
    shown = [coding_ for coding_ in codings if coding_.coder_id == user.pk] if blind else codings
    names = sorted({coding_.theme.name for coding_ in shown}, key=str.casefold)
    offered = _offered(comment, themes)
    offered += [theme for theme in mine if theme not in offered]
    hints = [] if codings or blind else list(comment.suggestions.all())
    suggested = [hint.theme for hint in hints]
    if form is None:
        form = CommentCodeForm(
            themes=offered,
            suggested=suggested,
            initial={"themes": [theme.pk for theme in mine], "blind": blind},
            number=comment.pk,
        )
    if comment.priority_id:
        about = [titles.get(comment.priority_id, "")]
    elif comment.question_id:
        about = [comment.question.text]
    else:
        about = [titles.get(pk, "") for pk in comment.priorities]
    return {
        "comment": comment,
        "themes": names,
        "form": form,
        "about": [a for a in about if a],
        "suggestions": hints,
        "blind": blind,
        "hidden_codes": blind and len(shown) < len(codings),
        "done": bool(mine) if blind else bool(codings),
    }


def _comments(consultation: Consultation, filters, user=None):
    return coding.comments_to_code(consultation, filters, user).prefetch_related(
        Prefetch("codings", queryset=Coding.objects.select_related("theme")),
        Prefetch("suggestions", queryset=Suggestion.objects.select_related("theme")),
    )


@login_required
@require_safe
@vary_on_headers("HX-Request")
def consultation_coding(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    consultation = responses_consultation(request.user, pk)
    themes = list(coding.themes_for(consultation))
    form = CodingFilterForm(request.GET or None, consultation=consultation, themes=themes)
    filters = form.filters()
    can_code = consultation.status in coding.CODING_STATUSES
    if can_code and request.htmx and request.htmx.target == SUGGESTIONS_ID:
        return _suggestions_state(request, consultation)  # Polled while the job runs.
    page = Paginator(_comments(consultation, filters, request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    focus = parse_id(request.GET.get("focus"))
    rows = _rows(consultation, page.object_list, request.user, themes, focus, blind=filters.second)
    context = {
        "consultation": consultation,
        "board": consultation.board,
        "form": form,
        "page": page,
        "rows": rows,
        "themes": themes,
        "progress": coding.coding_progress(consultation) if can_code else None,
        "can_code": can_code,
        "focus": focus,
        "back": request.get_full_path(),
        "query": _query(request, page=False),
        "filter_form_id": FILTER_FORM_ID,
        "run": suggestions.run_for(consultation) if can_code else None,
        "blind": filters.second,
    }
    template = TEMPLATE
    if wants_partial(request):
        template += "#comments"
        if request.htmx.trigger == FILTER_FORM_ID:
            context["announce"] = f"{page.paginator.count} comments shown."
    return render(request, template, context)


def _query(request, *, page: bool) -> str:
    """The page's filters (and its page number, if asked) for links: never the focus."""
    kept = [(key, value) for key, value in request.GET.items() if key not in ("focus", "page")]
    if page and request.GET.get("page"):
        kept.append(("page", request.GET["page"]))
    return urlencode(kept)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def comment_code(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Save one officer's themes for a comment: the comment again (htmx), or back to the page."""
    comment = get_object_or_404(
        Comment.objects.filter(consultation__in=Consultation.objects.editable_by(request.user))
        .select_related("consultation__board", "consultation__strategy", "consultation__revision")
        .select_related("response", "event", "question"),
        pk=pk,
    )
    consultation = responses_consultation(request.user, comment.consultation_id)
    if comment.response_id and not comment.response.is_submitted:
        return HttpResponse(status=404)
    themes = list(coding.themes_for(consultation))
    titles = {priority["id"]: priority["title"] for priority in consultation.priorities()}
    blind = request.POST.get("blind") == "True"
    before = _row(consultation, comment, request.user, themes, titles, blind=blind)
    suggested = [hint.theme for hint in before["suggestions"]]
    offered = [theme for theme in before["form"].themes_offered.values() if theme not in suggested]
    form = CommentCodeForm(request.POST, themes=offered, suggested=suggested, number=comment.pk)
    saved = False
    if form.is_valid():
        try:
            chosen = services.comment_code(comment=comment, by=request.user, **form.service_fields())
        except ValidationError as error:
            add_errors(form, error)
        else:
            saved = True
            names = ", ".join(theme.name for theme in chosen) or "no themes"
            if not wants_partial(request):
                messages.success(request, f"Coded the comment with {names}.")
                return redirect(_after(request, consultation, comment, form.cleaned_data["back"]))
    themes = list(coding.themes_for(consultation))
    comment = _comments(consultation, coding.CommentFilters()).get(pk=comment.pk)
    row = _row(consultation, comment, request.user, themes, titles, form=None if saved else form, blind=blind)
    context = {
        "consultation": consultation,
        "row": row,
        "can_code": True,
        "saved": saved,
        "back": form.cleaned_data.get("back", "") if form.is_valid() else request.POST.get("back", "")[:500],
        "themes": themes,
        "progress": coding.coding_progress(consultation),
    }
    if saved:
        context["announce"] = f"Coded the comment with {names}."
    if wants_partial(request):
        return render(request, TEMPLATE + "#comment-saved", context)
    # Without htmx, a form with errors: the whole page, this comment's errors shown in its row.
    return _page_with(request, consultation, row, context)


def _page_with(request, consultation, row, context) -> HttpResponse:
    themes = context["themes"]
    form = CodingFilterForm(consultation=consultation, themes=themes)
    page = Paginator(_comments(consultation, coding.CommentFilters()), PER_PAGE).get_page(1)
    rows = [row] + [
        other
        for other in _rows(consultation, page.object_list, request.user, themes)
        if other["comment"].pk != row["comment"].pk
    ]
    context |= {"board": consultation.board, "form": form, "page": page, "rows": rows, "focus": None}
    context |= {"query": "", "filter_form_id": FILTER_FORM_ID}
    return render(request, TEMPLATE, context, status=422)


def _after(request, consultation: Consultation, comment: Comment, back: str) -> str:
    """The page the officer came from, its focus on the next comment not yet coded (after this one)."""
    page_url = reverse("consultations:coding", args=[consultation.pk])
    if not (back.startswith(page_url) and url_has_allowed_host_and_scheme(back, allowed_hosts=None)):
        back = page_url
    base, _, query = back.partition("?")
    params = QueryDict(query, mutable=True)
    form = CodingFilterForm(params or None, consultation=consultation, themes=coding.themes_for(consultation))
    listed = coding.comments_to_code(consultation, form.filters(), request.user)
    following = listed.filter(pk__gt=comment.pk, coded=False).first()
    params.pop("focus", None)
    if following is not None:
        params["page"] = str(listed.filter(pk__lt=following.pk).count() // PER_PAGE + 1)
        params["focus"] = str(following.pk)
    return f"{base}?{params.urlencode()}" if params else base


# Theme suggestions (consultations/suggestions.py) --------------------------------------------------


def _suggestions_state(request, consultation: Consultation, status: int = 200) -> HttpResponse:
    run = suggestions.run_for(consultation)
    context = {"consultation": consultation, "run": run, "can_code": True, "back": _back(request)}
    if request.htmx.target == SUGGESTIONS_ID and run and not run.in_progress:
        context["announce"] = _run_outcome(run)  # The poll that sees the job end, or an eager job.
    return render(request, TEMPLATE + "#suggestions-state", context, status=status)


def _run_outcome(run) -> str:
    if run.status == run.Status.FAILED:
        return "The themes could not be suggested."
    return f"Themes suggested for {run.suggested} comment{'s' if run.suggested != 1 else ''}."


def _back(request) -> str:
    """The coding page the request came from (its filters), or the page itself."""
    back = request.POST.get("back", "") if request.method == "POST" else request.get_full_path()
    return back[:500]


def _coding_url(consultation: Consultation, back: str) -> str:
    page_url = reverse("consultations:coding", args=[consultation.pk])
    if back.startswith(page_url) and url_has_allowed_host_and_scheme(back, allowed_hosts=None):
        return back
    return page_url


@login_required
@require_POST
@vary_on_headers("HX-Request")
def coding_suggest(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Queue the job that suggests themes; with eager Celery (make run) it has run by the answer."""
    consultation = responses_consultation(request.user, pk)
    try:
        suggestions.suggestions_request(consultation=consultation, by=request.user)
    except ValidationError as error:
        problem = " ".join(error.messages)
        if wants_partial(request):
            response = _suggestions_state(request, consultation)
            response.content += f'<div hx-swap-oob="innerHTML:#status-announcer">{problem}</div>'.encode()
            return response
        messages.error(request, problem)
    else:
        if not wants_partial(request):
            messages.success(request, "Asked for theme suggestions.")
    if wants_partial(request):
        return _suggestions_state(request, consultation)
    return redirect(_coding_url(consultation, request.POST.get("back", "")))


@login_required
@require_POST
@vary_on_headers("HX-Request")
def suggestion_reject(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """ "Not this theme": the suggestion goes, and is not made for this comment again."""
    comment = get_object_or_404(
        Comment.objects.filter(
            consultation__in=Consultation.objects.editable_by(request.user)
        ).select_related("consultation__board", "consultation__strategy"),
        pk=pk,
    )
    consultation = responses_consultation(request.user, comment.consultation_id)
    theme = Theme.objects.filter(consultation=consultation, pk=parse_id(request.POST.get("theme"))).first()
    back = _coding_url(consultation, request.POST.get("back", ""))
    if theme is None:
        if wants_partial(request):
            return HttpResponse(status=404)
        messages.error(request, "That theme no longer exists.")
        return redirect(back)
    services.suggestion_reject(comment=comment, theme=theme, by=request.user)
    said = f"“{theme.name}” will not be suggested for comment {comment.pk} again."
    if wants_partial(request):
        context = {"comment": comment, "theme": theme, "announce": said}
        return render(request, TEMPLATE + "#suggestion-rejected", context)
    messages.success(request, said)
    base, _, query = back.partition("?")
    params = QueryDict(query, mutable=True)
    params["focus"] = str(comment.pk)
    return redirect(f"{base}?{params.urlencode()}#comment-{comment.pk}")
