"""parse_paste and looks_like_paste: an HN page copied from a browser."""

from __future__ import annotations

from conftest import SEED

from threadtui.model import BlockKind, CommentState, Thread
from threadtui.sources import parse_payload
from threadtui.sources.paste import looks_like_paste, parse_paste

# A made-up copy of an HN item page (all names and content invented).
EXAMPLE = """\
Show HN: Pocket thread reader (example.org)
87 points by lumen_fox 6 hours ago | hide | past | favorite | 9 comments
quill_otter 5 hours ago | next [\u2013]
It held up on a 2,000-comment thread [0].
> does it keep code blocks?
Yes:
  def walk(node):
      yield node
[0] https://example.org/bench/results-2024
reply
marsh_wren 4 hours ago | parent | next [\u2013]
Which terminal? Mine mangles wide characters.
reply
Deleted Comment
tin_heron 3 hours ago | root | parent | next [\u2013]
Kitty, and it looked fine.
reply
gravel_moth 2 hours ago [flagged] | prev | next [\u2013]
[flagged]
cobalt_newt 2 hours ago [dead] | prev | next [-]
[dead]
sable_finch 1 hour ago | prev [3 more]
More
"""


def example() -> Thread:
    return parse_paste(EXAMPLE, source="paste.txt")


def test_example_has_23_lines() -> None:
    assert len(EXAMPLE.splitlines()) == 23


def test_story_fields() -> None:
    thread = example()
    assert thread.title == "Show HN: Pocket thread reader"
    assert thread.domain == "example.org"
    assert thread.score == 87
    assert thread.author == "lumen_fox"
    assert thread.age_text == "6 hours ago"
    assert thread.reported_comment_count == 9
    assert thread.key.startswith("text:")


def test_comment_structure() -> None:
    rows = [(c.author, c.depth, c.state) for c in example().comments]
    assert rows == [
        ("quill_otter", 0, CommentState.NORMAL),
        ("marsh_wren", 1, CommentState.NORMAL),
        (None, 2, CommentState.DELETED),
        ("tin_heron", 3, CommentState.NORMAL),
        ("gravel_moth", 0, CommentState.FLAGGED),
        ("cobalt_newt", 0, CommentState.DEAD),
        ("sable_finch", 0, CommentState.NORMAL),
    ]


def test_parents_follow_depth() -> None:
    comments = example().comments
    assert comments[1].parent_id == comments[0].id
    assert comments[2].parent_id == comments[1].id
    assert comments[3].parent_id == comments[2].id
    assert comments[4].parent_id is None


def test_first_comment_blocks() -> None:
    first = example().comments[0]
    assert [b.kind for b in first.blocks] == [
        BlockKind.PARAGRAPH, BlockKind.QUOTE, BlockKind.PARAGRAPH, BlockKind.CODE,
        BlockKind.PARAGRAPH,
    ]
    assert first.blocks[1].text == "does it keep code blocks?"
    assert first.blocks[3].text == "  def walk(node):\n      yield node"


def test_footnote_url_is_link() -> None:
    footnote = example().comments[0].blocks[4]
    assert footnote.text == "[0] https://example.org/bench/results-2024"
    assert footnote.spans[1].href == "https://example.org/bench/results-2024"


def test_ages_stay_text() -> None:
    comments = example().comments
    assert comments[0].age_text == "5 hours ago"
    assert comments[6].age_text == "1 hour ago"
    assert all(c.created_at is None for c in comments)


def test_marker_bodies_not_text() -> None:
    comments = example().comments
    assert comments[4].blocks == ()
    assert comments[5].blocks == ()


def test_collapsed_comment_hidden_count() -> None:
    last = example().comments[-1]
    assert last.more_count == 3
    assert last.blocks == ()


def test_stops_at_more() -> None:
    assert len(example().comments) == 7


def test_blank_lines_are_paragraph_breaks_only() -> None:
    # Real pastes have blank lines between header, paragraphs and `reply`, but not between
    # the lines of a code block.
    spaced = EXAMPLE.replace("\n", "\n\n").replace("(node):\n\n", "(node):\n")
    assert [(c.author, c.depth, c.text) for c in parse_paste(spaced, source="p").comments] == [
        (c.author, c.depth, c.text) for c in example().comments
    ]


def test_leading_tabs_on_headers_ignored() -> None:
    tabbed = EXAMPLE.replace("marsh_wren 4", "\t\tmarsh_wren 4")
    assert parse_paste(tabbed, source="p").comments[1].author == "marsh_wren"


def test_chrome_and_footer_skipped() -> None:
    page = ("Hacker News new | past | comments | ask | show | jobs | submit login\n" + EXAMPLE
            + "Guidelines | FAQ | Lists | API | Security | Legal\n")
    thread = parse_paste(page, source="p")
    assert thread.title == "Show HN: Pocket thread reader"
    assert len(thread.comments) == 7


def test_removed_placeholder() -> None:
    page = EXAMPLE.replace("Deleted Comment", "[removed]")
    assert parse_paste(page, source="p").comments[2].state is CommentState.REMOVED


def test_placeholder_before_depth_one_reply_is_top_level() -> None:
    page = "\n".join([
        "a_user 1 hour ago | next [\u2013]", "top", "reply",
        "[deleted]",
        "b_user 1 hour ago | parent | next [\u2013]", "reply to deleted", "reply",
    ])
    comments = parse_paste(page, source="p").comments
    assert [(c.author, c.depth) for c in comments] == [("a_user", 0), (None, 0), ("b_user", 1)]
    assert comments[2].parent_id == comments[1].id


def test_ask_hn_text_is_story_blocks() -> None:
    page = "\n".join([
        "Ask HN: Which reader?", "5 points by moss_vole 2 hours ago | hide | past | discuss",
        "I want a terminal reader.", "x_user 1 hour ago | next [\u2013]", "This one.", "reply",
    ])
    thread = parse_paste(page, source="p")
    assert thread.blocks[0].text == "I want a terminal reader."
    assert thread.reported_comment_count == 0
    assert thread.domain is None


def test_ids_unique_and_stable() -> None:
    ids = [c.id for c in example().comments]
    assert len(set(ids)) == len(ids)
    assert ids == [c.id for c in example().comments]


def test_looks_like_paste() -> None:
    assert looks_like_paste(EXAMPLE) is True
    assert looks_like_paste(SEED.read_text(encoding="utf-8")) is False


def test_payload_detection_picks_paste() -> None:
    thread = parse_payload(EXAMPLE.encode(), source="paste.txt")
    assert thread.score == 87


def test_payload_detection_picks_dump() -> None:
    thread = parse_payload(SEED.read_bytes(), source=str(SEED))
    assert len(thread.comments) == 15
