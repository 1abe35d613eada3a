"""Replays of the parsing and text cases from the public bug log, with exact expected values.

Each test names the failure it guards against; the inputs are the small made-up ones from the
log. Rendering cases (emoji, variation selectors, CJK width) belong to the UI; here they only
check that parsing keeps every character.
"""

from __future__ import annotations

import json
from typing import Any

from synthetic import reddit_comment, reddit_thread, synthetic_reddit_chain

from threadtui.model import Block, BlockKind, CommentState, Span, SpanStyle, Thread, blocks_text
from threadtui.sources import parse_payload
from threadtui.text.html import html_to_blocks
from threadtui.text.markdown import markdown_to_blocks
from threadtui.text.plain import plain_to_blocks


def payload(data: Any) -> Thread:
    return parse_payload(json.dumps(data).encode(), source="bug-log.json")


def algolia_story(*children: dict[str, Any], title: str = "t") -> dict[str, Any]:
    return {"id": 100, "type": "story", "title": title, "author": "lumen_fox",
            "created_at_i": 1709287000, "children": list(children)}


def all_hrefs(thread: Thread) -> list[str]:
    blocks = [*thread.blocks, *(block for c in thread.comments for block in c.blocks)]
    return [span.href for block in blocks for span in block.spans if span.href]


# -- entities, HTML and links ----------------------------------------------------------------


def test_b1_entities_decoded() -> None:
    blocks = html_to_blocks(
        "It&#x27;s &quot;fine&quot;, isn&#x27;t it? 5 &gt; 3 &amp;&amp; 2 &lt; 4"
    )
    assert blocks_text(blocks) == "It's \"fine\", isn't it? 5 > 3 && 2 < 4"


def test_b2_decoded_text_not_stripped_as_tags() -> None:
    blocks = html_to_blocks("Use <code>std::vector&lt;int&gt;</code> when a &lt; b")
    assert blocks == (
        Block(BlockKind.PARAGRAPH, (
            Span("Use "),
            Span("std::vector<int>", SpanStyle.CODE),
            Span(" when a < b"),
        )),
    )


def test_b4_reddit_legacy_body_unescaped() -> None:
    thread = payload(reddit_thread([reddit_comment("a1", "if x &lt; 3 &amp;&amp; y &gt; 1")],
                                   html_escaped=True))
    assert thread.comments[0].text == "if x < 3 && y > 1"


def test_b4_reddit_raw_json_body_unchanged() -> None:
    thread = payload(reddit_thread([reddit_comment("a1", "I literally typed &lt; here")],
                                   html_escaped=False))
    assert thread.comments[0].text == "I literally typed &lt; here"


def test_b5_link_target_from_href() -> None:
    blocks = html_to_blocks(
        '<a href="https:&#x2F;&#x2F;example.org&#x2F;docs&#x2F;guides&#x2F;'
        'very-long-page-name-2024.html" rel="nofollow">https:&#x2F;&#x2F;example.org&#x2F;'
        "docs&#x2F;guides&#x2F;very-...</a>"
    )
    assert blocks[0].spans == (
        Span("https://example.org/docs/guides/very-...", SpanStyle.LINK,
             "https://example.org/docs/guides/very-long-page-name-2024.html"),
    )


def test_b5_arxiv_link_keeps_full_id() -> None:
    blocks = html_to_blocks(
        '<a href="https:&#x2F;&#x2F;arxiv.org&#x2F;abs&#x2F;2401.01234v2" rel="nofollow">'
        "https:&#x2F;&#x2F;arxiv.org&#x2F;abs&#x2F;2401.0...</a>"
    )
    assert blocks[0].spans[0].href == "https://arxiv.org/abs/2401.01234v2"
    assert blocks[0].spans[0].text == "https://arxiv.org/abs/2401.0..."


def test_b6_code_block_line_breaks_kept() -> None:
    blocks = html_to_blocks(
        "Try:<p><pre><code>  for row in rows:\n      emit(row)\n</code></pre>\nThen rerun."
    )
    assert blocks == (
        Block(BlockKind.PARAGRAPH, (Span("Try:"),)),
        Block(BlockKind.CODE, (Span("  for row in rows:\n      emit(row)"),)),
        Block(BlockKind.PARAGRAPH, (Span("Then rerun."),)),
    )


def test_b7_both_paragraph_dialects_identical() -> None:
    old = html_to_blocks("alpha<p>beta<p><i>gamma</i>")
    new = html_to_blocks("<p>alpha</p><p>beta</p><p><i>gamma</i></p>")
    assert old == new
    assert old == (
        Block(BlockKind.PARAGRAPH, (Span("alpha"),)),
        Block(BlockKind.PARAGRAPH, (Span("beta"),)),
        Block(BlockKind.PARAGRAPH, (Span("gamma", SpanStyle.EMPHASIS),)),
    )


# -- deleted, dead and missing comments ------------------------------------------------------


def test_b8_algolia_deleted_keeps_replies() -> None:
    deleted = {"id": 2, "author": None, "text": None, "parent_id": 1, "children": [
        {"id": 3, "author": "tin_heron", "text": "still here", "parent_id": 2, "children": []}]}
    parent = {"id": 1, "author": "quill_otter", "text": "parent", "parent_id": 100,
              "children": [deleted]}
    thread = payload(algolia_story(parent))
    assert [(c.id, c.depth, c.state, c.author, c.text) for c in thread.comments] == [
        ("1", 0, CommentState.NORMAL, "quill_otter", "parent"),
        ("2", 1, CommentState.DELETED, None, ""),
        ("3", 2, CommentState.NORMAL, "tin_heron", "still here"),
    ]


def test_b8_firebase_deleted_keeps_replies() -> None:
    items = [
        {"id": 100, "type": "story", "title": "t", "by": "lumen_fox", "kids": [1]},
        {"id": 1, "type": "comment", "by": "quill_otter", "text": "parent", "parent": 100,
         "kids": [2]},
        {"deleted": True, "id": 2, "parent": 1, "time": 1709287500, "type": "comment",
         "kids": [3]},
        {"id": 3, "type": "comment", "by": "tin_heron", "text": "still here", "parent": 2},
    ]
    thread = payload(items)
    assert [(c.id, c.depth, c.state, c.author, c.text) for c in thread.comments] == [
        ("1", 0, CommentState.NORMAL, "quill_otter", "parent"),
        ("2", 1, CommentState.DELETED, None, ""),
        ("3", 2, CommentState.NORMAL, "tin_heron", "still here"),
    ]


def test_b9_dead_comment_without_text() -> None:
    items = [
        {"id": 1, "type": "story", "title": "t", "by": "lumen_fox", "kids": [5]},
        {"by": "gravel_moth", "dead": True, "id": 5, "parent": 1, "time": 1709287600,
         "type": "comment"},
    ]
    comment = payload(items).comments[0]
    assert comment.state is CommentState.DEAD
    assert comment.author == "gravel_moth"
    assert comment.blocks == ()
    assert comment.created_at == 1709287600


def test_b10_null_children_no_comments() -> None:
    thread = payload({"id": 1, "type": "story", "title": "t", "children": None})
    assert thread.comments == []


def test_b10_missing_children_key_offers_more() -> None:
    thread = payload({"id": 1, "type": "story", "title": "t", "children": [
        {"id": 2, "author": "moss_vole", "text": "leaf?", "parent_id": 1}]})
    assert [(c.id, c.state) for c in thread.comments] == [
        ("2", CommentState.NORMAL),
        ("2:more", CommentState.MORE),
    ]
    assert thread.comments[1].more_count is None


# -- Reddit structure and time ---------------------------------------------------------------


def test_b12_continue_this_thread_stub() -> None:
    stub = {"kind": "more", "data": {"count": 0, "name": "t1__", "id": "_",
                                     "parent_id": "t1_abc", "children": []}}
    parent = reddit_comment("abc", "hello", replies={"kind": "Listing",
                                                     "data": {"children": [stub]}})
    thread = payload(reddit_thread([parent]))
    assert [(c.id, c.state, c.more_count) for c in thread.comments] == [
        ("abc", CommentState.NORMAL, None),
        ("more:abc", CommentState.MORE, 0),
    ]


def test_b12_load_more_stub() -> None:
    stub = {"kind": "more", "data": {"count": 7, "id": "xyz", "name": "t1_xyz",
                                     "parent_id": "t3_p1", "depth": 0, "children": ["a1", "a2"]}}
    thread = payload(reddit_thread([stub]))
    assert [(c.id, c.state, c.more_count, c.depth) for c in thread.comments] == [
        ("more:xyz", CommentState.MORE, 7, 0),
    ]


def test_b14_deep_chain() -> None:
    thread = parse_payload(synthetic_reddit_chain(2000), source="synthetic-deep.json")
    assert [c.depth for c in thread.comments] == list(range(2000))


def test_b14_edited_values() -> None:
    thread = payload(reddit_thread([
        reddit_comment("e1", "x", edited=True),
        reddit_comment("e2", "y", edited=1709290000.0),
        reddit_comment("e3", "z", edited=False),
    ]))
    assert [(c.edited, c.edited_at) for c in thread.comments] == [
        (True, None),
        (True, 1709290000.0),
        (False, None),
    ]


# -- Lobsters schema drift -------------------------------------------------------------------


def test_b16_three_lobsters_shapes() -> None:
    first = {"short_id": "aa1111", "created_at": "2025-02-20T10:00:00.000-06:00",
             "last_edited_at": "2025-02-20T10:05:00.000-06:00", "is_deleted": False,
             "is_moderated": False, "score": 3, "flags": 0, "parent_comment": None,
             "comment": "<p>new shape</p>", "comment_plain": "new shape",
             "url": "https://lobste.rs/s/zz9999/x#c_aa1111", "depth": 0,
             "commenting_user": "moss_vole"}
    second = {key: value for key, value in first.items() if key != "last_edited_at"}
    second.update(short_id="bb2222", parent_comment="aa1111", depth=1)
    third = {key: value for key, value in first.items()
             if key not in ("parent_comment", "depth", "commenting_user", "last_edited_at")}
    third.update(short_id="cc3333", indent_level=1, commenting_user={"username": "moss_vole"})
    story = {"short_id": "zz9999", "title": "t", "comments": [first, second, third]}
    thread = payload(story)
    assert [(c.id, c.depth, c.parent_id, c.author) for c in thread.comments] == [
        ("aa1111", 0, None, "moss_vole"),
        ("bb2222", 1, "aa1111", "moss_vole"),
        ("cc3333", 0, None, "moss_vole"),
    ]
    assert thread.comments[0].created_at == 1740067200.0


# -- Unicode, width, direction and control characters ----------------------------------------

EMOJI_TEXT = "\U0001F602" * 300 + " \U0001F469\u200d\U0001F469\u200d\U0001F467 \U0001F1F3\U0001F1F1"


def test_b18_emoji_kept_in_html() -> None:
    assert blocks_text(html_to_blocks(EMOJI_TEXT)) == EMOJI_TEXT


def test_b18_emoji_kept_in_markdown_and_plain() -> None:
    assert blocks_text(markdown_to_blocks(EMOJI_TEXT)) == EMOJI_TEXT
    assert blocks_text(plain_to_blocks([EMOJI_TEXT])) == EMOJI_TEXT


def test_b19_variation_selector_kept() -> None:
    comment = {"id": 2, "author": "eye_\U0001F441\ufe0f", "text": "\u2708\ufe0f ok",
               "children": []}
    parsed = payload(algolia_story(comment)).comments[0]
    assert parsed.author == "eye_\U0001F441\ufe0f"
    assert parsed.text == "\u2708\ufe0f ok"


def test_b20_cjk_kept() -> None:
    text = "東京の天気は晴れです。明日は雨かもしれません。"
    assert blocks_text(html_to_blocks(text)) == text


def test_b22_escape_sequences_neutralised() -> None:
    title = "Nice tool\x1b]8;;https://evil.example\x07click\x1b]8;;\x07"
    comment = {"id": 2, "author": "moss_vole", "text": "a\x1b[2Jb\x07c\u200bd\u202eevil",
               "children": []}
    thread = payload(algolia_story(comment, title=title))
    assert thread.title == "Nice tool\u241b]8;;https://evil.example\u2407click\u241b]8;;\u2407"
    assert thread.comments[0].text == "a\u241b[2Jb\u2407c\u200bdevil"
    assert all_hrefs(thread) == []


def test_b22_every_source_cleans_authors_and_urls() -> None:
    reddit = payload(reddit_thread(
        [reddit_comment("a1", "x", author="bad\x1b[31m")],
        submission={"is_self": False, "url": "https://a.org/\x07x", "title": "t\u202e"},
    ))
    lobsters = payload({"short_id": "zz9999", "title": "t", "url": "https://a.org/\x1b",
                        "submitter_user": "u\x1b", "comments": [
                            {"short_id": "a", "depth": 0, "comment": "x",
                             "commenting_user": "c\x9bd"}]})
    assert reddit.comments[0].author == "bad\u241b[31m"
    assert reddit.url == "https://a.org/\u2407x"
    assert reddit.title == "t"
    assert lobsters.url == "https://a.org/\u241b"
    assert lobsters.author == "u\u241b"
    assert lobsters.comments[0].author == "cd"


# -- renderer robustness ---------------------------------------------------------------------


def test_b24_unexpected_markup() -> None:
    blocks = html_to_blocks("ok<table><tr><td>x</td></tr></table><script>bad()</script><p></p><p>")
    assert blocks == (Block(BlockKind.PARAGRAPH, (Span("ok x"),)),)


def test_b24_none_and_empty() -> None:
    assert html_to_blocks(None) == ()
    assert html_to_blocks("") == ()
