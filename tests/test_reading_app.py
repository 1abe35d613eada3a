"""Read marks, new comments and resuming, across restarts of the app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SEED
from textual import events
from loopback import LoopbackServer, Request, Response
from pilot_helpers import main_screen, make_app, settle, static_text, thread_view
from synthetic import synthetic_algolia_story

from threadtui.app.thread_view import STORY
from threadtui.sources import parse_source, read_file
from threadtui.store import Store

SIZE = (120, 40)


def sample_ids() -> list[str]:
    return [comment.id for comment in read_file(SEED).comments]


async def read_first_comments(cache: Path, count: int) -> None:
    app = make_app(cache)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press(*["j"] * count)
        await settle(pilot, app)


async def test_first_visit_marks_nothing_new(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert main_screen(app).new_comment_ids == frozenset()
        assert len(main_screen(app).unread_comment_ids) == 15


async def test_selected_comments_stay_read_after_restart(isolated_environment: Path):
    await read_first_comments(isolated_environment, 3)
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        unread = main_screen(app).unread_comment_ids
    assert unread == frozenset(sample_ids()[3:])


async def test_header_counts_unread(isolated_environment: Path):
    await read_first_comments(isolated_environment, 3)
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert "12 unread" in static_text(app, "#thread-counts")


async def test_comments_passed_in_a_burst_of_moves_are_read(isolated_environment: Path):
    # A held-down `j` queues selection messages faster than the screen handles them, and the
    # queue keeps only the last. The comments passed on the way count as read all the same.
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        view = thread_view(app)
        for _ in range(5):
            view.action_cursor_down()
        await settle(pilot, app)
        unread = main_screen(app).unread_comment_ids
    assert unread == frozenset(sample_ids()[5:])


async def test_moves_right_before_quitting_are_kept(isolated_environment: Path):
    # `q` runs as the app reads it, before the queued selection messages are handled.
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        for key in "jjjjjq":
            app.post_message(events.Key(key, key))
        await pilot.pause()
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        unread = main_screen(app).unread_comment_ids
        selected = thread_view(app).selected
    assert unread == frozenset(sample_ids()[5:])
    assert selected == 4


async def test_reading_updates_header_count(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j", "j")
        await settle(pilot, app)
        assert "13 unread" in static_text(app, "#thread-counts")


async def test_read_marks_written_within_a_second(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j")
        await pilot.pause(1.5)
        await settle(pilot, app)
        seen = Store.open(isolated_environment).seen_comments(read_file(SEED).key)
        assert seen[sample_ids()[0]] is not None


async def test_next_unread_key_skips_read_comments(isolated_environment: Path):
    await read_first_comments(isolated_environment, 3)
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("g", "g", "U")
        await settle(pilot, app)
        assert thread_view(app).selected == 3


async def test_resume_selects_last_comment(isolated_environment: Path):
    await read_first_comments(isolated_environment, 5)
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert thread_view(app).selected == 4


async def test_resume_restores_collapsed_subtrees(isolated_environment: Path, tmp_path: Path):
    dump = tmp_path / "nested.json"
    dump.write_text(json.dumps(synthetic_algolia_story()), encoding="utf-8")
    first = make_app(isolated_environment, dump)
    async with first.run_test(size=SIZE) as pilot:
        await settle(pilot, first)
        await pilot.press("j", "space", "j")
        await settle(pilot, first)
    again = make_app(isolated_environment, dump)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot, again)
        view = thread_view(again)
        assert view.collapsed == frozenset({0})
        assert view.visible_rows == [STORY, 0]


async def test_quit_key_saves_position_at_once(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j", "j", "q")
        await pilot.pause()
    position = Store.open(isolated_environment).get_position(read_file(SEED).key)
    assert position is not None
    assert position.comment_id == sample_ids()[1]


class GrowingAlgolia:
    """An Algolia stand-in whose story gains two replies when `grow` is called."""

    def __init__(self) -> None:
        self.story = synthetic_algolia_story()

    def grow(self) -> None:
        first = self.story["children"][0]
        for number, parent in ((900005, first), (900006, self.story)):
            parent["children"].append(
                {
                    "id": number, "type": "comment", "author": f"late_{number}",
                    "created_at_i": 1709290000 + number, "parent_id": parent["id"],
                    "story_id": 900001, "text": f"<p>added later {number}</p>", "children": [],
                }
            )

    def __call__(self, request: Request) -> Response:
        if request.path == "/api/v1/items/900001":
            return Response(body=json.dumps(self.story).encode())
        return Response(status=404, body=b"{}")


def open_hn(cache: Path, *, refresh: bool = False):
    return make_app(cache, parse_source("hn:900001"), offline=False, refresh=refresh)


async def test_two_added_comments_are_exactly_the_new_ones(
    isolated_environment: Path, monkeypatch: pytest.MonkeyPatch
):
    stand_in = GrowingAlgolia()
    with LoopbackServer(stand_in) as server:
        monkeypatch.setenv("THREADTUI_HN_API", server.url("/api/v1"))
        first = open_hn(isolated_environment)
        async with first.run_test(size=SIZE) as pilot:
            await settle(pilot, first)
            await pilot.press("j")
            await settle(pilot, first)
        stand_in.grow()
        again = open_hn(isolated_environment, refresh=True)
        async with again.run_test(size=SIZE) as pilot:
            await settle(pilot, again)
            screen = main_screen(again)
            assert len(screen.thread.comments) == 5
            assert screen.new_comment_ids == {"900005", "900006"}
            assert "2 new" in static_text(again, "#thread-counts")


async def test_refresh_key_marks_added_comments_new(isolated_environment: Path, monkeypatch: pytest.MonkeyPatch):
    stand_in = GrowingAlgolia()
    with LoopbackServer(stand_in) as server:
        monkeypatch.setenv("THREADTUI_HN_API", server.url("/api/v1"))
        app = open_hn(isolated_environment)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            await pilot.press("j", "j")
            await settle(pilot, app)
            stand_in.grow()
            await pilot.press("r")
            await settle(pilot, app)
            screen = main_screen(app)
            assert screen.new_comment_ids == {"900005", "900006"}
            assert screen.thread.comments[thread_view(app).selected].id == "900003"


async def test_new_comment_loses_mark_when_selected(isolated_environment: Path, monkeypatch: pytest.MonkeyPatch):
    stand_in = GrowingAlgolia()
    with LoopbackServer(stand_in) as server:
        monkeypatch.setenv("THREADTUI_HN_API", server.url("/api/v1"))
        first = open_hn(isolated_environment)
        async with first.run_test(size=SIZE) as pilot:
            await settle(pilot, first)
        stand_in.grow()
        again = open_hn(isolated_environment, refresh=True)
        async with again.run_test(size=SIZE) as pilot:
            await settle(pilot, again)
            await pilot.press("U")
            await settle(pilot, again)
            screen = main_screen(again)
            assert screen.new_comment_ids == {"900006"}


async def test_force_quit_saves_position(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j", "j", "j", "ctrl+q")
        await pilot.pause()
    position = Store.open(isolated_environment).get_position(read_file(SEED).key)
    assert position.comment_id == sample_ids()[2]


async def test_comment_in_url_wins_over_resume(isolated_environment: Path, monkeypatch: pytest.MonkeyPatch):
    Store.open(isolated_environment).save_position("hn:900001", "900002", [])
    with LoopbackServer(GrowingAlgolia()) as server:
        monkeypatch.setenv("THREADTUI_HN_API", server.url("/api/v1"))
        source = parse_source("https://news.ycombinator.com/item?id=900001#900004")
        app = make_app(isolated_environment, source, offline=False)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            screen = main_screen(app)
            assert screen.thread.comments[thread_view(app).selected].id == "900004"
