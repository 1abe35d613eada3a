"""`threadtui` without a SOURCE: the sample on the first run, then the library of threads read."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import SEED
from textual import events
from pilot_helpers import main_screen, make_app, settle, thread_view
from synthetic import synthetic_algolia_bytes

from threadtui.app.library_screen import LibraryScreen
from threadtui.cli import startup_source
from threadtui.config import Settings
from threadtui.library import bundled_sample
from threadtui.model import Thread
from threadtui.sources import SourceSpec, load_thread, parse_source, read_file
from threadtui.store import Store

SIZE = (120, 40)


def store_algolia(cache: Path) -> None:
    Store.open(cache).save_thread(
        key="hn:900001", site="hn", source="https://news.ycombinator.com/item?id=900001#900004",
        title="Show HN: Tiny reader", format="hn-algolia", payload=synthetic_algolia_bytes(), fetched_at=1.0,
    )


def library(app) -> LibraryScreen:
    screen = app.screen
    assert isinstance(screen, LibraryScreen), f"the active screen is {type(screen).__name__}"
    return screen


def test_first_run_opens_sample(isolated_environment: Path):
    source = startup_source(None, Settings.from_env(), Store.open(isolated_environment))
    assert isinstance(source, Thread)
    assert source.key == read_file(bundled_sample()).key


def test_first_run_stores_sample(isolated_environment: Path):
    store = Store.open(isolated_environment)
    startup_source(None, Settings.from_env(), store)
    assert [cached.key for cached in store.list_threads()] == [read_file(SEED).key]


def test_run_with_history_opens_library(isolated_environment: Path):
    store = Store.open(isolated_environment)
    startup_source(None, Settings.from_env(), store)
    assert startup_source(None, Settings.from_env(), store) is None


def test_source_wins_over_history(isolated_environment: Path):
    store_algolia(isolated_environment)
    source = startup_source("hn:900001", Settings.from_env(), Store.open(isolated_environment))
    assert isinstance(source, SourceSpec)


async def test_library_lists_threads_and_sample(isolated_environment: Path):
    store_algolia(isolated_environment)
    app = make_app(isolated_environment, None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        entries = library(app).entries
        assert [entry.title for entry in entries][0] == "Show HN: Tiny reader"
        assert entries[-1].bundled


async def test_library_row_shows_source_opened_and_notes(isolated_environment: Path):
    store_algolia(isolated_environment)
    Store.open(isolated_environment).save_note("hn:900001", "thread", "kept")
    app = make_app(isolated_environment, None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        prompt = str(library(app).option_list.get_option_at_index(0).prompt)
        assert "Hacker News" in prompt
        assert "opened" in prompt
        assert "1 note" in prompt


async def test_library_counts_new_comments(isolated_environment: Path):
    store_algolia(isolated_environment)
    Store.open(isolated_environment).record_seen("hn:900001", ["900002"], at=1.0)
    app = make_app(isolated_environment, None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        prompt = str(library(app).option_list.get_option_at_index(0).prompt)
        assert "2 new" in prompt


async def test_enter_opens_thread_where_left(isolated_environment: Path):
    store_algolia(isolated_environment)
    Store.open(isolated_environment).save_position("hn:900001", "900003", [])
    app = make_app(isolated_environment, None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        screen = main_screen(app)
        assert screen.thread.key == "hn:900001"
        assert screen.thread.comments[thread_view(app).selected].id == "900003"


async def test_sample_opens_from_library(isolated_environment: Path):
    store_algolia(isolated_environment)
    app = make_app(isolated_environment, None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j", "enter")
        await settle(pilot, app)
        assert main_screen(app).thread.key == read_file(SEED).key


async def test_stored_file_opens_after_it_moved(isolated_environment: Path, tmp_path: Path):
    moved = tmp_path / "thread.txt"
    moved.write_text("first comment\nsecond comment\n", encoding="utf-8")
    await load_thread(parse_source(str(moved)), Settings.from_env(), Store.open(isolated_environment), None)
    moved.unlink()
    app = make_app(isolated_environment, None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        assert len(main_screen(app).thread.comments) == 2


async def test_library_key_returns_to_library(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j", "L")
        await settle(pilot, app)
        assert isinstance(app.screen, LibraryScreen)


async def test_leaving_for_library_saves_position(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j", "j", "L")
        await settle(pilot, app)
    position = Store.open(isolated_environment).get_position(read_file(SEED).key)
    assert position.comment_id == read_file(SEED).comments[1].id


async def test_library_title_is_literal(isolated_environment: Path):
    story = json.loads(synthetic_algolia_bytes())
    story["title"] = "[b]bold[/b] [@click=app.quit]x[/]"
    Store.open(isolated_environment).save_thread(
        key="hn:900001", site="hn", source="hn:900001", title=story["title"],
        format="hn-algolia", payload=json.dumps(story).encode(), fetched_at=1.0,
    )
    app = make_app(isolated_environment, None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        prompt = str(library(app).option_list.get_option_at_index(0).prompt)
        assert "[b]bold[/b] [@click=app.quit]x[/]" in prompt


async def test_keys_pressed_while_the_library_starts_move_in_it(isolated_environment: Path):
    store_algolia(isolated_environment)
    app = make_app(isolated_environment, None)
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(events.Key("down", None))
        await settle(pilot, app)
        assert library(app).option_list.highlighted == 1
