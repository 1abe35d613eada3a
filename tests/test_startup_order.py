"""What the reading screen defers at startup waits for the link and notes panes to mount.

Link extraction and the rest of a large thread's layout hold the UI thread or the GIL for a
while. Started before the side panes mount, they would keep those panes off the screen until
they end.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_helpers import make_app, settle
from thread_generator import generate_payload

from threadtui.app.main_screen import MainScreen
from threadtui.app.thread_view import PROGRESSIVE_LAYOUT_COMMENTS, ThreadView
from threadtui.sources import parse_payload


async def test_link_extraction_starts_after_the_side_panes_mount(
    isolated_environment: Path, monkeypatch: pytest.MonkeyPatch
):
    app = make_app(isolated_environment)
    panes_mounted: list[bool] = []
    start = MainScreen.collect_links

    def recording(screen: MainScreen, thread):
        panes_mounted.append(screen.query_one_optional("#side-column") is not None)
        return start(screen, thread)

    monkeypatch.setattr(MainScreen, "collect_links", recording)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        assert app.screen.links_collected
    assert panes_mounted == [True]


async def test_layout_of_a_large_thread_completes_after_the_side_panes_mount(
    isolated_environment: Path, monkeypatch: pytest.MonkeyPatch
):
    comments = PROGRESSIVE_LAYOUT_COMMENTS + 200
    thread = parse_payload(generate_payload(comments=comments, seed=7), source="large.json")
    app = make_app(isolated_environment, thread)
    panes_mounted: list[bool] = []
    complete = ThreadView._complete_layout

    def recording(view: ThreadView) -> None:
        panes_mounted.append(view.screen.query_one_optional("#side-column") is not None)
        complete(view)

    monkeypatch.setattr(ThreadView, "_complete_layout", recording)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        view = app.screen.query_one(ThreadView)
        assert view._measured == len(thread.comments)
    assert panes_mounted[:1] == [True]
