"""A readable comparison of two revisions of a strategy's text, line by line and word by word."""

import difflib
import re
from dataclasses import dataclass, field


@dataclass
class Segment:
    text: str
    change: str = ""  # "", "added" or "removed"


@dataclass
class Line:
    kind: str  # "heading", "field" or "text"
    label: str
    change: str  # "same", "added", "removed" or "changed"
    segments: list[Segment] = field(default_factory=list)


def snapshot_lines(snapshot: dict) -> list[tuple[str, str, str]]:
    """Flatten a snapshot into (kind, label, text) lines in reading order."""
    lines = [
        ("field", "Title", snapshot.get("title", "")),
        ("field", "Period", f"{snapshot.get('start_year')} to {snapshot.get('end_year')}"),
        ("field", "Summary", snapshot.get("summary", "")),
    ]
    lines += [("text", "Vision", para) for para in _paragraphs(snapshot.get("vision", ""))]
    label = snapshot.get("domain_label", "domain").capitalize()
    for domain in snapshot.get("domains", []):
        lines.append(("heading", label, domain["title"]))
        lines += [
            ("text", f"{label} description", para) for para in _paragraphs(domain.get("description", ""))
        ]
        for priority in domain.get("priorities", []):
            lines.append(("field", "Priority", priority["title"]))
            lines += [
                ("text", "Priority description", p) for p in _paragraphs(priority.get("description", ""))
            ]
    return lines


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"\n\s*\n", text or "") if part.strip()]


def _words(old: str, new: str) -> list[Segment]:
    a, b = re.findall(r"\S+|\s+", old), re.findall(r"\S+|\s+", new)
    segments = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(Segment("".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("".join(a[i1:i2]), "removed"))
        if j2 > j1:
            segments.append(Segment("".join(b[j1:j2]), "added"))
    return segments


def diff_snapshots(old: dict, new: dict) -> list[Line]:
    """An inline diff: unchanged, added and removed lines, and changed lines with word-level marks."""
    a, b = snapshot_lines(old), snapshot_lines(new)
    result: list[Line] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            result += [Line(kind, label, "same", [Segment(text)]) for kind, label, text in a[i1:i2]]
        elif op == "replace" and (i2 - i1) == (j2 - j1):
            for (kind, label, old_text), (_, new_label, new_text) in zip(a[i1:i2], b[j1:j2], strict=True):
                if label == new_label:
                    result.append(Line(kind, label, "changed", _words(old_text, new_text)))
                else:
                    result.append(Line(kind, label, "removed", [Segment(old_text, "removed")]))
                    result.append(Line(kind, new_label, "added", [Segment(new_text, "added")]))
        else:
            result += [Line(k, lab, "removed", [Segment(t, "removed")]) for k, lab, t in a[i1:i2]]
            result += [Line(k, lab, "added", [Segment(t, "added")]) for k, lab, t in b[j1:j2]]
    return result


def diff_counts(lines: list[Line]) -> dict[str, int]:
    counts = {"added": 0, "removed": 0, "changed": 0}
    for line in lines:
        if line.change in counts:
            counts[line.change] += 1
    return counts
