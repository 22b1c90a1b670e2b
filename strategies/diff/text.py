"""
A Markdown text compared block by block (a paragraph, a list, a heading, a quotation): changed blocks
marked word by word (marks), unchanged ones away from a change folded.
"""

import difflib
import re
from dataclasses import dataclass
from functools import cached_property

from django.utils.safestring import SafeString
from markdown_it import MarkdownIt

from core.text import render_markdown

from .marks import (
    _LINE_START,
    _MARKDOWN_WORDS,
    _NO_MARKS,
    ADDED,
    CHANGED,
    REMOVED,
    SAME,
    _count,
    _marked_html,
    _marks_after_line_start,
    _merge,
    _reads_as,
    _tokens,
)

CONTEXT = 1  # Unchanged blocks shown before and after a changed one.
PAIR_CUTOFF = 0.3  # How alike (difflib ratio of words) two blocks must be to be compared word by word.

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
