"""Hacker News parsers: Algolia item trees (synthetic) and Firebase items (real README items)."""

from __future__ import annotations

import json
from pathlib import Path

from synthetic import synthetic_algolia_bytes, synthetic_algolia_chain, synthetic_algolia_story

from threadtui.model import BlockKind, CommentState, SpanStyle, Thread
from threadtui.sources import parse_payload
from threadtui.sources.hn import parse_algolia, parse_firebase


def algolia(payload: object) -> Thread:
    return parse_payload(json.dumps(payload).encode(), source="synthetic.json")


def firebase_fixture(fixtures: Path) -> Thread:
    data = (fixtures / "threads" / "hn-firebase-items.json").read_bytes()
    return parse_payload(data, source="hn-firebase-items.json")


# -- Algolia (synthetic) -------------------------------------------------------------------


def test_synthetic_algolia_story_fields() -> None:
    thread = parse_payload(synthetic_algolia_bytes(), source="synthetic.json")
    assert thread.key == "hn:900001"
    assert thread.site == "hn"
    assert thread.title == "Show HN: Tiny reader"
    assert thread.url == "https://example.org/"
    assert thread.author == "lumen_fox"
    assert thread.score == 42
    assert thread.created_at == 1709287200
    assert thread.permalink == "https://news.ycombinator.com/item?id=900001"


def test_synthetic_algolia_nesting() -> None:
    thread = parse_payload(synthetic_algolia_bytes(), source="synthetic.json")
    rows = [(c.id, c.parent_id, c.depth, c.author, c.state) for c in thread.comments]
    assert rows == [
        ("900002", None, 0, "quill_otter", CommentState.NORMAL),
        ("900003", "900002", 1, None, CommentState.DELETED),
        ("900004", "900003", 2, "tin_heron", CommentState.NORMAL),
    ]


def test_synthetic_algolia_text_and_times() -> None:
    thread = parse_payload(synthetic_algolia_bytes(), source="synthetic.json")
    first = thread.comments[0]
    assert [block.text for block in first.blocks] == ["It's quick.", "Very quick."]
    assert first.blocks[1].spans[0].style is SpanStyle.EMPHASIS
    assert first.created_at == 1709287500
    assert first.permalink == "https://news.ycombinator.com/item?id=900002"


def test_algolia_children_order_kept() -> None:
    story = synthetic_algolia_story()
    story["children"] = [
        {"id": n, "author": f"u{n}", "text": str(n), "children": []} for n in (5, 3, 9)
    ]
    assert [comment.id for comment in algolia(story).comments] == ["5", "3", "9"]


def test_algolia_missing_children_key_gives_stub() -> None:
    story = {"id": 1, "type": "story", "title": "t", "children": [
        {"id": 2, "author": "moss_vole", "text": "hi", "parent_id": 1},
    ]}
    comments = algolia(story).comments
    assert [(c.id, c.state, c.depth, c.parent_id) for c in comments] == [
        ("2", CommentState.NORMAL, 0, None),
        ("2:more", CommentState.MORE, 1, "2"),
    ]
    assert comments[1].more_count is None
    assert comments[1].more_url == "https://news.ycombinator.com/item?id=2"


def test_algolia_comment_root_titled_from_text() -> None:
    item = {"id": 7, "type": "comment", "author": "a", "text": "a reply<p>more", "children": []}
    thread = algolia(item)
    assert thread.key == "hn:7"
    assert thread.title == "a reply"


def test_algolia_created_at_iso_fallback() -> None:
    story = {"id": 1, "type": "story", "title": "t", "created_at": "2024-03-01T10:00:00.000Z",
             "children": []}
    assert algolia(story).created_at == 1709287200


def test_algolia_deep_chain_no_recursion_error() -> None:
    thread = parse_payload(synthetic_algolia_chain(2000), source="synthetic-deep.json")
    assert len(thread.comments) == 2000
    assert thread.comments[-1].depth == 1999
    assert thread.comments[-1].text == "level 1999"
    assert thread.comments[-1].parent_id == thread.comments[-2].id


def test_algolia_non_object_children_skipped() -> None:
    story = {"id": 1, "type": "story", "title": "t", "children": ["x", None, 3]}
    assert algolia(story).comments == []


def test_parse_algolia_direct_call() -> None:
    assert parse_algolia(synthetic_algolia_story(), source="s").comments[2].author == "tin_heron"


# -- Firebase (real items from the HN API README) ------------------------------------------


def test_firebase_fixture_root_story(fixtures: Path) -> None:
    thread = firebase_fixture(fixtures)
    assert thread.key == "hn:8863"
    assert thread.title == "My YC app: Dropbox - Throw away your USB drive"
    assert thread.url == "http://www.getdropbox.com/u/2/screencast.html"
    assert thread.author == "dhouston"
    assert thread.score == 111
    assert thread.created_at == 1175714200
    assert thread.reported_comment_count == 71


def test_firebase_fixture_every_comment_in_place(fixtures: Path) -> None:
    items = json.loads((fixtures / "threads" / "hn-firebase-items.json").read_text())
    comment_ids = {str(item["id"]) for item in items if item["type"] == "comment"}
    thread = firebase_fixture(fixtures)
    real = [c for c in thread.comments if c.state is not CommentState.MORE]
    assert {c.id for c in real} == comment_ids
    assert real[0].author == "norvig"
    assert real[0].depth == 0  # Its parent 2921506 is not in the file.
    assert [block.text for block in real[0].blocks] == [
        "Aw shucks, guys ... you make me blush with your compliments.",
        "Tell you what, Ill make a deal: I'll keep writing if you keep reading. K?",
    ]


def test_firebase_fixture_missing_kids_counted(fixtures: Path) -> None:
    items = json.loads((fixtures / "threads" / "hn-firebase-items.json").read_text())
    story_kids = len(items[0]["kids"])
    stubs = {c.id: c for c in firebase_fixture(fixtures).comments if c.state is CommentState.MORE}
    assert stubs["8863:more"].more_count == story_kids
    assert stubs["8863:more"].depth == 0
    assert stubs["2921983:more"].more_count == len(items[1]["kids"])
    assert stubs["2921983:more"].depth == 1


def test_firebase_single_item_object() -> None:
    item = {"by": "moss_vole", "id": 42, "kids": [], "time": 1, "title": "t", "type": "story"}
    thread = parse_payload(json.dumps(item).encode(), source="item.json")
    assert thread.key == "hn:42"
    assert thread.comments == []


def test_firebase_job_code_block(fixtures: Path) -> None:
    items = json.loads((fixtures / "threads" / "hn-firebase-items.json").read_text())
    job = next(item for item in items if item["type"] == "job")
    thread = parse_firebase([job], source="job.json")
    code = [block for block in thread.blocks if block.kind is BlockKind.CODE]
    assert code[0].text.startswith("    * Contribute")
    links = [span.href for block in thread.blocks for span in block.spans if span.href]
    assert links


def test_firebase_poll_options_listed(fixtures: Path) -> None:
    items = json.loads((fixtures / "threads" / "hn-firebase-items.json").read_text())
    poll = next(item for item in items if item["type"] == "poll")
    option = next(item for item in items if item["type"] == "pollopt")
    option = {**option, "parent": poll["id"], "id": poll["parts"][0]}
    thread = parse_firebase([poll, option], source="poll.json")
    listed = [block for block in thread.blocks if block.kind is BlockKind.LIST_ITEM]
    assert listed[0].text.endswith("(335 votes)")


def test_firebase_kids_order_and_nesting() -> None:
    items = [
        {"id": 1, "type": "story", "title": "t", "by": "a", "kids": [3, 2]},
        {"id": 2, "type": "comment", "by": "b", "parent": 1, "text": "two"},
        {"id": 3, "type": "comment", "by": "c", "parent": 1, "text": "three", "kids": [4]},
        {"id": 4, "type": "comment", "by": "d", "parent": 3, "text": "four"},
    ]
    thread = parse_firebase(items, source="items.json")
    assert [(c.id, c.depth, c.parent_id) for c in thread.comments] == [
        ("3", 0, None),
        ("4", 1, "3"),
        ("2", 0, None),
    ]
