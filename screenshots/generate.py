"""Regenerate the README screenshots from the real app on the bundled sample thread.

Run with `make screenshots`. The app runs headless through Textual's test driver with a
fixed clock, a temporary cache and an arXiv stand-in on 127.0.0.1, so the pictures do not
depend on the network or on your own cache. The stand-in knows one of the sample's two
papers, described only with what the thread itself says about it (title and author in the
footnote, year and month from the id); the other one shows arXiv's "not found" answer.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "tests"))

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


async def run() -> None:
    with tempfile.TemporaryDirectory() as directory, LoopbackServer(answer) as arxiv:
        os.environ["THREADTUI_ARXIV_API"] = arxiv.url("/api/query")
        os.environ["THREADTUI_ARXIV_DELAY"] = "0"
        os.environ["THREADTUI_CONFIG_DIR"] = str(Path(directory) / "config")
        await main_screen(Path(directory) / "cache")


if __name__ == "__main__":
    asyncio.run(run())
    print(f"wrote {HERE / 'main.svg'}")
