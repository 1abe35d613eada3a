"""Command palette providers (`ctrl+p`): export, link scope, papers, threads of the library.

Thread and paper titles come from the network, and Textual's palette parses both the
`Matcher.highlight` result and a hit's `help` as markup. So titles are shown as `Content`
highlighted here, and `help` only ever contains text written in this file, or numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from threadtui.library import LibraryEntry, bundled_sample, library_entries


@dataclass(frozen=True, slots=True)
class Command:
    """One palette entry. `title` may hold untrusted text; `help` must not."""

    title: str
    help: str
    run: Callable[[], object]


class _CommandList(Provider):
    """Offers a list of commands, built again on each search and matched on their titles."""

    def commands(self) -> list[Command]:
        """Return the commands on offer now."""
        raise NotImplementedError

    async def discover(self) -> Hits:
        for command in self.commands():
            yield DiscoveryHit(Content(command.title), command.run, text=command.title, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self.commands():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(score, _highlight(matcher, command.title), command.run, text=command.title, help=command.help)


class ThreadCommands(_CommandList):
    """Commands of the reading screen, plus a jump to each paper and to each thread of the library."""

    def commands(self) -> list[Command]:
        from threadtui.app.link_pane import SCOPE_COMMENT, paper_label
        from threadtui.app.main_screen import MainScreen

        screen = self.screen
        if not isinstance(screen, MainScreen):
            return []
        scope = "every link of the thread" if screen.link_pane.scope == SCOPE_COMMENT else "the selected comment's links"
        commands = [
            Command("Export notes as Markdown", "Write notes, quotes and citations to a file", screen.action_export),
            Command(f"Link pane: show {scope}", "Toggle the link scope", screen.toggle_link_scope),
            Command("Mark every comment read", "Clear the new and unread marks of this thread", screen.action_mark_all_read),
            Command("Library", "The threads you have read, to open another", screen.action_library),
        ]
        for entry in screen.paper_entries:
            state = screen.paper_state(entry.link.paper_key or "")
            title = state.paper.title if state.paper is not None else ""
            label = paper_label(entry.link)
            cited = len(entry.comment_ids)
            commands.append(
                Command(
                    f"Paper {label}" + (f" — {title}" if title else ""),
                    f"Details and the {cited} comment{'s' if cited != 1 else ''} citing it",
                    partial(screen.show_paper, entry),
                )
            )
        current = screen.thread.key if screen.thread is not None else None
        return commands + open_thread_commands(self, skip=current)


class LibraryCommands(_CommandList):
    """Commands of the library: open any thread in it."""

    def commands(self) -> list[Command]:
        return open_thread_commands(self)


def open_thread_commands(provider: Provider, *, skip: str | None = None) -> list[Command]:
    """Return an `Open thread:` command for each thread of the library but the one `skip` names."""
    from threadtui.app.library_screen import SITE_NAMES, open_library_entry

    app = provider.app
    entries: list[LibraryEntry] = library_entries(app.store, bundled_sample())  # type: ignore[attr-defined]
    return [
        Command(
            f"Open thread: {entry.title}",
            f"{SITE_NAMES.get(entry.site, 'A')} thread from your library",
            partial(open_library_entry, app, entry),
        )
        for entry in entries
        if entry.key != skip
    ]


def _highlight(matcher: Matcher, text: str) -> Content:
    """Return the text as plain `Content` with the letters the query matched highlighted."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
