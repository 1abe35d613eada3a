"""plain_to_blocks and linkify: plain lines into blocks, bare URLs into link spans."""

from __future__ import annotations

from threadtui.model import Block, BlockKind, Span, SpanStyle
from threadtui.text.plain import linkify, plain_to_blocks, trim_url


def link(url: str) -> Span:
    return Span(url, SpanStyle.LINK, url)


def test_each_line_is_a_paragraph() -> None:
    blocks = plain_to_blocks(["one", "two"])
    assert blocks == (
        Block(BlockKind.PARAGRAPH, (Span("one"),)),
        Block(BlockKind.PARAGRAPH, (Span("two"),)),
    )


def test_string_input_split_at_newlines() -> None:
    assert [block.text for block in plain_to_blocks("one\n\ntwo\n")] == ["one", "two"]


def test_quote_line() -> None:
    assert plain_to_blocks(["> quoted"]) == (Block(BlockKind.QUOTE, (Span("quoted"),)),)


def test_code_after_blank_line() -> None:
    blocks = plain_to_blocks(["intro", "", "  a = 1", "    b = 2", "after"])
    assert blocks[1] == Block(BlockKind.CODE, (Span("  a = 1\n    b = 2"),))
    assert blocks[2].text == "after"


def test_blank_line_inside_code_kept() -> None:
    blocks = plain_to_blocks(["  a = 1", "", "  b = 2", "", "after"])
    assert blocks[0] == Block(BlockKind.CODE, (Span("  a = 1\n\n  b = 2"),))
    assert blocks[1].text == "after"


def test_code_after_colon_line() -> None:
    blocks = plain_to_blocks(["Yes:", "  def walk(node):", "      yield node"])
    assert blocks[1] == Block(BlockKind.CODE, (Span("  def walk(node):\n      yield node"),))


def test_indented_line_mid_paragraph_is_not_code() -> None:
    blocks = plain_to_blocks(["words", "  more words"])
    assert [block.kind for block in blocks] == [BlockKind.PARAGRAPH, BlockKind.PARAGRAPH]


def test_list_line() -> None:
    assert plain_to_blocks(["- item"]) == (Block(BlockKind.LIST_ITEM, (Span("item"),), "•"),)


def test_asterisk_aside_is_not_a_list() -> None:
    assert plain_to_blocks(["*unfortunately"])[0].kind is BlockKind.PARAGRAPH


def test_footnote_line_links_url() -> None:
    blocks = plain_to_blocks(["[0] https://example.org/bench/results-2024"])
    assert blocks[0] == Block(
        BlockKind.PARAGRAPH, (Span("[0] "), link("https://example.org/bench/results-2024"))
    )


def test_trailing_period_not_in_url() -> None:
    assert linkify("see https://a.org/x.") == [Span("see "), link("https://a.org/x"), Span(".")]


def test_trailing_ellipsis_not_in_url() -> None:
    assert trim_url("https://a.org/b82cf54a-8e57...") == "https://a.org/b82cf54a-8e57"


def test_balanced_parentheses_kept() -> None:
    spans = linkify("(see https://en.wikipedia.org/wiki/A_(b))")
    assert spans[1] == link("https://en.wikipedia.org/wiki/A_(b)")
    assert spans[2] == Span(")")


def test_unbalanced_closing_parenthesis_dropped() -> None:
    assert trim_url("https://a.org/x)") == "https://a.org/x"


def test_url_stops_at_control_picture() -> None:
    spans = linkify("https://evil.example\u2407click")
    assert spans[0] == link("https://evil.example")


def test_scheme_alone_is_not_a_link() -> None:
    assert linkify("https://") == [Span("https://")]


def test_url_in_middle_of_line() -> None:
    spans = linkify("https://arxiv.org/html/2506.13018v2 - Here's")
    assert spans == [link("https://arxiv.org/html/2506.13018v2"), Span(" - Here's")]


def test_control_characters_cleaned() -> None:
    assert plain_to_blocks(["a\x1b[2Jb"])[0].text == "a\u241b[2Jb"
