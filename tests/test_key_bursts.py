"""Keys that arrive together, as from a fast typist or a busy moment, are handled in order.

Textual hands each key to the widget focused when the app reads it. A key that moves the focus
must therefore take effect before the next key is read, and keys pressed before the panes
that take them exist are held until they do (`ThreadApp.hold_keys`).
"""

from __future__ import annotations

from pathlib import Path

from textual import events

from pilot_helpers import main_screen, make_app, settle, thread_view

SIZE = (160, 48)


def send(app, keys: str) -> None:
    """Queue the keys of `keys` at once, without waiting for any of them to be handled."""
    names = {"/": "slash", "\x1b": "escape"}
    for character in keys:
        app.post_message(events.Key(names.get(character, character), None if character == "\x1b" else character))


async def test_note_typed_before_the_panes_mount_is_kept(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        send(app, "ihello")
        await settle(pilot, app)
        assert main_screen(app).notes_pane.editor.text == "hello"


async def test_search_typed_right_after_slash_goes_into_the_box(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        send(app, "/gauge")
        await settle(pilot, app)
        assert main_screen(app).query_one("#search").value == "gauge"


async def test_focus_keys_are_text_inside_the_note(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        send(app, "iit/")
        await settle(pilot, app)
        assert main_screen(app).notes_pane.editor.text == "it/"


async def test_escape_from_the_note_moves_later_keys_to_the_thread(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j")
        await settle(pilot, app)
        send(app, "ikept\x1bjj")
        await settle(pilot, app)
        thread = main_screen(app).thread
        assert thread_view(app).selected == 2
        note = app.store.get_note(thread.key, f"comment:{thread.comments[0].id}")
    assert note is not None
    assert note.body == "kept"


async def test_note_key_after_a_fast_move_uses_the_new_selection(isolated_environment: Path):
    app = make_app(isolated_environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        send(app, "jjinote\x1b")
        await settle(pilot, app)
        thread = main_screen(app).thread
        note = app.store.get_note(thread.key, f"comment:{thread.comments[1].id}")
    assert note is not None
    assert note.body == "note"


async def test_copy_key_after_a_fast_move_uses_the_new_selection(isolated_environment: Path):
    app = make_app(isolated_environment)
    copied: list[str] = []
    app.copy_to_clipboard = copied.append
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        thread = main_screen(app).thread
        linked = next(index for index, comment in enumerate(thread.comments) if "starlink" in comment.text)
        send(app, "j" * (linked + 1) + "y")
        await settle(pilot, app)
    assert len(copied) == 1
    assert "starlink.com" in copied[0]


async def test_copy_key_after_a_fast_move_in_the_link_pane(isolated_environment: Path):
    app = make_app(isolated_environment)
    copied: list[str] = []
    app.copy_to_clipboard = copied.append
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("tab", "a")
        await settle(pilot, app)
        entries = main_screen(app).link_pane.entries
        send(app, "jy")
        await settle(pilot, app)
    assert copied == [entries[1].link.url]
