"""markdown_to_blocks and unescape_legacy: Reddit Markdown into blocks."""

from __future__ import annotations

from threadtui.model import BlockKind, Span, SpanStyle, blocks_text
from threadtui.text.markdown import markdown_to_blocks, unescape_legacy


def test_unescape_legacy_three_entities() -> None:
    assert unescape_legacy("if x &lt; 3 &amp;&amp; y &gt; 1") == "if x < 3 && y > 1"


def test_unescape_legacy_only_once() -> None:
    assert unescape_legacy("typed &amp;lt;") == "typed &lt;"


def test_unescape_legacy_leaves_other_entities() -> None:
    assert unescape_legacy("&quot;&#39;") == "&quot;&#39;"


def test_typed_entity_shown_as_typed() -> None:
    assert blocks_text(markdown_to_blocks("I literally typed &lt; here")) == (
        "I literally typed &lt; here"
    )


def test_raw_html_shown_as_text() -> None:
    assert blocks_text(markdown_to_blocks("a <b>tag</b>")) == "a <b>tag</b>"


def test_emphasis_strong_code() -> None:
    blocks = markdown_to_blocks("*a* **b** `c`")
    assert blocks[0].spans == (
        Span("a", SpanStyle.EMPHASIS),
        Span(" "),
        Span("b", SpanStyle.STRONG),
        Span(" "),
        Span("c", SpanStyle.CODE),
    )


def test_markdown_link_uses_target() -> None:
    blocks = markdown_to_blocks("[paper](https://arxiv.org/abs/2309.16512)")
    assert blocks[0].spans == (
        Span("paper", SpanStyle.LINK, "https://arxiv.org/abs/2309.16512"),
    )


def test_relative_link_resolved_against_reddit() -> None:
    blocks = markdown_to_blocks("[sub](/r/python)")
    assert blocks[0].spans[0].href == "https://www.reddit.com/r/python"


def test_bare_url_linked() -> None:
    blocks = markdown_to_blocks("read https://a.org/x, then")
    assert blocks[0].spans[1] == Span("https://a.org/x", SpanStyle.LINK, "https://a.org/x")


def test_quote_and_list() -> None:
    blocks = markdown_to_blocks("> quoted\n\n- one\n- two\n\nafter")
    assert [(block.kind, block.text) for block in blocks] == [
        (BlockKind.QUOTE, "quoted"),
        (BlockKind.LIST_ITEM, "one"),
        (BlockKind.LIST_ITEM, "two"),
        (BlockKind.PARAGRAPH, "after"),
    ]


def test_indented_code_keeps_indentation() -> None:
    blocks = markdown_to_blocks("code:\n\n        x = 1\n          y = 2\n")
    assert blocks[1].kind is BlockKind.CODE
    assert blocks[1].text == "    x = 1\n      y = 2"


def test_fenced_code_keeps_entities_literal() -> None:
    blocks = markdown_to_blocks("```\nif a &lt; b:\n    pass\n```")
    assert blocks[0].text == "if a &lt; b:\n    pass"


def test_table_rows() -> None:
    blocks = markdown_to_blocks("| a | b |\n|---|---|\n| 1 | 2 |")
    assert [block.text for block in blocks] == ["a | b", "1 | 2"]


def test_gt_inside_paragraph_not_a_quote() -> None:
    blocks = markdown_to_blocks("x\n\n\\> not a quote")
    assert blocks[1].kind is BlockKind.PARAGRAPH


def test_empty_body_gives_no_blocks() -> None:
    assert markdown_to_blocks("") == ()
    assert markdown_to_blocks(None) == ()
