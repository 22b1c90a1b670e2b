"""
The marks: private-use characters around the removed and added runs of words, carried through
rendering and sanitising (core.text) and then made <ins> and <del> inside each text node; the checks
that a marked rendering reads as both texts; and the few wording helpers the summaries share.
"""

import difflib
import re
from html import escape
from html.parser import HTMLParser

from django.utils.safestring import SafeString, mark_safe

# What happened to a section, a block or a run of words. Here, at the bottom, as each module uses them.
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
