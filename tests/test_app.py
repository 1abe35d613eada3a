"""The whole app on the sample thread: panes, paper resolution, offline mode, notes, safety."""

from __future__ import annotations

from pathlib import Path

import pytest
from arxiv_standin import ArxivStandIn
from conftest import SEED
from pilot_helpers import settle

from threadtui.app.app import ThreadApp
from threadtui.app.link_pane import LinkPane
from threadtui.app.main_screen import MainScreen
from threadtui.app.notes_pane import NotesPane
from threadtui.app.thread_view import STORY, ThreadView
from threadtui.config import Settings
from threadtui.model import PaperStatus
from threadtui.sources import read_file
from threadtui.store import Store

SIZE = (160, 48)
FIXED_NOW = 1_800_000_000.0


def make_app(cache: Path, *, source: Path = SEED, offline: bool = False) -> ThreadApp:
    settings = Settings.from_env(cache_dir=cache, offline=offline)
    return ThreadApp(settings, Store.open(cache), read_file(source), clock=lambda: FIXED_NOW)


def screen_of(app: ThreadApp) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


def link_rows(app: ThreadApp) -> list[str]:
    pane = app.screen.query_one(LinkPane)
    return [str(option.prompt) for option in pane.option_list.options]


async def test_sample_shows_separate_comments(isolated_environment: Path):
    app = make_app(isolated_environment, offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        view = app.screen.query_one(ThreadView)
        assert view.thread is not None
        assert len(view.thread.comments) == 15
        assert len(view.visible_rows) == 16


async def test_quote_and_footnote_are_one_comment(isolated_environment: Path):
    app = make_app(isolated_environment, offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        thread = app.screen.query_one(ThreadView).thread
        quoted = [comment for comment in thread.comments if "Do you share my personal information" in comment.text]
        assert len(quoted) == 1
        assert "starlink.com/support" in quoted[0].text


async def test_thread_links_list_starlink_and_both_papers(isolated_environment: Path):
    app = make_app(isolated_environment, offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("tab", "a")
        await settle(pilot, app)
        rows = "\n".join(link_rows(app))
        assert "starlink.com" in rows
        assert "arXiv:2506.13018v2" in rows
        assert "arXiv:2309.16512" in rows


async def test_offline_papers_say_offline(isolated_environment: Path):
    app = make_app(isolated_environment, offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("tab", "a")
        await settle(pilot, app)
        paper_rows = [row for row in link_rows(app) if "arXiv:" in row]
        assert len(paper_rows) == 2
        assert all("offline" in row for row in paper_rows)


async def test_papers_resolve_in_one_request(isolated_environment: Path, monkeypatch: pytest.MonkeyPatch):
    with ArxivStandIn(known={"2506.13018", "2309.16512"}, versions={"2506.13018": 2}) as arxiv:
        monkeypatch.setenv("THREADTUI_ARXIV_API", arxiv.api_url)
        app = make_app(isolated_environment)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            await pilot.press("tab", "a")
            await settle(pilot, app)
            rows = "\n".join(link_rows(app))
        assert len(arxiv.requests) == 1
        assert sorted(arxiv.requests[0].ids) == ["2309.16512", "2506.13018"]
        assert "Paper 2309.16512" in rows
        assert "Paper 2506.13018" in rows


async def test_reopening_sends_no_request(isolated_environment: Path, monkeypatch: pytest.MonkeyPatch):
    with ArxivStandIn(known={"2506.13018", "2309.16512"}) as arxiv:
        monkeypatch.setenv("THREADTUI_ARXIV_API", arxiv.api_url)
        first = make_app(isolated_environment)
        async with first.run_test(size=SIZE) as pilot:
            await settle(pilot, first)
        second = make_app(isolated_environment)
        async with second.run_test(size=SIZE) as pilot:
            await settle(pilot, second)
            await pilot.press("tab", "a")
            await settle(pilot, second)
            rows = "\n".join(link_rows(second))
        assert len(arxiv.requests) == 1
        assert "Paper 2309.16512" in rows


async def test_resolved_paper_shows_authors(isolated_environment: Path, monkeypatch: pytest.MonkeyPatch):
    with ArxivStandIn(known={"2506.13018", "2309.16512"}) as arxiv:
        monkeypatch.setenv("THREADTUI_ARXIV_API", arxiv.api_url)
        app = make_app(isolated_environment)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            pane = app.screen.query_one(LinkPane)
            state = pane.paper("arxiv:2309.16512")
        assert state is not None
        assert state.status is PaperStatus.RESOLVED
        assert state.paper.authors


async def type_text(pilot, text: str) -> None:
    for character in text:
        await pilot.press("space" if character == " " else character)


async def test_notes_on_comment_and_paper_survive_restart(isolated_environment: Path):
    app = make_app(isolated_environment, offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j", "j", "j", "i")
        await type_text(pilot, "quote note")
        await pilot.press("escape", "tab", "a")
        await settle(pilot, app)
        pane = app.screen.query_one(LinkPane)
        papers = [number for number, entry in enumerate(pane.entries) if entry.link.paper_key == "arxiv:2309.16512"]
        pane.option_list.highlighted = papers[0]
        await pilot.pause()
        await pilot.press("i")
        await type_text(pilot, "paper note")
        await pilot.press("escape", "q")
        await pilot.pause()

    store = Store.open(isolated_environment)
    thread = read_file(SEED)
    bodies = {note.target: note.body for note in store.notes_for_thread(thread.key)}
    comment_id = thread.comments[2].id
    assert bodies[f"comment:{comment_id}"] == "quote note"
    assert bodies["paper:arxiv:2309.16512"] == "paper note"


async def test_notes_reload_when_reopened(isolated_environment: Path):
    thread = read_file(SEED)
    Store.open(isolated_environment).save_note(thread.key, f"comment:{thread.comments[0].id}", "written earlier")
    app = make_app(isolated_environment, offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j")
        await pilot.pause()
        assert app.screen.query_one(NotesPane).editor.text == "written earlier"


async def test_quote_key_adds_blockquote_to_thread_note(isolated_environment: Path):
    app = make_app(isolated_environment, offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j", "greater_than_sign")
        await pilot.pause()
        text = app.screen.query_one(NotesPane).editor.text
    assert text.startswith("> Not really sure how useful")
    assert "— comment 1 of 15" in text


async def test_hostile_comment_is_literal_and_click_is_harmless(isolated_environment: Path, tmp_path: Path):
    dump = tmp_path / "hostile.txt"
    dump.write_text("Try [@click=app.quit]x[/] and \x1b[2J here\nsecond comment\n", encoding="utf-8")
    app = make_app(isolated_environment, source=dump, offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        view = app.screen.query_one(ThreadView)
        lines = ["".join(segment.text for segment in view.render_line(y)) for y in range(view.size.height)]
        text = "\n".join(lines)
        assert "[@click=app.quit]x[/]" in text
        assert "\x1b" not in text
        # The title repeats the first comment; click the comment's own line, the last match.
        row = max(number for number, line in enumerate(lines) if "[@click=app.quit]" in line)
        column = lines[row].index("[@click") + 2
        await pilot.click(ThreadView, offset=(column, row))
        await pilot.pause()
        assert app.is_running
        assert view.selected == 0


async def test_typing_q_in_notes_does_not_quit(isolated_environment: Path):
    app = make_app(isolated_environment, offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("i", "q")
        await pilot.pause()
        assert app.is_running
        assert app.screen.query_one(NotesPane).editor.text == "q"


async def test_story_row_targets_thread_note(isolated_environment: Path):
    app = make_app(isolated_environment, offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.screen.query_one(ThreadView).selected == STORY
        assert app.screen.query_one(NotesPane).target == "thread"


async def test_export_key_writes_file(isolated_environment: Path, tmp_path: Path):
    app = make_app(isolated_environment, offline=True)
    target = tmp_path / "out.md"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j", "i")
        await type_text(pilot, "kept")
        await pilot.press("escape", "e")
        await pilot.pause()
        field = app.screen.query_one("#export-path")
        field.value = str(target)
        await pilot.press("enter")
        await pilot.pause()
    assert "kept" in target.read_text(encoding="utf-8")




async def test_j_and_k_move_in_link_pane(isolated_environment: Path):
    app = make_app(isolated_environment, offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("tab", "a")
        await settle(pilot, app)
        pane = app.screen.query_one(LinkPane)
        await pilot.press("j", "j")
        assert pane.option_list.highlighted == 2
        await pilot.press("k")
        assert pane.option_list.highlighted == 1


async def test_tab_onto_paper_targets_its_note(isolated_environment: Path):
    app = make_app(isolated_environment, offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        view = app.screen.query_one(ThreadView)
        paper_comment = next(index for index, comment in enumerate(view.thread.comments) if "2309.16512" in comment.text)
        view.select(paper_comment)
        await pilot.pause()
        await pilot.press("tab")
        await pilot.pause()
        assert app.screen.query_one(NotesPane).target == "paper:arxiv:2309.16512"


async def test_bibtex_key_is_offered_only_where_a_paper_is_listed(isolated_environment: Path):
    app = make_app(isolated_environment, offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("tab")
        await settle(pilot, app)
        assert "b" not in app.screen.active_bindings
        await pilot.press("a")
        await settle(pilot, app)
        assert "b" in app.screen.active_bindings
