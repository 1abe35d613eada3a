"""Reading state in the store: seen and read comments, positions, and the marks they give."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from conftest import SEED

from threadtui.model import Thread
from threadtui.reading import ReadingLog, reading_marks, resume_point
from threadtui.sources import read_file
from threadtui.store import Store


def sample() -> Thread:
    return read_file(SEED)


def ids(thread: Thread) -> list[str]:
    return [comment.id for comment in thread.comments]


def test_first_visit_has_nothing_new():
    thread = sample()
    marks = reading_marks(thread, {})
    assert marks.new == frozenset()
    assert marks.unread == frozenset(ids(thread))
    assert not marks.returning


def test_unseen_comments_are_new_on_return():
    thread = sample()
    seen = {comment_id: None for comment_id in ids(thread)[2:]}
    marks = reading_marks(thread, seen)
    assert marks.new == frozenset(ids(thread)[:2])
    assert marks.returning


def test_read_comments_are_not_unread():
    thread = sample()
    seen = {comment_id: 1.0 for comment_id in ids(thread)}
    seen[ids(thread)[5]] = None
    assert reading_marks(thread, seen).unread == {ids(thread)[5]}


def test_record_seen_keeps_first_time(tmp_path: Path):
    store = Store.open(tmp_path)
    store.record_seen("t", ["a", "b"], at=10.0)
    store.record_seen("t", ["b", "c"], at=20.0)
    rows = store._query("SELECT comment_id, first_seen FROM comments_seen ORDER BY comment_id")
    assert rows == [("a", 10.0), ("b", 10.0), ("c", 20.0)]


def test_mark_read_keeps_first_read_time(tmp_path: Path):
    store = Store.open(tmp_path)
    store.record_seen("t", ["a", "b"], at=1.0)
    store.mark_read("t", ["a"], at=5.0)
    store.mark_read("t", ["a", "z"], at=9.0)
    assert store.seen_comments("t") == {"a": 5.0, "b": None, "z": 9.0}


def test_seen_comments_are_per_thread(tmp_path: Path):
    store = Store.open(tmp_path)
    store.mark_read("one", ["a"], at=1.0)
    assert store.seen_comments("two") == {}


def test_position_round_trip(tmp_path: Path):
    store = Store.open(tmp_path)
    store.save_position("t", "c7", ["c9", "c2"], at=3.0)
    position = store.get_position("t")
    assert position is not None
    assert position.comment_id == "c7"
    assert position.collapsed == ("c2", "c9")


def test_position_survives_reopen(tmp_path: Path):
    Store.open(tmp_path).save_position("t", None, ["c1"])
    position = Store.open(tmp_path).get_position("t")
    assert position is not None
    assert position.comment_id is None
    assert position.collapsed == ("c1",)


def test_unreadable_collapsed_list_is_empty(tmp_path: Path):
    store = Store.open(tmp_path)
    store.save_position("t", "c1", [])
    store._write("UPDATE positions SET collapsed = 'not json'")
    assert store.get_position("t").collapsed == ()


def test_resume_point_finds_comments_by_id():
    thread = sample()
    position = Store.memory()
    position.save_position(thread.key, ids(thread)[4], [ids(thread)[1], "gone"])
    point = resume_point(thread, position.get_position(thread.key))
    assert point.selected == 4
    assert point.collapsed == (1,)


def test_resume_point_for_missing_comment_is_story():
    thread = sample()
    store = Store.memory()
    store.save_position(thread.key, "gone", [])
    assert resume_point(thread, store.get_position(thread.key)).selected is None


def test_resume_point_survives_inserted_comments():
    thread = sample()
    store = Store.memory()
    store.save_position(thread.key, ids(thread)[3], [])
    extra = replace(thread.comments[0], id="inserted")
    grown = replace(thread, comments=[extra, *thread.comments], _subtree_ends=None)
    assert resume_point(grown, store.get_position(thread.key)).selected == 4


def test_reading_log_writes_on_flush(tmp_path: Path):
    store = Store.open(tmp_path)
    log = ReadingLog(store, "t", clock=lambda: 50.0)
    log.read("a")
    log.move("a", ["b"])
    assert store.seen_comments("t") == {}
    assert log.flush()
    assert store.seen_comments("t") == {"a": 50.0}
    assert store.get_position("t").collapsed == ("b",)


def test_reading_log_is_empty_after_flush(tmp_path: Path):
    log = ReadingLog(Store.open(tmp_path), "t")
    log.read("a")
    log.flush()
    assert not log.pending


def test_reading_log_keeps_batch_when_store_fails(tmp_path: Path):
    store = Store.open(tmp_path)
    log = ReadingLog(store, "t")
    log.read("a")
    store._write("DROP TABLE comments_seen")
    assert not log.flush()
    assert log.pending
