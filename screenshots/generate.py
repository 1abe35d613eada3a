"""Regenerate the README screenshots from the real app on the bundled sample thread.

Run with `make screenshots`. The app runs headless through Textual's test driver with a
fixed clock, a temporary cache and an arXiv stand-in on 127.0.0.1, so the pictures do not
depend on the network or on your own cache. The stand-in knows one of the sample's two
papers, described only with what the thread itself says about it (title and author in the
footnote, year and month from the id); the other one shows arXiv's "not found" answer.

The library picture lists the sample and two saved API responses from `tests/fixtures/threads`,
with reading history written straight into the temporary cache: some comments read, a note,
and Lobsters comments that count as new because the history has never seen them.
"""

from __future__ import annotations

import asyncio
import os
import re
import sqlite3
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
REPO = HERE.parent
# This checkout's package, not whichever threadtui the environment has installed.
sys.path[:0] = [str(REPO / "tui"), str(REPO / "tests")]

from loopback import LoopbackServer, Request, Response  # noqa: E402

SIZE = (140, 40)
FIXED_NOW = 1_800_000_000.0

PILANCI_ENTRY = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom"
      xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">
  <title>arXiv Query: id_list=2309.16512</title>
  <opensearch:totalResults>1</opensearch:totalResults>
  <entry>
    <id>http://arxiv.org/abs/2309.16512v1</id>
    <title>From Complexity to Clarity: Analytical Expressions of Deep Neural Network Weights via Clifford's Geometric Algebra and Convexity</title>
    <updated>2023-09-01T00:00:00Z</updated>
    <published>2023-09-01T00:00:00Z</published>
    <summary>(Abstract not shown: served by the screenshot stand-in.)</summary>
    <author><name>Mert Pilanci</name></author>
    <link href="https://arxiv.org/abs/2309.16512v1" rel="alternate" type="text/html"/>
    <link href="https://arxiv.org/pdf/2309.16512v1" rel="related" type="application/pdf" title="pdf"/>
    <arxiv:primary_category term="cs.LG"/>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
</feed>
"""


def answer(request: Request) -> Response:
    """Answer every arXiv query with the one entry the stand-in knows."""
    return Response(200, PILANCI_ENTRY.encode("utf-8"), "application/atom+xml")


async def press(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
    await pilot.pause()


async def settle(app, pilot) -> None:
    # Links are extracted, and papers resolved, only once the side panes have mounted.
    await pilot.pause()
    await app.workers.wait_for_complete()
    while not getattr(app.screen, "links_collected", True):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


async def main_screen(cache: Path) -> None:
    """The sample thread with the Pilanci comment selected, its paper resolved and a note."""
    from threadtui.app.app import ThreadApp
    from threadtui.app.thread_view import ThreadView
    from threadtui.config import Settings
    from threadtui.sources import read_file
    from threadtui.store import Store

    thread = read_file(REPO / "seeds" / "hn-thread-dump.txt")
    app = ThreadApp(Settings.from_env(cache_dir=cache), Store.open(cache), thread, clock=lambda: FIXED_NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        view = app.screen.query_one(ThreadView)
        target = next(index for index, comment in enumerate(thread.comments) if "hodge star" in comment.text)
        view.select(target, center=True)
        await settle(app, pilot)
        await press(pilot, "i")
        for character in "Closed-form weights via geometric algebra; exponential memory though.":
            await pilot.press("space" if character == " " else character)
        await press(pilot, "escape")
        await settle(app, pilot)
        app.save_screenshot(filename="main.svg", path=str(HERE))


async def search_screen(cache: Path) -> None:
    """The sample thread searched for "gauge", on the second of its matches."""
    from threadtui.app.app import ThreadApp
    from threadtui.config import Settings
    from threadtui.sources import read_file
    from threadtui.store import Store

    thread = read_file(REPO / "seeds" / "hn-thread-dump.txt")
    app = ThreadApp(Settings.from_env(cache_dir=cache), Store.open(cache), thread, clock=lambda: FIXED_NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(pilot, "slash", *"gauge", "enter")
        await settle(app, pilot)
        await press(pilot, "n")
        await settle(app, pilot)
        app.save_screenshot(filename="search.svg", path=str(HERE))


def write_history(cache: Path) -> None:
    """Store three threads with a reading history, as if read over the past weeks."""
    from threadtui.sources import parse_payload_with_format
    from threadtui.store import Store

    store = Store.open(cache)
    fixtures = REPO / "tests" / "fixtures" / "threads"
    opened = {}
    for path, days_ago in (
        (REPO / "seeds" / "hn-thread-dump.txt", 0.1),
        (fixtures / "lobsters-story.json", 3),
        (fixtures / "hn-firebase-items.json", 16),
    ):
        thread, format = parse_payload_with_format(path.read_bytes(), source=str(path))
        source = "hn:8863" if thread.site == "hn" else thread.permalink or str(path)
        store.save_thread(
            key=thread.key, site=thread.site, source=source, title=thread.title,
            format=format, payload=path.read_bytes(), fetched_at=FIXED_NOW - days_ago * 86400,
        )
        opened[thread.key] = FIXED_NOW - days_ago * 86400
        ids = [comment.id for comment in thread.comments]
        seen = ids[:6] if thread.site == "lobsters" else ids
        store.record_seen(thread.key, seen, at=opened[thread.key])
        store.mark_read(thread.key, seen[: len(seen) // 2 + 1], at=opened[thread.key])
        if thread.site == "text":
            store.save_note(thread.key, "thread", "Closed-form weights via geometric algebra.")
    store.close()

    # The store stamps `opened_at` with the real time; the picture needs times before FIXED_NOW.
    with sqlite3.connect(cache / "threadtui.db") as connection:
        for key, when in opened.items():
            connection.execute("UPDATE threads SET opened_at = ? WHERE key = ?", (when, key))


async def library_screen(cache: Path) -> None:
    """The library with three threads: notes, unread comments and new Lobsters comments."""
    from threadtui.app.app import ThreadApp
    from threadtui.config import Settings
    from threadtui.store import Store

    write_history(cache)
    app = ThreadApp(Settings.from_env(cache_dir=cache), Store.open(cache), None, clock=lambda: FIXED_NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(pilot, "j")
        app.save_screenshot(filename="library.svg", path=str(HERE))


async def run() -> None:
    with tempfile.TemporaryDirectory() as directory, LoopbackServer(answer) as arxiv:
        os.environ["THREADTUI_ARXIV_API"] = arxiv.url("/api/query")
        os.environ["THREADTUI_ARXIV_DELAY"] = "0"
        os.environ["THREADTUI_CONFIG_DIR"] = str(Path(directory) / "config")
        await main_screen(Path(directory) / "cache")
        await search_screen(Path(directory) / "search-cache")
        await library_screen(Path(directory) / "library-cache")


def stable_class_names(path: Path) -> None:
    """Give the SVG's CSS classes a fixed prefix.

    Textual names them `terminal-<number>` with a number that differs between runs, so an
    unchanged picture would still show up as a change in git.
    """
    svg = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"terminal-\d+", "terminal-threadtui", svg), encoding="utf-8")


if __name__ == "__main__":
    asyncio.run(run())
    for name in ("main.svg", "search.svg", "library.svg"):
        stable_class_names(HERE / name)
        print(f"wrote {HERE / name}")
