"""Notes are precious: they survive SIGKILL, a second instance, a damaged database and a
read-only cache directory.

Two instances are tested both in one process (two apps, each with its own database
connection, driven by pilots) and as two real processes in pseudo-terminals.
"""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest
from conftest import SEED
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from test_app import SIZE, make_app, settle, type_text
from test_hostile_input import RecordingApp
from test_kill import TerminalApp

from threadtui.app.notes_pane import RELOAD_INTERVAL, NotesPane
from threadtui.config import Settings
from threadtui.note_merge import CONFLICT_HEADING, map_offset, merge_note
from threadtui.sources import read_file
from threadtui.store import DATABASE_NAME, Store

THREAD = read_file(SEED)


# -- merging -----------------------------------------------------------------------------------


def test_merge_keeps_both_appended_lines():
    merged = merge_note("base", "base\nmine", "base\ntheirs")
    assert merged.text == "base\nmine\ntheirs"
    assert not merged.conflict


def test_merge_combines_changes_to_different_lines():
    merged = merge_note("a\nb\nc\n", "A\nb\nc\n", "a\nb\nC\n")
    assert merged.text == "A\nb\nC\n"
    assert not merged.conflict


def test_merge_conflict_keeps_both_texts():
    merged = merge_note("a\nb\nc", "a\nmine\nc", "a\ntheirs\nc")
    assert merged.conflict
    assert merged.text.startswith("a\nmine\nc\n")
    assert f"{CONFLICT_HEADING}\n\na\ntheirs\nc" in merged.text


def test_merge_identical_edits_once():
    assert merge_note("a", "a\nsame", "a\nsame").text == "a\nsame"


def test_merge_unchanged_side_takes_other():
    assert merge_note("a", "a", "a b").text == "a b"
    assert merge_note("a", "a b", "a").text == "a b"


def test_cursor_moves_down_by_lines_inserted_above():
    assert map_offset("one\ntwo", "zero\none\ntwo", len("one\ntw")) == len("zero\none\ntw")


def test_cursor_at_an_insertion_point_stays_before_the_insertion():
    assert map_offset("ab", "aXb", 1) == 1


def test_cursor_inside_replaced_text_goes_to_the_end_of_the_replacement():
    assert map_offset("a xyz c", "a 12 c", len("a x")) == len("a 12")


def test_cursor_after_deleted_text_moves_back_by_its_length():
    assert map_offset("gone kept", "kept", len("gone kept")) == len("kept")


@given(st.text(max_size=40), st.text(max_size=40), st.data())
@hypothesis_settings(max_examples=500, deadline=None)
def test_mapped_cursor_is_within_the_new_text(old: str, new: str, data):
    offset = data.draw(st.integers(min_value=0, max_value=len(old)))
    assert 0 <= map_offset(old, new, offset) <= len(new)


@given(st.text(max_size=40), st.text(max_size=40), st.data())
@hypothesis_settings(max_examples=500, deadline=None)
def test_cursor_before_appended_text_keeps_its_offset(old: str, tail: str, data):
    offset = data.draw(st.integers(min_value=0, max_value=len(old)))
    assert map_offset(old, old + tail, offset) == offset


# -- the store ---------------------------------------------------------------------------------


def test_stale_save_merges_and_keeps_history(tmp_path: Path):
    first = Store.open(tmp_path)
    second = Store.open(tmp_path)
    first.save_note("text:t", "thread", "start")
    loaded = second.get_note("text:t", "thread")
    first.save_note("text:t", "thread", "start\nfrom first")

    saved = second.save_note_from(
        "text:t", "thread", "start\nfrom second", base_body=loaded.body, base_revision=loaded.revision
    )

    assert saved.merged
    assert saved.note.body == "start\nfrom second\nfrom first"
    assert first.get_note("text:t", "thread").body == saved.note.body
    history = first._query("SELECT body FROM note_history WHERE thread_key = 'text:t'")
    assert history == [("start\nfrom first",)]


def test_current_save_is_not_merged(tmp_path: Path):
    store = Store.open(tmp_path)
    saved = store.save_note_from("text:t", "thread", "one", base_body="", base_revision=0)
    again = store.save_note_from("text:t", "thread", "one two", base_body="one", base_revision=saved.note.revision)
    assert not saved.merged
    assert not again.merged
    assert again.note.body == "one two"


# -- two apps on one cache directory ------------------------------------------------------------


def notes_of(app) -> NotesPane:
    return app.screen.query_one(NotesPane)


async def test_two_apps_same_note_lose_nothing(isolated_environment: Path):
    settings = Settings.from_env(cache_dir=isolated_environment, offline=True)
    first = RecordingApp(settings, Store.open(isolated_environment), THREAD)
    second = RecordingApp(settings, Store.open(isolated_environment), THREAD)
    async with first.run_test(size=SIZE) as first_pilot, second.run_test(size=SIZE) as second_pilot:
        await settle(first_pilot, first)
        await settle(second_pilot, second)
        await first_pilot.press("t")
        await second_pilot.press("t")
        await type_text(first_pilot, "alpha")
        await type_text(second_pilot, "bravo")
        await first_pilot.press("escape")
        await second_pilot.press("escape")
        await first_pilot.pause()
        await second_pilot.pause()
        merged_titles = [title for title, _, _ in first.notifications + second.notifications if title == "Note merged"]

    body = Store.open(isolated_environment).get_note(THREAD.key, "thread").body
    assert "alpha" in body
    assert "bravo" in body
    assert merged_titles == ["Note merged"]


async def test_two_apps_different_notes_both_kept(isolated_environment: Path):
    settings = Settings.from_env(cache_dir=isolated_environment, offline=True)
    first = RecordingApp(settings, Store.open(isolated_environment), THREAD)
    second = RecordingApp(settings, Store.open(isolated_environment), THREAD)
    async with first.run_test(size=SIZE) as first_pilot, second.run_test(size=SIZE) as second_pilot:
        await settle(first_pilot, first)
        await settle(second_pilot, second)
        await first_pilot.press("j", "i")
        await second_pilot.press("j", "j", "i")
        await type_text(first_pilot, "on one")
        await type_text(second_pilot, "on two")
        await first_pilot.press("escape")
        await second_pilot.press("escape")

    bodies = {note.target: note.body for note in Store.open(isolated_environment).notes_for_thread(THREAD.key)}
    assert bodies[f"comment:{THREAD.comments[0].id}"] == "on one"
    assert bodies[f"comment:{THREAD.comments[1].id}"] == "on two"


async def test_idle_pane_shows_other_instance_note(isolated_environment: Path):
    settings = Settings.from_env(cache_dir=isolated_environment, offline=True)
    writer = RecordingApp(settings, Store.open(isolated_environment), THREAD)
    reader = RecordingApp(settings, Store.open(isolated_environment), THREAD)
    async with writer.run_test(size=SIZE) as writer_pilot, reader.run_test(size=SIZE) as reader_pilot:
        await settle(writer_pilot, writer)
        await settle(reader_pilot, reader)
        await writer_pilot.press("t")
        await type_text(writer_pilot, "written elsewhere")
        await writer_pilot.press("escape")
        await reader_pilot.pause(RELOAD_INTERVAL + 0.5)
        assert notes_of(reader).editor.text == "written elsewhere"
        # Typing after the reload builds on the other instance's text: no merge needed.
        await reader_pilot.press("t", "end")
        await type_text(reader_pilot, " and here")
        await reader_pilot.press("escape")
        await reader_pilot.pause()
        assert all(title != "Note merged" for title, _, _ in reader.notifications)

    body = Store.open(isolated_environment).get_note(THREAD.key, "thread").body
    assert body == "written elsewhere and here"


async def test_notes_cursor_follows_own_text_after_a_merge(isolated_environment: Path):
    store = Store.open(isolated_environment)
    store.save_note(THREAD.key, "thread", "one\ntwo")
    settings = Settings.from_env(cache_dir=isolated_environment, offline=True)
    app = RecordingApp(settings, Store.open(isolated_environment), THREAD)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("t", "down", "end")
        await type_text(pilot, " more")
        # Another window saves a line above before this one saves its typing.
        store.save_note(THREAD.key, "thread", "zero\none\ntwo")
        notes_of(app).save_now()
        await pilot.pause()
        editor = notes_of(app).editor
        assert editor.text == "zero\none\ntwo more"
        assert editor.cursor_location == (2, len("two more"))


# -- real processes ------------------------------------------------------------------------------


@pytest.mark.slow
def test_two_processes_same_note_survive_sigkill(isolated_environment: Path):
    arguments = [str(SEED), "--offline", "--cache-dir", str(isolated_environment)]
    first = TerminalApp(arguments)
    second = TerminalApp(arguments)
    try:
        first.read_until(b"Note on")
        second.read_until(b"Note on")
        # Keys sent before the first screen is ready are lost, as in test_kill.py.
        first.drain(1.0)
        second.drain(1.0)
        first.type("t")
        second.type("t")
        first.type("alpha")
        second.type("bravo")
        first.drain(1.0)
        second.drain(0.1)
    finally:
        first.kill()
        second.kill()

    assert first.process.returncode == -signal.SIGKILL
    body = Store.open(isolated_environment).get_note(THREAD.key, "thread").body
    assert "alpha" in body
    assert "bravo" in body


# -- damaged and read-only databases ---------------------------------------------------------


def database_with_note(cache: Path) -> Path:
    store = Store.open(cache)
    store.save_note(THREAD.key, "thread", "precious")
    for number in range(200):
        store.put_paper(f"arxiv:{number}", "not found", None, expires_at=None)
    store.close()
    return cache / DATABASE_NAME


def damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 3])
    elif how == "garbage":
        path.write_bytes(os.urandom(len(data)))
    else:
        path.write_bytes(b"")
        path.write_text("not a database at all\n" * 100)


@pytest.mark.parametrize("how", ["truncated", "garbage", "text"])
async def test_damaged_database_moved_aside_and_app_starts(how: str, isolated_environment: Path):
    path = database_with_note(isolated_environment)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    damage(path, how)
    original = path.read_bytes()

    app = RecordingApp(Settings.from_env(cache_dir=isolated_environment, offline=True), Store.open(isolated_environment), THREAD)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("t")
        await type_text(pilot, "new note")
        await pilot.press("escape")

    warnings = [message for _, message, severity in app.notifications if severity == "warning"]
    aside = list(isolated_environment.glob(f"{DATABASE_NAME}.damaged-*"))
    assert len(aside) == 1
    assert any("damaged" in message and str(aside[0]) in message for message in warnings), warnings
    assert aside[0].read_bytes() == original
    assert Store.open(isolated_environment).get_note(THREAD.key, "thread").body == "new note"


def read_only_prefix() -> list[str]:
    """Return a command prefix under which the cache directory's permissions apply.

    Root ignores permission bits, so as root the child runs without the capabilities that
    bypass them (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH and CAP_FOWNER), through util-linux `setpriv`.
    """
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot make a directory read-only")
    return [setpriv, "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search,-fowner"]


@pytest.fixture
def read_only_cache(isolated_environment: Path):
    database_with_note(isolated_environment)
    modes = {path: path.stat().st_mode for path in [isolated_environment, *isolated_environment.iterdir()]}
    for path in modes:
        path.chmod(0o555 if path.is_dir() else 0o444)
    yield isolated_environment
    for path, mode in modes.items():
        path.chmod(mode)


@pytest.mark.slow
def test_read_only_cache_app_starts_and_reads(read_only_cache: Path):
    app = TerminalApp([str(SEED), "--offline", "--cache-dir", str(read_only_cache)], prefix=read_only_prefix())
    try:
        app.read_until(b"read-only")
        app.read_until(b"precious")
        app.type("j")
        app.type("i")
        app.type("x")
        app.drain(1.0)
        assert app.process.poll() is None
    finally:
        app.kill()


def test_read_only_cache_export_reads_notes(read_only_cache: Path):
    import subprocess
    import sys

    from test_cli import TUI

    result = subprocess.run(
        [*read_only_prefix(), sys.executable, "-m", "threadtui", "export", str(SEED), "--offline",
         "--cache-dir", str(read_only_cache)],
        capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(TUI)},
    )
    assert result.returncode == 0, result.stderr
    assert "precious" in result.stdout
    assert "read-only" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_two_damaged_databases_both_kept(isolated_environment: Path):
    path = database_with_note(isolated_environment)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    contents = []
    for number in range(2):
        text = f"damaged database number {number}\n" * 100
        contents.append(text)
        Store.open(isolated_environment).close()
        path.write_text(text)
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        Store.open(isolated_environment).close()

    aside = sorted(isolated_environment.glob(f"{DATABASE_NAME}.damaged-*"))
    assert sorted(file.read_text() for file in aside) == sorted(contents)


def _open_at_once(cache: str, barrier) -> str:
    from threadtui.store import Store

    barrier.wait()
    store = Store.open(Path(cache))
    store.save_note("text:race", "thread", "x")
    return "; ".join(store.warnings)


def test_instances_starting_together_share_a_new_database(tmp_path: Path):
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    for attempt in range(5):
        cache = tmp_path / f"cache-{attempt}"
        with context.Manager() as manager:
            barrier = manager.Barrier(4)
            with context.Pool(4) as pool:
                warnings = pool.starmap(_open_at_once, [(str(cache), barrier)] * 4)
        assert warnings == [""] * 4
        assert not list(cache.glob("*.damaged-*"))
