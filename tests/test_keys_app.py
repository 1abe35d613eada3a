"""Help, the command palette, keys remapped in config.toml, and opening and copying links."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SEED
from pilot_helpers import main_screen, make_app, settle, thread_view, type_text
from synthetic import synthetic_algolia_bytes

from textual.notifications import Notify

from threadtui.app.export_screen import ExportScreen
from threadtui.app.help_screen import HelpScreen
from threadtui.app.link_pane import SCOPE_THREAD
from threadtui.app.paper_screen import PaperScreen
from threadtui.sources import read_file
from threadtui.store import Store

SIZE = (120, 40)


def help_rows(app) -> list[tuple[str, str, str, str]]:
    screen = app.screen
    assert isinstance(screen, HelpScreen)
    return screen.rows


def write_config(tmp_path: Path, text: str) -> None:
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    (config / "config.toml").write_text(text, encoding="utf-8")


class Notifications:
    """A `message_hook` that keeps every notification the app posts."""

    def __init__(self) -> None:
        self.titles: list[str] = []
        self.messages: list[str] = []

    def __call__(self, message) -> None:
        if isinstance(message, Notify):
            self.titles.append(message.notification.title)
            self.messages.append(message.notification.message)


async def palette(pilot, app, query: str) -> None:
    await pilot.press("ctrl+p")
    await settle(pilot, app)
    await type_text(pilot, query)
    await settle(pilot, app)
    await pilot.press("enter")
    await settle(pilot, app)


# -- help --------------------------------------------------------------------------------------


async def test_help_lists_thread_keys_with_ids(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        await settle(pilot, app)
        rows = {binding_id: keys for keys, _, binding_id, _ in help_rows(app)}
        assert rows["thread.next"] == "down, j"
        assert rows["thread.collapse"] == "space"


async def test_help_follows_focused_pane(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("tab", "question_mark")
        await settle(pilot, app)
        ids = {binding_id for _, _, binding_id, _ in help_rows(app)}
        assert "links.toggle_scope" in ids
        assert "thread.next" not in ids


async def test_help_closes_with_escape(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark", "escape")
        await settle(pilot, app)
        assert app.focused is thread_view(app)


# -- remapped keys ------------------------------------------------------------------------------


async def test_remapped_key_moves_selection(isolated_environment: Path, tmp_path: Path):
    write_config(tmp_path, '[keys]\n"thread.next" = "ctrl+n"\n')
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+n", "ctrl+n")
        await settle(pilot, app)
        assert thread_view(app).selected == 1


async def test_remapped_key_replaces_default(isolated_environment: Path, tmp_path: Path):
    write_config(tmp_path, '[keys]\n"thread.next" = "ctrl+n"\n')
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j")
        await settle(pilot, app)
        assert thread_view(app).selected == -1


async def test_unquoted_dotted_id_remaps_too(isolated_environment: Path, tmp_path: Path):
    write_config(tmp_path, "[keys]\nthread.next_unread = \"x\"\n")
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("x")
        await settle(pilot, app)
        assert thread_view(app).selected == 0


async def test_help_shows_remapped_key(isolated_environment: Path, tmp_path: Path):
    write_config(tmp_path, '[keys]\n"thread.next" = "ctrl+n"\n')
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        await settle(pilot, app)
        rows = {binding_id: keys for keys, _, binding_id, _ in help_rows(app)}
        assert rows["thread.next"] == "ctrl+n"


async def test_unknown_binding_id_is_reported(isolated_environment: Path, tmp_path: Path):
    write_config(tmp_path, '[keys]\n"thread.nxt" = "ctrl+n"\n')
    notifications = Notifications()
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE, message_hook=notifications) as pilot:
        await settle(pilot, app)
    assert any("thread.nxt is not a binding id" in message for message in notifications.messages)


async def test_remapped_palette_key(isolated_environment: Path, tmp_path: Path):
    write_config(tmp_path, '[keys]\n"app.command_palette" = "ctrl+k"\n')
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+k")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "CommandPalette"


async def test_search_message_names_remapped_key(isolated_environment: Path, tmp_path: Path):
    write_config(tmp_path, '[keys]\n"thread.next_match" = "ctrl+n"\n')
    notifications = Notifications()
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE, message_hook=notifications) as pilot:
        await settle(pilot, app)
        await pilot.press("slash")
        await type_text(pilot, "model")
        await pilot.press("enter")
        await settle(pilot, app)
    assert any(message.endswith("— ^n/N to move") for message in notifications.messages)


# -- command palette ----------------------------------------------------------------------------


async def test_palette_export_opens_dialog(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await palette(pilot, app, "export notes")
        assert isinstance(app.screen, ExportScreen)


async def test_palette_toggles_link_scope(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await palette(pilot, app, "link pane")
        assert main_screen(app).link_pane.scope == SCOPE_THREAD


async def test_palette_jumps_to_paper(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await palette(pilot, app, "2309.16512")
        screen = app.screen
        assert isinstance(screen, PaperScreen)
        assert screen.link.paper_key == "arxiv:2309.16512"


async def test_palette_opens_thread_from_library(isolated_environment: Path):
    Store.open(isolated_environment).save_thread(
        key="hn:900001", site="hn", source="hn:900001", title="Show HN: Tiny reader",
        format="hn-algolia", payload=synthetic_algolia_bytes(), fetched_at=1.0,
    )
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await palette(pilot, app, "open thread tiny")
        await settle(pilot, app)
        assert main_screen(app).thread.key == "hn:900001"


async def test_palette_changes_theme(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await palette(pilot, app, "theme")
        await type_text(pilot, "nord")
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.theme == "nord"


async def test_palette_keys_command_opens_help(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await palette(pilot, app, "keys")
        assert isinstance(app.screen, HelpScreen)


async def test_palette_shows_hostile_title_literally(isolated_environment: Path):
    story = json.loads(synthetic_algolia_bytes())
    story["id"], story["title"] = 900009, "[@click=app.quit]Boom[/]"
    Store.open(isolated_environment).save_thread(
        key="hn:900009", site="hn", source="hn:900009", title=story["title"],
        format="hn-algolia", payload=json.dumps(story).encode(), fetched_at=1.0,
    )
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await settle(pilot, app)
        await type_text(pilot, "boom")
        await settle(pilot, app)
        prompts = [str(option.prompt) for option in app.screen.query_one("CommandList").options]
        assert any("[@click=app.quit]Boom[/]" in prompt for prompt in prompts)
        assert app.is_running


# -- links --------------------------------------------------------------------------------------


def arxiv_comment_index() -> int:
    thread = read_file(SEED)
    return next(index for index, comment in enumerate(thread.comments) if "arxiv.org/html/2506.13018v2" in comment.text)


async def test_o_opens_link_in_browser(isolated_environment: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    opened = tmp_path / "opened.txt"
    monkeypatch.setenv("THREADTUI_TEST_BROWSER_LOG", str(opened))
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        thread_view(app).select(arxiv_comment_index())
        await settle(pilot, app)
        await pilot.press("o")
        await settle(pilot, app)
    assert opened.read_text(encoding="utf-8").split() == ["https://arxiv.org/html/2506.13018v2"]


async def test_o_confirms_with_notification(isolated_environment: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("THREADTUI_TEST_BROWSER_LOG", str(tmp_path / "opened.txt"))
    notifications = Notifications()
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE, message_hook=notifications) as pilot:
        await settle(pilot, app)
        thread_view(app).select(arxiv_comment_index())
        await settle(pilot, app)
        await pilot.press("o")
        await settle(pilot, app)
    assert "Opening in browser" in notifications.titles


async def test_y_copies_link(isolated_environment: Path):
    notifications = Notifications()
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE, message_hook=notifications) as pilot:
        await settle(pilot, app)
        thread_view(app).select(arxiv_comment_index())
        await settle(pilot, app)
        await pilot.press("y")
        await settle(pilot, app)
        assert app.clipboard == "https://arxiv.org/html/2506.13018v2"
    assert "Copied" in notifications.titles


async def test_o_without_link_opens_nothing(isolated_environment: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    opened = tmp_path / "opened.txt"
    monkeypatch.setenv("THREADTUI_TEST_BROWSER_LOG", str(opened))
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j", "o")
        await settle(pilot, app)
    assert not opened.exists()


def test_clashing_remap_is_reported():
    from threadtui.app.keymap import binding_table, find_clashes

    messages = find_clashes(binding_table(), {"thread.next": "j,down,n"})
    assert any("thread.next" in message and "thread.next_match" in message for message in messages)


def test_default_keys_do_not_clash():
    from threadtui.app.keymap import binding_table, find_clashes

    table = binding_table()
    assert find_clashes(table, {binding.id: binding.keys for binding in table}) == []


def test_misspelt_key_name_is_reported(tmp_path: Path):
    from threadtui.app.keymap import load_keymap

    (tmp_path / "config.toml").write_text('[keys]\n"thread.collapse" = "sapce"\n"thread.next" = "ctrl+"\n', encoding="utf-8")
    keymap, problems = load_keymap(tmp_path)
    assert keymap == {}
    assert any("sapce" in problem for problem in problems)
    assert any("ctrl+" in problem for problem in problems)


def test_key_names_textual_knows_are_accepted(tmp_path: Path):
    from threadtui.app.keymap import load_keymap

    (tmp_path / "config.toml").write_text(
        '[keys]\n"thread.next" = "j,down,ctrl+n"\n"notes.quote" = "greater_than_sign"\n"thread.collapse" = "enter"\n',
        encoding="utf-8",
    )
    keymap, problems = load_keymap(tmp_path)
    assert problems == []
    assert keymap["notes.quote"] == "greater_than_sign"
