"""Lobsters parser: the real 2022 story and synthetic comments in the other schemas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from threadtui.model import BlockKind, CommentState, Span, SpanStyle, Thread
from threadtui.sources import parse_payload


def fixture(fixtures: Path) -> Thread:
    data = (fixtures / "threads" / "lobsters-story.json").read_bytes()
    return parse_payload(data, source="lobsters-story.json")


def story(comments: list[dict[str, Any]]) -> Thread:
    payload = {"short_id": "zz9999", "title": "t", "url": "", "submitter_user": "moss_vole",
               "comment_count": len(comments), "comments": comments}
    return parse_payload(json.dumps(payload).encode(), source="story.json")


# -- the real fixture ----------------------------------------------------------------------


def test_fixture_story(fixtures: Path) -> None:
    thread = fixture(fixtures)
    assert thread.key == "lobsters:tdfoqh"
    assert thread.site == "lobsters"
    assert thread.title == "Ranking comments by sum of replies' scores"
    assert thread.url is None
    assert thread.author == "sample_user1"
    assert thread.score == 18
    assert thread.reported_comment_count == 10
    assert thread.permalink == "https://lobste.rs/s/tdfoqh/ranking_comments_by_sum_replies_scores"
    assert thread.created_at == 1658509619.0


def test_fixture_every_comment_in_place(fixtures: Path) -> None:
    raw = json.loads((fixtures / "threads" / "lobsters-story.json").read_text())
    thread = fixture(fixtures)
    assert [c.id for c in thread.comments] == [c["short_id"] for c in raw["comments"]]
    assert [c.depth for c in thread.comments] == [c["depth"] for c in raw["comments"]]
    assert [c.author for c in thread.comments] == [c["commenting_user"] for c in raw["comments"]]
    assert [c.parent_id for c in thread.comments] == [c["parent_comment"] for c in raw["comments"]]


def test_fixture_blockquote_is_quote(fixtures: Path) -> None:
    first = fixture(fixtures).comments[0]
    assert first.blocks[0].kind is BlockKind.QUOTE
    assert first.blocks[0].text.startswith("to avoid giving importance to superficial")
    assert first.blocks[1].kind is BlockKind.PARAGRAPH


def test_fixture_links_from_href(fixtures: Path) -> None:
    comment = next(c for c in fixture(fixtures).comments if c.id == "qy0l9k")
    links = [span for block in comment.blocks for span in block.spans if span.href]
    assert links[0] == Span(
        "vote",
        SpanStyle.LINK,
        "https://github.com/lobsters/lobsters/blob/cf52ab9f3f0b3ac805effc2e718f15922cb67332/"
        "app/models/comment.rb#L340",
    )


def test_fixture_inline_code(fixtures: Path) -> None:
    comment = next(c for c in fixture(fixtures).comments if c.id == "qy0l9k")
    code = [span.text for block in comment.blocks for span in block.spans
            if span.style is SpanStyle.CODE]
    assert code == ["calculated_confidence"]


def test_fixture_ordered_list_items(fixtures: Path) -> None:
    comment = next(c for c in fixture(fixtures).comments if c.id == "ei3nck")
    items = [b for b in comment.blocks if b.kind is BlockKind.LIST_ITEM]
    assert [b.marker for b in items] == ["1.", "2.", "3.", "4."]
    assert items[0].spans[0] == Span("highly controversial root comment", SpanStyle.EMPHASIS)


def test_fixture_story_description(fixtures: Path) -> None:
    thread = fixture(fixtures)
    assert [b.kind for b in thread.blocks].count(BlockKind.LIST_ITEM) == 3
    assert thread.blocks[-1].spans[1] == Span(">1", SpanStyle.CODE)


def test_fixture_edit_and_op(fixtures: Path) -> None:
    comment = next(c for c in fixture(fixtures).comments if c.id == "pcvbcd")
    assert comment.edited is True
    assert comment.is_op is True


# -- schema drift ----------------------------------------------------------------------------


def test_three_shapes_nest() -> None:
    new_shape = {"short_id": "aa1111", "created_at": "2025-02-20T10:00:00.000-06:00",
                 "last_edited_at": "2025-02-20T10:05:00.000-06:00", "is_deleted": False,
                 "is_moderated": False, "score": 3, "flags": 0, "parent_comment": None,
                 "comment": "<p>new shape</p>", "comment_plain": "new shape",
                 "url": "https://lobste.rs/s/zz9999/x#c_aa1111", "depth": 0,
                 "commenting_user": "moss_vole"}
    no_edit_field = {**new_shape, "short_id": "bb2222", "parent_comment": "aa1111", "depth": 1,
                     "url": "https://lobste.rs/s/zz9999/x#c_bb2222"}
    del no_edit_field["last_edited_at"]
    old_shape = {"short_id": "cc3333", "created_at": "2021-01-01T10:00:00.000-06:00",
                 "updated_at": "2021-01-01T10:00:00.000-06:00", "is_deleted": False,
                 "is_moderated": False, "score": 1, "flags": 0, "comment": "<p>old</p>",
                 "url": "https://lobste.rs/s/zz9999/x#c_cc3333", "indent_level": 1,
                 "commenting_user": {"username": "moss_vole"}}
    thread = story([new_shape, no_edit_field, old_shape])
    assert [(c.id, c.depth, c.parent_id, c.author) for c in thread.comments] == [
        ("aa1111", 0, None, "moss_vole"),
        ("bb2222", 1, "aa1111", "moss_vole"),
        ("cc3333", 0, None, "moss_vole"),
    ]
    assert thread.comments[0].edited is True
    assert thread.comments[1].edited is False


def test_indent_level_stack() -> None:
    comments = [
        {"short_id": "a", "indent_level": 1, "comment": "a", "commenting_user": {"username": "x"}},
        {"short_id": "b", "indent_level": 2, "comment": "b", "commenting_user": {"username": "y"}},
        {"short_id": "c", "indent_level": 3, "comment": "c", "commenting_user": {"username": "z"}},
        {"short_id": "d", "indent_level": 2, "comment": "d", "commenting_user": {"username": "w"}},
    ]
    thread = story(comments)
    assert [(c.id, c.depth, c.parent_id) for c in thread.comments] == [
        ("a", 0, None), ("b", 1, "a"), ("c", 2, "b"), ("d", 1, "a"),
    ]


def test_reply_listed_away_from_parent() -> None:
    comments = [
        {"short_id": "a", "parent_comment": None, "depth": 0, "comment": "a"},
        {"short_id": "b", "parent_comment": None, "depth": 0, "comment": "b"},
        {"short_id": "c", "parent_comment": "a", "depth": 1, "comment": "reply to a"},
    ]
    thread = story(comments)
    assert [(c.id, c.depth, c.parent_id) for c in thread.comments] == [
        ("a", 0, None), ("c", 1, "a"), ("b", 0, None),
    ]


def test_deleted_and_moderated_keep_replies() -> None:
    comments = [
        {"short_id": "a", "parent_comment": None, "depth": 0, "is_deleted": True,
         "comment": "<em>comment removed by author</em>", "commenting_user": "x"},
        {"short_id": "b", "parent_comment": "a", "depth": 1, "comment": "<p>still here</p>"},
        {"short_id": "c", "parent_comment": None, "depth": 0, "is_moderated": True,
         "comment": "<em>removed by moderator</em>"},
    ]
    thread = story(comments)
    assert [(c.id, c.state, c.depth) for c in thread.comments] == [
        ("a", CommentState.DELETED, 0),
        ("b", CommentState.NORMAL, 1),
        ("c", CommentState.REMOVED, 0),
    ]
    assert thread.comments[0].text == "comment removed by author"


def test_deep_flat_chain() -> None:
    comments = [{"short_id": f"c{n}", "parent_comment": f"c{n - 1}" if n else None,
                 "depth": n, "comment": f"<p>{n}</p>"} for n in range(2000)]
    thread = story(comments)
    assert thread.comments[-1].depth == 1999
    assert thread.comments[-1].parent_id == "c1998"


def test_pre_block_is_code() -> None:
    thread = story([{"short_id": "a", "depth": 0,
                     "comment": "<pre><code>fn main() {\n    run();\n}\n</code></pre>"}])
    assert thread.comments[0].blocks[0].kind is BlockKind.CODE
    assert thread.comments[0].blocks[0].text == "fn main() {\n    run();\n}"
