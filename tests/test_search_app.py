"""Searching the thread with `/`, then `n` and `N`, through collapsed subtrees."""

from __future__ import annotations

import json
from pathlib import Path

from pilot_helpers import make_app, settle, static_text, thread_view, type_text

from threadtui.app.thread_view import STORY

SIZE = (120, 40)


def item(number: int, text: str, *children: dict) -> dict:
    return {
        "id": number, "type": "comment", "author": f"user{number}", "created_at_i": 1709287200 + number,
        "text": f"<p>{text}</p>", "children": list(children),
    }


# 0 alpha needle ── 1 beta ── 2 gamma needle
# 3 delta
# 4 needle epsilon ── 5 zeta NEEDLE
STORY_JSON = {
    "id": 1, "type": "story", "title": "Search me", "author": "op", "created_at_i": 1709287200,
    "children": [
        item(10, "alpha needle", item(11, "beta", item(12, "gamma needle"))),
        item(13, "delta"),
        item(14, "needle epsilon", item(15, "zeta NEEDLE")),
    ],
}


def thread_file(tmp_path: Path) -> Path:
    path = tmp_path / "search.json"
    path.write_text(json.dumps(STORY_JSON), encoding="utf-8")
    return path


async def search(pilot, app, term: str) -> None:
    await pilot.press("slash")
    await type_text(pilot, term)
    await pilot.press("enter")
    await settle(pilot, app)


async def collapse(pilot, app, *indices: int) -> None:
    view = thread_view(app)
    for index in indices:
        view.select(index)
        await pilot.press("space")
    view.select(STORY)
    await settle(pilot, app)


async def test_search_selects_first_match(isolated_environment: Path, tmp_path: Path):
    app = make_app(isolated_environment, thread_file(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await search(pilot, app, "needle")
        assert thread_view(app).selected == 0


async def test_search_is_case_insensitive(isolated_environment: Path, tmp_path: Path):
    app = make_app(isolated_environment, thread_file(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await search(pilot, app, "needle")
        assert thread_view(app).matches == [0, 2, 4, 5]


async def test_n_opens_collapsed_subtree(isolated_environment: Path, tmp_path: Path):
    app = make_app(isolated_environment, thread_file(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await collapse(pilot, app, 0)
        await search(pilot, app, "needle")
        await pilot.press("n")
        await settle(pilot, app)
        view = thread_view(app)
        assert view.selected == 2
        assert 2 in view.visible_rows
        assert 0 not in view.collapsed


async def test_capital_n_goes_back_into_collapsed_subtree(isolated_environment: Path, tmp_path: Path):
    app = make_app(isolated_environment, thread_file(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await collapse(pilot, app, 4)
        await search(pilot, app, "needle")
        await pilot.press("N")
        await settle(pilot, app)
        view = thread_view(app)
        assert view.selected == 5
        assert 5 in view.visible_rows


async def test_n_wraps_to_first_match(isolated_environment: Path, tmp_path: Path):
    app = make_app(isolated_environment, thread_file(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await search(pilot, app, "needle")
        await pilot.press("n", "n", "n", "n")
        await settle(pilot, app)
        assert thread_view(app).selected == 0


async def test_header_shows_match_position(isolated_environment: Path, tmp_path: Path):
    app = make_app(isolated_environment, thread_file(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await search(pilot, app, "needle")
        await pilot.press("n")
        await settle(pilot, app)
        assert "/needle 2 of 4" in static_text(app, "#thread-counts")


async def test_match_is_highlighted(isolated_environment: Path, tmp_path: Path):
    app = make_app(isolated_environment, thread_file(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await search(pilot, app, "gamma")
        view = thread_view(app)
        match_style = view.get_component_rich_style("thread-view--match", partial=True)
        highlighted = [
            segment.text
            for y in range(view.size.height)
            for segment in view.render_line(y)
            if segment.style is not None and segment.style.bgcolor == match_style.bgcolor
        ]
        assert "gamma" in "".join(highlighted).casefold()


async def test_no_match_keeps_selection(isolated_environment: Path, tmp_path: Path):
    app = make_app(isolated_environment, thread_file(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j", "j", "j", "j")
        await search(pilot, app, "absent")
        assert thread_view(app).selected == 3


async def test_escape_closes_search_box(isolated_environment: Path, tmp_path: Path):
    app = make_app(isolated_environment, thread_file(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", "x", "escape")
        await settle(pilot, app)
        assert app.focused is thread_view(app)
