"""Helpers for pilot tests of the app: build it on a source, wait for it, type into it."""

from __future__ import annotations

from pathlib import Path

from conftest import SEED

from threadtui.app.app import ThreadApp
from threadtui.app.main_screen import MainScreen
from threadtui.app.thread_view import ThreadView
from threadtui.config import Settings
from threadtui.model import Thread
from threadtui.sources import SourceSpec, read_file
from threadtui.store import Store

FIXED_NOW = 1_800_000_000.0


def make_app(
    cache: Path,
    source: Thread | SourceSpec | None | Path = SEED,
    *,
    offline: bool = True,
    refresh: bool = False,
) -> ThreadApp:
    """Build the app on a file, a thread, a remote source or (None) the library."""
    settings = Settings.from_env(cache_dir=cache, offline=offline, refresh=refresh)
    if isinstance(source, Path):
        source = read_file(source)
    return ThreadApp(settings, Store.open(cache), source, clock=lambda: FIXED_NOW)


# Rounds of waiting for the work a reading screen starts after its side panes mount.
DEFERRED_ROUNDS = 20


async def settle(pilot, app: ThreadApp) -> None:
    """Wait until the app has handled every pending message and its workers are done.

    A reading screen extracts links only once its side panes are on the screen, which can
    be after the first workers finish, so this waits for that too. The wait is bounded,
    because a screen whose thread failed to load never gets there.
    """
    await pilot.pause()
    await app.workers.wait_for_complete()
    for _ in range(DEFERRED_ROUNDS):
        screen = app.screen
        if not isinstance(screen, MainScreen) or screen.thread is None or screen.links_collected:
            break
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


def main_screen(app: ThreadApp) -> MainScreen:
    """The reading screen, which must be the active screen."""
    screen = app.screen
    assert isinstance(screen, MainScreen), f"the active screen is {type(screen).__name__}"
    return screen


def thread_view(app: ThreadApp) -> ThreadView:
    """The thread pane of the reading screen."""
    return main_screen(app).thread_view


async def type_text(pilot, text: str) -> None:
    """Press the key of each character."""
    for character in text:
        await pilot.press("space" if character == " " else character)


def static_text(app: ThreadApp, selector: str) -> str:
    """The plain text a `Static` on the active screen shows."""
    from textual.widgets import Static

    return str(app.screen.query_one(selector, Static).render())
