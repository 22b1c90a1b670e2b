"""
A board's news: residents read the list (a page at a time) and each update, and follow the board's
Atom feed (news.feeds); officers of the board write, change, unpublish and delete its updates. The
add and edit forms are plain forms that htmx sends in place (#news-form), so that errors appear
beside the fields without a page load; everything works without JavaScript. A subscriber chooses
whether to get the board's news by email through the signed link in their emails.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from boards.models import Board
from consultations import subscribers
from core import formtokens
from core.forms import add_errors
from core.http import HtmxHttpRequest, wants_partial
from core.versions import EditConflict, show_conflict

from . import permissions, services
from .feeds import BoardFeed, StrategyFeed
from .forms import NewsForm, NewsSubscriptionForm
from .models import NewsItem, NewsSubscription

PER_PAGE = 10
ADD_NEWS = "news.add"  # The add form's one-time token (core.formtokens).

# Feeds are read, never posted to.
board_feed = require_safe(BoardFeed())
strategy_feed = require_safe(StrategyFeed())


def editable_item(user, pk: int) -> NewsItem:
    item = get_object_or_404(NewsItem.objects.select_related("board", "strategy__board"), pk=pk)
    if not permissions.can_edit(user, item):
        raise Http404("Only the board's officers change its news.")
    return item


def _manage_url() -> str:
    return reverse("news:manage_list")


def _go(request: HtmxHttpRequest, destination: str) -> HttpResponse:
    """After a success: a redirect, or for htmx a whole-window one (the form is done with)."""
    return HttpResponseClientRedirect(destination) if wants_partial(request) else redirect(destination)


# Residents' pages -----------------------------------------------------------------------------------


@require_safe
def news_list(request: HtmxHttpRequest, board_slug: str) -> HttpResponse:
    """A board's published updates, newest first, a page at a time."""
    board = get_object_or_404(Board, slug=board_slug)
    page = Paginator(
        NewsItem.objects.public().filter(board=board).select_related("board"), PER_PAGE
    ).get_page(request.GET.get("page"))
    context = {"board": board, "page": page, "can_write": permissions.can_edit(request.user, board)}
    return render(request, "news/news_list.html", context)


@require_safe
def news_detail(request: HtmxHttpRequest, board_slug: str, pk: int) -> HttpResponse:
    """One update; a draft or scheduled one only for the board's officers (a preview), else a 404."""
    item = get_object_or_404(
        NewsItem.objects.visible_to(request.user).select_related("board", "strategy__board"),
        board__slug=board_slug,
        pk=pk,
    )
    context = {"board": item.board, "item": item, "can_edit": permissions.can_edit(request.user, item)}
    return render(request, "news/news_detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def subscription(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """A subscriber's choice of the board's news by email (their signed link is the authority)."""
    subscriber = subscribers.subscriber_from_token(token)
    if subscriber is None or subscriber.unsubscribed_at is not None:
        return render(request, "consultations/subscription_unknown.html", status=404)
    board = (subscriber.consultation or subscriber.strategy).board
    wanted = NewsSubscription.objects.filter(subscriber=subscriber).exists()
    form = NewsSubscriptionForm(request.POST or None, initial={"news": "yes" if wanted else "no"})
    saved = False
    if request.method == "POST" and form.is_valid():
        wanted = services.news_subscription_set(
            subscriber=subscriber, wanted=form.cleaned_data["news"] == "yes"
        )
        saved = True
    context = {
        "board": board,
        "subscriber": subscriber,
        "form": form,
        "wanted": wanted,
        "saved": saved,
        "token": token,
    }
    return render(request, "news/subscription.html", context)


# Officers' pages ------------------------------------------------------------------------------------


@login_required
@require_safe
def manage_list(request: HtmxHttpRequest) -> HttpResponse:
    """Every update of the officer's boards: drafts, scheduled and published, latest first."""
    if not permissions.can_create_any(request.user):
        raise Http404("Only boards' officers write news.")
    items = (
        NewsItem.objects.editable_by(request.user)
        .select_related("board", "strategy")
        .order_by("-updated_at", "-pk")
    )
    page = Paginator(items, 25).get_page(request.GET.get("page"))
    return render(request, "news/manage_list.html", {"page": page})


@login_required
@vary_on_headers("HX-Request")
def news_add(request: HtmxHttpRequest) -> HttpResponse:
    if not permissions.can_create_any(request.user):
        raise Http404("Only boards' officers write news.")
    form = NewsForm(request.POST or None, user=request.user)
    if request.method == "POST":
        first = formtokens.claimed(form, user=request.user, purpose=ADD_NEWS)
        if first is not None:
            return _added(request, first.result(), repeated=True)
        if form.is_valid():
            try:
                item, repeated = formtokens.once(
                    form.cleaned_data["form_token"],
                    user=request.user,
                    purpose=ADD_NEWS,
                    work=lambda: services.news_create(
                        board=form.board_chosen(), by=request.user, **form.news_fields()
                    ),
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                return _added(request, item, repeated=repeated)
    template = "news/news_form.html" + ("#news-form" if wants_partial(request) else "")
    return render(request, template, {"form": form, "item": None})


def _added(request: HtmxHttpRequest, item: NewsItem | None, *, repeated: bool) -> HttpResponse:
    if item is None:  # Made by the first request, and deleted since.
        return _go(request, _manage_url())
    said = "Already saved" if repeated else "Saved"
    messages.success(request, f"{said} the update “{item.title}” ({item.state.lower()}).")
    return _go(request, item.get_absolute_url())


@login_required
@vary_on_headers("HX-Request")
def news_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    item = editable_item(request.user, pk)
    form = NewsForm(request.POST or None, user=request.user, item=item)
    conflict = None
    if request.method == "POST" and form.is_valid():
        fields = form.news_fields()
        try:
            item = services.news_update(
                item=item, by=request.user, version=form.cleaned_data["version"], **fields
            )
        except EditConflict as error:
            conflict = show_conflict(form, error, sent=fields)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Saved the update “{item.title}” ({item.state.lower()}).")
            return _go(request, item.get_absolute_url())
    template = "news/news_form.html" + ("#news-form" if wants_partial(request) else "")
    return render(request, template, {"form": form, "item": item, "conflict": conflict})


@login_required
@require_POST
def news_unpublish(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    item = editable_item(request.user, pk)
    try:
        item = services.news_unpublish(item=item, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_manage_url())
    messages.success(
        request, f"Unpublished “{item.title}”: it is a draft again, seen only by the board's officers."
    )
    return redirect(item.get_absolute_url())


@login_required
def news_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    item = editable_item(request.user, pk)
    if request.method == "POST":
        services.news_delete(item=item, by=request.user)
        messages.success(request, f"Deleted the update “{item.title}”.")
        return redirect(_manage_url())
    return render(request, "news/news_delete.html", {"item": item, "board": item.board})
