"""The whole app on the generated 5,000-comment thread: navigation, collapse, search, deep replies.

The thread is the one `make bench` times (bench/thread_generator.py, same seed). These tests
check behaviour only; the timings live in the benchmark.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import Static
from pilot_helpers import settle
from thread_generator import generate_payload

from threadtui.app.app import ThreadApp
from threadtui.app.layout import MAX_GUIDE_LEVELS, comment_height
from threadtui.app.thread_view import STORY, ThreadView
from threadtui.config import Settings
from threadtui.model import Thread
from threadtui.sources import parse_payload
from threadtui.store import Store

SIZE = (160, 48)
FIXED_NOW = 1_700_100_000.0


@pytest.fixture(scope="module")
def payload() -> bytes:
    return generate_payload()


@pytest.fixture
def thread(payload: bytes) -> Thread:
    return parse_payload(payload, source="thread-5000.json")


def make_app(cache: Path, thread: Thread) -> ThreadApp:
    settings = Settings.from_env(cache_dir=cache, offline=True)
    return ThreadApp(settings, Store.open(cache), thread, clock=lambda: FIXED_NOW)


def view_of(app: ThreadApp) -> ThreadView:
    return app.screen.query_one(ThreadView)


def screen_lines(view: ThreadView) -> list[str]:
    return ["".join(segment.text for segment in view.render_line(y)) for y in range(view.size.height)]


def largest_subtree(thread: Thread) -> int:
    ends = thread.subtree_ends()
    return max(range(len(ends)), key=lambda index: ends[index] - index)


def test_generated_thread_has_the_promised_shape(thread: Thread):
    depths = [comment.depth for comment in thread.comments]
    assert len(thread.comments) == 5_000
    assert max(depths) == 12
    assert any(not comment.text.isascii() for comment in thread.comments)
    assert any("arxiv" in comment.text.casefold() for comment in thread.comments)


def test_generator_is_seeded():
    assert generate_payload(comments=50, seed=3) == generate_payload(comments=50, seed=3)


async def test_keys_move_through_the_tree(isolated_environment: Path, thread: Thread):
    app = make_app(isolated_environment, thread)
    ends = thread.subtree_ends()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        view = view_of(app)
        await pilot.press("j", "j")
        assert view.selected == 1
        await pilot.press("right_square_bracket")
        assert view.selected == ends[0]
        await pilot.press("G")
        assert view.selected == len(thread.comments) - 1
        await pilot.press("g", "g")
        assert view.selected == STORY


async def test_bottom_before_layout_finishes(isolated_environment: Path, thread: Thread):
    app = make_app(isolated_environment, thread)
    async with app.run_test(size=SIZE) as pilot:
        view = view_of(app)
        await pilot.press("G")
        await settle(pilot, app)
        width = view.scrollable_content_region.width
        heights = [comment_height(comment, width) for comment in thread.comments]
        story = view._offsets[1]
        assert view._offsets[-1] == story + sum(heights)
        assert any(line.strip() for line in screen_lines(view))


async def test_collapse_largest_subtree(isolated_environment: Path, thread: Thread):
    app = make_app(isolated_environment, thread)
    root = largest_subtree(thread)
    replies = thread.subtree_ends()[root] - root - 1
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        view = view_of(app)
        rows_before = len(view.visible_rows)
        view.select(root)
        await pilot.press("space")
        assert len(view.visible_rows) == rows_before - replies
        await pilot.press("j")
        assert view.selected == thread.subtree_ends()[root]
        await pilot.press("k", "space")
        assert len(view.visible_rows) == rows_before


async def test_search_finds_every_matching_comment(isolated_environment: Path, thread: Thread):
    term = "kernel"
    expected = [
        index
        for index, comment in enumerate(thread.comments)
        if term in f"{comment.author or ''}\n{comment.text}".casefold()
    ]
    # The first reply that matches, hidden under its collapsed top-level comment: nothing
    # between that comment and the reply can match, so the search lands on the reply.
    target = next(index for index in expected if thread.comments[index].depth > 0)
    app = make_app(isolated_environment, thread)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        view = view_of(app)
        view.select(view.path_to_root(target)[0])
        await pilot.press("space")
        assert target not in view.visible_rows
        await pilot.press("slash", *term, "enter")
        await pilot.pause()
        assert view.matches == expected
        assert view.selected == target
        assert target in view.visible_rows
        assert any(term in line.casefold() for line in screen_lines(view))
        await pilot.press("n")
        assert view.selected == expected[expected.index(target) + 1]


async def test_deep_reply_shows_its_path_with_capped_indent(isolated_environment: Path, thread: Thread):
    deepest = next(index for index, comment in enumerate(thread.comments) if comment.depth == 12)
    comment = thread.comments[deepest]
    app = make_app(isolated_environment, thread)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        view = view_of(app)
        view.select(deepest, center=True)
        await pilot.pause()
        breadcrumb = str(app.screen.query_one("#breadcrumb", Static).render())
        assert "… 7 more ›" in breadcrumb
        assert breadcrumb.endswith(f"{comment.author} · comment {deepest + 1} of 5000")
        header = next(line for line in screen_lines(view) if "depth 12" in line)
        assert header.startswith("▌" + "│ " * MAX_GUIDE_LEVELS + "▾ ")
        assert (comment.author or "") in header


async def test_lines_fit_after_resizes(isolated_environment: Path, thread: Thread):
    app = make_app(isolated_environment, thread)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        view = view_of(app)
        view.select(largest_subtree(thread) + 40, center=True)
        for width, height in ((90, 30), (200, 60), SIZE):
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            lines = screen_lines(view)
            assert all(cell_len(line) == view.scrollable_content_region.width for line in lines)
