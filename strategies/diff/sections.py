"""
The comparison section by section: the strategy's details, its vision, then each domain with its
priorities, domains and priorities matched by id so that one that moved is said to have moved.
"""

import difflib
from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe

from .marks import ADDED, CHANGED, REMOVED, SAME, _and, _capital, _count, _plain, _plain_diff
from .text import TextDiff, compare_text

# The result ----------------------------------------------------------------------------------------


@dataclass
class Field:
    """A short plain-text field: title, period, summary."""

    label: str
    change: str
    html: SafeString


@dataclass
class Section:
    kind: str  # "details", "vision", "domain" or "priority"
    anchor: str
    label: str  # "Domain 3", "Priority 2", "Strategy details"
    title: str  # as it now reads (as it read, if removed)
    title_html: SafeString  # with marks when it changed
    change: str  # SAME, CHANGED, ADDED or REMOVED
    title_changed: bool = False
    moved: str = ""  # "Moved from domain 5 to domain 3."
    moved_to: str = ""  # a priority now in another domain: "moved to domain 4, Opportunity for all"
    fields: list[Field] = field(default_factory=list)
    text: TextDiff | None = None
    children: list["Section"] = field(default_factory=list)
    item_id: int | None = None  # A domain's or priority's id in the snapshots (None: details, vision).
    same_run = False

    @property
    def name(self) -> str:
        return f"{self.label}, {self.title}" if self.title else self.label

    @property
    def changed_fields(self) -> list[Field]:
        return [f for f in self.fields if f.change != SAME]

    @property
    def same_fields(self) -> str:
        """'Period and summary'."""
        return _capital(_and([f.label.lower() for f in self.fields if f.change == SAME]))

    @property
    def groups(self) -> list["Section | SameRun"]:
        return _groups(self.children)

    @property
    def summary(self) -> str:
        """What changed, in a few words: 'title changed, 1 priority added'."""
        if self.change in (ADDED, REMOVED):
            return self.change
        if self.moved_to:
            return self.moved_to
        parts = []
        if self.moved:
            parts.append("moved")
        if self.fields:
            parts.append(f"{_and([f.label.lower() for f in self.changed_fields])} changed")
        elif self.title_changed:
            parts.append("title changed")
        if self.text is not None and self.text.changed:
            parts.append(self.text.summary if self.kind == "vision" else "description changed")
        for change in (ADDED, CHANGED, REMOVED):
            n = sum(child.change == change and not child.moved_to for child in self.children)
            if n:
                parts.append(f"{_count(n, 'priority', 'priorities')} {change}")
        n = sum(bool(child.moved_to) for child in self.children)
        if n:
            area = self.label.rsplit(" ", 1)[0].lower()  # "Life-course outcome 2": its domain label
            parts.append(f"{_count(n, 'priority', 'priorities')} moved to another {area}")
        return ", ".join(parts)


@dataclass
class SameRun:
    """Consecutive unchanged sections: one line each."""

    sections: list[Section]
    same_run = True


@dataclass
class Comparison:
    sections: list[Section]

    @property
    def changed(self) -> bool:
        return any(section.change != SAME for section in self.sections)

    @property
    def changed_sections(self) -> list[Section]:
        return [section for section in self.sections if section.change != SAME]

    @property
    def groups(self) -> list[Section | SameRun]:
        return _groups(self.sections)


def _groups(sections: list[Section]) -> list[Section | SameRun]:
    groups: list[Section | SameRun] = []
    for section in sections:
        if section.change != SAME:
            groups.append(section)
        elif groups and isinstance(groups[-1], SameRun):
            groups[-1].sections.append(section)
        else:
            groups.append(SameRun([section]))
    return groups


# Sections ------------------------------------------------------------------------------------------


def compare_snapshots(old: dict, new: dict) -> Comparison:
    """Compare two snapshots (Strategy.snapshot(), Revision.snapshot), section by section."""
    return Comparison([_details(old, new), _vision(old, new), *_domains(old, new)])


def _details(old: dict, new: dict) -> Section:
    def period(text: dict) -> str:
        return f"{text.get('start_year')} to {text.get('end_year')}"

    def areas(text: dict) -> str:
        return f"{text.get('domain_label', 'domain')} (plural: {text.get('domain_label_plural', 'domains')})"

    fields = [
        _field("Title", old.get("title", ""), new.get("title", "")),
        _field("Period", period(old), period(new)),
        _field("Summary", old.get("summary", ""), new.get("summary", "")),
    ]
    names = _field("Name of its top-level areas", areas(old), areas(new))
    if names.change != SAME:
        fields.append(names)
    change = CHANGED if any(f.change != SAME for f in fields) else SAME
    return Section("details", "compare-details", "Strategy details", "", mark_safe(""), change, fields=fields)


def _field(label: str, old: str, new: str) -> Field:
    if old == new:
        return Field(label, SAME, _plain(new))
    return Field(label, CHANGED, _plain_diff(old, new))


def _vision(old: dict, new: dict) -> Section:
    text = compare_text(old.get("vision", ""), new.get("vision", ""))
    return Section(
        "vision", "compare-vision", "Vision", "", mark_safe(""), CHANGED if text.changed else SAME, text=text
    )


def _domains(old: dict, new: dict) -> list[Section]:
    labels = (old.get("domain_label") or "domain", new.get("domain_label") or "domain")
    # Where each priority is, by id, in each snapshot: a priority may move to another domain.
    homes = (_homes(old.get("domains", [])), _homes(new.get("domains", [])))
    sections = []
    for before, after, old_at, new_at, moved in _align(old.get("domains", []), new.get("domains", [])):
        label, position = (labels[1], new_at) if after is not None else (labels[0], old_at)
        anchor = f"compare-domain-{_key(after if after is not None else before, position)}"
        children = _priorities(before, after, anchor, homes, labels)
        common = {
            "kind": "domain",
            "anchor": anchor,
            "label": _capital(f"{label} {position}"),
            "children": children,
            "item_id": (after if after is not None else before).get("id"),
        }
        if after is None:
            sections.append(_whole_section(before, REMOVED, **common))
        elif before is None:
            sections.append(_whole_section(after, ADDED, **common))
        else:
            moved_note = f"Moved from {labels[0]} {old_at} to {labels[1]} {new_at}." if moved else ""
            sections.append(_kept_section(before, after, moved_note, **common))
    return sections


def _priorities(before, after, domain_anchor: str, homes: tuple[dict, dict], labels) -> list[Section]:
    """A domain's priorities (`before` or `after` is None for a domain removed or added)."""
    old_homes, new_homes = homes
    olds = before.get("priorities", []) if before else []
    news = after.get("priorities", []) if after else []
    sections = []
    for was, now, old_at, new_at, moved in _align(olds, news):
        position = new_at if now is not None else old_at
        anchor = f"{domain_anchor}-priority-{_key(now if now is not None else was, position)}"
        common = {
            "kind": "priority",
            "anchor": anchor,
            "label": f"Priority {position}",
            "item_id": (now if now is not None else was).get("id"),
        }
        if now is None and was.get("id") in new_homes:
            domain_at, domain, _ = new_homes[was["id"]]
            where = f"{labels[1]} {domain_at}, {domain['title']}"
            sections.append(
                Section(
                    title=was["title"],
                    title_html=_plain(was["title"]),
                    change=CHANGED,
                    moved_to=f"moved to {where}",
                    **common,
                )
            )
        elif now is None:
            sections.append(_whole_section(was, REMOVED, **common))
        elif was is None and now.get("id") in old_homes:
            domain_at, domain, was = old_homes[now["id"]]
            moved_note = f"Moved from {labels[0]} {domain_at}, {domain['title']}."
            sections.append(_kept_section(was, now, moved_note, **common))
        elif was is None:
            sections.append(_whole_section(now, ADDED, **common))
        else:
            moved_note = f"Moved from priority {old_at} to priority {new_at}." if moved else ""
            sections.append(_kept_section(was, now, moved_note, **common))
    return sections


def _whole_section(item: dict, change: str, **common) -> Section:
    """A domain or priority added or removed whole: every word of it marked."""
    description = item.get("description", "")
    text = (
        compare_text("", description, whole=ADDED)
        if change == ADDED
        else compare_text(description, "", whole=REMOVED)
    )
    return Section(
        title=item["title"], title_html=_plain(item["title"], change), change=change, text=text, **common
    )


def _kept_section(before: dict, after: dict, moved: str, **common) -> Section:
    """A domain or priority in both texts: its title and description compared, and its priorities."""
    text = compare_text(before.get("description", ""), after.get("description", ""))
    title_changed = before["title"] != after["title"]
    changed = (
        moved or title_changed or text.changed or any(c.change != SAME for c in common.get("children", []))
    )
    return Section(
        title=after["title"],
        title_html=_plain_diff(before["title"], after["title"]) if title_changed else _plain(after["title"]),
        change=CHANGED if changed else SAME,
        title_changed=title_changed,
        moved=moved,
        text=text,
        **common,
    )


def _homes(domains: list[dict]) -> dict:
    """Each priority's id: (its domain's position, the domain, the priority)."""
    return {
        priority["id"]: (at, domain, priority)
        for at, domain in enumerate(domains, start=1)
        for priority in domain.get("priorities", [])
        if priority.get("id") is not None
    }


def _key(item: dict, position: int):
    """Items are matched by id; a snapshot without ids (none is known) falls back to position."""
    return item["id"] if item.get("id") is not None else f"at-{position}"


def _align(olds: list[dict], news: list[dict]):
    """
    (old item, new item, old position, new position, moved) in the new reading order, with each
    removed item after the item it followed. Items kept in the same relative order (the longest
    common subsequence) have stayed; any other item in both has moved.
    """
    old_keys = [_key(item, at) for at, item in enumerate(olds, start=1)]
    new_keys = [_key(item, at) for at, item in enumerate(news, start=1)]
    in_both = set(old_keys) & set(new_keys)
    common_old = [k for k in old_keys if k in in_both]
    common_new = [k for k in new_keys if k in in_both]
    stayed = set()
    for match in difflib.SequenceMatcher(None, common_old, common_new, autojunk=False).get_matching_blocks():
        stayed.update(common_old[match.a : match.a + match.size])
    old_at = {k: at for at, k in enumerate(old_keys, start=1)}
    removed_after: dict = {}
    anchor = None
    for k in old_keys:
        if k in stayed:
            anchor = k
        elif k not in in_both:
            removed_after.setdefault(anchor, []).append(k)

    def removed(after_key):
        return [(olds[old_at[k] - 1], None, old_at[k], None, False) for k in removed_after.get(after_key, [])]

    rows = removed(None)
    for new_at, k in enumerate(new_keys, start=1):
        if k in in_both:
            rows.append((olds[old_at[k] - 1], news[new_at - 1], old_at[k], new_at, k not in stayed))
        else:
            rows.append((None, news[new_at - 1], None, new_at, False))
        if k in stayed:
            rows += removed(k)
    return rows
