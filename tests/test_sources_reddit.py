"""Reddit parser: the real 2012 fixture and synthetic Listings for the traps."""

from __future__ import annotations

import json
from pathlib import Path

from synthetic import reddit_comment, reddit_thread, synthetic_reddit_chain

from threadtui.model import BlockKind, CommentState, Thread
from threadtui.sources import parse_payload
from threadtui.sources.reddit import is_legacy_escaped


def parse(payload: object) -> Thread:
    return parse_payload(json.dumps(payload).encode(), source="reddit.json")


def fixture(fixtures: Path) -> Thread:
    data = (fixtures / "threads" / "reddit-comments.json").read_bytes()
    return parse_payload(data, source="reddit-comments.json")


def count_t1(listing: dict) -> int:
    total = 0
    stack = [listing]
    while stack:
        for child in stack.pop()["data"]["children"]:
            if child["kind"] == "t1":
                total += 1
                if isinstance(child["data"]["replies"], dict):
                    stack.append(child["data"]["replies"])
    return total


# -- the real fixture ----------------------------------------------------------------------


def test_fixture_submission(fixtures: Path) -> None:
    thread = fixture(fixtures)
    assert thread.key == "reddit:vtvuk"
    assert thread.site == "reddit"
    assert thread.title == "So my girlfriend sent me a picture of her with this creepy girl today."
    assert thread.url == "http://imgur.com/R8l90"
    assert thread.author == "sample_user2"
    assert thread.score == 1009
    assert thread.reported_comment_count == 1059
    assert thread.permalink == (
        "https://www.reddit.com/r/pics/comments/vtvuk/"
        "so_my_girlfriend_sent_me_a_picture_of_her_with/"
    )


def test_fixture_every_comment_in_place(fixtures: Path) -> None:
    raw = json.loads((fixtures / "threads" / "reddit-comments.json").read_text())
    thread = fixture(fixtures)
    assert len(thread.comments) == count_t1(raw[1])
    assert [(c.id, c.depth, c.author) for c in thread.comments] == [
        ("c57lu5u", 0, "sample_user4"),
        ("c57lwic", 1, "sample_user3"),
        ("c57lwwm", 2, "sample_user2"),
        ("c57mwcr", 1, "sample_user1"),
    ]


def test_fixture_uses_created_utc(fixtures: Path) -> None:
    first = fixture(fixtures).comments[0]
    assert first.created_at == 1341037892.0


def test_fixture_edited_float(fixtures: Path) -> None:
    first, second = fixture(fixtures).comments[:2]
    assert first.edited is True
    assert first.edited_at == 1341038495.0
    assert second.edited is False
    assert second.edited_at is None


def test_fixture_op_from_author(fixtures: Path) -> None:
    assert [c.is_op for c in fixture(fixtures).comments] == [False, False, True, False]


def test_fixture_legacy_escaping_detected(fixtures: Path) -> None:
    raw = json.loads((fixtures / "threads" / "reddit-comments.json").read_text())
    assert is_legacy_escaped(raw) is True


def test_fixture_score_from_ups_and_downs(fixtures: Path) -> None:
    assert fixture(fixtures).comments[0].score == 1


def test_fixture_comment_permalink(fixtures: Path) -> None:
    assert fixture(fixtures).comments[1].permalink == (
        "https://www.reddit.com/r/pics/comments/vtvuk/"
        "so_my_girlfriend_sent_me_a_picture_of_her_with/c57lwic/"
    )


# -- synthetic cases -----------------------------------------------------------------------


def test_legacy_body_unescaped_once() -> None:
    thread = parse(reddit_thread([reddit_comment("a1", "if x &lt; 3 &amp;&amp; y &gt; 1")],
                                 html_escaped=True))
    assert thread.comments[0].text == "if x < 3 && y > 1"


def test_raw_json_body_kept() -> None:
    thread = parse(reddit_thread([reddit_comment("a1", "I literally typed &lt; here")],
                                 html_escaped=False))
    assert thread.comments[0].text == "I literally typed &lt; here"


def test_no_html_field_means_legacy() -> None:
    thread = parse(reddit_thread([reddit_comment("a1", "a &amp; b")], html_escaped=None))
    assert thread.comments[0].text == "a & b"


def test_legacy_title_unescaped() -> None:
    thread = parse(reddit_thread([], html_escaped=True, submission={"title": "R&amp;D &lt;3"}))
    assert thread.title == "R&D <3"


def test_more_stub_with_count() -> None:
    more = {"kind": "more", "data": {"count": 7, "id": "xyz", "name": "t1_xyz",
                                     "parent_id": "t3_p1", "depth": 0, "children": ["a1", "a2"]}}
    thread = parse(reddit_thread([reddit_comment("c1", "hi"), more]))
    stub = thread.comments[1]
    assert stub.state is CommentState.MORE
    assert stub.more_count == 7
    assert stub.depth == 0
    assert stub.more_url == "https://www.reddit.com/r/test/comments/p1/synthetic_thread/"


def test_continue_this_thread_stub() -> None:
    stub_thing = {"kind": "more", "data": {"count": 0, "name": "t1__", "id": "_",
                                           "parent_id": "t1_abc", "children": []}}
    child = reddit_comment("abc", "parent", replies={"kind": "Listing",
                                                     "data": {"children": [stub_thing]}})
    thread = parse(reddit_thread([child]))
    stub = thread.comments[1]
    assert stub.state is CommentState.MORE
    assert stub.more_count == 0
    assert stub.parent_id == "abc"
    assert stub.depth == 1
    assert stub.more_url == "https://www.reddit.com/r/test/comments/p1/synthetic_thread/abc/"


def test_two_continue_stubs_get_distinct_ids() -> None:
    stub = {"kind": "more", "data": {"count": 0, "id": "_", "children": []}}
    thread = parse(reddit_thread([stub, stub]))
    assert thread.comments[0].id != thread.comments[1].id


def test_deleted_and_removed_bodies() -> None:
    thread = parse(reddit_thread([
        reddit_comment("d1", "[deleted]", author="[deleted]"),
        reddit_comment("r1", "[removed]", author="[deleted]"),
    ]))
    assert [(c.state, c.author, c.blocks) for c in thread.comments] == [
        (CommentState.DELETED, None, ()),
        (CommentState.REMOVED, None, ()),
    ]


def test_deleted_author_keeps_body() -> None:
    thread = parse(reddit_thread([reddit_comment("d1", "still here", author="[deleted]")]))
    assert thread.comments[0].state is CommentState.NORMAL
    assert thread.comments[0].author is None
    assert thread.comments[0].text == "still here"


def test_deleted_comment_keeps_replies() -> None:
    reply = reddit_comment("k1", "kept", parent_id="t1_d1")
    gone = reddit_comment("d1", "[deleted]", author="[deleted]",
                          replies={"kind": "Listing", "data": {"children": [reply]}})
    thread = parse(reddit_thread([gone]))
    assert [(c.id, c.depth, c.state) for c in thread.comments] == [
        ("d1", 0, CommentState.DELETED),
        ("k1", 1, CommentState.NORMAL),
    ]


def test_score_hidden() -> None:
    thread = parse(reddit_thread([reddit_comment("h1", "x", score=1, score_hidden=True)]))
    assert thread.comments[0].score is None
    assert thread.comments[0].score_hidden is True


def test_edited_true_has_no_date() -> None:
    thread = parse(reddit_thread([reddit_comment("e1", "x", edited=True)]))
    assert thread.comments[0].edited is True
    assert thread.comments[0].edited_at is None


def test_is_submitter_wins_over_author() -> None:
    thread = parse(reddit_thread([
        reddit_comment("o1", "x", author="op_user", is_submitter=False),
        reddit_comment("o2", "y", author="other", is_submitter=True),
    ]))
    assert [c.is_op for c in thread.comments] == [False, True]


def test_permalink_from_field() -> None:
    thread = parse(reddit_thread([reddit_comment("p9", "x", permalink="/r/test/comments/p1/t/p9/")]))
    assert thread.comments[0].permalink == "https://www.reddit.com/r/test/comments/p1/t/p9/"


def test_markdown_body_blocks() -> None:
    thread = parse(reddit_thread([reddit_comment("m1", "&gt; quoted\n\n    code\n\ntext",
                                                 )], html_escaped=True))
    assert [b.kind for b in thread.comments[0].blocks] == [
        BlockKind.QUOTE, BlockKind.CODE, BlockKind.PARAGRAPH
    ]


def test_self_post_text_and_no_url() -> None:
    thread = parse(reddit_thread([], html_escaped=False, submission={"selftext": "Body *here*"}))
    assert thread.url is None
    assert thread.blocks[0].text == "Body here"


def test_deep_chain_no_recursion_error() -> None:
    thread = parse_payload(synthetic_reddit_chain(2000), source="synthetic-deep.json")
    assert len(thread.comments) == 2000
    assert thread.comments[-1].depth == 1999
    assert thread.comments[-1].text == "level 1999"
