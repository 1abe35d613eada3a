"""parse_dump: grouping lines of a header-less text dump into comments, rule by rule."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, SEED

from threadtui.model import BlockKind, CommentState, Span, SpanStyle, Thread
from threadtui.sources.dump import classify_line, LineKind, parse_dump, shorten


def parse(*lines: str) -> Thread:
    return parse_dump("\n".join(lines), source="dump.txt")


def texts(thread: Thread) -> list[str]:
    return [comment.text for comment in thread.comments]


# -- the sample dump ---------------------------------------------------------------------


def sample() -> Thread:
    return parse_dump(SEED.read_text(encoding="utf-8"), source=str(SEED))


def test_sample_comment_count() -> None:
    assert len(sample().comments) == 15


def test_sample_first_comments_separate() -> None:
    thread = sample()
    assert thread.comments[0].text == "Not really sure how useful this would be on model training?"
    assert thread.comments[1].text.startswith("Maybe ranking which sites")


def test_sample_quotes_and_footnote_one_comment() -> None:
    comment = sample().comments[2]
    assert [block.kind for block in comment.blocks] == [
        BlockKind.QUOTE,
        BlockKind.QUOTE,
        BlockKind.QUOTE,
        BlockKind.PARAGRAPH,
    ]
    assert comment.blocks[0].text.startswith("Do you share my personal information")
    assert comment.blocks[3].text == "[0] https://starlink.com/support/article/b82cf54a-8e57-917a-bd06..."


def test_sample_footnote_url_is_link() -> None:
    footnote = sample().comments[2].blocks[3]
    assert footnote.spans[1].href == "https://starlink.com/support/article/b82cf54a-8e57-917a-bd06"


def test_sample_deleted_comment_alone() -> None:
    comment = sample().comments[3]
    assert comment.state is CommentState.DELETED
    assert comment.author is None
    assert comment.blocks == ()


def test_sample_arxiv_line_has_link_span() -> None:
    comment = sample().comments[4]
    assert comment.blocks[0].spans[0] == Span(
        "https://arxiv.org/html/2506.13018v2",
        SpanStyle.LINK,
        "https://arxiv.org/html/2506.13018v2",
    )


def test_sample_list_aside_and_footnote_one_comment() -> None:
    comment = sample().comments[10]
    assert [block.text[:30] for block in comment.blocks] == [
        "you can solve neural networks ",
        "if you use a picture to set yo",
        "*unfortunately, this is expone",
        "[0] M. Pilanci — From Complexi",
    ]
    assert comment.blocks[3].spans[-1].href == "https://arxiv.org/abs/2309.16512"


def test_sample_last_comments_separate() -> None:
    thread = sample()
    assert [text[:20] for text in texts(thread)[11:]] == [
        "There is also the pr",
        "Because it is a huma",
        "But in this case, th",
        "So no, a person with",
    ]


def test_sample_all_flat() -> None:
    assert {comment.depth for comment in sample().comments} == {0}
    assert {comment.parent_id for comment in sample().comments} == {None}


def test_sample_title_is_file_name() -> None:
    assert sample().title == "hn-thread-dump.txt"


def test_sample_key_same_for_packaged_copy() -> None:
    packaged = REPO / "tui" / "threadtui" / "data" / "hn-thread-dump.txt"
    copy = parse_dump(packaged.read_text(encoding="utf-8"), source=str(packaged))
    assert copy.key == sample().key
    assert copy.key.startswith("text:")


def test_sample_ids_unique_and_stable() -> None:
    ids = [comment.id for comment in sample().comments]
    assert len(set(ids)) == len(ids)
    assert ids == [comment.id for comment in sample().comments]


# -- rules ---------------------------------------------------------------------------------


def test_each_plain_line_own_comment() -> None:
    assert texts(parse("one", "two", "three")) == ["one", "two", "three"]


def test_placeholder_variants() -> None:
    thread = parse("a", "[deleted]", "[removed]", "Deleted Comment")
    states = [comment.state for comment in thread.comments]
    assert states == [
        CommentState.NORMAL,
        CommentState.DELETED,
        CommentState.REMOVED,
        CommentState.DELETED,
    ]


def test_repeated_placeholders_get_distinct_ids() -> None:
    thread = parse("Deleted Comment", "a", "Deleted Comment")
    first, _, second = (comment.id for comment in thread.comments)
    assert second == f"{first}-2"


def test_quote_run_starts_comment() -> None:
    thread = parse("unrelated", "> q1", "> q2")
    assert texts(thread) == ["unrelated", "q1\n\nq2"]


def test_quote_introduced_by_colon_joins() -> None:
    thread = parse("The page says:", "> q1", "> q2")
    assert texts(thread) == ["The page says:\n\nq1\n\nq2"]


def test_answer_after_quote_joins() -> None:
    thread = parse("> question?", "answer", "next comment")
    assert texts(thread) == ["question?\n\nanswer", "next comment"]


def test_footnote_without_marker_joins_previous() -> None:
    thread = parse("first", "second", "[0] https://a.org/x")
    assert texts(thread) == ["first", "second\n\n[0] https://a.org/x"]


def test_footnote_extends_back_to_marker() -> None:
    thread = parse("before", "claim [1]", "more", "detail", "[1] https://a.org/x", "after")
    assert texts(thread) == [
        "before",
        "claim [1]\n\nmore\n\ndetail\n\n[1] https://a.org/x",
        "after",
    ]


def test_footnote_run_stays_together() -> None:
    thread = parse("a [0] b [1]", "[0] https://a.org/0", "[1] https://a.org/1", "next")
    assert texts(thread) == ["a [0] b [1]\n\n[0] https://a.org/0\n\n[1] https://a.org/1", "next"]


def test_footnote_closes_comment() -> None:
    thread = parse("> q", "[0] https://a.org/", "> another quote")
    assert len(thread.comments) == 2


def test_marker_search_stops_at_placeholder() -> None:
    thread = parse("cites [2]", "Deleted Comment", "[2] https://a.org/")
    assert texts(thread) == ["cites [2]", "", "[2] https://a.org/"]


def test_marker_search_stops_at_closed_comment() -> None:
    thread = parse("x [3]", "[0] https://a.org/0", "y", "[3] https://a.org/3")
    assert texts(thread) == ["x [3]\n\n[0] https://a.org/0", "y\n\n[3] https://a.org/3"]


def test_marker_search_limited_reach() -> None:
    lines = ["cites [4]", *[f"line {n}" for n in range(25)], "[4] https://a.org/"]
    thread = parse(*lines)
    assert thread.comments[0].text == "cites [4]"
    assert thread.comments[-1].text == "line 24\n\n[4] https://a.org/"


def test_list_lines_group() -> None:
    thread = parse("intro.", "- a", "* b", "after")
    assert texts(thread) == ["intro.", "a\n\nb", "after"]


def test_list_introduced_by_colon_joins() -> None:
    thread = parse("Two reasons:", "- a", "- b")
    assert texts(thread) == ["Two reasons:\n\na\n\nb"]


def test_aside_after_list_joins() -> None:
    thread = parse("- a", "*footnote aside", "next")
    assert texts(thread) == ["a\n\n*footnote aside", "next"]


def test_aside_without_list_is_own_comment() -> None:
    assert texts(parse("a", "*aside")) == ["a", "*aside"]


def test_code_introduced_by_colon_joins() -> None:
    thread = parse("Try:", "  for x in y:", "      f(x)", "done")
    assert texts(thread) == ["Try:\n\n  for x in y:\n      f(x)", "done"]
    assert thread.comments[0].blocks[1].kind is BlockKind.CODE


def test_blank_lines_separate_comments() -> None:
    thread = parse("p1", "p2", "", "q1", "", "", "r1")
    assert texts(thread) == ["p1\n\np2", "q1", "r1"]


def test_blank_line_dump_placeholder_split_off() -> None:
    thread = parse("p1", "Deleted Comment", "p2", "", "q1")
    assert [comment.state for comment in thread.comments] == [
        CommentState.NORMAL,
        CommentState.DELETED,
        CommentState.NORMAL,
        CommentState.NORMAL,
    ]


def test_blank_line_dump_footnote_group_joins_previous() -> None:
    thread = parse("claim [0]", "", "[0] https://a.org/", "", "next")
    assert texts(thread) == ["claim [0]\n\n[0] https://a.org/", "next"]


def test_trailing_blank_lines_do_not_switch_mode() -> None:
    assert texts(parse("a", "b", "", "")) == ["a", "b"]


def test_crlf_same_key_as_lf() -> None:
    assert parse_dump("a\r\nb\r\n", source="x").key == parse_dump("a\nb", source="y").key


def test_title_falls_back_to_file_name() -> None:
    thread = parse_dump("Deleted Comment\n", source=str(Path("/tmp/my-thread.txt")))
    assert thread.title == "my-thread.txt"


def test_shorten_at_word_boundary() -> None:
    assert shorten("alpha beta gamma delta", 12) == "alpha beta…"


def test_line_kinds() -> None:
    assert classify_line("[12] see https://a.org") is LineKind.FOOTNOTE
    assert classify_line("  code") is LineKind.CODE
    assert classify_line(">quote") is LineKind.QUOTE
    assert classify_line("• item") is LineKind.LIST
    assert classify_line("[deleted]") is LineKind.PLACEHOLDER
    assert classify_line("[0]") is LineKind.TEXT


def test_control_characters_cleaned() -> None:
    assert parse("a\x1b[2Jb").comments[0].text == "a\u241b[2Jb"


def test_dump_starting_with_bracket_is_text(tmp_path: Path) -> None:
    from threadtui.sources import read_file

    dump = tmp_path / "markup.txt"
    dump.write_text("[bold]x[/] is not bold\n{braces} and text\n", encoding="utf-8")
    thread = read_file(dump)
    assert [comment.text for comment in thread.comments] == ["[bold]x[/] is not bold", "{braces} and text"]


def test_truncated_json_is_still_reported(tmp_path: Path) -> None:
    import pytest

    from threadtui.sources import SourceError, read_file

    broken = tmp_path / "thread.json"
    broken.write_text('{"id": 1, "children": [', encoding="utf-8")
    with pytest.raises(SourceError, match="truncated"):
        read_file(broken)
