"""The library of threads read before: listing, the bundled sample and counts of new comments."""

from __future__ import annotations

from pathlib import Path

from conftest import SEED
from synthetic import synthetic_algolia_bytes

from threadtui import cli
from threadtui.library import entry_spec, has_history, library_entries, reading_summary, stored_thread
from threadtui.sources import read_file
from threadtui.store import Store


def store_algolia(store: Store, opened_at: float) -> None:
    store.save_thread(
        key="hn:900001", site="hn", source="hn:900001", title="Show HN: Tiny reader",
        format="hn-algolia", payload=synthetic_algolia_bytes(), fetched_at=1.0,
    )
    store._write("UPDATE threads SET opened_at = ? WHERE key = 'hn:900001'", (opened_at,))


def store_sample(store: Store, opened_at: float) -> None:
    store.save_thread(
        key=read_file(SEED).key, site="text", source=str(SEED), title="sample",
        format="text-dump", payload=SEED.read_bytes(), fetched_at=None,
    )
    store._write("UPDATE threads SET opened_at = ? WHERE site = 'text'", (opened_at,))


def test_empty_store_has_no_history(tmp_path: Path):
    assert not has_history(Store.open(tmp_path))


def test_sample_listed_before_first_opening(tmp_path: Path):
    entries = library_entries(Store.open(tmp_path), SEED)
    assert [entry.bundled for entry in entries] == [True]
    assert not entries[0].stored


def test_sample_stays_after_other_threads(tmp_path: Path):
    store = Store.open(tmp_path)
    store_algolia(store, opened_at=100.0)
    entries = library_entries(store, SEED)
    assert [entry.key for entry in entries] == ["hn:900001", read_file(SEED).key]


def test_opened_sample_is_listed_once_by_date(tmp_path: Path):
    store = Store.open(tmp_path)
    store_algolia(store, opened_at=100.0)
    store_sample(store, opened_at=200.0)
    entries = library_entries(store, SEED)
    assert [entry.bundled for entry in entries] == [True, False]


def test_entries_carry_note_counts(tmp_path: Path):
    store = Store.open(tmp_path)
    store_algolia(store, opened_at=100.0)
    store.save_note("hn:900001", "thread", "one")
    store.save_note("hn:900001", "comment:900002", "two")
    store.save_note("hn:900001", "comment:900004", "")
    assert library_entries(store, None)[0].notes == 2


def test_remote_entry_opens_by_key(tmp_path: Path):
    store = Store.open(tmp_path)
    store_algolia(store, opened_at=1.0)
    spec = entry_spec(library_entries(store, None)[0])
    assert spec is not None
    assert spec.key == "hn:900001"


def test_text_entry_has_no_remote_spec(tmp_path: Path):
    store = Store.open(tmp_path)
    store_sample(store, opened_at=1.0)
    assert entry_spec(library_entries(store, None)[0]) is None


def test_stored_thread_parses_the_copy(tmp_path: Path):
    store = Store.open(tmp_path)
    store_sample(store, opened_at=1.0)
    assert len(stored_thread(store, read_file(SEED).key).comments) == 15


def test_summary_before_first_visit_has_nothing_new(tmp_path: Path):
    store = Store.open(tmp_path)
    store_algolia(store, opened_at=1.0)
    summary = reading_summary(store, library_entries(store, None)[0])
    assert summary is not None
    assert summary.new == 0
    assert summary.unread == 3


def test_summary_counts_unseen_comments_as_new(tmp_path: Path):
    store = Store.open(tmp_path)
    store_algolia(store, opened_at=1.0)
    store.record_seen("hn:900001", ["900002"], at=1.0)
    store.mark_read("hn:900001", ["900002"], at=1.0)
    summary = reading_summary(store, library_entries(store, None)[0])
    assert summary.new == 2
    assert summary.unread == 2


def export_sample(cache: Path) -> None:
    output = cache / "notes.md"
    assert cli.main(["export", str(SEED), "--offline", "--cache-dir", str(cache), "-o", str(output)]) == 0


def test_export_does_not_add_the_thread_to_the_library(tmp_path: Path):
    export_sample(tmp_path)
    assert not has_history(Store.open(tmp_path))


def test_export_keeps_the_time_a_thread_was_opened(tmp_path: Path):
    store = Store.open(tmp_path)
    store_sample(store, opened_at=100.0)
    export_sample(tmp_path)
    assert [cached.opened_at for cached in Store.open(tmp_path).list_threads()] == [100.0]


def test_thread_stored_unopened_keeps_no_open_time_when_replaced(tmp_path: Path):
    store = Store.open(tmp_path)
    details = dict(key="hn:1", site="hn", source="hn:1", title="t", format="hn-algolia", fetched_at=1.0)
    store.save_thread(**details, payload=b"first", opened=False)
    store.save_thread(**details, payload=b"second", opened=False)
    assert store.list_threads() == []
    store.save_thread(**details, payload=b"third")
    assert [cached.key for cached in store.list_threads()] == ["hn:1"]

