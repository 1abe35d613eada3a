"""The Textual application: owns the services (store, HTTP client, paper resolver) and the screens."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from textual.app import App
from textual.binding import Binding
from textual.notifications import SeverityLevel

from threadtui.app.safe_text import multi_line, single_line
from threadtui.config import USER_AGENT, Settings
from threadtui.model import Thread
from threadtui.sources import SourceSpec
from threadtui.store import Store

log = logging.getLogger(__name__)

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
    """Open an http(s) link in the system browser and say so; refuse anything else."""
    if not is_openable(url):
        app.notify(url, title="Not opened: only http and https links are opened", severity="warning", markup=False)
        return False
    app.open_url(url)
    app.notify(url, title="Opened in browser", markup=False)
    return True


def copy_link(app: App, url: str) -> None:
    """Copy a link to the clipboard (through the terminal) and say so."""
    app.copy_to_clipboard(url)
    app.notify(url, title="Copied", markup=False)


class ThreadApp(App[None]):
    """threadtui: a thread, its links with paper metadata, and notes."""

    TITLE = "threadtui"
    CSS_PATH = "styles.tcss"

    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.force_quit"),
    ]

    def __init__(
        self,
        settings: Settings,
        store: Store,
        source: Thread | SourceSpec,
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
        self.resolver = None

    @property
    def http(self) -> httpx.AsyncClient:
        """The HTTP client shared by fetching and paper resolution."""
        if self._http is None:
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

    def on_mount(self) -> None:
        from threadtui.app.keymap import load_keymap
        from threadtui.app.main_screen import MainScreen
        from threadtui.papers import PaperResolver

        self.resolver = PaperResolver(self.store, self.settings, self.http)
        keymap, problems = load_keymap(self.settings.config_dir)
        if keymap:
            self.set_keymap(keymap)
        for message in [*self._startup_messages, *self.store.warnings, *problems]:
            self.notify(message, severity="warning", timeout=10, markup=False)
        self.push_screen(MainScreen(self.source))

    async def on_unmount(self) -> None:
        if self.resolver is not None:
            await self.resolver.aclose()
        if self._owns_http and self._http is not None:
            await self._http.aclose()


def run_app(settings: Settings, store: Store, source: Thread | SourceSpec) -> None:
    """Run the app in the terminal until the user quits."""
    ThreadApp(settings, store, source).run()


def default_export_path(thread: Thread) -> Path:
    """Return `./<slug>-notes.md` for a thread."""
    import re

    slug = re.sub(r"[^a-z0-9]+", "-", thread.title.lower()).strip("-")[:48] or "thread"
    return Path.cwd() / f"{slug}-notes.md"
