"""The thread pane: the whole comment tree with full text, drawn one visible line at a time.

There is one widget for the whole thread, not one per comment. Heights of every comment at
the current width are computed once per width (cheap: see `layout.wrap_offsets`); styled
lines are built only for the comments on screen and kept in a small cache.
"""

from __future__ import annotations

import gc
import time
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import partial
from itertools import accumulate

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from threadtui.app.first_frame import call_after_first_frame
from threadtui.app.layout import (
    BlockShape,
    CommentRenderer,
    Line,
    RowMarks,
    Styles,
    comment_height,
    comment_shape,
)
from threadtui.model import Thread

STORY = -1
"""The row index of the story at the top of the pane."""

# Two presses of `g` within this many seconds jump to the top, as in vim and less.
G_PREFIX_SECONDS = 1.0

# Rows (comments) whose styled lines are kept; a few screens' worth, so moving back and forth
# redraws from the cache. Each cached segment stays in the garbage collector's young
# generations, so a larger cache makes every collection slower.
ROW_CACHE_SIZE = 128

# A thread with more comments than this is measured in two steps the first time: the comments
# down to the end of the first screen before that screen is drawn, the rest right after. On
# the 5,000-comment benchmark thread the first full measurement takes about 0.1 s. Later
# widths reuse the cached word positions and take about a third of that, so they are measured
# in one step, which changes the scroll height (and lays the screen out) only once.
PROGRESSIVE_LAYOUT_COMMENTS = 1_000


class ThreadView(ScrollView, can_focus=True):
    """A scrollable comment tree with a selected comment, collapsible subtrees and search."""

    COMPONENT_CLASSES = {
        "thread-view--selected",
        "thread-view--gutter-selected",
        "thread-view--author",
        "thread-view--op",
        "thread-view--meta",
        "thread-view--deleted",
        "thread-view--guide",
        "thread-view--quote",
        "thread-view--quote-bar",
        "thread-view--code",
        "thread-view--link",
        "thread-view--match",
        "thread-view--title",
        "thread-view--unread",
        "thread-view--new",
    }

    DEFAULT_CSS = """
    ThreadView {
        background: $surface;
        scrollbar-size-vertical: 1;
        /* The text width must not change when the scrollbar appears: comments are measured
           at one width, and a scrollbar that takes a column after that would not resize the
           widget, so nothing would measure them again. */
        scrollbar-gutter: stable;
        overflow-x: hidden;
        & > .thread-view--selected { background: $surface-lighten-1; }
        &:focus > .thread-view--selected { background: $primary-muted; }
        & > .thread-view--gutter-selected { color: $text-muted; }
        &:focus > .thread-view--gutter-selected { color: $accent; text-style: bold; }
        & > .thread-view--author { color: $text-primary; text-style: bold; }
        & > .thread-view--op { color: $text-warning; text-style: bold; }
        & > .thread-view--meta { color: $text-muted; }
        & > .thread-view--deleted { color: $text-disabled; text-style: italic; }
        & > .thread-view--guide { color: $text-disabled; }
        & > .thread-view--quote { color: $text-muted; text-style: italic; }
        & > .thread-view--quote-bar { color: $accent; }
        & > .thread-view--code { color: $text; background: $panel; }
        & > .thread-view--link { color: $text-accent; text-style: underline; }
        & > .thread-view--match { background: $warning-muted; color: $text; text-style: bold; }
        & > .thread-view--title { color: $text; text-style: bold; }
        & > .thread-view--unread { color: $accent; }
        & > .thread-view--new { color: $success; text-style: bold; }
    }
    """

    BINDINGS = [
        Binding("j,down", "cursor_down", "Next", id="thread.next", priority=True),
        Binding("k,up", "cursor_up", "Prev", id="thread.previous", priority=True),
        Binding("J", "next_sibling", "Next sibling", show=False, id="thread.next_sibling", priority=True),
        Binding("K", "previous_sibling", "Prev sibling", show=False, id="thread.previous_sibling", priority=True),
        Binding("u", "parent", "Parent", show=False, id="thread.parent", priority=True),
        Binding("right_square_bracket", "next_root", "Next top-level", show=False, id="thread.next_root", priority=True),
        Binding("left_square_bracket", "previous_root", "Prev top-level", show=False, id="thread.previous_root", priority=True),
        Binding("space", "toggle_collapse", "Collapse", id="thread.collapse", priority=True),
        Binding("g", "g_prefix", "Top (gg)", show=False, id="thread.top", priority=True),
        Binding("home", "first", "Top", show=False, id="thread.first", priority=True),
        Binding("G,end", "last", "Bottom", show=False, id="thread.last", priority=True),
        Binding("pagedown,ctrl+d", "page_down", "Page down", show=False, id="thread.page_down", priority=True),
        Binding("pageup,ctrl+u", "page_up", "Page up", show=False, id="thread.page_up", priority=True),
    ]

    class Highlighted(Message):
        """The selected comment changed. `index` is the comment's position, or STORY.

        The comments selected on the way are kept by the view (`take_passed`).
        """

        def __init__(self, view: ThreadView, index: int) -> None:
            super().__init__()
            self.view = view
            self.index = index

        def can_replace(self, message: Message) -> bool:
            # A held-down `j` queues one of these per comment; only the last selection needs
            # the other panes updated.
            return isinstance(message, ThreadView.Highlighted) and message.view is self.view

    class CollapseChanged(Message):
        """A subtree was collapsed or expanded."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.time,
        defer: Callable[[Callable[[], object]], None] | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Create the pane.

        Args:
            clock: Returns the current time, for the comments' ages.
            defer: Schedules the rest of a large thread's layout after its first screen. By
                default that waits for the first frame (`call_after_first_frame`); the main
                screen also has it wait for the panes it mounts after that frame.
        """
        super().__init__(name=name, id=id, classes=classes)
        self._clock = clock
        self._defer = defer or partial(call_after_first_frame, self)
        self.thread: Thread | None = None
        self._ends: list[int] = []
        self._parents: list[int] = []
        self._collapsed: set[int] = set()
        self._rows: list[int] = [STORY]
        self._row_of: dict[int, int] = {STORY: 0}
        self._offsets: list[int] = [0, 0]
        self._layout_width = 0
        self._heights_by_width: dict[int, list[int]] = {}
        self._shapes: list[tuple[BlockShape, ...] | None] = []
        self._measured = 0
        self._row_cache: OrderedDict[tuple, list[Line]] = OrderedDict()
        self._styles: Styles | None = None
        self._search = ""
        self._matches: list[int] = []
        self._folded_texts: list[str] | None = None
        self._g_pressed_at = 0.0
        self._unread: set[int] = set()
        self._new: set[int] = set()
        self.selected: int = STORY
        """The selected comment's index, or STORY."""
        self._passed: set[int] = set()

    # -- loading ------------------------------------------------------------------------------

    def load(self, thread: Thread, *, selected: int = STORY, collapsed: Iterable[int] = ()) -> None:
        """Show a thread, optionally restoring a selection and collapsed subtrees."""
        self.thread = thread
        self._ends = thread.subtree_ends()
        self._parents = _parent_indices(thread)
        self._collapsed = {index for index in collapsed if 0 <= index < len(thread.comments)}
        self._heights_by_width.clear()
        self._shapes = [None] * len(thread.comments)
        self._measured = 0
        self._row_cache.clear()
        self._folded_texts = None
        self._matches = []
        self.selected = selected if -1 <= selected < len(thread.comments) else STORY
        self._passed = {self.selected}
        self._reveal(self.selected)
        self._rebuild_rows(first_screen_only=True)
        self.call_after_refresh(self._scroll_to_selected, center=True)
        self.post_message(self.Highlighted(self, self.selected))
        _freeze_long_lived_objects()

    def on_unmount(self) -> None:
        gc.unfreeze()

    @property
    def collapsed(self) -> frozenset[int]:
        """Indices of the comments whose subtrees are collapsed."""
        return frozenset(self._collapsed)

    def set_marks(self, *, unread: Iterable[int] = (), new: Iterable[int] = ()) -> None:
        """Mark comments as unread or new since the last visit."""
        self._unread = set(unread)
        self._new = set(new)
        self._invalidate_rows()

    # -- geometry -----------------------------------------------------------------------------

    @property
    def _width(self) -> int:
        return max(1, self.scrollable_content_region.width)

    def _measure(self, width: int, stop: int) -> list[int]:
        """Return full (expanded) heights at `width`, measured once per width, up to `stop`.

        The list contains the comments measured so far, from the first, and grows in place.
        """
        heights = self._heights_by_width.get(width)
        if heights is None:
            if len(self._heights_by_width) > 4:
                self._heights_by_width.clear()
            heights = self._heights_by_width[width] = []
        assert self.thread is not None
        comments = self.thread.comments
        shapes = self._shapes
        for index in range(len(heights), min(stop, len(comments))):
            shape = shapes[index]
            if shape is None:
                shape = shapes[index] = comment_shape(comments[index].blocks)
            heights.append(comment_height(comments[index], width, shape=shape))
        return heights

    def _measure_first_screen(self, width: int) -> list[int]:
        """Measure the comments down to the selection and two screens below it."""
        assert self.thread is not None
        first = max(self.selected, 0)
        heights = self._measure(width, first + 1)
        wanted = 2 * max(1, self.scrollable_content_region.height)
        below = sum(heights[first:])
        count = len(self.thread.comments)
        while below < wanted and len(heights) < count:
            below += self._measure(width, len(heights) + 1)[-1]
        return heights

    def _complete_layout(self) -> None:
        """Measure the comments a first-screen layout left out, keeping the view in place.

        Every comment above the end of the first screen was measured already, so the offsets
        of the rows on screen stay as they are.
        """
        if self.thread is not None and self._measured < len(self.thread.comments) and self.size.width:
            self._relayout()

    def _rebuild_rows(self, *, first_screen_only: bool = False) -> None:
        """Recompute the visible rows and their line offsets after a load, collapse or resize."""
        thread = self.thread
        if thread is None:
            return
        rows = [STORY]
        ends = self._ends
        collapsed = self._collapsed
        index = 0
        count = len(thread.comments)
        while index < count:
            rows.append(index)
            index = ends[index] if index in collapsed else index + 1
        self._rows = rows
        self._row_of = {comment: row for row, comment in enumerate(rows)}
        self._relayout(first_screen_only=first_screen_only)

    def _relayout(self, *, first_screen_only: bool = False) -> None:
        """Lay the rows out at the current width.

        With `first_screen_only`, a large thread at a width not measured yet gets exact heights
        down to the end of the first screen and an average for the comments below, and the
        rest is measured right after the next frame. A row drawn or selected before then is
        measured on the spot (`_complete_layout`).
        """
        thread = self.thread
        if thread is None:
            return
        if not self.size.width:
            # Not laid out yet (a load from on_mount): measuring every comment at a made-up
            # width would cost as much as the real layout, which on_resize does next.
            self._offsets = [0] * (len(self._rows) + 1)
            return
        width = self._width
        self._layout_width = width
        count = len(thread.comments)
        measured_before = any(len(heights) == count for heights in self._heights_by_width.values())
        if first_screen_only and count > PROGRESSIVE_LAYOUT_COMMENTS and not measured_before:
            heights = self._measure_first_screen(width)
            if len(heights) < count:
                self._defer(self._complete_layout)
        else:
            heights = self._measure(width, count)
        measured = self._measured = len(heights)
        estimate = max(2, round(sum(heights) / measured)) if measured else 2
        story = self._renderer(width).story_height(thread)
        collapsed = self._collapsed
        row_heights = [story]
        for index in self._rows[1:]:
            if index in collapsed:
                row_heights.append(2)
            elif index < measured:
                row_heights.append(heights[index])
            else:
                row_heights.append(estimate)
        self._offsets = list(accumulate(row_heights, initial=0))
        self.virtual_size = Size(width, self._offsets[-1])
        self.refresh()

    def _renderer(self, width: int) -> CommentRenderer:
        if self._styles is None:
            self._styles = self._read_styles()
        return CommentRenderer(self._styles, now=self._clock(), width=width, search=self._search)

    def _read_styles(self) -> Styles:
        def style(name: str, *, background: bool = False) -> Style:
            # The full style, not the partial one: theme colours such as `$text-muted` are
            # "auto" or translucent and only resolve against a background (partial styles
            # came out white on every theme). The pane's own background is then dropped, so a
            # selected comment's background shows through, except for components that set
            # their own (code, search matches, the selection).
            full = self.get_component_rich_style(f"thread-view--{name}")
            if background:
                return full
            return Style(
                color=full.color, bold=full.bold, dim=full.dim, italic=full.italic,
                underline=full.underline, reverse=full.reverse, strike=full.strike,
            )

        plain = Styles.plain()
        return Styles(
            base=self.rich_style,
            selected=style("selected", background=True),
            gutter_selected=style("gutter-selected"),
            author=style("author"),
            op=style("op"),
            meta=style("meta"),
            deleted=style("deleted"),
            guide=style("guide"),
            quote=style("quote"),
            quote_bar=style("quote-bar"),
            code=style("code", background=True),
            link=style("link"),
            emphasis=plain.emphasis,
            strong=plain.strong,
            match=style("match", background=True),
            title=style("title"),
            unread=style("unread"),
            new=style("new"),
        )

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None
        self._invalidate_rows()

    def on_resize(self, event: events.Resize) -> None:
        self._row_cache.clear()
        self._relayout(first_screen_only=True)
        self._scroll_to_selected()

    def on_focus(self, event: events.Focus) -> None:
        self._styles = None
        self._invalidate_rows()

    def on_blur(self, event: events.Blur) -> None:
        self._styles = None
        self._invalidate_rows()

    # -- rendering ----------------------------------------------------------------------------

    def _invalidate_rows(self, *indices: int) -> None:
        """Drop cached lines and repaint: of the given comments only, or of every row."""
        if not indices:
            self._row_cache.clear()
            self.refresh()
            return
        for key in [key for key in self._row_cache if key[0] in indices]:
            del self._row_cache[key]
        # Repainting only these rows keeps a selection move to a few lines of work. A move
        # that scrolls repaints the whole pane through the scroll anyway.
        for index in indices:
            row = self._row_of.get(index)
            if row is not None and row + 1 < len(self._offsets):
                top = self._offsets[row]
                self.refresh_lines(top, self._offsets[row + 1] - top)

    def _row_lines(self, row: int, width: int) -> list[Line]:
        assert self.thread is not None
        index = self._rows[row]
        marks = RowMarks(
            selected=index == self.selected,
            collapsed=index in self._collapsed,
            unread=index in self._unread,
            new=index in self._new,
            position=index + 1,
        )
        key = (index, width, marks.selected, marks.collapsed, marks.unread, marks.new, self._search)
        lines = self._row_cache.get(key)
        if lines is not None:
            self._row_cache.move_to_end(key)
            return lines

        renderer = self._renderer(width)
        if index == STORY:
            lines = renderer.story_lines(self.thread, marks)
        else:
            if marks.collapsed:
                marks.hidden = self._ends[index] - index - 1
            lines = renderer.comment_lines(self.thread.comments[index], marks)

        expected = self._offsets[row + 1] - self._offsets[row]
        lines = _fit(lines, expected, width)
        self._row_cache[key] = lines
        if len(self._row_cache) > ROW_CACHE_SIZE:
            self._row_cache.popitem(last=False)
        return lines

    def render_line(self, y: int) -> Strip:
        width = self._width
        if self.thread is None:
            return Strip.blank(width, self.rich_style)
        if width != self._layout_width:
            # The text area changed width without a resize event, or this is the first frame,
            # which can come before the first resize event. Rows would not match their offsets
            # unless they are measured again first.
            self._row_cache.clear()
            self._relayout(first_screen_only=True)
        line_number = self.scroll_offset.y + y
        if line_number >= self._offsets[-1]:
            return Strip.blank(width, self.rich_style)
        row = bisect_right(self._offsets, line_number) - 1
        if self._rows[row] >= self._measured:
            # Scrolled below the first screen before the rest was measured.
            self._complete_layout()
            if line_number >= self._offsets[-1]:
                return Strip.blank(width, self.rich_style)
            row = bisect_right(self._offsets, line_number) - 1
        line = self._row_lines(row, width)[line_number - self._offsets[row]]
        # No apply_offsets: clicks are placed from event.y, and every Strip drawn ends up in a
        # reference cycle (Textual 8.2.8's Strip.divide caches a list holding the strip), so
        # each extra one is more work for the garbage collector.
        return Strip(line, width)

    # -- selection ----------------------------------------------------------------------------

    def select(self, index: int, *, reveal: bool = True, center: bool = False) -> None:
        """Select a comment (or STORY), expanding collapsed ancestors and scrolling to it.

        `center` puts the comment in the middle of the pane, for jumps from afar (search,
        citing comments); the default scrolls as little as possible, for `j`/`k`.
        """
        if self.thread is None:
            return
        if reveal and self._reveal(index):
            self._rebuild_rows()
        previous = self.selected
        self.selected = index
        self._invalidate_rows(previous, index)
        self._scroll_to_selected(center=center)
        if previous != index:
            self._passed.add(index)
            self.post_message(self.Highlighted(self, index))

    def take_passed(self) -> set[int]:
        """Return the comments selected since the last call, and forget them.

        `Highlighted` messages of a fast `j` are replaced by the last one, and a key that
        quits may run before any of them is handled. So the screen reads the moves for its
        reading log from here.
        """
        passed, self._passed = self._passed, set()
        return passed

    def _reveal(self, index: int) -> bool:
        """Expand every collapsed ancestor of a comment; return True when anything changed."""
        changed = False
        parent = self._parents[index] if index >= 0 else STORY
        while parent >= 0:
            if parent in self._collapsed:
                self._collapsed.discard(parent)
                changed = True
            parent = self._parents[parent]
        return changed

    def _scroll_to_selected(self, *, center: bool = False) -> None:
        if self.selected >= self._measured:
            self._complete_layout()
        row = self._row_of.get(self.selected)
        if row is None or row + 1 >= len(self._offsets):
            return
        top = self._offsets[row]
        height = min(self._offsets[row + 1] - top, max(1, self.scrollable_content_region.height))
        self.scroll_to_region(
            Region(0, top, self._width, height), animate=False, center=center, force=True
        )

    def _first_visible_row(self) -> int:
        return max(0, bisect_right(self._offsets, self.scroll_offset.y) - 1)

    def _selected_row_visible(self) -> bool:
        row = self._row_of.get(self.selected)
        if row is None:
            return False
        top, bottom = self._offsets[row], self._offsets[row + 1]
        view_top = self.scroll_offset.y
        view_bottom = view_top + self.scrollable_content_region.height
        return top < view_bottom and bottom > view_top

    def action_cursor_down(self) -> None:
        """Select the next visible comment."""
        if not self._selected_row_visible():
            row = self._first_visible_row()
            if self._offsets[row] < self.scroll_offset.y and row + 1 < len(self._rows):
                row += 1
        else:
            row = min(self._row_of.get(self.selected, 0) + 1, len(self._rows) - 1)
        self.select(self._rows[row])

    def action_cursor_up(self) -> None:
        """Select the previous visible comment."""
        if not self._selected_row_visible():
            row = self._first_visible_row()
        else:
            row = max(self._row_of.get(self.selected, 0) - 1, 0)
        self.select(self._rows[row])

    def action_first(self) -> None:
        """Select the story at the top."""
        self.select(STORY)

    def action_last(self) -> None:
        """Select the last visible comment."""
        self.select(self._rows[-1])

    def action_g_prefix(self) -> None:
        """Jump to the top on the second `g` of `gg`."""
        now = time.monotonic()
        if now - self._g_pressed_at <= G_PREFIX_SECONDS:
            self._g_pressed_at = 0.0
            self.action_first()
        else:
            self._g_pressed_at = now

    def action_next_sibling(self) -> None:
        """Select the next comment with the same parent."""
        thread = self.thread
        index = self.selected
        if thread is None or index == STORY:
            return
        following = self._ends[index]
        if following < len(thread.comments) and thread.comments[following].depth == thread.comments[index].depth:
            self.select(following)
        else:
            self.app.bell()

    def action_previous_sibling(self) -> None:
        """Select the previous comment with the same parent."""
        thread = self.thread
        index = self.selected
        if thread is None or index <= 0:
            return
        depth = thread.comments[index].depth
        parent = self._parents[index]
        candidate = index - 1
        while candidate > parent:
            if thread.comments[candidate].depth == depth:
                self.select(candidate)
                return
            candidate -= 1
        self.app.bell()

    def action_parent(self) -> None:
        """Select the parent comment (or the story for a top-level comment)."""
        if self.selected != STORY:
            self.select(self._parents[self.selected])

    def action_next_root(self) -> None:
        """Select the next top-level comment."""
        if self.thread is None or not self.thread.comments:
            return
        root = self._root_of(self.selected)
        following = 0 if root == STORY else self._ends[root]
        if following < len(self.thread.comments):
            self.select(following)
        else:
            self.app.bell()

    def action_previous_root(self) -> None:
        """Select the previous top-level comment (or this one's top-level ancestor)."""
        if self.thread is None or self.selected == STORY:
            return
        root = self._root_of(self.selected)
        if root != self.selected:
            self.select(root)
            return
        candidate = root - 1
        while candidate >= 0 and self.thread.comments[candidate].depth > 0:
            candidate = self._parents[candidate] if self._parents[candidate] >= 0 else candidate - 1
        self.select(candidate if candidate >= 0 else STORY)

    def _root_of(self, index: int) -> int:
        while index >= 0 and self._parents[index] >= 0:
            index = self._parents[index]
        return index

    def action_toggle_collapse(self) -> None:
        """Collapse or expand the selected comment's subtree."""
        index = self.selected
        if index == STORY:
            return
        if index in self._collapsed:
            self._collapsed.discard(index)
        else:
            self._collapsed.add(index)
        self._invalidate_rows(index)
        self._rebuild_rows()
        self._scroll_to_selected()
        self.post_message(self.CollapseChanged())

    def action_page_down(self) -> None:
        """Scroll down one page."""
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        """Scroll up one page."""
        self.scroll_page_up(animate=False)

    def on_click(self, event: events.Click) -> None:
        if self.thread is None:
            return
        line = self.scroll_offset.y + event.y
        if line >= self._offsets[-1]:
            return
        row = bisect_right(self._offsets, line) - 1
        index = self._rows[row]
        self.focus()
        if index != STORY and line == self._offsets[row] and event.x <= 6 + 2 * self.thread.comments[index].depth:
            self.selected = index
            self.action_toggle_collapse()
            return
        self.select(index)

    # -- search -------------------------------------------------------------------------------

    def search(self, term: str) -> int:
        """Highlight a term across the thread; return the number of matching comments."""
        thread = self.thread
        self._search = term.strip()
        if thread is None or not self._search:
            self._matches = []
            self._invalidate_rows()
            return 0
        if self._folded_texts is None:
            self._folded_texts = [
                f"{comment.author or ''}\n{comment.text}".casefold() for comment in thread.comments
            ]
        needle = self._search.casefold()
        self._matches = [index for index, text in enumerate(self._folded_texts) if needle in text]
        self._invalidate_rows()
        return len(self._matches)

    @property
    def matches(self) -> list[int]:
        """Indices of the comments matching the current search."""
        return self._matches

    def next_match(self, *, backwards: bool = False) -> int | None:
        """Select the next (or previous) match after the selection, wrapping around."""
        if not self._matches:
            return None
        position = bisect_right(self._matches, self.selected)
        if backwards:
            position = bisect_right(self._matches, self.selected - 1) - 1
            target = self._matches[position] if position >= 0 else self._matches[-1]
        else:
            target = self._matches[position] if position < len(self._matches) else self._matches[0]
        if target in self._collapsed:
            # A collapsed row hides its own text, where the match may be.
            self._collapsed.discard(target)
            self._invalidate_rows(target)
            self._rebuild_rows()
            self.post_message(self.CollapseChanged())
        self.select(target, center=True)
        return target

    # -- queries ------------------------------------------------------------------------------

    def path_to_root(self, index: int) -> list[int]:
        """Return the indices from the top-level ancestor down to the comment."""
        path: list[int] = []
        while index >= 0:
            path.append(index)
            index = self._parents[index]
        path.reverse()
        return path

    @property
    def visible_rows(self) -> list[int]:
        """The comment indices currently laid out (collapsed subtrees left out), STORY first."""
        return self._rows


def _freeze_long_lived_objects() -> None:
    """Keep the loaded thread out of the garbage collector's full collections.

    A full collection visits every tracked object, and a 5,000-comment thread is about 150,000
    of them. Each such collection took 130-470 ms on the 2-core benchmark machine and came
    back every ten or so selection moves (bench/interactions.py). The thread lives until the
    next one is loaded, so scanning it would find nothing. The young generations are collected
    first so that fresh cyclic garbage is not kept; `on_unmount` unfreezes.
    """
    gc.collect(1)
    gc.freeze()


def _parent_indices(thread: Thread) -> list[int]:
    """Return each comment's parent index (STORY for top-level), from the pre-order depths."""
    parents: list[int] = []
    stack: list[int] = []
    for index, comment in enumerate(thread.comments):
        while stack and thread.comments[stack[-1]].depth >= comment.depth:
            stack.pop()
        parents.append(stack[-1] if stack else STORY)
        stack.append(index)
    return parents


def _fit(lines: list[Line], expected: int, width: int) -> list[Line]:
    """Make a row's line count match its measured height, whatever the renderer produced."""
    if len(lines) == expected:
        return lines
    if len(lines) > expected:
        return lines[:expected]
    return lines + [[Segment(" " * width)]] * (expected - len(lines))
