"""The main screen: thread pane, link pane and notes pane, and the workers that feed them.

Widgets post messages; this screen answers them and owns the background work (loading a
remote thread, resolving papers) so the panes never wait on the network.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from threadtui.app.link_pane import SCOPE_COMMENT, SCOPE_THREAD, LinkEntry, LinkPane
from threadtui.app.notes_pane import NotesEditor, NotesPane
from threadtui.app.safe_text import single_line
from threadtui.app.thread_view import STORY, ThreadView
from threadtui.model import Link, PaperStatus, Thread
from threadtui.resolution import PaperState
from threadtui.sources import SourceSpec

log = logging.getLogger(__name__)


class MainScreen(Screen[None]):
    """The reading screen for one thread."""

    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("slash", "search", "Search", id="thread.search"),
        Binding("n", "next_match", "Next match", show=False, id="thread.next_match"),
        Binding("N", "previous_match", "Prev match", show=False, id="thread.previous_match"),
        Binding("greater_than_sign", "quote", "Quote", id="notes.quote"),
        Binding("i", "edit_note", "Note", id="notes.edit"),
        Binding("t", "edit_thread_note", "Thread note", show=False, id="notes.edit_thread"),
        Binding("o", "open_link", "Open link", id="links.open"),
        Binding("y", "copy_link", "Copy link", show=False, id="links.copy"),
        Binding("e", "export", "Export", id="app.export"),
        Binding("r", "refresh", "Refresh", show=False, id="app.refresh"),
        Binding("escape", "back_to_thread", "Thread", show=False, id="app.back"),
    ]

    DEFAULT_CSS = """
    MainScreen {
        layout: vertical;
        #thread-header { height: 1; padding: 0 1; background: $primary-background; color: $text; }
        #panes { height: 1fr; }
        #thread-column { width: 3fr; min-width: 40; }
        #side-column { width: 2fr; min-width: 30; border-left: tall $panel; }
        #breadcrumb { height: 1; padding: 0 1; color: $text-muted; background: $panel; }
        #thread-status { height: 1; padding: 0 1; color: $text-muted; display: none; }
        #thread-status.-active { display: block; }
        ThreadView { height: 1fr; }
        #search { dock: bottom; display: none; }
        #search.-active { display: block; }
        LinkPane { height: 1fr; border-bottom: tall $panel; }
        NotesPane { height: 1fr; }
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
        self._progress: tuple[object, float] | None = None

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(Content("threadtui"), id="thread-header")
        with Horizontal(id="panes"):
            with Vertical(id="thread-column"):
                yield Static(Content(""), id="breadcrumb")
                yield Static(Content(""), id="thread-status")
                yield ThreadView(id="thread", clock=self.app.clock)
                yield Input(placeholder="Search the thread (enter to find, esc to close)", id="search")
            with Vertical(id="side-column"):
                yield LinkPane(id="links")
                yield NotesPane(self.app.store, id="notes")
        yield Footer()

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
        return self.query_one(NotesPane)

    def on_mount(self) -> None:
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

    @work(exclusive=True, group="load", exit_on_error=False)
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
        if refresh:
            app.notify(f"{len(loaded.thread.comments)} comments", title="Thread refreshed", markup=False)
        self.show_thread(loaded.thread)

    def show_thread(self, thread: Thread) -> None:
        """Show a parsed thread in every pane, then collect its links and resolve its papers."""
        self.thread = thread
        self._links_by_comment = {}
        self._thread_entries = []
        self._paper_keys = []
        self._update_header()

        view = self.thread_view
        focus = thread.index_of(thread.focus_comment_id) if thread.focus_comment_id else None
        view.load(thread, selected=focus if focus is not None else STORY)
        self.collect_links(thread)

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

    @work(thread=True, exclusive=True, group="links", exit_on_error=False)
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
        self._thread_entries = entries
        self._paper_keys = keys
        if self.link_pane.scope == SCOPE_THREAD:
            self.link_pane.show(entries, title="All links")
        self.start_resolution()

    def _update_header(self) -> None:
        thread = self.thread
        if thread is None:
            return
        offline = self.app.settings.offline
        parts: list[str | tuple[str, str]] = [
            (single_line(thread.title), "bold"),
            "  ",
            (f"{single_line(thread.site)} · {len(thread.comments)} comments", "dim"),
        ]
        if offline:
            parts += ["  ", ("offline", "bold $warning")]
        self.query_one("#thread-header", Static).update(Content.assemble(*parts))

    # -- papers -------------------------------------------------------------------------------

    def start_resolution(self) -> None:
        """Show what the cache knows about the thread's papers, then resolve the rest."""
        resolver = self.app.resolver
        if not self._paper_keys or resolver is None:
            return
        self._papers.update(resolver.cached(self._paper_keys))
        self.link_pane.set_papers(self._papers)
        pending = [
            key for key in self._paper_keys if self._papers[key].status is PaperStatus.QUEUED or self._papers[key].stale
        ]
        if pending and not self.app.settings.offline:
            self.resolve_papers(pending)

    @work(group="resolve", exit_on_error=False)
    async def resolve_papers(self, keys: list[str]) -> None:
        """Resolve papers in the background, updating the link pane as results arrive."""
        resolver = self.app.resolver

        def update(states: dict[str, PaperState]) -> None:
            self._papers.update(states)
            for key, state in states.items():
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
            self.link_pane.set_progress("")

    def _refresh_progress(self) -> None:
        if self._progress is None:
            return
        report, reported_at = self._progress
        self.link_pane.set_progress(_describe_progress(report, time.monotonic() - reported_at))

    # -- pane interplay -----------------------------------------------------------------------

    @on(ThreadView.Highlighted)
    def comment_highlighted(self, event: ThreadView.Highlighted) -> None:
        thread = self.thread
        if thread is None:
            return
        index = event.index
        view = self.thread_view
        if index == STORY:
            self.query_one("#breadcrumb", Static).update(Content.assemble(("story", "bold")))
            self.notes_pane.set_target(thread.key, "thread", "Note on the thread")
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
                )
            )
            self.notes_pane.set_target(
                thread.key, f"comment:{comment.id}", f"Note on comment {_comment_name(thread, index)}"
            )
        if self.link_pane.scope == SCOPE_COMMENT:
            self._show_comment_links(index)

    def _show_comment_links(self, index: int) -> None:
        thread = self.thread
        if thread is None:
            return
        comment_id = None if index == STORY else thread.comments[index].id
        links = self._comment_links(comment_id)
        title = "Story links" if index == STORY else f"Links in #{index + 1}"
        self.link_pane.show([LinkEntry(link, [comment_id] if comment_id else []) for link in links], title=title)

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
        entry = event.entry
        thread = self.thread
        if entry is None or thread is None or not entry.link.paper_key or not self.link_pane.has_focus_within:
            return
        self.notes_pane.set_target(thread.key, f"paper:{entry.link.paper_key}", f"Note on {entry.link.paper_key}")

    @on(LinkPane.LinkChosen)
    def link_chosen(self, event: LinkPane.LinkChosen) -> None:
        from threadtui.app.app import open_link
        from threadtui.app.paper_screen import PaperScreen

        entry = event.entry
        thread = self.thread
        if thread is None:
            return
        if not entry.link.paper_key:
            open_link(self.app, entry.link.url)
            return
        key = entry.link.paper_key
        citing_ids = {
            comment_id
            for comment_id, links in self._links_by_comment.items()
            if comment_id is not None and any(link.paper_key == key for link in links)
        }
        citing = [(index, comment) for index, comment in enumerate(thread.comments) if comment.id in citing_ids]
        view = self._papers.get(key) or PaperState(PaperStatus.QUEUED)

        def jump(index: int | None) -> None:
            if index is not None and index >= 0:
                self.thread_view.focus()
                self.thread_view.select(index, center=True)

        self.app.push_screen(PaperScreen(entry.link, view, citing), jump)

    @on(NotesEditor.Leave)
    def leave_notes(self) -> None:
        self.notes_pane.save_now()
        self.thread_view.focus()

    # -- actions ------------------------------------------------------------------------------

    def action_back_to_thread(self) -> None:
        """Return focus to the thread pane (and close the search box)."""
        search = self.query_one("#search", Input)
        if search.has_class("-active"):
            search.remove_class("-active")
        self.thread_view.focus()

    async def action_quit(self) -> None:
        """Save the note being edited and quit."""
        self.notes_pane.save_now()
        self.app.exit()

    def action_search(self) -> None:
        """Open the search box."""
        search = self.query_one("#search", Input)
        search.add_class("-active")
        search.focus()

    @on(Input.Submitted, "#search")
    def search_submitted(self, event: Input.Submitted) -> None:
        view = self.thread_view
        count = view.search(event.value)
        event.input.remove_class("-active")
        view.focus()
        if not event.value.strip():
            return
        if count:
            view.next_match()
            self.notify(f"{count} comment{'s' if count != 1 else ''} match — n/N to move", markup=False)
        else:
            self.notify(f"No comment contains {event.value.strip()!r}", severity="warning", markup=False)

    def action_next_match(self) -> None:
        """Select the next comment matching the search."""
        if self.thread_view.next_match() is None:
            self.app.bell()

    def action_previous_match(self) -> None:
        """Select the previous comment matching the search."""
        if self.thread_view.next_match(backwards=True) is None:
            self.app.bell()

    def action_edit_note(self) -> None:
        """Focus the note editor for the current target."""
        self.notes_pane.editor.focus()

    def action_edit_thread_note(self) -> None:
        """Edit the note on the thread itself."""
        if self.thread is None:
            return
        self.notes_pane.set_target(self.thread.key, "thread", "Note on the thread")
        self.notes_pane.editor.focus()

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
        from threadtui.export import export_date, render_markdown
        from threadtui.session import cited_papers

        thread = self.thread
        if thread is None:
            return
        notes = self.app.store.notes_for_thread(thread.key)
        from threadtui.session import links_by_comment

        cited = cited_papers(thread, links_by_comment(thread))
        text = render_markdown(thread, notes, cited, self._papers, date=export_date(notes))
        try:
            path.write_text(text, encoding="utf-8")
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


def _comment_name(thread: Thread, index: int) -> str:
    """Return `#3 by alice`, or `#3` when the author is unknown."""
    comment = thread.comments[index]
    if comment.author:
        return f"#{index + 1} by {comment.author}"
    if comment.state.value != "normal":
        return f"#{index + 1} [{comment.state.value}]"
    return f"#{index + 1}"


def _describe_progress(report, elapsed: float) -> str:
    """Return `Papers: 3 of 10 resolved · next request in 2 s` from an arXiv progress report."""
    from threadtui.arxiv.client import ProgressPhase

    text = f"Papers: {report.resolved} of {report.total} resolved"
    if report.phase is ProgressPhase.REQUESTING:
        text += " · request in flight"
    elif report.phase is ProgressPhase.WAITING and report.wait is not None:
        remaining = report.wait - elapsed
        text += f" · next request in {remaining:.0f} s" if remaining >= 1 else " · next request in <1 s"
    elif report.phase is ProgressPhase.QUEUED:
        text += " · queued"
    if report.detail:
        text += f" ({report.detail})"
    return text
