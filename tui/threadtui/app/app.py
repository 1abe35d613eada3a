"""The Textual application: owns the services (store, HTTP client, paper resolver) and the screens."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from threadtui.app.safe_text import multi_line, single_line
from threadtui.config import USER_AGENT, Settings
from threadtui.model import Thread
from threadtui.sources import SourceSpec
from threadtui.store import Store

if TYPE_CHECKING:
    import httpx
    from textual.theme import Theme

    from threadtui.papers import PaperResolver

log = logging.getLogger(__name__)

THEME_PREFERENCE = "theme"

# Seconds after which held keys pass even if no screen has called `release_keys`.
KEY_HOLD_LIMIT = 3.0

OPENABLE_SCHEMES = ("http", "https")


def is_openable(url: str) -> bool:
    """Return True for the only links threadtui will hand to a browser: http and https.

    A link with whitespace or a control character inside is rejected too: `urlsplit` drops
    tabs and newlines before it looks at the scheme, but the browser would get them.
    """
    url = url.strip()
    if not url.isprintable() or any(character.isspace() for character in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in OPENABLE_SCHEMES and bool(parts.netloc)


def open_link(app: App, url: str) -> bool:
    """Open an http(s) link in the system browser and notify the user; reject anything else.

    When no browser can be found (a remote shell with no `BROWSER` set), the link is copied
    instead, so the user is never told a page opened when nothing did.
    """
    if not is_openable(url):
        app.notify(url, title="Not opened: only http and https links are opened", severity="warning", markup=False)
        return False
    if not app.is_web and not _browser_available():
        app.copy_to_clipboard(url)
        app.notify(url, title="No web browser found (set BROWSER); link copied instead", severity="warning", markup=False)
        return False
    app.open_url(url)
    app.notify(url, title="Opening in browser", markup=False)
    return True


def _browser_available() -> bool:
    """Return True when Python's webbrowser module has a browser to run."""
    import webbrowser

    try:
        webbrowser.get()
    except webbrowser.Error:
        return False
    return True


def copy_link(app: App, url: str) -> None:
    """Copy a link to the clipboard (through the terminal) and notify the user."""
    app.copy_to_clipboard(url)
    app.notify(url, title="Copied", markup=False)


class ThreadApp(App[None]):
    """threadtui: a thread, its links with paper metadata, and notes.

    With a source it opens that thread; with `source=None` it opens the library of threads
    read before.
    """

    TITLE = "threadtui"
    CSS_PATH = "styles.tcss"

    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.force_quit"),
        # Declared here rather than left to Textual, whose own palette binding has no id.
        Binding("ctrl+p", "command_palette", "Commands", show=False, priority=True, id="app.command_palette"),
    ]

    def __init__(
        self,
        settings: Settings,
        store: Store,
        source: Thread | SourceSpec | None,
        *,
        http: httpx.AsyncClient | None = None,
        clock: Callable[[], float] = time.time,
        startup_messages: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.store = store
        self.source = source
        self.clock = clock
        self._http = http
        self._owns_http = http is None
        self._startup_messages = list(startup_messages or [])
        self._resolver: PaperResolver | None = None
        self.keymap: dict[str, str] = {}
        """The keys remapped in config.toml, by binding id."""
        self._held_keys: list[events.Key] | None = []
        """Keys pressed before the screen could take them, or None when keys pass (`hold_keys`)."""

    @property
    def http(self) -> httpx.AsyncClient:
        """The HTTP client shared by fetching and paper resolution."""
        if self._http is None:
            import httpx

            self._http = httpx.AsyncClient(
                headers={"User-Agent": USER_AGENT},
                timeout=httpx.Timeout(20.0, connect=10.0),
                follow_redirects=True,
            )
        return self._http

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show a notification whose message and title are always literal text.

        Notifications carry error messages and other remote text, so `markup` is accepted
        for Textual's signature but ignored, and control characters are made visible.
        """
        super().notify(
            multi_line(message), title=single_line(title), severity=severity, timeout=timeout, markup=False
        )

    @property
    def resolver(self) -> PaperResolver:
        """The paper resolver, created on first use.

        Creating it imports httpx and the arXiv and Crossref clients and builds the HTTP
        client's TLS context, together longer than an empty Textual app takes to start, so
        it waits until the thread's papers are known, after the first frame.
        """
        if self._resolver is None:
            from threadtui.papers import PaperResolver

            self._resolver = PaperResolver(self.store, self.settings, self.http)
        return self._resolver

    @resolver.setter
    def resolver(self, resolver: PaperResolver) -> None:
        self._resolver = resolver

    def on_mount(self) -> None:
        from threadtui.app.keymap import binding_table, config_path, find_clashes, load_keymap

        self.hold_keys()

        keymap: dict[str, str] = {}
        problems: list[str] = []
        # The binding table imports every screen, so it is built only when there is a config
        # file to check against it; most users have none, and startup skips that import.
        if config_path(self.settings.config_dir).exists():
            table = binding_table()
            keymap, problems = load_keymap(self.settings.config_dir, {binding.id for binding in table})
            problems += find_clashes(table, keymap)
        if keymap:
            self.keymap = keymap
            self.set_keymap(keymap)
        for message in [*self._startup_messages, *self.store.warnings, *problems]:
            self.notify(message, severity="warning", timeout=10, markup=False)
        # The theme picked in the palette last time. A theme no longer installed is ignored.
        theme = self.store.preference(THEME_PREFERENCE)
        if theme is not None and theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        # The first screen is pushed once Textual's startup batch is over: composed inside it,
        # the screen would be laid out and drawn once for nothing and then again to be seen.
        if self.source is None:
            self.call_later(self.show_library)
        else:
            self.call_later(self.open_thread, self.source)

    def _remember_theme(self, theme: Theme) -> None:
        from threadtui.store import StoreError

        try:
            self.store.set_preference(THEME_PREFERENCE, theme.name)
        except StoreError as error:
            log.warning("cannot keep the theme %s: %s", theme.name, error)

    def open_thread(self, source: Thread | SourceSpec) -> None:
        """Show a thread in place of the current reading screen or library."""
        from threadtui.app.main_screen import MainScreen

        self.hold_keys()
        self._replace_base_screen(MainScreen(source))

    def hold_keys(self) -> None:
        """Keep the keys pressed from now on until `release_keys`, and then handle them in order.

        The reading screen calls `release_keys` once its link and notes panes are mounted.
        Before that, `i` could not reach the note, and the text typed after it would run as
        commands. Keys are kept from the app's start, and again while it opens a thread;
        `KEY_HOLD_LIMIT` seconds later they pass anyway.
        """
        if self._held_keys is None:
            self._held_keys = []
        self.set_timer(KEY_HOLD_LIMIT, self.release_keys)

    def release_keys(self) -> None:
        """Handle the held keys, in the order they came, and let new ones pass."""
        held, self._held_keys = self._held_keys, None
        for key in held or []:
            self.post_message(events.Key(key.key, key.character))

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded and self._held_keys is not None:
            self._held_keys.append(event)
            return
        await super().on_event(event)

    def show_library(self) -> None:
        """Show the library in place of the current reading screen."""
        from threadtui.app.library_screen import LibraryScreen

        self._replace_base_screen(LibraryScreen())

    def _replace_base_screen(self, screen: Screen) -> None:
        # Only one reading screen or library lives at a time, so leaving a thread unmounts it
        # and its reading state is written. At startup only Textual's default screen is there.
        if len(self.screen_stack) > 1:
            from threadtui.app.library_screen import LibraryScreen
            from threadtui.app.main_screen import MainScreen

            if isinstance(self.screen, (MainScreen, LibraryScreen)):
                self.switch_screen(screen)
                return
        self.push_screen(screen)

    def key_for(self, binding_id: str) -> str:
        """Return the first key of a binding as the footer shows it, remapped or not.

        Read from the declarations, not `Screen.active_bindings`, which leaves out keys that
        the focused widget takes as typing (`n` while the search box has the focus).
        """
        from threadtui.app.keymap import binding_table

        defaults = {binding.id: binding.keys for binding in binding_table()}
        keys = self.keymap.get(binding_id) or defaults.get(binding_id)
        if keys is None:
            return binding_id
        return self.get_key_display(Binding(keys.split(",")[0].strip(), ""))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's palette commands, with its key panel replaced by threadtui's help screen."""
        from threadtui.app.help_screen import HelpScreen

        for command in super().get_system_commands(screen):
            if command.title != "Keys":
                yield command
        yield SystemCommand(
            "Keys",
            "Show the keys of the focused pane and their binding ids",
            lambda: self.push_screen(HelpScreen(screen.focused)),
        )

    async def on_unmount(self) -> None:
        if self._resolver is not None:
            await self._resolver.aclose()
        if self._owns_http and self._http is not None:
            await self._http.aclose()


def run_app(settings: Settings, store: Store, source: Thread | SourceSpec | None) -> None:
    """Run the app in the terminal until the user quits; `source=None` opens the library."""
    ThreadApp(settings, store, source).run()


def default_export_path(thread: Thread) -> Path:
    """Return `./<slug>-notes.md` for a thread."""
    import re

    slug = re.sub(r"[^a-z0-9]+", "-", thread.title.lower()).strip("-")
    if len(slug) > 48:
        slug = slug[:48].rsplit("-", 1)[0]
    slug = slug or "thread"
    return Path.cwd() / f"{slug}-notes.md"
