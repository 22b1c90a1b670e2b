"""
A readable comparison of two snapshots of a strategy's text (docs/decisions/0010).

`compare_snapshots(old, new)` gives the sections in reading order: the strategy's details, its
vision, then each domain with its priorities. Domains and priorities are matched by id, so one that
moved is said to have moved, not shown as removed in one place and added in another.

Officers' Markdown is compared block by block (a paragraph, a list, a heading, a quotation): each
changed block is shown with CONTEXT unchanged blocks either side and the rest is folded away. Inside
a changed block the words are compared on the Markdown source; the changed runs are wrapped in
private-use characters, the source is rendered and sanitised as everywhere else (core.text), and the
characters, which the sanitiser keeps as text, become <ins> and <del> inside each text node. A mark
therefore never spans an element, so it cannot break a list or a link. The merged rendering is then
checked: with the insertions taken out it must read as the old block, and with the deletions taken out
as the new one. When it does not (a link's address changed, a paragraph became a list), the old block
is shown removed and the new one added.
"""

import difflib
import re
from dataclasses import dataclass, field
from functools import cached_property
from html import escape
from html.parser import HTMLParser

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

from core.text import render_markdown

CONTEXT = 1  # Unchanged blocks shown before and after a changed one.
PAIR_CUTOFF = 0.3  # How alike (difflib ratio of words) two blocks must be to be compared word by word.

SAME, CHANGED, ADDED, REMOVED = "same", "changed", "added", "removed"

# Private-use characters that carry the marks through rendering and sanitising. An officer's own
# copies are taken out of the text first, so typed text can never open or close a mark.
INS_OPEN, INS_CLOSE, DEL_OPEN, DEL_CLOSE = "\ue000", "\ue001", "\ue002", "\ue003"
_MARKS = INS_OPEN + INS_CLOSE + DEL_OPEN + DEL_CLOSE
_NO_MARKS = str.maketrans("", "", _MARKS)
_STATE_AFTER = {INS_OPEN: ADDED, INS_CLOSE: "", DEL_OPEN: REMOVED, DEL_CLOSE: ""}
_MARK_SPLIT = re.compile(f"([{_MARKS}])")
_MARK_HTML = {
    ADDED: (
        '<ins><span class="govuk-visually-hidden">[added: </span>',
        '<span class="govuk-visually-hidden">]</span></ins>',
    ),
    REMOVED: (
        '<del><span class="govuk-visually-hidden">[removed: </span>',
        '<span class="govuk-visually-hidden">]</span></del>',
    ),
}

# Words, runs of white space, punctuation mark by punctuation mark, and Markdown's inline syntax on
# its own (so that a changed word inside emphasis or a link's text leaves the syntax around it alone,
# and "prevention." against "prevention and" is one word added, not one replaced).
_MARKDOWN_WORDS = re.compile(r"\s+|[\[\]()*_`]+|\d{1,9}[.)](?=\s|$)|[^\W_]+|[^\w\s]")
_PLAIN_WORDS = re.compile(r"\s+|\w+|[^\w\s]")
# What may open a line of Markdown before its text: indentation, list markers, quote markers, heading
# hashes. A mark character in front of them would turn the line into a paragraph.
_LINE_START = re.compile(
    rf"^(?:[ \t{_MARKS}]|(?:[-+*]|\d{{1,9}}[.)]|>|#{{1,6}})(?=[ \t{_MARKS}]|$))+", re.MULTILINE
)
# Only the blocks are needed to split a text: the inline rules (emphasis, links) are not run.
_blocks_parser = MarkdownIt("commonmark", {"html": False}).disable("inline")


# The result ----------------------------------------------------------------------------------------


@dataclass
class Block:
    """One block of Markdown, with its words marked when it changed."""

    change: str
    source: str = ""  # An unchanged block's Markdown: rendered only if shown, as most are not.
    marked: SafeString | None = None
    folded = False

    @cached_property
    def html(self) -> SafeString:
        return self.marked if self.marked is not None else render_markdown(self.source)


@dataclass
class Folded:
    """Unchanged blocks away from any change, shown only on request."""

    blocks: list[Block]
    folded = True


@dataclass
class TextDiff:
    items: list[Block | Folded]
    blocks: list[Block]

    @property
    def changed(self) -> bool:
        return any(block.change != SAME for block in self.blocks)

    @property
    def summary(self) -> str:
        """'2 paragraphs changed, 1 added'."""
        parts = []
        for change in (CHANGED, ADDED, REMOVED):
            n = sum(block.change == change for block in self.blocks)
            if n:
                parts.append(f"{_count(n, 'paragraph', 'paragraphs') if not parts else n} {change}")
        return ", ".join(parts)


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
        common = {"kind": "priority", "anchor": anchor, "label": f"Priority {position}"}
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


# Markdown text -------------------------------------------------------------------------------------


def compare_text(old: str, new: str, *, whole: str = "") -> TextDiff:
    """
    Two Markdown texts block by block, changed blocks marked word by word, unchanged ones away from
    a change folded. `whole` (ADDED or REMOVED) marks every block of a section added or removed whole.
    """
    if old == new and not whole:
        # Shown, if at all, whole and folded away: no need to split it into blocks.
        blocks = [Block(SAME, new.translate(_NO_MARKS))] if new.strip() else []
        return TextDiff(_fold(blocks), blocks)
    old_blocks, old_refs = _blocks(old)
    new_blocks, new_refs = _blocks(new)
    if whole == ADDED:
        blocks = [_whole(source + new_refs, ADDED) for source in new_blocks]
    elif whole == REMOVED:
        blocks = [_whole(source + old_refs, REMOVED) for source in old_blocks]
    elif old_blocks == new_blocks and old_refs == new_refs:
        blocks = [Block(SAME, source + new_refs) for source in new_blocks]
    else:
        blocks = []
        matcher = difflib.SequenceMatcher(None, old_blocks, new_blocks, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                blocks += [Block(SAME, source + new_refs) for source in new_blocks[j1:j2]]
            else:
                blocks += _pair(old_blocks[i1:i2], new_blocks[j1:j2], old_refs, new_refs)
    return TextDiff(_fold(blocks), blocks)


def _blocks(text: str) -> tuple[list[str], str]:
    """
    The source of each top-level block, and the link reference definitions (which render to nothing,
    but which a block's `[text][label]` needs beside it to render as a link).

    Ordered list items are all numbered 1 first: the sanitiser drops a list's `start`, so the numbers
    an officer typed never show, and an item added at the top of "1. 2. 3." is then one item added,
    not every number changed.
    """
    text = (text or "").translate(_NO_MARKS).replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    tokens = _blocks_parser.parse(text)
    for token in tokens:
        if token.type == "list_item_open" and token.info and token.map:
            at = token.map[0]
            lines[at] = re.sub(rf"^([ \t>]*){re.escape(token.info)}(?=[.)])", r"\g<1>1", lines[at], count=1)
    blocks, covered = [], set()
    for token in tokens:
        if token.level == 0 and token.map:
            start, end = token.map
            covered.update(range(start, end))
            blocks.append("\n".join(lines[start:end]).rstrip())
    definitions = [line for at, line in enumerate(lines) if at not in covered and line.strip()]
    return [block for block in blocks if block], ("\n\n" + "\n".join(definitions)) if definitions else ""


def _pair(olds: list[str], news: list[str], old_refs: str, new_refs: str) -> list[Block]:
    """Blocks replaced by others: the most alike pairs compared word by word, the rest removed or added."""
    if not olds or not news:
        return [_whole(s + old_refs, REMOVED) for s in olds] + [_whole(s + new_refs, ADDED) for s in news]
    if len(olds) == len(news) == 1:
        return _changed_block(olds[0], news[0], old_refs, new_refs)
    best, pair = PAIR_CUTOFF, None
    for i, old in enumerate(olds):
        for j, new in enumerate(news):
            matcher = difflib.SequenceMatcher(None, old.split(), new.split(), autojunk=False)
            if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
                if (ratio := matcher.ratio()) > best:
                    best, pair = ratio, (i, j)
    if pair is None:
        return [_whole(s + old_refs, REMOVED) for s in olds] + [_whole(s + new_refs, ADDED) for s in news]
    i, j = pair
    return (
        _pair(olds[:i], news[:j], old_refs, new_refs)
        + _changed_block(olds[i], news[j], old_refs, new_refs)
        + _pair(olds[i + 1 :], news[j + 1 :], old_refs, new_refs)
    )


def _changed_block(old: str, new: str, old_refs: str, new_refs: str) -> list[Block]:
    a, b = _MARKDOWN_WORDS.findall(old), _MARKDOWN_WORDS.findall(new)
    merged = _LINE_START.sub(_marks_after_line_start, _merge(a, b))
    tokens = _tokens(render_markdown(merged + new_refs + old_refs))
    reads_new = _reads_as(tokens, without=REMOVED) == _reads_as(_tokens(render_markdown(new + new_refs)))
    reads_old = _reads_as(tokens, without=ADDED) == _reads_as(_tokens(render_markdown(old + old_refs)))
    if reads_new and reads_old:
        return [Block(CHANGED, marked=_marked_html(tokens))]
    return [_whole(old + old_refs, REMOVED), _whole(new + new_refs, ADDED)]


def _whole(source: str, change: str) -> Block:
    return Block(change, marked=_marked_html(_tokens(render_markdown(source), change)))


def _fold(blocks: list[Block]) -> list[Block | Folded]:
    """Changed blocks with CONTEXT unchanged ones either side; each longer run of unchanged blocks folded."""
    near = set()
    for at, block in enumerate(blocks):
        if block.change != SAME:
            near.update(range(at - CONTEXT, at + CONTEXT + 1))
    items: list[Block | Folded] = []
    run: list[Block] = []
    for at, block in enumerate([*blocks, None]):
        if block is not None and at not in near:
            run.append(block)
            continue
        if len(run) > 1:
            items.append(Folded(run))
        else:
            items.extend(run)  # Folding a single block would save nothing.
        run = []
        if block is not None:
            items.append(block)
    return items


# Words ---------------------------------------------------------------------------------------------


def _opcodes(a: list[str], b: list[str]) -> list[list]:
    """
    difflib's opcodes, with a short stretch of unchanged words between two changes folded into them
    (diff-match-patch's semantic clean-up): "~~a b c~~ __x b y__" reads better than "~~a~~ __x__ b
    ~~c~~ __y__". A stretch that holds a line break is kept, so that lines stay apart.
    """
    ops = [list(op) for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()]

    def size(op) -> int:
        return max(len("".join(a[op[1] : op[2]])), len("".join(b[op[3] : op[4]])))

    at = 1
    while at < len(ops) - 1:
        tag, i1, i2, _, _ = ops[at]
        before, after = ops[at - 1], ops[at + 1]
        same = "".join(a[i1:i2])
        if (
            tag == "equal"
            and before[0] != "equal"
            and after[0] != "equal"
            and "\n" not in same
            and (not same.strip() or len(same) < min(size(before), size(after)))
        ):
            ops[at - 1 : at + 2] = [["replace", before[1], after[2], before[3], after[4]]]
            at = max(at - 2, 1)
            continue
        at += 1
    return ops


def _merge(a: list[str], b: list[str]) -> str:
    """One source holding both texts, each removed run and each added run between mark characters."""
    parts = []
    for tag, i1, i2, j1, j2 in _opcodes(a, b):
        if tag == "equal":
            parts += b[j1:j2]
            continue
        if i2 > i1:
            parts += [DEL_OPEN, *a[i1:i2], DEL_CLOSE]
        if j2 > j1:
            parts += [INS_OPEN, *b[j1:j2], INS_CLOSE]
    return "".join(parts)


def _marks_after_line_start(match: re.Match) -> str:
    prefix = match.group(0)
    return prefix.translate(_NO_MARKS) + "".join(c for c in prefix if c in _MARKS)


def _plain(text: str, change: str = "") -> SafeString:
    """Plain text (a title, a summary), escaped, every word marked if `change` is given."""
    return _marked_html(_tokens(escape((text or "").translate(_NO_MARKS)), change))


def _plain_diff(old: str, new: str) -> SafeString:
    a = _PLAIN_WORDS.findall((old or "").translate(_NO_MARKS))
    b = _PLAIN_WORDS.findall((new or "").translate(_NO_MARKS))
    return _marked_html(_tokens(escape(_merge(a, b))))


# Rendered HTML with marks --------------------------------------------------------------------------


class _Parser(HTMLParser):
    """Sanitised HTML into tags and text, each piece of text with the mark it lies in."""

    def __init__(self, state: str):
        super().__init__(convert_charrefs=True)
        self.state = state
        self.tokens: list[tuple[str, str, object]] = []

    def handle_starttag(self, tag, attrs):
        self.tokens.append(("start", tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tokens.append(("start", tag, attrs))

    def handle_endtag(self, tag):
        self.tokens.append(("end", tag, None))

    def handle_data(self, data):
        for piece in _MARK_SPLIT.split(data):
            if piece in _STATE_AFTER:
                self.state = _STATE_AFTER[piece]
            elif piece:
                if self.tokens and self.tokens[-1][0] == "text" and self.tokens[-1][2] == self.state:
                    piece = self.tokens.pop()[1] + piece
                self.tokens.append(("text", piece, self.state))


def _tokens(html: str, state: str = "") -> list[tuple[str, str, object]]:
    parser = _Parser(state)
    parser.feed(str(html))
    parser.close()
    return parser.tokens


def _start_tag(tag: str, attrs) -> str:
    # Mark characters can reach an attribute only inside a link's address, which the check refuses.
    values = "".join(f' {name}="{escape((value or "").translate(_NO_MARKS))}"' for name, value in attrs)
    return f"<{tag}{values}>"


def _marked_html(tokens) -> SafeString:
    out = []
    for kind, value, extra in tokens:
        if kind == "start":
            out.append(_start_tag(value, extra))
        elif kind == "end":
            out.append(f"</{value}>")
        elif extra and value.strip():
            # White space at either end stays outside the mark: an underlined space reads as a change.
            core = value.strip()
            lead, trail = value[: len(value) - len(value.lstrip())], value[len(value.rstrip()) :]
            opening, closing = _MARK_HTML[extra]
            out.append(f"{escape(lead, quote=False)}{opening}{escape(core, quote=False)}{closing}")
            out.append(escape(trail, quote=False))
        else:
            out.append(escape(value, quote=False))
    # The tags are the sanitiser's (rebuilt with escaped attributes); the text is escaped; the marks
    # are the constants above.
    return mark_safe("".join(out))  # noqa: S308


def _reads_as(tokens, *, without: str | None = None) -> str:
    """The rendered text with one kind of mark taken out, normalised for comparison."""
    parts = []
    for kind, value, extra in tokens:
        if kind == "start":
            # A line break is white space here: one inside a removed run has no text to mark.
            parts.append(" " if value == "br" else _start_tag(value, extra))
        elif kind == "end":
            parts.append(f"</{value}>")
        elif extra != without:
            parts.append(escape(value, quote=False))
    html = "".join(parts)
    while True:  # Elements left empty (a list item, a bold word removed whole) are gone from that reading.
        emptied = re.sub(r"<(\w+)[^>]*>\s*</\1>", "", html)
        if emptied == html:
            break
        html = emptied
    # Then white space: "about <strong></strong> prevention" reads as "about prevention".
    html = re.sub(r"\s+", " ", html)
    return re.sub(r" ?(<[^>]*>) ?", r"\1", html)


# Wording -------------------------------------------------------------------------------------------


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}" if items else ""


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
