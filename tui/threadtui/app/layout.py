"""Lay comments out as terminal lines: wrapping, indentation guides, quotes and code blocks.

The thread pane asks two things of this module: how many lines a comment takes at a width
(for every comment, on every resize, so it must be cheap) and the styled lines themselves
(only for the comments on screen). Both come from the same `wrap_offsets`, so they always
agree.
"""

from __future__ import annotations

import re
import time
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, count
from operator import add, sub

from rich.cells import cell_len, split_graphemes
from rich.segment import Segment
from rich.style import Style

from threadtui.model import Block, BlockKind, Comment, CommentState, SpanStyle, Thread

WORD = re.compile(r"\S+")

# Indentation guides stop growing after this many levels; deeper comments say their depth in
# the header instead, and the breadcrumb above the pane shows the path to the root.
MAX_GUIDE_LEVELS = 8
GUIDE = "│ "
GUTTER_WIDTH = 1
MIN_TEXT_WIDTH = 16

# Anything that could still move the cursor or change terminal state is drawn as a visible
# replacement. Parsers already clean remote text; this is the last line of defence because
# a Segment's text goes to the terminal as it is.
_CONTROL_TABLE = {code: 0x2400 + code for code in range(0x20) if code not in (0x0A,)}
_CONTROL_TABLE[0x7F] = 0x2421
_CONTROL_TABLE.update({code: 0xFFFD for code in range(0x80, 0xA0)})
_CONTROL_TABLE[0x09] = 0x20
# Bidi embeddings, overrides and isolates would reorder the text after them, and UTF-8 cannot
# encode a lone surrogate. Each becomes U+FFFD, so lengths and span offsets stay the same.
_CONTROL_TABLE.update({ord(char): 0xFFFD for char in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"})
_CONTROL_TABLE.update({code: 0xFFFD for code in range(0xD800, 0xE000)})
_CONTROL_TABLE.update({0x2028: 0x20, 0x2029: 0x20})


def make_printable(text: str) -> str:
    """Replace control characters that would reach the terminal with visible symbols."""
    if text.isprintable():
        return text
    return text.translate(_CONTROL_TABLE)


def printable_line(text: str) -> str:
    """Return text for a one-line segment (an author, an age): printable, newlines as spaces."""
    return make_printable(text).replace("\n", " ")


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """Break text into lines of at most `width` cells; return (start, end) offsets per line.

    Lines break at whitespace; a word wider than the line is broken between graphemes, so a
    wide character is never split. Whitespace at a break is dropped. Newlines in the text are
    hard breaks. Empty text gives one empty line.
    """
    width = max(1, width)
    lines: list[tuple[int, int]] = []
    base = 0
    for part in text.split("\n") if "\n" in text else (text,):
        if _is_spaced_ascii(part):
            _wrap_spaced_ascii(part, width, lines, base)
        else:
            _wrap_words(part, _word_metrics(part), width, lines, base)
        base += len(part) + 1
    return lines


def wrap_count(text: str, width: int) -> int:
    """Return `len(wrap_offsets(text, width))` without building the offsets."""
    width = max(1, width)
    count = 0
    for part in text.split("\n") if "\n" in text else (text,):
        if _is_spaced_ascii(part):
            count += _count_spaced_ascii(part, width)
        else:
            count += _count_lines(part, _word_metrics(part), width)
    return count


def _is_spaced_ascii(text: str) -> bool:
    """Return True for printable ASCII with single spaces between words and none at the ends.

    Converted comment text nearly always is; its lines can be found with `str.rfind` alone.
    """
    return (
        text.isascii()
        and text.isprintable()
        and "  " not in text
        and not text.startswith(" ")
        and not text.endswith(" ")
    )


def _wrap_spaced_ascii(text: str, width: int, lines: list[tuple[int, int]], base: int) -> None:
    """Greedy wrap of `_is_spaced_ascii` text: each line ends at the last space that fits.

    A line with no space in reach is a word longer than the line, which is cut at `width`
    characters. The rest of the word starts the next line, and later words may join it.
    """
    length = len(text)
    start = 0
    while length - start > width:
        space = text.rfind(" ", start, start + width + 1)
        if space > start:
            lines.append((base + start, base + space))
            start = space + 1
        else:
            lines.append((base + start, base + start + width))
            start += width
    lines.append((base + start, base + length))


def _count_spaced_ascii(text: str, width: int) -> int:
    """Return how many lines `_wrap_spaced_ascii` makes."""
    length = len(text)
    start = 0
    count = 1
    while length - start > width:
        space = text.rfind(" ", start, start + width + 1)
        start = space + 1 if space > start else start + width
        count += 1
    return count


# Word positions of one line of text, in characters and in terminal cells:
# (starts, ends, cell_starts, cell_ends). A cell position counts each whitespace character
# between words as one cell, as the greedy wrap does, so a run of words j..k fits in a line
# of `width` cells when cell_ends[k] - cell_starts[j] <= width. For ASCII text the cell
# arrays are the character arrays.
WordMetrics = tuple[array, array, array, array]


@lru_cache(maxsize=1 << 16)
def _word_metrics(text: str) -> WordMetrics:
    """Return the word positions of a line of text (no newlines).

    Cached by text: the thread pane measures every comment again after each resize, and with
    the words already found that is one bisection per wrapped line.
    """
    if text.isascii():
        words = text.split(" ")
        if text.isprintable() and "" not in words:
            # Single spaces between words, as converted comment text nearly always has: the
            # positions come from the word lengths without a regex pass.
            lengths = list(map(len, words))
            ends = array("I", map(add, accumulate(lengths), count()))
            starts = array("I", map(sub, ends, lengths))
            return starts, ends, starts, ends
        starts = array("I")
        ends = array("I")
        for match in WORD.finditer(text):
            starts.append(match.start())
            ends.append(match.end())
        return starts, ends, starts, ends

    starts = array("I")
    ends = array("I")
    cell_starts = array("I")
    cell_ends = array("I")
    position = 0
    previous_end = 0
    for match in WORD.finditer(text):
        start, end = match.span()
        word = match.group()
        if starts:
            position += start - previous_end
        starts.append(start)
        ends.append(end)
        cell_starts.append(position)
        position += cell_len(word)
        cell_ends.append(position)
        previous_end = end
    return starts, ends, cell_starts, cell_ends


def _wrap_words(text: str, metrics: WordMetrics, width: int, lines: list[tuple[int, int]], base: int) -> None:
    """Greedy wrap of one line of text: append (start, end) offsets, shifted by `base`.

    One bisection per line finds the last word that fits. A word wider than the line is cut
    into pieces of at most `width` cells (between graphemes), and its last piece starts a line
    that later words may join.
    """
    starts, ends, cell_starts, cell_ends = metrics
    count = len(starts)
    if count == 0:
        lines.append((base, base))
        return
    wide = cell_ends is not ends
    index = 0
    while index < count:
        line_start = starts[index]
        line_cell_start = cell_starts[index]
        if cell_ends[index] - line_cell_start > width:
            word_start, word_end = starts[index], ends[index]
            pieces = _chop(text[word_start:word_end], width, not wide)
            for piece_start, piece_end, _ in pieces[:-1]:
                if piece_end > piece_start:
                    lines.append((base + word_start + piece_start, base + word_start + piece_end))
            piece_start, _, piece_width = pieces[-1]
            line_start = word_start + piece_start
            line_cell_start = cell_ends[index] - piece_width
        last = bisect_right(cell_ends, line_cell_start + width, index) - 1
        if last < index:
            last = index
        lines.append((base + line_start, base + ends[last]))
        index = last + 1


def _count_lines(text: str, metrics: WordMetrics, width: int) -> int:
    """Return how many lines `_wrap_words` makes of one line of text."""
    starts, ends, cell_starts, cell_ends = metrics
    count = len(starts)
    if count == 0:
        return 1
    if cell_ends[-1] - cell_starts[0] <= width:
        return 1
    wide = cell_ends is not ends
    lines = 0
    index = 0
    while index < count:
        line_cell_start = cell_starts[index]
        if cell_ends[index] - line_cell_start > width:
            pieces = _chop(text[starts[index] : ends[index]], width, not wide)
            lines += sum(1 for piece_start, piece_end, _ in pieces[:-1] if piece_end > piece_start)
            line_cell_start = cell_ends[index] - pieces[-1][2]
        last = bisect_right(cell_ends, line_cell_start + width, index) - 1
        index = max(last, index) + 1
        lines += 1
    return lines


def _chop(word: str, width: int, ascii_text: bool) -> list[tuple[int, int, int]]:
    """Split a word into pieces of at most `width` cells: (start, end, cells) per piece."""
    if ascii_text:
        return [
            (index, min(index + width, len(word)), min(width, len(word) - index))
            for index in range(0, len(word), width)
        ]
    pieces: list[tuple[int, int, int]] = []
    graphemes, _ = split_graphemes(word)
    piece_start = 0
    piece_width = 0
    for start, _end, cells in graphemes:
        if piece_width + cells > width and piece_width > 0:
            pieces.append((piece_start, start, piece_width))
            piece_start, piece_width = start, 0
        piece_width += cells
    pieces.append((piece_start, len(word), piece_width))
    return pieces


def guide_levels(depth: int) -> int:
    """Return how many indentation guides a comment at `depth` gets."""
    return min(depth, MAX_GUIDE_LEVELS)


def text_width(width: int, depth: int) -> int:
    """Return the cells left for comment text in a pane `width` wide at `depth`."""
    indent = GUTTER_WIDTH + guide_levels(depth) * len(GUIDE)
    return max(MIN_TEXT_WIDTH, width - indent - 1)


def _block_prefix(block: Block) -> str:
    if block.kind is BlockKind.QUOTE:
        return "▎ "
    if block.kind is BlockKind.LIST_ITEM:
        return (block.marker or "•") + " "
    return ""


def _block_lines(block: Block, width: int) -> list[tuple[int, int]]:
    """Wrap offsets for a block's text in `width` cells (code is never wrapped)."""
    if block.kind is BlockKind.CODE:
        text = block.text.rstrip("\n")
        lines: list[tuple[int, int]] = []
        offset = 0
        for line in text.split("\n"):
            lines.append((offset, offset + len(line)))
            offset += len(line) + 1
        return lines
    prefix = _block_prefix(block)
    return wrap_offsets(make_printable(block.text), width - len(prefix))


def _needs_gap(previous: Block, block: Block) -> bool:
    """Return True when a blank line separates two consecutive blocks."""
    same_run = previous.kind is block.kind and block.kind in (BlockKind.QUOTE, BlockKind.LIST_ITEM)
    return not same_run


# A comment's shape: per block, (lines of code, or None for wrapped text; the printable text;
# the prefix width; a blank line before it; the text's length when it is one line of ASCII,
# else None; whether the text is `_is_spaced_ascii`). Computing it once per comment keeps
# re-measuring after a resize down to the wrapping itself.
BlockShape = tuple[int | None, str, int, bool, int | None, bool]


def comment_shape(blocks: Sequence[Block]) -> tuple[BlockShape, ...]:
    """Return what `shape_height` needs to measure blocks at any width."""
    shape: list[BlockShape] = []
    previous: Block | None = None
    for block in blocks:
        gap = previous is not None and _needs_gap(previous, block)
        if block.kind is BlockKind.CODE:
            shape.append((block.text.rstrip("\n").count("\n") + 1, "", 0, gap, None, False))
        else:
            text = make_printable(block.text)
            one_line = len(text) if text.isascii() and "\n" not in text else None
            shape.append((None, text, len(_block_prefix(block)), gap, one_line, _is_spaced_ascii(text)))
        previous = block
    return tuple(shape)


def shape_height(shape: tuple[BlockShape, ...], width: int) -> int:
    """Return the lines a comment shape takes at `width` text cells, gaps included."""
    height = 0
    for code_lines, text, prefix, gap, one_line, spaced in shape:
        if gap:
            height += 1
        if code_lines is not None:
            height += code_lines
        elif one_line is not None and one_line + prefix <= width:
            height += 1
        elif spaced:
            height += _count_spaced_ascii(text, max(1, width - prefix))
        else:
            height += wrap_count(text, width - prefix)
    return height


def blocks_height(blocks: Sequence[Block], width: int) -> int:
    """Return the number of lines the blocks take at `width` text cells, gaps included."""
    return shape_height(comment_shape(blocks), width)


def comment_height(comment: Comment, width: int, *, collapsed: bool = False, shape: tuple[BlockShape, ...] | None = None) -> int:
    """Return the lines a comment takes in a pane `width` wide: header, body and a blank line."""
    if collapsed or not comment.blocks:
        return 2
    if shape is None:
        shape = comment_shape(comment.blocks)
    return 1 + shape_height(shape, text_width(width, comment.depth)) + 1


@dataclass(frozen=True, slots=True)
class Styles:
    """The Rich styles the thread pane draws with, read from the widget's component classes."""

    base: Style
    selected: Style
    gutter_selected: Style
    author: Style
    op: Style
    meta: Style
    deleted: Style
    guide: Style
    quote: Style
    quote_bar: Style
    code: Style
    link: Style
    emphasis: Style
    strong: Style
    match: Style
    title: Style
    unread: Style
    new: Style

    @classmethod
    def plain(cls) -> Styles:
        """Styles without colour, for tests and measurements outside an app."""
        none = Style()
        return cls(
            base=none,
            selected=Style(reverse=False, bold=False),
            gutter_selected=Style(bold=True),
            author=Style(bold=True),
            op=Style(bold=True),
            meta=Style(dim=True),
            deleted=Style(dim=True, italic=True),
            guide=Style(dim=True),
            quote=Style(italic=True),
            quote_bar=Style(dim=True),
            code=Style(),
            link=Style(underline=True),
            emphasis=Style(italic=True),
            strong=Style(bold=True),
            match=Style(reverse=True),
            title=Style(bold=True),
            unread=Style(bold=True),
            new=Style(bold=True),
        )


Line = list[Segment]


def plural(count: int, noun: str) -> str:
    """Return `1 comment`, `2 comments`."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def relative_age(created_at: float | None, now: float) -> str:
    """Return a short age such as `5m`, `3h`, `2d`, `4mo` or `1y`."""
    if created_at is None:
        return ""
    seconds = max(0.0, now - created_at)
    for limit, unit, size in (
        (60, "s", 1),
        (3600, "m", 60),
        (86400, "h", 3600),
        (86400 * 30, "d", 86400),
        (86400 * 365, "mo", 86400 * 30),
    ):
        if seconds < limit:
            return f"{int(seconds // size)}{unit} ago"
    return f"{int(seconds // (86400 * 365))}y ago"


def format_utc(timestamp: float) -> str:
    """Return a timestamp as `YYYY-MM-DD HH:MM UTC`."""
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(timestamp))


_SPAN_STYLE_NAMES = {
    SpanStyle.EMPHASIS: "emphasis",
    SpanStyle.STRONG: "strong",
    SpanStyle.CODE: "code",
    SpanStyle.LINK: "link",
}


@dataclass(slots=True)
class RowMarks:
    """Per-row state that changes how a comment is drawn."""

    selected: bool = False
    collapsed: bool = False
    hidden: int = 0
    unread: bool = False
    new: bool = False
    position: int = 0


class CommentRenderer:
    """Turns comments into styled lines for one pane width."""

    def __init__(self, styles: Styles, *, now: float, width: int, search: str = "") -> None:
        self.styles = styles
        self.now = now
        self.width = width
        self.search = search.casefold()

    # -- comments -----------------------------------------------------------------------------

    def comment_lines(self, comment: Comment, marks: RowMarks) -> list[Line]:
        """Return every line of a comment: header, body and the blank separator."""
        depth = comment.depth
        width = text_width(self.width, depth)
        background = self.styles.selected if marks.selected else None

        lines: list[Line] = [self._header(comment, marks)]
        if not marks.collapsed and comment.blocks:
            lines.extend(self.block_lines(comment.blocks, width))
        lines.append([])

        indent = self._indent(depth, marks)
        return [self._finish(indent + line, background) for line in lines]

    def _indent(self, depth: int, marks: RowMarks) -> Line:
        styles = self.styles
        if marks.selected:
            gutter = Segment("▌", styles.gutter_selected)
        elif marks.new:
            gutter = Segment("+", styles.new)
        elif marks.unread:
            gutter = Segment("•", styles.unread)
        else:
            gutter = Segment(" ")
        guides = guide_levels(depth)
        if not guides:
            return [gutter]
        return [gutter, Segment(GUIDE * guides, styles.guide)]

    def _header(self, comment: Comment, marks: RowMarks) -> Line:
        styles = self.styles
        toggle = "▸ " if marks.collapsed else "▾ "
        parts: Line = [Segment(toggle, styles.meta)]

        if comment.state is CommentState.MORE:
            count = comment.more_count
            if count is None:
                label = "replies not loaded — open the thread on the site to read them"
            elif count == 0:
                label = "continue this thread →"
            else:
                label = f"{count} more repl{'y' if count == 1 else 'ies'}"
            parts.append(Segment(label, styles.link))
            return parts

        if comment.author:
            parts.append(Segment(printable_line(comment.author), styles.op if comment.is_op else styles.author))
            if comment.is_op:
                parts.append(Segment(" [OP]", styles.op))
        elif comment.state is CommentState.NORMAL:
            parts.append(Segment(f"#{marks.position}", styles.author))
        else:
            parts.append(Segment(f"[{comment.state.value}]", styles.deleted))

        meta: list[str] = []
        age = relative_age(comment.created_at, self.now) if comment.created_at else comment.age_text
        if age:
            meta.append(printable_line(age))
        if comment.score_hidden:
            meta.append("score hidden")
        elif comment.score is not None:
            meta.append(f"{comment.score} point{'s' if comment.score != 1 else ''}")
        if comment.edited:
            meta.append("edited")
        if comment.author and comment.state not in (CommentState.NORMAL, CommentState.MORE):
            meta.append(f"[{comment.state.value}]")
        if comment.depth > MAX_GUIDE_LEVELS:
            meta.append(f"depth {comment.depth}")
        if marks.new:
            meta.append("new")
        if marks.collapsed:
            meta.append(f"+{marks.hidden} hidden" if marks.hidden else "collapsed")
        if comment.more_count and comment.state is not CommentState.MORE:
            meta.append(f"{comment.more_count} replies not shown")
        if meta:
            parts.append(Segment("  " + " · ".join(meta), styles.meta))
        return parts

    # -- the story row ------------------------------------------------------------------------

    def story_lines(self, thread: Thread, marks: RowMarks) -> list[Line]:
        """Return the lines of the story at the top of the thread."""
        styles = self.styles
        width = text_width(self.width, 0)
        background = self.styles.selected if marks.selected else None

        lines: list[Line] = []
        title = make_printable(thread.title)
        for start, end in wrap_offsets(title, width):
            lines.append([Segment(title[start:end], styles.title)])
        if thread.url:
            url = make_printable(thread.url)
            for start, end in wrap_offsets(url, width):
                lines.append([Segment(url[start:end], styles.link)])

        meta: list[str] = []
        if thread.score is not None:
            meta.append(plural(thread.score, "point"))
        if thread.author:
            meta.append(f"by {printable_line(thread.author)}")
        if thread.created_at:
            meta.append(relative_age(thread.created_at, self.now))
        meta.append(plural(len(thread.comments), "comment"))
        meta.append(printable_line(thread.site))
        lines.append([Segment(" · ".join(meta), styles.meta)])

        if thread.blocks:
            lines.append([])
            lines.extend(self.block_lines(thread.blocks, width))
        lines.append([])

        gutter = Segment("▌", styles.gutter_selected) if marks.selected else Segment(" ")
        return [self._finish([gutter, *line], background) for line in lines]

    def story_height(self, thread: Thread) -> int:
        """Return the number of lines `story_lines` produces."""
        width = text_width(self.width, 0)
        height = len(wrap_offsets(make_printable(thread.title), width)) + 1
        if thread.url:
            height += len(wrap_offsets(make_printable(thread.url), width))
        if thread.blocks:
            height += 1 + blocks_height(thread.blocks, width)
        return height + 1

    # -- blocks -------------------------------------------------------------------------------

    def block_lines(self, blocks: Sequence[Block], width: int) -> list[Line]:
        """Return the styled lines of a sequence of blocks wrapped to `width` cells."""
        lines: list[Line] = []
        previous: Block | None = None
        for block in blocks:
            if previous is not None and _needs_gap(previous, block):
                lines.append([])
            lines.extend(self._block(block, width))
            previous = block
        return lines

    def _block(self, block: Block, width: int) -> list[Line]:
        styles = self.styles
        if block.kind is BlockKind.CODE:
            return self._code(block, width)

        text = make_printable(block.text)
        runs = self._style_runs(block, text)
        prefix = _block_prefix(block)
        offsets = wrap_offsets(text, width - len(prefix))

        lines: list[Line] = []
        for number, (start, end) in enumerate(offsets):
            line: Line = []
            if block.kind is BlockKind.QUOTE:
                line.append(Segment(prefix, styles.quote_bar))
            elif prefix:
                line.append(Segment(prefix if number == 0 else " " * len(prefix), styles.meta))
            line.extend(self._slice(text, runs, start, end))
            lines.append(line)
        return lines

    def _style_runs(self, block: Block, text: str) -> list[tuple[int, int, Style]]:
        """Return (start, end, style) for each span of the block, in text offsets."""
        styles = self.styles
        base = styles.quote if block.kind is BlockKind.QUOTE else Style()
        runs: list[tuple[int, int, Style]] = []
        offset = 0
        for span in block.spans:
            name = _SPAN_STYLE_NAMES.get(span.style)
            style = base + getattr(styles, name) if name else base
            runs.append((offset, offset + len(span.text), style))
            offset += len(span.text)
        if offset != len(text):
            # make_printable never changes lengths, so this only guards against a model bug.
            runs = [(0, len(text), base)]
        return runs

    def _slice(self, text: str, runs: list[tuple[int, int, Style]], start: int, end: int) -> Line:
        segments: Line = []
        for run_start, run_end, style in runs:
            if run_end <= start or run_start >= end:
                continue
            piece_start = max(start, run_start)
            piece_end = min(end, run_end)
            segments.extend(self._highlight(text, piece_start, piece_end, style))
        return segments

    def _highlight(self, text: str, start: int, end: int, style: Style) -> Line:
        """Split a run into segments, marking search matches."""
        piece = text[start:end]
        if not self.search or self.search not in piece.casefold():
            return [Segment(piece, style)]
        folded = piece.casefold()
        if len(folded) != len(piece):
            return [Segment(piece, style + self.styles.match)]
        segments: Line = []
        position = 0
        needle = self.search
        while (found := folded.find(needle, position)) >= 0:
            if found > position:
                segments.append(Segment(piece[position:found], style))
            segments.append(Segment(piece[found : found + len(needle)], style + self.styles.match))
            position = found + len(needle)
        if position < len(piece):
            segments.append(Segment(piece[position:], style))
        return segments

    def _code(self, block: Block, width: int) -> list[Line]:
        styles = self.styles
        text = make_printable(block.text.rstrip("\n").expandtabs(4))
        lines: list[Line] = []
        for code_line in text.split("\n"):
            if cell_len(code_line) > width:
                pieces = _chop(code_line, width - 1, code_line.isascii())
                visible = code_line[: pieces[0][1]]
                lines.append([Segment(visible, styles.code), Segment("›", styles.meta)])
            else:
                lines.append([Segment(code_line, styles.code)])
        return lines

    # -- finishing ----------------------------------------------------------------------------

    def _finish(self, line: Line, background: Style | None) -> Line:
        """Pad a line to the pane width and layer the styles: pane, selection, then the text's own."""
        used = sum(segment.cell_length for segment in line)
        if used < self.width:
            line = [*line, Segment(" " * (self.width - used))]
        elif used > self.width:
            line = list(Segment.adjust_line_length(line, self.width))
        under = self.styles.base + background if background is not None else self.styles.base
        return [Segment(segment.text, under + segment.style if segment.style else under) for segment in line]
