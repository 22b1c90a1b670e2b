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

The package, each module importing only those after it: sections (compare_snapshots and the
alignment of domains and priorities), text (compare_text: blocks, pairing, folding) and marks (the
mark characters, words, the marked HTML and its checks).
"""

from .marks import ADDED, CHANGED, DEL_CLOSE, DEL_OPEN, INS_CLOSE, INS_OPEN, REMOVED, SAME
from .sections import Comparison, Field, SameRun, Section, compare_snapshots
from .text import CONTEXT, PAIR_CUTOFF, Block, Folded, TextDiff, compare_text

__all__ = [
    "ADDED",
    "CHANGED",
    "CONTEXT",
    "DEL_CLOSE",
    "DEL_OPEN",
    "INS_CLOSE",
    "INS_OPEN",
    "PAIR_CUTOFF",
    "REMOVED",
    "SAME",
    "Block",
    "Comparison",
    "Field",
    "Folded",
    "SameRun",
    "Section",
    "TextDiff",
    "compare_snapshots",
    "compare_text",
]
