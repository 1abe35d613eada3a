"""The main screen: thread pane, link pane and notes pane, and the workers that feed them.

Widgets post messages; this screen handles them and owns the background work (loading a
remote thread, resolving papers, saving reading state) so the panes never wait on the network
or the disk. Below `NARROW_WIDTH` columns it shows one column at a time: the thread pane, or
the link and notes panes stacked, and `tab` moves between them.
"""

from __future__ import annotations

import logging
import time
from bisect import bisect_right
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Input, Static

from threadtui.app.first_frame import AfterFirstFrame
from threadtui.app.link_pane import SCOPE_COMMENT, SCOPE_THREAD, LinkEntry, LinkPane
from threadtui.app.safe_text import single_line
from threadtui.app.layout import plural
from threadtui.app.thread_view import STORY, ThreadView
from threadtui.model import CommentState, Link, PaperStatus, Thread
from threadtui.reading import ReadingLog, reading_marks, resume_point
from threadtui.resolution import PaperState
from threadtui.sources import SourceSpec
from threadtui.store import Store

if TYPE_CHECKING:
    from textual.command import Provider

    from threadtui.app.notes_pane import NotesPane

log = logging.getLogger(__name__)

NARROW_WIDTH = 100
"""Below this many columns the screen shows one column at a time instead of side by side."""

# Read marks and the position are written in one batch this long after the first change, so
# `j`/`k` never wait on SQLite. A killed process loses about this much reading.
READING_FLUSH_SECONDS = 1.0


# The screen's actions whose keys still act while a text box takes typing.
_KEYS_BESIDE_TYPING = {"next_pane", "previous_pane", "back_to_thread"}

# Actions that use the link or notes pane, and so wait for them to be mounted.
_SIDE_PANE_ACTIONS = {
    "next_pane", "previous_pane", "toggle_link_scope", "open_link", "copy_link", "edit_note",
    "edit_thread_note", "quote", "export",
}


class SideColumn(Vertical):
    """The column of the link and notes panes. It posts `Ready` once it is mounted.

    The notes pane's module, with Textual's `TextArea`, is imported here and not at the top:
    the column mounts after the first frame, so the import is not part of startup.
    """

    class Ready(Message):
        """The side column and its panes are mounted."""

    def __init__(self, store: Store, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._store = store

    def compose(self) -> ComposeResult:
        from threadtui.app.notes_pane import NotesPane

        yield LinkPane(id="links")
        yield NotesPane(self._store, id="notes")

    def on_mount(self) -> None:
        self.post_message(self.Ready())


def _thread_commands() -> type[Provider]:
    # The palette's provider imports the library module; it loads when the palette opens.
    from threadtui.app.commands import ThreadCommands

    return ThreadCommands


class MainScreen(Screen[None]):
    """The reading screen for one thread."""

    COMMANDS = {_thread_commands}

    # The footer shows these after the focused pane's keys. Only the first few fit at 80
    # columns, so the keys that lead to the others come first.
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help", tooltip="Keys of the focused pane", priority=True),
        Binding("tab", "next_pane", "Pane", id="app.next_pane", tooltip="Next pane: thread, links, notes", priority=True),
        Binding("shift+tab", "previous_pane", "Prev pane", show=False, id="app.previous_pane", tooltip="Previous pane", priority=True),
        Binding("q", "quit", "Quit", id="app.quit", priority=True),
        Binding("slash", "search", "Search", id="thread.search", tooltip="Search the thread", priority=True),
        Binding("n", "next_match", "Next match", show=False, id="thread.next_match", tooltip="Next search match, opening collapsed replies", priority=True),
        Binding("N", "previous_match", "Prev match", show=False, id="thread.previous_match", tooltip="Previous search match", priority=True),
        Binding("U", "next_unread", "Unread", id="thread.next_unread", tooltip="Next new comment, else next unread", priority=True),
        Binding("i", "edit_note", "Note", id="notes.edit", priority=True),
        Binding("t", "edit_thread_note", "Thread note", show=False, id="notes.edit_thread", priority=True),
        Binding("greater_than_sign", "quote", "Quote", id="notes.quote", priority=True),
        Binding("a", "toggle_link_scope", "All links", show=False, id="links.toggle_scope", tooltip="This comment's links, or the whole thread's", priority=True),
        Binding("o", "open_link", "Open link", id="links.open", priority=True),
        Binding("y", "copy_link", "Copy link", show=False, id="links.copy", priority=True),
        Binding("e", "export", "Export", id="app.export", priority=True),
        Binding("r", "refresh", "Refresh", show=False, id="app.refresh", priority=True),
        Binding("L", "library", "Library", show=False, id="app.library", tooltip="Library of threads you have read", priority=True),
        Binding("escape", "back_to_thread", "Back to thread", id="app.back", priority=True),
    ]
    # These and the thread pane's bindings are priority bindings, which the app runs itself
    # as it reads each key. Textual hands any other key to the widget focused at that moment,
    # where it waits in that widget's queue. So keys typed right after `/` or `i` would
    # already be on their way to the thread pane as commands when the focus moved, and `j`
    # then `i` could write on the comment selected before the `j`. In the search box and the
    # notes editor, only the keys in `_KEYS_BESIDE_TYPING` stay bindings (`check_action`).

    DEFAULT_CSS = """
    MainScreen {
        layout: vertical;
        #thread-header { height: 1; background: $primary-background; color: $text; }
        #thread-title { width: 1fr; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
        #thread-counts { width: auto; padding: 0 1; }
        #panes { height: 1fr; }
        #thread-column { width: 3fr; min-width: 40; }
        #side-column { width: 2fr; min-width: 30; border-left: tall $panel; }
        #breadcrumb { height: 1; padding: 0 1; color: $text-muted; background: $panel; }
        #thread-status { height: auto; max-height: 3; padding: 0 1; color: $text-muted; display: none; }
        #thread-status.-active { display: block; }
        ThreadView { height: 1fr; }
        #search { dock: bottom; display: none; }
        #search.-active { display: block; }
        LinkPane { height: 1fr; border-bottom: tall $panel; }
        NotesPane { height: 1fr; }
    }
    MainScreen.-narrow {
        #thread-column { width: 1fr; min-width: 0; }
        #side-column { display: none; width: 1fr; min-width: 0; border-left: none; }
    }
    MainScreen.-narrow.-side {
        #thread-column { display: none; }
        #side-column { display: block; }
    }
    """

    def __init__(self, source: Thread | SourceSpec) -> None:
        super().__init__()
        self._source = source
        self.thread: Thread | None = None
        self._links_by_comment: dict[str | None, list[Link]] = {}
        self._thread_entries: list[LinkEntry] = []
        self._paper_keys: list[str] = []
        self._papers: dict[str, PaperState] = {}
        self._side_ready = False
        """True once the link and notes panes, mounted after the first frame, are there."""
        self._waiting_for_side: list[Callable[[], object]] = []
        self.links_collected = False
        """True once every link of the shown thread is extracted, after the side panes mount."""
        self._progress: tuple[object, float] | None = None
        self._reading: ReadingLog | None = None
        self._unread: set[int] = set()
        self._new: set[int] = set()
        self._flush_timer: Timer | None = None
        self._reading_failed = False
        self._show_marks = False
        self._search_term = ""

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="thread-header"):
            yield Static(Content("threadtui"), id="thread-title")
            yield Static(Content(""), id="thread-counts")
        with Horizontal(id="panes"):
            with Vertical(id="thread-column"):
                yield Static(Content(""), id="breadcrumb")
                yield Static(Content(""), id="thread-status")
                yield ThreadView(id="thread", clock=self.app.clock, defer=self._after_side_column)
                yield Input(placeholder="Search the thread (enter to find, esc to close)", id="search")
            # The link and notes panes mount after the first frame: they are a quarter of the
            # screen's startup cost and the reader looks at the thread first.
            yield AfterFirstFrame(SideColumn(self.app.store, id="side-column"))
        # The footer recomposes a widget per key whenever the focus moves. At startup that is
        # a fifth of the first frame's cost, so the footer follows the thread by one frame.
        narrow = self.app.size.width < NARROW_WIDTH
        yield AfterFirstFrame(Footer(compact=narrow, show_command_palette=not narrow))

    @property
    def thread_view(self) -> ThreadView:
        """The thread pane."""
        return self.query_one(ThreadView)

    @property
    def link_pane(self) -> LinkPane:
        """The link pane."""
        return self.query_one(LinkPane)

    @property
    def notes_pane(self) -> NotesPane:
        """The notes pane."""
        from threadtui.app.notes_pane import NotesPane

        return self.query_one(NotesPane)

    def on_mount(self) -> None:
        self._set_narrow(self.app.size.width < NARROW_WIDTH)
        self.thread_view.focus()
        if isinstance(self._source, Thread):
            self.show_thread(self._source)
        else:
            self._set_status(f"Loading {self._source.source} …")
            self.load_remote(self._source)

    # -- loading ------------------------------------------------------------------------------

    def _set_status(self, text: str) -> None:
        status = self.query_one("#thread-status", Static)
        status.update(Content(single_line(text)))
        status.set_class(bool(text), "-active")

    @work(exclusive=True, group="load", exit_on_error=False, description="load thread")
    async def load_remote(self, spec: SourceSpec, *, refresh: bool = False) -> None:
        """Load a remote thread from the cache or the site, showing progress as it arrives."""
        from dataclasses import replace

        from threadtui.sources import SourceError, load_thread

        app = self.app
        settings = replace(app.settings, refresh=True) if refresh else app.settings

        def progress(received: int, total: int | None) -> None:
            if total:
                self._set_status(f"Loading {spec.source} … {received // 1024} of {total // 1024} KiB")
            else:
                self._set_status(f"Loading {spec.source} … {received // 1024} KiB")

        try:
            loaded = await load_thread(spec, settings, app.store, app.http, on_progress=progress)
        except SourceError as error:
            self._set_status(str(error))
            app.notify(str(error), title="Cannot open thread", severity="error", timeout=15, markup=False)
            return
        self._set_status("")
        self.show_thread(loaded.thread, keep_place=refresh)
        if refresh:
            new = len(self._new)
            app.notify(
                f"{len(loaded.thread.comments)} comments, {new} new",
                title="Thread refreshed",
                markup=False,
            )

    def show_thread(self, thread: Thread, *, keep_place: bool = False) -> None:
        """Show a parsed thread in every pane, then collect its links and resolve its papers.

        The selection and collapsed subtrees come from the reader's last visit, unless the
        source URL names a comment. With `keep_place` (a refresh) they stay as they are.
        """
        previous = self.thread if self.thread is not None and self.thread.key == thread.key else None
        if keep_place and previous is not None:
            self._note_position()
        self._finish_reading()

        self.thread = thread
        self._links_by_comment = {}
        self.links_collected = False
        self._thread_entries = []
        self._paper_keys = []

        store = self.app.store
        seen = store.seen_comments(thread.key)
        if previous is not None:
            # Shown already in this session, even if the worker has not recorded them yet.
            seen = {**dict.fromkeys((comment.id for comment in previous.comments), None), **seen}
        marks = reading_marks(thread, seen)
        self._unread = {index for index, comment in enumerate(thread.comments) if comment.id in marks.unread}
        self._new = {index for index, comment in enumerate(thread.comments) if comment.id in marks.new}

        point = resume_point(thread, store.get_position(thread.key))
        selected = point.selected if point.selected is not None else STORY
        focus = thread.index_of(thread.focus_comment_id) if thread.focus_comment_id and not keep_place else None
        if focus is not None:
            selected = focus

        view = self.thread_view
        view.load(thread, selected=selected, collapsed=point.collapsed)
        # Marks show from the second visit on; on the first, every comment would carry one.
        self._show_marks = marks.returning or keep_place
        self._refresh_marks()
        self._reading = ReadingLog(store, thread.key, clock=self.app.clock)
        self._reading_failed = False
        self._update_header()
        self.record_seen(thread)
        # Extracting links takes 0.25-0.75 s on 5,000-comment threads and holds the GIL while
        # it runs, so it starts once the first frame is on the screen.
        self._after_side_column(partial(self.collect_links, thread))
        if self._new and not keep_place:
            count = len(self._new)
            self.notify(
                f"{count} new comment{'s' if count != 1 else ''} since your last visit"
                f" — {self._key_for('thread.next_unread')} jumps to the next",
                markup=False,
            )

    def _comment_links(self, comment_id: str | None) -> list[Link]:
        """Links of one comment (None: the story), extracted on first use."""
        from threadtui.links import comment_links, story_links

        found = self._links_by_comment.get(comment_id)
        if found is None and self.thread is not None:
            if comment_id is None:
                found = story_links(self.thread)
            else:
                index = self.thread.index_of(comment_id)
                found = comment_links(self.thread.comments[index]) if index is not None else []
            self._links_by_comment[comment_id] = found
        return found or []

    # A description keeps Textual from building one with repr() of the whole thread.
    @work(thread=True, exclusive=True, group="links", exit_on_error=False, description="collect links")
    def collect_links(self, thread: Thread) -> None:
        """Extract every link of the thread off the UI thread (seconds for the largest threads)."""
        from threadtui.links import paper_index, thread_links

        links = thread_links(thread)
        by_comment: dict[str | None, list[Link]] = {}
        for link in links:
            by_comment.setdefault(link.comment_id, []).append(link)
        entries = _rank_thread_links(links)
        keys = [citations.paper_key for citations in paper_index(links)]
        self.app.call_from_thread(self._links_collected, thread, by_comment, entries, keys)

    def _links_collected(
        self, thread: Thread, by_comment: dict[str | None, list[Link]], entries: list[LinkEntry], keys: list[str]
    ) -> None:
        if thread is not self.thread:
            return
        for comment in thread.comments:
            by_comment.setdefault(comment.id, [])
        by_comment.setdefault(None, [])
        self._links_by_comment = by_comment
        self.links_collected = True
        self._thread_entries = entries
        self._paper_keys = keys
        if self._side_ready and self.link_pane.scope == SCOPE_THREAD:
            self.link_pane.show(entries, title="All links")
        self.start_resolution()

    def _update_header(self) -> None:
        thread = self.thread
        if thread is None:
            return
        parts: list[str | tuple[str, str]] = [
            (single_line(thread.title), "bold"),
            "  ",
            (f"{single_line(thread.site)} · {plural(_count_comments(thread), 'comment')}", "dim"),
        ]
        self.query_one("#thread-title", Static).update(Content.assemble(*parts))
        self._update_counts()

    def _update_counts(self) -> None:
        """Show the search position, the new and unread counts and offline mode, right-aligned."""
        items: list[tuple[str, str]] = []
        view = self.thread_view
        if view.matches:
            where = _match_position(view.matches, view.selected)
            items.append((f"/{_shorten(self._search_term, 16)} {where}", "$text-warning"))
        if self._new:
            items.append((f"{len(self._new)} new", "bold $text-success"))
        if self._unread:
            items.append((f"{len(self._unread)} unread", "$text-accent"))
        if self.app.settings.offline:
            items.append(("offline", "bold $warning"))

        parts: list[str | tuple[str, str]] = []
        for item in items:
            if parts:
                parts.append("  ")
            parts.append(item)
        self.query_one("#thread-counts", Static).update(Content.assemble(*parts))

    # -- papers -------------------------------------------------------------------------------

    def start_resolution(self) -> None:
        """Show what the cache knows about the thread's papers, then resolve the rest."""
        if not self._paper_keys:
            return
        resolver = self.app.resolver
        self._papers.update(resolver.cached(self._paper_keys))
        if self._side_ready:
            self.link_pane.set_papers(self._papers)
        pending = [
            key for key in self._paper_keys if self._papers[key].status is PaperStatus.QUEUED or self._papers[key].stale
        ]
        if pending and not self.app.settings.offline:
            self.resolve_papers(pending)

    @work(group="resolve", exit_on_error=False, description="resolve papers")
    async def resolve_papers(self, keys: list[str]) -> None:
        """Resolve papers in the background, updating the link pane as results arrive."""
        resolver = self.app.resolver

        def update(states: dict[str, PaperState]) -> None:
            self._papers.update(states)
            for key, state in states.items():
                if self._side_ready:
                    self.link_pane.update_paper(key, state)

        def progress(report) -> None:
            self._progress = (report, time.monotonic())
            self._refresh_progress()

        timer = self.set_interval(0.5, self._refresh_progress)
        try:
            await resolver.resolve(keys, on_update=update, on_progress=progress)
        except Exception as error:  # noqa: BLE001 - a failed resolution must never end the app
            log.exception("paper resolution failed")
            self.app.notify(str(error), title="Paper lookup failed", severity="error", markup=False)
        finally:
            timer.stop()
            self._progress = None
            if self._side_ready:
                self.link_pane.set_progress("")

    def _refresh_progress(self) -> None:
        from threadtui.arxiv.client import describe_progress

        if self._progress is None:
            return
        report, reported_at = self._progress
        if self._side_ready:
            self.link_pane.set_progress(describe_progress(report, time.monotonic() - reported_at))

    # -- reading state ------------------------------------------------------------------------

    @property
    def new_comment_ids(self) -> frozenset[str]:
        """Ids of the comments new since the last visit and not read yet."""
        thread = self.thread
        return frozenset(thread.comments[index].id for index in self._new) if thread else frozenset()

    @property
    def unread_comment_ids(self) -> frozenset[str]:
        """Ids of the comments not read yet (new ones included)."""
        thread = self.thread
        return frozenset(thread.comments[index].id for index in self._unread) if thread else frozenset()

    # A fixed description keeps Textual from naming the worker with repr() of its arguments,
    # which for a 5,000-comment thread takes longer than drawing the first frame.
    @work(thread=True, group="seen", exit_on_error=False, description="record seen comments")
    def record_seen(self, thread: Thread) -> None:
        """Record every comment of the thread as seen, so the next visit can tell what is new."""
        from threadtui.store import StoreError

        try:
            self.app.store.record_seen(thread.key, [comment.id for comment in thread.comments], at=self.app.clock())
            # Opening from the library reads the stored copy without saving it again, so the
            # time it was last opened is set here for every way of opening a thread.
            self.app.store.touch_thread(thread.key)
        except StoreError as error:
            log.warning("cannot record seen comments of %s: %s", thread.key, error)

    def _mark_read(self, indices: Iterable[int]) -> None:
        """Count selected comments as read: drop their marks and queue the write."""
        thread = self.thread
        if thread is None or self._reading is None:
            return
        unread = sorted(index for index in indices if index in self._unread)
        if not unread:
            return
        self._unread.difference_update(unread)
        self._new.difference_update(unread)
        if self._show_marks:
            self._refresh_marks()
        for index in unread:
            self._reading.read(thread.comments[index].id)

    def _refresh_marks(self) -> None:
        if self._show_marks:
            self.thread_view.set_marks(unread=self._unread, new=self._new)
        else:
            self.thread_view.set_marks()

    def _note_position(self) -> None:
        """Queue the selection and the collapsed subtrees, by comment id, for the next write."""
        thread = self.thread
        if thread is None or self._reading is None:
            return
        view = self.thread_view
        selected = None if view.selected == STORY else thread.comments[view.selected].id
        self._reading.move(selected, [thread.comments[index].id for index in view.collapsed])
        if self._flush_timer is None:
            self._flush_timer = self.set_timer(READING_FLUSH_SECONDS, self._flush_due)

    def _flush_due(self) -> None:
        self._flush_timer = None
        if self._reading is not None:
            self.flush_reading(self._reading)

    @work(thread=True, group="reading", exit_on_error=False, description="save reading state")
    def flush_reading(self, reading: ReadingLog) -> None:
        """Write the queued read marks and position off the UI thread."""
        if not reading.flush() and not self._reading_failed:
            self._reading_failed = True
            self.app.notify(
                "Read marks and your place in the thread cannot be saved; see the log with --debug.",
                title="Cannot save reading state",
                severity="warning",
                markup=False,
            )

    def _finish_reading(self) -> None:
        """Write what is queued now (leaving the thread, quitting)."""
        self._catch_up_reading()
        if self._flush_timer is not None:
            self._flush_timer.stop()
            self._flush_timer = None
        if self._reading is not None:
            self._reading.flush()

    def _catch_up_reading(self) -> None:
        """Queue the moves whose `Highlighted` messages are not handled yet (`j` then `q`)."""
        if self.thread is None or self._reading is None:
            return
        try:
            view = self.thread_view
        except NoMatches:
            return
        passed = view.take_passed()
        if passed:
            self._mark_read(passed)
            self._note_position()

    @on(ThreadView.CollapseChanged)
    def collapse_changed(self) -> None:
        self._note_position()

    def on_unmount(self) -> None:
        self._finish_reading()

    # -- pane interplay -----------------------------------------------------------------------

    @on(ThreadView.Highlighted)
    def comment_highlighted(self, event: ThreadView.Highlighted) -> None:
        thread = self.thread
        if thread is None:
            return
        index = event.index
        view = self.thread_view
        self._mark_read(view.take_passed() | {index})
        self._note_position()
        self._update_counts()
        if index == STORY:
            self.query_one("#breadcrumb", Static).update(Content.assemble(("story", "bold")), layout=False)
        else:
            comment = thread.comments[index]
            path = [single_line(thread.comments[step].author) or f"#{step + 1}" for step in view.path_to_root(index)]
            if not comment.author:
                path = path[:-1]
            crumbs = " › ".join(path[-6:])
            if len(path) > 6:
                crumbs = f"… {len(path) - 6} more › " + crumbs
            self.query_one("#breadcrumb", Static).update(
                Content.assemble(
                    ("story › ", "dim"), crumbs, (" · " if crumbs else "", "dim"),
                    (f"comment {index + 1} of {len(thread.comments)}", "dim"),
                ),
                layout=False,
            )
        self._follow_selection(index)

    def _follow_queued_selection(self) -> None:
        """Bring the side panes up to the thread pane's selection before a key acts on them.

        After a fast `j` the selection's own `Highlighted` message may still be queued, and
        the notes and link panes would still be on the comment selected before it. From the
        link pane, the highlighted link or paper is the target, so nothing changes there.
        """
        if self.focused is self.thread_view:
            self._follow_selection(self.thread_view.selected)

    def _follow_selection(self, index: int) -> None:
        """Point the notes pane at the selected comment and show its links."""
        thread = self.thread
        if thread is None or not self._side_ready:
            return
        if index == STORY:
            self.notes_pane.set_target(thread.key, "thread", "Note on the thread")
        else:
            comment = thread.comments[index]
            self.notes_pane.set_target(
                thread.key, f"comment:{comment.id}", f"Note on comment {_comment_name(thread, index)}"
            )
        if self.link_pane.scope == SCOPE_COMMENT:
            self._show_comment_links(index)

    @on(SideColumn.Ready)
    def side_panes_ready(self) -> None:
        """Bring the link and notes panes, mounted after the first frame, up to date."""
        self._side_ready = True
        waiting, self._waiting_for_side = self._waiting_for_side, []
        for callback in waiting:
            # Startup is over (the column mounts after the first frame), so the next refresh
            # is one the terminal shows.
            self.call_after_refresh(callback)
        self._follow_selection(self.thread_view.selected)
        if self._papers:
            self.link_pane.set_papers(self._papers)
        if self.link_pane.scope == SCOPE_THREAD:
            self.link_pane.show(self._thread_entries, title="All links")
        self.refresh_bindings()
        self.app.release_keys()

    def _after_side_column(self, callback: Callable[[], object]) -> None:
        """Run `callback` once a frame with the link and notes panes is on the screen.

        This is for work that holds the UI thread or the GIL for a while on large threads, such
        as the rest of the layout and link extraction. Started earlier, it would keep those
        panes from mounting until it ends.
        """
        if self._side_ready:
            self.call_after_refresh(callback)
        else:
            self._waiting_for_side.append(callback)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keep the keys that need the link or notes pane off until those panes are mounted,
        and the keys that are text off while the search box or the notes editor has the focus."""
        if not self._side_ready and action in _SIDE_PANE_ACTIONS:
            return False
        if action not in _KEYS_BESIDE_TYPING and self._typing():
            return False
        if action == "back_to_thread" and self.focused is self.thread_view:
            # Nothing to go back from, so the footer leaves it out.
            return self.query_one("#search", Input).has_class("-active")
        return True

    def _typing(self) -> bool:
        """Return True when the focused widget takes letters as text: the search box or the note."""
        focused = self.focused
        return isinstance(focused, Input) or (self._side_ready and focused is self.notes_pane.editor)

    def _show_comment_links(self, index: int) -> None:
        thread = self.thread
        if thread is None:
            return
        comment_id = None if index == STORY else thread.comments[index].id
        links = self._comment_links(comment_id)
        title = "Story links" if index == STORY else f"Links in #{index + 1}"
        self.link_pane.show([LinkEntry(link, [comment_id] if comment_id else []) for link in links], title=title)

    def action_toggle_link_scope(self) -> None:
        """Switch the link pane between this comment's links and the whole thread's."""
        self.toggle_link_scope()

    @on(LinkPane.ScopeToggled)
    def toggle_link_scope(self) -> None:
        pane = self.link_pane
        if pane.scope == SCOPE_COMMENT:
            pane.scope = SCOPE_THREAD
            pane.show(self._thread_entries, title="All links")
        else:
            pane.scope = SCOPE_COMMENT
            self._show_comment_links(self.thread_view.selected)

    @on(LinkPane.LinkHighlighted)
    def link_highlighted(self, event: LinkPane.LinkHighlighted) -> None:
        self._target_paper(event.entry)

    def _target_paper(self, entry: LinkEntry | None) -> None:
        """Point the notes pane at a highlighted paper while the link pane has the focus."""
        thread = self.thread
        if entry is None or thread is None or not entry.link.paper_key or not self.link_pane.has_focus_within:
            return
        self.notes_pane.set_target(thread.key, f"paper:{entry.link.paper_key}", f"Note on {entry.link.paper_key}")

    @on(LinkPane.LinkChosen)
    def link_chosen(self, event: LinkPane.LinkChosen) -> None:
        from threadtui.app.app import open_link

        if not event.entry.link.paper_key:
            open_link(self.app, event.entry.link.url)
            return
        self.show_paper(event.entry)

    @property
    def paper_entries(self) -> list[LinkEntry]:
        """One entry per paper the thread cites, most cited first (empty until links are collected)."""
        return [entry for entry in self._thread_entries if entry.link.paper_key]

    def paper_state(self, key: str) -> PaperState:
        """Return what is known about a paper so far."""
        return self._papers.get(key) or PaperState(PaperStatus.QUEUED)

    def show_paper(self, entry: LinkEntry) -> None:
        """Show a paper's details and the comments citing it; choosing one selects it."""
        from threadtui.app.paper_screen import PaperScreen

        thread = self.thread
        key = entry.link.paper_key
        if thread is None or key is None:
            return
        citing_ids = {
            comment_id
            for comment_id, links in self._links_by_comment.items()
            if comment_id is not None and any(link.paper_key == key for link in links)
        }
        citing = [(index, comment) for index, comment in enumerate(thread.comments) if comment.id in citing_ids]
        view = self.paper_state(key)

        def jump(index: int | None) -> None:
            if index is not None and index >= 0:
                self.thread_view.focus()
                self.thread_view.select(index, center=True)

        self.app.push_screen(PaperScreen(entry.link, view, citing), jump)

    def on_notes_editor_leave(self) -> None:
        # `NotesEditor.Leave`, by Textual's handler naming: the notes module loads after startup.
        # The screen's priority `escape` usually comes first; this serves a remapped `app.back`.
        self.action_back_to_thread()

    # -- actions ------------------------------------------------------------------------------

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.set_class(any(isinstance(node, SideColumn) for node in event.widget.ancestors_with_self), "-side")
        if self._side_ready and event.widget is self.link_pane.option_list:
            # Entering the link pane with a paper highlighted makes that paper the note's target.
            self._target_paper(self.link_pane.highlighted_entry)

    def on_resize(self, event: events.Resize) -> None:
        self._set_narrow(event.size.width < NARROW_WIDTH)

    def on_after_first_frame_mounted(self) -> None:
        # The footer was built for the width at compose time; the terminal may have changed since.
        self._set_narrow(self.size.width < NARROW_WIDTH)

    def _set_narrow(self, narrow: bool) -> None:
        self.set_class(narrow, "-narrow")
        footer = self.query_one_optional(Footer)  # None until it mounts, after the first frame
        if footer is not None and footer.compact != narrow:
            footer.compact = narrow
            # The palette hint takes 11 columns that a key needs more; `?` lists ctrl+p too.
            footer.show_command_palette = not narrow
            # Footer draws the palette hint only when it composes its keys again.
            footer.refresh(recompose=True)

    def _pane_targets(self) -> list[Widget]:
        """Return the widget that takes the focus in each pane, in `tab` order."""
        return [self.thread_view, self.link_pane.option_list, self.notes_pane.editor]

    def _move_pane(self, step: int) -> None:
        targets = self._pane_targets()
        focused = self.focused
        current = 0
        for number, target in enumerate(targets):
            if focused is not None and target in focused.ancestors_with_self:
                current = number
        target = targets[(current + step) % len(targets)]
        # Show the column first: in narrow mode the other column is hidden, and Textual's own
        # focus chain skips hidden widgets.
        self.set_class(target is not self.thread_view, "-side")
        self.set_focus(target)

    def action_next_pane(self) -> None:
        """Move to the next pane: thread, links, notes."""
        self._move_pane(1)

    def action_previous_pane(self) -> None:
        """Move to the previous pane."""
        self._move_pane(-1)

    def action_next_unread(self) -> None:
        """Select the next new comment, or the next unread one once every new one is read."""
        targets = sorted(self._new or self._unread)
        if not targets:
            self.notify("Every comment is read.", markup=False)
            return
        view = self.thread_view
        position = bisect_right(targets, view.selected)
        self.set_focus(view)
        view.select(targets[position] if position < len(targets) else targets[0], center=True)

    def action_mark_all_read(self) -> None:
        """Count every comment of the thread as read."""
        thread = self.thread
        if thread is None or self._reading is None:
            return
        for index in self._unread:
            self._reading.read(thread.comments[index].id)
        self._unread.clear()
        self._new.clear()
        self._refresh_marks()
        self._note_position()
        self._update_counts()

    def action_library(self) -> None:
        """Leave this thread for the library of threads read before."""
        if self._side_ready:
            self.notes_pane.save_now()
        self._finish_reading()
        self.app.show_library()

    def _key_for(self, binding_id: str) -> str:
        """Return the key of one of this screen's bindings as the footer shows it."""
        return self.app.key_for(binding_id)

    def action_back_to_thread(self) -> None:
        """Return focus to the thread pane, saving the note being edited and closing the search box."""
        if self._side_ready and self.notes_pane.editor.has_focus:
            self.notes_pane.save_now()
        search = self.query_one("#search", Input)
        if search.has_class("-active"):
            search.remove_class("-active")
        self.set_focus(self.thread_view)

    async def action_quit(self) -> None:
        """Save the note being edited and the reading state, and quit."""
        if self._side_ready:
            self.notes_pane.save_now()
        self._finish_reading()
        self.app.exit()

    # Focus moves with `set_focus`, at once, rather than `Widget.focus`, which waits until the
    # keys already queued have been handled: text typed right after `/` or `i` would otherwise
    # reach the thread pane as commands.

    def action_search(self) -> None:
        """Open the search box."""
        search = self.query_one("#search", Input)
        search.add_class("-active")
        self.set_focus(search)

    @on(Input.Submitted, "#search")
    def search_submitted(self, event: Input.Submitted) -> None:
        view = self.thread_view
        self._search_term = event.value.strip()
        count = view.search(event.value)
        event.input.remove_class("-active")
        self.set_focus(view)
        if not self._search_term:
            self._update_counts()
            return
        if count:
            view.next_match()
            keys = f"{self._key_for('thread.next_match')}/{self._key_for('thread.previous_match')}"
            self.notify(f"{count} comment{'s' if count != 1 else ''} match — {keys} to move", markup=False)
        else:
            self.notify(f"No comment contains {self._search_term!r}", severity="warning", markup=False)
        self._update_counts()

    def action_next_match(self) -> None:
        """Select the next comment matching the search, expanding collapsed subtrees on the way."""
        if self.thread_view.next_match() is None:
            self._no_search()

    def action_previous_match(self) -> None:
        """Select the previous comment matching the search."""
        if self.thread_view.next_match(backwards=True) is None:
            self._no_search()

    def _no_search(self) -> None:
        self.app.bell()
        if not self._search_term:
            self.notify(f"Search first with {self._key_for('thread.search')}.", markup=False)

    def action_edit_note(self) -> None:
        """Focus the note editor: on the selected comment's note, or from the link pane on the
        highlighted paper's."""
        self._follow_queued_selection()
        self.set_focus(self.notes_pane.editor)

    def action_edit_thread_note(self) -> None:
        """Edit the note on the thread itself."""
        if self.thread is None:
            return
        self.notes_pane.set_target(self.thread.key, "thread", "Note on the thread")
        self.set_focus(self.notes_pane.editor)

    def action_quote(self) -> None:
        """Quote the selected comment into the thread note, with its author."""
        from threadtui.export import quote_attribution

        thread = self.thread
        index = self.thread_view.selected
        if thread is None or index == STORY:
            self.app.bell()
            return
        comment = thread.comments[index]
        quote = quote_attribution(comment, index + 1, len(thread.comments))
        notes = self.notes_pane
        notes.set_target(thread.key, "thread", "Note on the thread")
        notes.append(quote + "\n")
        self.notify(f"Quoted #{index + 1} into the thread note", markup=False)

    def _current_link(self) -> Link | None:
        self._follow_queued_selection()
        entry = self.link_pane.highlighted_entry
        return entry.link if entry else None

    def action_open_link(self) -> None:
        """Open the highlighted link (http and https only)."""
        from threadtui.app.app import open_link

        link = self._current_link()
        if link is None:
            self.notify("No link here.", severity="warning", markup=False)
            return
        open_link(self.app, link.url)

    def action_copy_link(self) -> None:
        """Copy the highlighted link."""
        from threadtui.app.app import copy_link

        link = self._current_link()
        if link is None:
            self.notify("No link here.", severity="warning", markup=False)
            return
        copy_link(self.app, link.url)

    def action_export(self) -> None:
        """Ask for a file name and export the notes as Markdown."""
        from threadtui.app.app import default_export_path
        from threadtui.app.export_screen import ExportScreen

        if self.thread is None:
            return
        self.notes_pane.save_now()

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.export_to(path)

        self.app.push_screen(ExportScreen(default_export_path(self.thread)), chosen)

    def export_to(self, path: Path) -> None:
        """Write the Markdown export to a file and report where it went."""
        from threadtui.export import export_date, render_markdown, write_export
        from threadtui.session import cited_papers, links_by_comment

        thread = self.thread
        if thread is None:
            return
        notes = self.app.store.notes_for_thread(thread.key)
        cited = cited_papers(thread, links_by_comment(thread))
        text = render_markdown(thread, notes, cited, self._papers, date=export_date(notes))
        try:
            write_export(path, text)
        except OSError as error:
            self.notify(f"{path}: {error.strerror or error}", title="Export failed", severity="error", markup=False)
            return
        self.notify(str(path), title="Exported", markup=False)

    def action_refresh(self) -> None:
        """Fetch the thread again (remote threads only)."""
        source = self._source
        if self.app.settings.offline:
            self.notify("Offline: not fetching.", severity="warning", markup=False)
            return
        if isinstance(source, Thread) or source.kind == "file":
            self.notify("This thread comes from a file; there is nothing to fetch.", markup=False)
            return
        self._set_status(f"Refreshing {source.source} …")
        self.load_remote(source, refresh=True)

    def action_help(self) -> None:
        """Show the keys of the focused pane."""
        from threadtui.app.help_screen import HelpScreen

        self.app.push_screen(HelpScreen(self.focused))


def _rank_thread_links(links: list[Link]) -> list[LinkEntry]:
    """Every link of the thread: papers by citing comments, then other links grouped by domain."""
    from threadtui.links import domain_index, paper_index

    entries = [
        LinkEntry(citations.links[0], list(citations.comment_ids), "papers") for citations in paper_index(links)
    ]
    for domain in domain_index(links):
        for site in domain.urls:
            entries.append(LinkEntry(site.links[0], list(site.comment_ids), domain.domain))
    return entries


def _count_comments(thread: Thread) -> int:
    """Return the number of real comments, leaving out stubs for replies the site did not send."""
    return sum(1 for comment in thread.comments if comment.state is not CommentState.MORE)


def _comment_name(thread: Thread, index: int) -> str:
    """Return `#3 by alice`, or `#3` when the author is unknown."""
    comment = thread.comments[index]
    if comment.author:
        return f"#{index + 1} by {comment.author}"
    if comment.state.value != "normal":
        return f"#{index + 1} [{comment.state.value}]"
    return f"#{index + 1}"


def _match_position(matches: list[int], selected: int) -> str:
    """Return `2 of 5` when the selection is the second of five matches, else `5 matches`."""
    position = bisect_right(matches, selected)
    if position and matches[position - 1] == selected:
        return f"{position} of {len(matches)}"
    return f"{len(matches)} match{'es' if len(matches) != 1 else ''}"


def _shorten(text: str, width: int) -> str:
    """Cut text to `width` characters, ending with an ellipsis when cut."""
    return text if len(text) <= width else text[: width - 1] + "…"
