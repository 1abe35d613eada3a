"""Time what a reader does in the app on a large thread, in one process of its own.

    python bench/interactions.py THREAD_FILE

Runs the real app (`ThreadApp` with the main screen, offline, a temporary cache directory)
headless at 160×48 and prints a JSON object of timings in seconds. Each timed step is the
action, then the messages it causes on every pane, then one full frame: the compositor update
and its conversion to terminal output, which the headless driver would otherwise skip. So a
"selection move" includes redrawing the breadcrumb, the link pane and the notes pane. Link
extraction has finished before any timing starts.

Selection move and collapse are also timed for the thread pane alone: the action, then
`render_line` for every row of the pane, without the other panes or Textual's compositor.

Driving frames by hand needs two private Textual methods (`Pilot._wait_for_screen` and
`Screen._on_timer_update`); the project pins Textual, so they are stable for this script.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from first_paint import peak_memory
from textual import events
from textual._compositor import CompositorUpdate
from textual.geometry import Size

from threadtui.app.app import ThreadApp
from threadtui.app.thread_view import ThreadView
from threadtui.config import Settings
from threadtui.sources import read_file
from threadtui.store import Store

SIZE = (160, 48)
MOVES = 200
COLLAPSES = 21
RESIZE_WIDTHS = [159, 158, 157, 156, 155, 154, 153, 152, 151, 150, 120, 200]
SEARCH_TERMS = ["kernel", "論文"]
FIXED_NOW = 1_700_100_000.0


class Session:
    """A running app and the helpers that time steps in it."""

    def __init__(self, app: ThreadApp, pilot) -> None:
        self.app = app
        self.pilot = pilot
        self.cpu_times: list[float] = []

    @property
    def view(self) -> ThreadView:
        """The thread pane."""
        return self.app.screen.query_one(ThreadView)

    async def frame(self) -> None:
        """Process the messages an action caused, then draw a frame (twice, for follow-ups)."""
        for _ in range(2):
            await self.pilot._wait_for_screen()
            self.app.screen._on_timer_update()

    async def timed(self, action) -> float:
        """Return the seconds from the action to the end of the frame that shows it.

        The process CPU time of the same span is kept in `cpu_times`: on a shared machine it
        is steadier than the wall time, which other tenants stretch.
        """
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        await self.frame()
        self.cpu_times.append(time.process_time() - start_cpu)
        return time.perf_counter() - start

    def resize(self, width: int, height: int) -> None:
        """Resize the terminal as the driver reports it, without the app's debounce timer."""
        size = Size(width, height)
        app = self.app
        app._driver._size = size
        app._size = size
        app._resize_event = events.Resize(size, size)
        app._check_resize()


def encode_frames(app: ThreadApp) -> None:
    """Make the headless app turn each frame into terminal output, as a real driver does."""
    original = app._display

    def display(screen, renderable) -> None:
        if isinstance(renderable, CompositorUpdate):
            renderable.render_segments(app.console)
        original(screen, renderable)

    app._display = display


def time_pane(view: ThreadView, action) -> float:
    """Return the seconds for an action and drawing every row of the thread pane."""
    start = time.perf_counter()
    action()
    for y in range(view.size.height):
        view.render_line(y)
    return time.perf_counter() - start


def largest_subtree(view: ThreadView) -> tuple[int, int]:
    """Return the comment whose subtree is largest and the number of replies in it."""
    ends = view.thread.subtree_ends()
    index = max(range(len(ends)), key=lambda position: ends[position] - position)
    return index, ends[index] - index - 1


def summary(samples: list[float], cpu_times: list[float]) -> dict[str, float]:
    """Return the median, 95th percentile and maximum of timings, and the median CPU time.

    `cpu_times` is the session's list; its last `len(samples)` entries belong to these samples.
    """
    ordered = sorted(samples)
    return {
        "median": statistics.median(ordered),
        "p95": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
        "max": ordered[-1],
        "count": len(ordered),
        "cpu_median": statistics.median(cpu_times[-len(samples):]),
    }


async def measure(path: str) -> dict:
    """Run the app on a thread file and return every timing."""
    cache = Path(tempfile.mkdtemp(prefix="threadtui-bench-"))
    settings = Settings.from_env(cache_dir=cache, offline=True)
    thread = read_file(path)
    app = ThreadApp(settings, Store.open(cache), thread, clock=lambda: FIXED_NOW)
    encode_frames(app)
    results: dict = {}

    async with app.run_test(size=SIZE) as pilot:
        session = Session(app, pilot)
        # Link extraction starts only after the side panes have mounted, so it may not have
        # started yet when the first workers finish.
        while not app.screen.links_collected:
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.pause()
        view = session.view

        cpu = session.cpu_times
        results["frame_overhead"] = summary([await session.timed(lambda: None) for _ in range(50)], cpu)
        results["move"] = summary([await session.timed(view.action_cursor_down) for _ in range(MOVES)], cpu)

        index, replies = largest_subtree(view)
        view.select(index)
        await session.frame()
        collapse, expand, collapse_cpu, expand_cpu = [], [], [], []
        for _ in range(COLLAPSES):
            collapse.append(await session.timed(view.action_toggle_collapse))
            collapse_cpu.append(cpu[-1])
            expand.append(await session.timed(view.action_toggle_collapse))
            expand_cpu.append(cpu[-1])
        results["collapse"] = {**summary(collapse, collapse_cpu), "replies": replies}
        results["expand"] = summary(expand, expand_cpu)

        collapse_pane = []
        for _ in range(COLLAPSES):
            collapse_pane.append(time_pane(view, view.action_toggle_collapse))
            time_pane(view, view.action_toggle_collapse)
        results["collapse_pane"] = statistics.median(collapse_pane)
        view.select(-1)
        await session.frame()
        results["move_pane"] = statistics.median([time_pane(view, view.action_cursor_down) for _ in range(MOVES)])
        view.select(-1)
        await session.frame()

        resizes = []
        for width in RESIZE_WIDTHS:
            resizes.append(await session.timed(lambda width=width: session.resize(width, SIZE[1])))
            assert view.size.width < width, "the thread pane did not follow the resize"
        results["resize"] = {**summary(resizes, cpu), "widths": RESIZE_WIDTHS}
        await session.timed(lambda: session.resize(*SIZE))

        for number, term in enumerate(SEARCH_TERMS):
            matches: list[int] = []

            def search(term: str = term) -> None:
                matches.append(view.search(term))
                view.next_match()

            seconds = await session.timed(search)
            results[f"search_{number + 1}"] = {"term": term, "seconds": seconds, "matches": matches[0]}

    results["peak_memory"] = peak_memory()
    return results


def main() -> None:
    """Print the timings of one thread file as JSON."""
    if len(sys.argv) != 2:
        sys.exit("usage: interactions.py THREAD_FILE")
    print(json.dumps(asyncio.run(measure(sys.argv[1]))))


if __name__ == "__main__":
    main()
