"""
The themes page (rename and merge the themes of a consultation) and the agreement page (how far officers
agree on the comments both coded), beside the coding page
(docs/decisions/0021-theme-suggestions-and-agreement.md).
Plain forms: everything works without JavaScript.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.forms import add_errors
from core.http import HtmxHttpRequest

from .. import agreement, coding, services
from ..coding_forms import ThemeMergeForm, ThemeRenameForm
from ..models import Consultation, Theme
from .offline import responses_consultation


def _theme(user, pk: int) -> Theme:
    """A theme of a consultation whose responses the user may read, else 404."""
    theme = get_object_or_404(
        Theme.objects.filter(consultation__in=Consultation.objects.editable_by(user)).select_related(
            "consultation__board", "consultation__strategy", "consultation__revision"
        ),
        pk=pk,
    )
    responses_consultation(user, theme.consultation_id)
    return theme


def _themes_page(request, consultation: Consultation, failed: ThemeRenameForm | None = None, status=200):
    titles = {priority["id"]: priority["title"] for priority in consultation.priorities()}
    themes = coding.themes_for(consultation).annotate(comments=Count("codings__comment", distinct=True))
    rows = []
    for theme in themes:
        form = failed if failed is not None and failed.prefix == f"theme-{theme.pk}" else None
        rows.append(
            {
                "theme": theme,
                "about": titles.get(theme.priority_id, "A priority no longer in the consulted text")
                if theme.priority_id
                else "The whole consultation",
                "form": form or ThemeRenameForm(theme=theme),
            }
        )
    context = {
        "consultation": consultation,
        "board": consultation.board,
        "rows": rows,
        "failed": failed,
        "can_code": consultation.status in coding.CODING_STATUSES,
    }
    return render(request, "consultations/themes.html", context, status=status)


@login_required
@require_safe
def consultation_themes(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    consultation = responses_consultation(request.user, pk)
    return _themes_page(request, consultation)


@login_required
@require_POST
def theme_rename(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    theme = _theme(request.user, pk)
    consultation = theme.consultation
    form = ThemeRenameForm(request.POST, theme=theme)
    if form.is_valid():
        old = theme.name
        try:
            theme = services.theme_rename(theme=theme, by=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Renamed “{old}” to “{theme.name}”.")
            return redirect(reverse("consultations:themes", args=[consultation.pk]) + f"#theme-{theme.pk}")
    return _themes_page(request, consultation, failed=form, status=422)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def theme_merge(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Fold a theme into another (two names for one idea): a page of its own, with what will happen."""
    theme = _theme(request.user, pk)
    consultation = theme.consultation
    themes = list(coding.themes_for(consultation))
    form = ThemeMergeForm(request.POST or None, theme=theme, themes=themes)
    if request.method == "POST" and form.is_valid():
        into = form.into_theme()
        try:
            services.theme_merge(theme=theme, into=into, by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Merged “{theme.name}” into “{into.name}”.")
            return redirect(reverse("consultations:themes", args=[consultation.pk]) + f"#theme-{into.pk}")
    context = {
        "consultation": consultation,
        "board": consultation.board,
        "theme": theme,
        "form": form,
        "comments": theme.codings.values("comment").distinct().count(),
    }
    return render(request, "consultations/theme_merge.html", context, status=422 if form.errors else 200)


@login_required
@require_safe
def coding_agreement(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    consultation = responses_consultation(request.user, pk)
    context = {
        "consultation": consultation,
        "board": consultation.board,
        "pairs": agreement.coder_agreement(consultation),
        "bands": agreement.BANDS,
    }
    return render(request, "consultations/coding_agreement.html", context)
