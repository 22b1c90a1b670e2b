"""
Site search: one index of everything public, kept by the apps that own the things
(docs/decisions/0035-site-search.md).

Core knows no app (docs/decisions/0004), so each app tells the index about its own things:

- when a thing becomes public, changes while public, or stops being public, the app's service calls
  `sync(group, entries)` (or `index(...)` / `unindex(...)`) inside its own transaction, so the index
  commits or rolls back with the change;
- in its AppConfig.ready() the app calls `register(Provider(...))` with its kinds and a function that
  lists every public thing it has, so that `manage.py search_reindex` (`rebuild()`) can make the whole
  index again from the apps' own rows.

Registered by: strategies (strategies, domains, priorities), consultations (published reports), boards
(published agenda items that are not exempt, and their decisions), delivery (indicators of public
strategies). An Entry is public text only: whatever an app passes here, anyone can find.

Searching: on PostgreSQL the stored `vector` (English stemming; the title weighted A, the text B), a
`websearch_to_tsquery` of what the resident typed, ts_rank and ts_headline; on SQLite (the embedded
default) each word must begin a word of the title or text, title matches first, with the marks made here.
Either way the highlighted HTML is built from escaped text: nothing an officer typed becomes markup.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from html import unescape as html_unescape

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import SearchEntry

# What a resident may type: longer is cut, with a message (a search box, not a document).
MAX_QUERY_CHARACTERS = 200
# SQLite's simpler search matches at most this many words (each one a LIKE over every row).
MAX_WORDS = 8
# The text kept for each row: enough for every real document; a runaway one cannot bloat the index.
MAX_TEXT_CHARACTERS = 100_000
PER_PAGE = 20
# On PostgreSQL a query is ranked among at most this many matches, the newest: a word found in nearly
# every document ("health") would otherwise have every one of them read and ranked for each search.
# Fewer matches than this (nearly every query) are all ranked. More: the page says "more than".
MAX_RANKED = 1000
CONFIG = "english"
# Marks ts_headline puts around matches, from Unicode's private use area: stripped from every text
# before it is indexed and from every query, so any in a headline are ours; escaped HTML keeps them.
START, STOP = "\ue000", "\ue001"
_PRIVATE_MARKS = str.maketrans("", "", START + STOP)
# Control characters (NUL above all: PostgreSQL refuses it in text) become spaces.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Kind:
    """A kind of thing residents can find: its key in the index and its names on the search page."""

    key: str
    label: str  # "Consultation report"
    plural: str  # "Consultation reports"
    order: int = 100


@dataclass(frozen=True)
class Entry:
    """One public thing as the index holds it. `source` is unique across the portal: "app.model:pk"."""

    source: str
    kind: str
    title: str
    url: str
    text: str = ""
    context: str = ""  # Where it belongs, under the title: "Thurrock JHWS 2022 to 2026".
    board_id: int | None = None
    board_slug: str = ""
    board_name: str = ""
    published_at: datetime | None = None


@dataclass(frozen=True)
class Provider:
    """
    An app's part of the index: its kinds, and `groups()`, which lists every public thing it has now as
    (group, entries) pairs, for `rebuild()`. A group is what the app replaces at once with `sync()`.
    """

    key: str
    kinds: tuple[Kind, ...]
    groups: Callable[[], Iterable[tuple[str, Iterable[Entry]]]]


_providers: dict[str, Provider] = {}
_kinds: dict[str, Kind] = {}


def register(provider: Provider) -> None:
    _providers[provider.key] = provider
    for kind in provider.kinds:
        _kinds[kind.key] = kind


def provider_keys() -> list[str]:
    return sorted(_providers)


def kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda kind: (kind.order, kind.label))


def kind(key: str) -> Kind | None:
    return _kinds.get(key)


# Writing -------------------------------------------------------------------------------------------


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _vector():
    return SearchVector("title", weight="A", config=CONFIG) + SearchVector("text", weight="B", config=CONFIG)


def from_markdown(text: str) -> str:
    """Officers' Markdown as the words a reader sees: no markup, no link addresses."""
    from django.utils.html import strip_tags

    from .text import render_markdown

    return html_unescape(strip_tags(render_markdown(text or "", govuk_classes=False)))


def clean_text(text: str) -> str:
    """Text as indexed: no control characters, none of our marks, no runs of spaces."""
    text = _CONTROL.sub(" ", str(text)).translate(_PRIVATE_MARKS)
    return _SPACES.sub(" ", text).strip()


def _row(entry: Entry, group: str) -> SearchEntry:
    if entry.kind not in _kinds:
        raise ValueError(f"Search: “{entry.kind}” is not a registered kind (register its Provider first).")
    return SearchEntry(
        source=entry.source,
        group=group,
        kind=entry.kind,
        board_id=entry.board_id,
        board_slug=entry.board_slug,
        board_name=entry.board_name,
        title=clean_text(entry.title)[:500],
        context=clean_text(entry.context)[:500],
        text=clean_text(entry.text)[:MAX_TEXT_CHARACTERS],
        url=entry.url,
        published_at=entry.published_at or timezone.now(),
    )


_UPDATED = ["group", "kind", "board_id", "board_slug", "board_name", "title", "context", "text", "url"]


def _write(rows: list[SearchEntry]) -> None:
    if not rows:
        return
    SearchEntry.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["source"],
        update_fields=[*_UPDATED, "published_at", "indexed_at"],
        batch_size=500,
    )
    if is_postgresql():
        sources = [row.source for row in rows]
        for start in range(0, len(sources), 1000):
            SearchEntry.objects.filter(source__in=sources[start : start + 1000]).update(vector=_vector())


@transaction.atomic
def index(*entries: Entry, group: str | None = None) -> None:
    """Add or replace these entries (each in `group`, or in a group of its own named by its source)."""
    _write([_row(entry, group or entry.source) for entry in entries])


@transaction.atomic
def unindex(*sources: str) -> None:
    """Take these things out of the index (nothing happens for one that is not in it)."""
    SearchEntry.objects.filter(source__in=sources).delete()


@transaction.atomic
def sync(group: str, entries: Iterable[Entry]) -> None:
    """
    Make `group` exactly `entries`: new ones added, changed ones replaced, the group's others removed.
    `sync(group, [])` takes the whole group out (a strategy no longer public, a report withdrawn).
    """
    rows = [_row(entry, group) for entry in entries]
    SearchEntry.objects.filter(group=group).exclude(source__in=[row.source for row in rows]).delete()
    _write(rows)


@transaction.atomic
def rebuild(keys: Iterable[str] | None = None) -> int:
    """
    Make the index again from the registered providers (all, or those named by `keys`): their rows
    are deleted and written again in one transaction. Returns the number of entries written.
    """
    chosen = [_providers[key] for key in keys] if keys is not None else list(_providers.values())
    written = 0
    for provider in chosen:
        SearchEntry.objects.filter(kind__in=[kind.key for kind in provider.kinds]).delete()
        rows = [_row(entry, group) for group, entries in provider.groups() for entry in entries]
        _write(rows)
        written += len(rows)
    return written


# Reading -------------------------------------------------------------------------------------------


def clean_query(raw: str) -> tuple[str, bool]:
    """What the resident typed, made safe to search for, and whether it had to be shortened."""
    text = clean_text(raw or "")
    if len(text) <= MAX_QUERY_CHARACTERS:
        return text, False
    return text[:MAX_QUERY_CHARACTERS].rsplit(" ", 1)[0].strip() or text[:MAX_QUERY_CHARACTERS], True


def words(query: str) -> list[str]:
    """The distinct words of a query, in order, at most MAX_WORDS (for SQLite's search and its marks)."""
    found: list[str] = []
    for word in re.findall(r"\w+", query.casefold()):
        if word not in found:
            found.append(word)
    return found[:MAX_WORDS]


def matching(query: str, *, board_slug: str = "", kind: str = "") -> QuerySet:
    """The index entries that match `query`, best first, within a board and kind when given."""
    entries = SearchEntry.objects.defer("text", "vector")
    if board_slug:
        entries = entries.filter(board_slug=board_slug)
    if kind:
        entries = entries.filter(kind=kind)
    if is_postgresql():
        search_query = SearchQuery(query, search_type="websearch", config=CONFIG)
        # The newest matches, read in the order of search_published_idx until there are enough.
        candidates = (
            entries.filter(vector=search_query)
            .order_by("-published_at", "-pk")
            .values("pk")[: MAX_RANKED + 1]
        )
        return (
            SearchEntry.objects.defer("text", "vector")
            .filter(pk__in=candidates)
            .annotate(rank=SearchRank(F("vector"), search_query, weights=[0.05, 0.1, 0.2, 1.0]))
            .order_by("-rank", "-published_at", "pk")
        )
    found = words(query)
    if not found:
        return entries.none()
    for word in found:
        starts = _word_start(word)
        entries = entries.filter(Q(title__iregex=starts) | Q(text__iregex=starts))
    title_hits = sum(
        (
            Case(
                When(title__iregex=_word_start(word), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
            for word in found
        ),
        start=Value(0),
    )
    return entries.annotate(title_hits=title_hits).order_by("-title_hits", "-published_at", "pk")


@dataclass
class Hit:
    entry: SearchEntry
    title: SafeString
    snippet: SafeString
    kind: Kind | None = field(default=None)


def _marked(headline: str) -> SafeString:
    """A headline with our marks: everything escaped, then only the marks made into <mark> elements."""
    html = escape(headline)
    opened = html.count(START)
    html = html.replace(START, "<mark>").replace(STOP, "</mark>")
    if opened != headline.count(STOP):  # Never seen; but an unclosed <mark> would run to the page's end.
        html = html.replace("<mark>", "").replace("</mark>", "")
    return mark_safe(html)  # noqa: S308  Built from escaped text; the only tags are our own marks.


def _word_start(word: str) -> str:
    """A regular expression for `word` at the start of a word ("car" finds "carers", never "scar")."""
    return rf"(^|\W){re.escape(word)}"


def _mark_words(text: str, found: list[str]) -> SafeString:
    if not found:
        return escape(text)
    words_ = "|".join(re.escape(word) for word in sorted(found, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{words_})", re.I)
    return _marked(pattern.sub(lambda match: f"{START}{match.group(0)}{STOP}", text))


def _window(text: str, found: list[str], size: int = 240) -> str:
    """About `size` characters of `text` around the first of the words found, at word boundaries."""
    lowered = text.casefold()
    positions = [index for index in (lowered.find(word) for word in found) if index >= 0]
    start = max(0, min(positions) - size // 3) if positions else 0
    if start:
        start = text.find(" ", start) + 1 or start
    end = start + size
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    return ("… " if start else "") + text[start:end].strip() + (" …" if end < len(text) else "")


def ranked(query: str, *, board_slug: str = "", kind: str = "") -> list[int]:
    """
    The ids of the entries that match, best first: at most MAX_RANKED + 1 of them, in one query, so
    that the count and every page come from one list (more than MAX_RANKED: the page says so).
    """
    return list(
        matching(query, board_slug=board_slug, kind=kind).values_list("pk", flat=True)[: MAX_RANKED + 1]
    )


def hits(ids: list[int], query: str) -> list[Hit]:
    """A page of entries, in the order of `ids`, their titles and snippets highlighted: one query."""
    if not ids:
        return []
    entries = SearchEntry.objects.filter(pk__in=ids).defer("vector")
    if is_postgresql():
        search_query = SearchQuery(query, search_type="websearch", config=CONFIG)
        marks = {"start_sel": START, "stop_sel": STOP}
        entries = entries.defer("text").annotate(
            title_marked=SearchHeadline("title", search_query, config=CONFIG, highlight_all=True, **marks),
            snippet=SearchHeadline(
                "text",
                search_query,
                config=CONFIG,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
                **marks,
            ),
        )
        found = {entry.pk: entry for entry in entries}
        return [
            Hit(entry, _marked(entry.title_marked), _marked(entry.snippet), kind(entry.kind))
            for entry in (found[pk] for pk in ids if pk in found)
        ]
    found_words = words(query)
    found = {entry.pk: entry for entry in entries}
    return [
        Hit(
            entry,
            _mark_words(entry.title, found_words),
            _mark_words(_window(entry.text, found_words), found_words),
            kind(entry.kind),
        )
        for entry in (found[pk] for pk in ids if pk in found)
    ]


BOARDS_CACHE_KEY = "search:boards"
BOARDS_CACHE_SECONDS = 300


def boards() -> list[tuple[str, str]]:
    """
    (slug, name) of every board with something in the index, by name: the board filter's options.
    Read from the whole index, so kept for BOARDS_CACHE_SECONDS: a board's first public thing joins the
    filter within minutes (it is found at once without the filter).
    """
    found = cache.get(BOARDS_CACHE_KEY)
    if found is None:
        found = list(
            SearchEntry.objects.exclude(board_slug="")
            .values_list("board_slug", "board_name")
            .distinct()
            .order_by("board_name", "board_slug")
        )
        cache.set(BOARDS_CACHE_KEY, found, BOARDS_CACHE_SECONDS)
    return [tuple(board) for board in found]
