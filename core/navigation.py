"""
The site navigation, built from what the signed-in user may do.

Apps add their entries in their AppConfig.ready() with `add(...)`; the `navigation` context
processor offers each user the entries whose rule lets them in, in order. Core knows no entry of
its own.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    # Routes starting with one of these are "in" the entry: it shows as the current section.
    sections: tuple[str, ...]
    may_see: Callable[[object], bool]
    order: int = 100


_entries: dict[str, Entry] = {}


def add(entry: Entry) -> None:
    _entries[entry.url_name] = entry


def entries_for(user) -> list[Entry]:
    return sorted((e for e in _entries.values() if e.may_see(user)), key=lambda e: (e.order, e.label))


def navigation(request) -> dict:
    """Context processor: `navigation`, a list of {label, url, current, active} for the user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    match = getattr(request, "resolver_match", None)
    route = match.route if match else ""
    view_name = match.view_name if match else ""
    items = []
    for entry in entries_for(user):
        items.append(
            {
                "label": entry.label,
                "url": reverse(entry.url_name),
                "current": view_name == entry.url_name,
                "active": route.startswith(entry.sections),
            }
        )
    return {"navigation": items}
