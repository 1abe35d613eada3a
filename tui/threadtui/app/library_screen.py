"""The library screen: the threads the reader has opened, to pick one and carry on reading.

Each row shows the title, where the thread comes from, when it was last opened, how many
notes it has, and how many of its comments are new or unread. The counts need every stored
thread parsed, so a worker thread fills them in after the list appears.
"""

from __future__ import annotations

import logging

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from threadtui.app.commands import LibraryCommands
from threadtui.app.layout import plural, relative_age
from threadtui.library import (
    LibraryEntry,
    ReadingSummary,
    bundled_sample,
    entry_spec,
    library_entries,
    reading_summary,
    stored_thread,
)
from threadtui.sources import SourceError, parse_source

log = logging.getLogger(__name__)

SITE_NAMES = {"hn": "Hacker News", "reddit": "Reddit", "lobsters": "Lobsters", "text": "text"}


class LibraryList(OptionList):
    """The list of threads, with the reader's keys on top of the arrow keys."""

    BINDINGS = [
        Binding("j", "cursor_down", "Next", show=False, id="library.next"),
        Binding("k", "cursor_up", "Prev", show=False, id="library.previous"),
        Binding("g", "first", "Top", show=False, id="library.first"),
        Binding("G", "last", "Bottom", show=False, id="library.last"),
        Binding("enter", "select", "Open", id="library.open"),
    ]


class LibraryScreen(Screen[None]):
    """Lists the threads read before, most recent first; enter opens one where it was left."""

    COMMANDS = {LibraryCommands}

    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
    ]

    DEFAULT_CSS = """
    LibraryScreen {
        layout: vertical;
        #library-header { height: 1; padding: 0 1; background: $primary-background; color: $text; }
        LibraryList { height: 1fr; border: none; padding: 0 1; background: $surface; }
        LibraryList:focus { border: none; }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[LibraryEntry] = []
        self.summaries: dict[str, ReadingSummary] = {}

    def compose(self) -> ComposeResult:
        yield Static(Content("Library"), id="library-header")
        yield LibraryList(id="library-list", markup=False)
        yield Footer()

    @property
    def option_list(self) -> LibraryList:
        """The list of threads."""
        return self.query_one(LibraryList)

    def on_mount(self) -> None:
        # Keys pressed while the app started were held for the first screen: this one.
        self.app.release_keys()
        self.entries = library_entries(self.app.store, bundled_sample())
        options = self.option_list
        rows: list[Option | None] = []
        for entry in self.entries:
            rows += [Option(self._prompt(entry), id=entry.key), None]
        options.add_options(rows[:-1])
        options.highlighted = 0
        options.focus()
        count = len(self.entries)
        self.query_one("#library-header", Static).update(
            Content.assemble(
                ("Library", "bold"),
                (f"  {count} thread{'s' if count != 1 else ''}, most recently opened first", "dim"),
            )
        )
        self.count_comments(list(self.entries))

    def _prompt(self, entry: LibraryEntry) -> Content:
        """Return two lines: the title, then source, last opening, notes and reading counts."""
        now = self.app.clock()
        source = "bundled sample" if entry.bundled else entry.source
        details: list[str | tuple[str, str]] = [SITE_NAMES.get(entry.site, entry.site), " · ", source]
        opened = relative_age(entry.opened_at, now) if entry.opened_at is not None else "never opened"
        details += [" · ", f"opened {opened}" if entry.opened_at is not None else opened]
        if entry.notes:
            details += [" · ", f"{entry.notes} note{'s' if entry.notes != 1 else ''}"]

        summary = self.summaries.get(entry.key)
        if summary is not None:
            details += [" · ", plural(summary.comments, "comment")]
            if summary.new:
                details += [" · ", (f"{summary.new} new", "bold $text-success")]
            if summary.unread and summary.returning:
                details += [" · ", (f"{summary.unread} unread", "$text-accent")]
        return Content.assemble((entry.title, "bold"), "\n", *[_dim(part) for part in details])

    @work(thread=True, exclusive=True, group="library-counts", exit_on_error=False, description="count new comments")
    def count_comments(self, entries: list[LibraryEntry]) -> None:
        """Count new and unread comments of each thread, most recent first, off the UI thread."""
        worker = get_current_worker()
        for entry in entries:
            if worker.is_cancelled:
                return
            summary = reading_summary(self.app.store, entry)
            if summary is not None:
                self.app.call_from_thread(self._show_summary, entry, summary)

    def _show_summary(self, entry: LibraryEntry, summary: ReadingSummary) -> None:
        if not self.is_attached:
            # The reader opened a thread before the counting finished.
            return
        self.summaries[entry.key] = summary
        index = self.entries.index(entry)
        self.option_list.replace_option_prompt_at_index(index, self._prompt(entry))

    @property
    def highlighted_entry(self) -> LibraryEntry | None:
        """The highlighted thread, if any."""
        index = self.option_list.highlighted
        return self.entries[index] if index is not None and 0 <= index < len(self.entries) else None

    @on(OptionList.OptionSelected)
    def option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        """Open the highlighted thread where the reader left it."""
        entry = self.highlighted_entry
        if entry is not None:
            open_library_entry(self.app, entry)

    async def action_quit(self) -> None:
        """Quit."""
        self.app.exit()

    def action_help(self) -> None:
        """Show the keys of the library."""
        from threadtui.app.help_screen import HelpScreen

        self.app.push_screen(HelpScreen(self.focused))


def open_library_entry(app: App, entry: LibraryEntry) -> None:
    """Open a thread of the library: remote ones by key (cache first), local ones from their copy."""
    spec = entry_spec(entry)
    if spec is not None:
        app.open_thread(spec)
        return
    if not entry.stored:
        try:
            app.open_thread(parse_source(entry.source))
        except SourceError as error:
            app.notify(str(error), title="Cannot open thread", severity="error", markup=False)
        return

    def load() -> None:
        # Parsing the stored copy of a 5,000-comment thread takes about 0.4 s, too long for the UI.
        try:
            thread = stored_thread(app.store, entry.key)
        except SourceError as error:
            app.call_from_thread(app.notify, str(error), title="Cannot open thread", severity="error", markup=False)
            return
        app.call_from_thread(app.open_thread, thread)

    app.run_worker(load, thread=True, group="library-open", exclusive=True, exit_on_error=False)


def _dim(part: str | tuple[str, str]) -> tuple[str, str]:
    """Return a detail in the dim style unless it carries its own."""
    return part if isinstance(part, tuple) else (part, "dim")
