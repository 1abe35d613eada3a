"""Local dumps keep their notes when the file is edited, and are one thread from any path."""

from __future__ import annotations

from pathlib import Path

from conftest import SEED

from threadtui.config import Settings
from threadtui.sources import load_thread, parse_source
from threadtui.store import Store


async def open_file(path: Path, store: Store):
    loaded = await load_thread(parse_source(str(path)), Settings.from_env(), store, None)
    return loaded.thread


async def test_edited_dump_keeps_its_key(tmp_path: Path):
    store = Store.open(tmp_path / "cache")
    dump = tmp_path / "thread.txt"
    dump.write_text("first comment\nsecond comment\n", encoding="utf-8")
    before = await open_file(dump, store)
    dump.write_text("first comment\nsecond comment\na comment added later\n", encoding="utf-8")
    after = await open_file(dump, store)
    assert after.key == before.key


async def test_edited_dump_keeps_comment_notes(tmp_path: Path):
    store = Store.open(tmp_path / "cache")
    dump = tmp_path / "thread.txt"
    dump.write_text("first comment\nsecond comment\n", encoding="utf-8")
    before = await open_file(dump, store)
    store.save_note(before.key, f"comment:{before.comments[1].id}", "still mine")
    dump.write_text("first comment\nsecond comment\na comment added later\n", encoding="utf-8")
    after = await open_file(dump, store)
    note = store.get_note(after.key, f"comment:{after.comments[1].id}")
    assert note is not None
    assert note.body == "still mine"


async def test_copy_at_another_path_is_same_thread(tmp_path: Path):
    store = Store.open(tmp_path / "cache")
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SEED.read_bytes())
    assert (await open_file(copy, store)).key == (await open_file(SEED, store)).key


async def test_different_dumps_are_different_threads(tmp_path: Path):
    store = Store.open(tmp_path / "cache")
    first = tmp_path / "a.txt"
    second = tmp_path / "b.txt"
    first.write_text("one\n", encoding="utf-8")
    second.write_text("two\n", encoding="utf-8")
    assert (await open_file(first, store)).key != (await open_file(second, store)).key
