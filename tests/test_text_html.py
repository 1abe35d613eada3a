"""html_to_blocks: HN, Lobsters and rendered Markdown HTML into blocks of styled spans."""

from __future__ import annotations

from threadtui.model import Block, BlockKind, Span, SpanStyle, blocks_text
from threadtui.text.html import html_to_blocks, link_target


def kinds(blocks: tuple[Block, ...]) -> list[BlockKind]:
    return [block.kind for block in blocks]


def test_none_and_empty_give_no_blocks() -> None:
    assert html_to_blocks(None) == ()
    assert html_to_blocks("") == ()


def test_entities_decoded_once() -> None:
    blocks = html_to_blocks("5 &amp;lt; 6 &#x27;x&#x27;")
    assert blocks_text(blocks) == "5 &lt; 6 'x'"


def test_separator_dialect_paragraphs() -> None:
    blocks = html_to_blocks("first<p>second<p>third")
    assert [block.text for block in blocks] == ["first", "second", "third"]


def test_leading_p_gives_no_empty_paragraph() -> None:
    blocks = html_to_blocks("<p>only</p>")
    assert blocks == (Block(BlockKind.PARAGRAPH, (Span("only"),)),)


def test_newline_outside_pre_is_whitespace() -> None:
    blocks = html_to_blocks("one\ntwo  \n three")
    assert blocks_text(blocks) == "one two three"


def test_inline_styles() -> None:
    blocks = html_to_blocks("a <i>b</i> <b>c</b> <code>d</code> <em>e</em> <strong>f</strong>")
    assert blocks[0].spans == (
        Span("a "),
        Span("b", SpanStyle.EMPHASIS),
        Span(" "),
        Span("c", SpanStyle.STRONG),
        Span(" "),
        Span("d", SpanStyle.CODE),
        Span(" "),
        Span("e", SpanStyle.EMPHASIS),
        Span(" "),
        Span("f", SpanStyle.STRONG),
    )


def test_code_inside_italics_is_code() -> None:
    blocks = html_to_blocks("<i>a <code>b</code></i>")
    assert blocks[0].spans == (Span("a ", SpanStyle.EMPHASIS), Span("b", SpanStyle.CODE))


def test_unclosed_italics_at_end() -> None:
    blocks = html_to_blocks("plain <i>slanted")
    assert blocks[0].spans == (Span("plain "), Span("slanted", SpanStyle.EMPHASIS))


def test_pre_keeps_asterisks_and_indentation() -> None:
    blocks = html_to_blocks("<pre><code>    * Contribute\n    * Implement\n</code></pre>")
    assert blocks == (Block(BlockKind.CODE, (Span("    * Contribute\n    * Implement"),)),)


def test_pre_drops_first_newline_only() -> None:
    blocks = html_to_blocks("<pre>\n\n  x</pre>")
    assert blocks[0].text == "\n  x"


def test_link_target_from_href() -> None:
    blocks = html_to_blocks('<a href="https://a.org/full/path">https://a.org/fu...</a>')
    assert blocks[0].spans == (
        Span("https://a.org/fu...", SpanStyle.LINK, "https://a.org/full/path"),
    )


def test_link_href_entities_decoded() -> None:
    html = '<a href="https:&#x2F;&#x2F;news.ycombinator.com&#x2F;item?id=1&amp;p=2">x</a>'
    assert html_to_blocks(html)[0].spans[0].href == "https://news.ycombinator.com/item?id=1&p=2"


def test_javascript_href_is_not_a_link() -> None:
    blocks = html_to_blocks('<a href="javascript:alert(1)">click</a>')
    assert blocks[0].spans == (Span("click"),)


def test_relative_href_resolved_with_base() -> None:
    blocks = html_to_blocks('<a href="/r/python">r/python</a>', base_url="https://www.reddit.com")
    assert blocks[0].spans[0].href == "https://www.reddit.com/r/python"


def test_relative_href_without_base_is_plain() -> None:
    assert html_to_blocks('<a href="item?id=1">x</a>')[0].spans == (Span("x"),)


def test_empty_link_shows_its_target() -> None:
    blocks = html_to_blocks('see <a href="https://a.org/"></a>')
    assert blocks[0].spans[-1] == Span("https://a.org/", SpanStyle.LINK, "https://a.org/")


def test_link_target_rejects_fragment() -> None:
    assert link_target("#top") is None


def test_gt_paragraph_becomes_quote() -> None:
    blocks = html_to_blocks("<p>&gt; quoted <i>words</i><p>my answer")
    assert kinds(blocks) == [BlockKind.QUOTE, BlockKind.PARAGRAPH]
    assert blocks[0].spans == (Span("quoted "), Span("words", SpanStyle.EMPHASIS))


def test_gt_inside_italics_becomes_quote() -> None:
    blocks = html_to_blocks("intro<p><i>&gt; quoted</i>")
    assert blocks[1] == Block(BlockKind.QUOTE, (Span("quoted", SpanStyle.EMPHASIS),))


def test_gt_prefix_can_be_turned_off() -> None:
    blocks = html_to_blocks("<p>&gt; literal</p>", quote_prefix=False)
    assert blocks[0] == Block(BlockKind.PARAGRAPH, (Span("> literal"),))


def test_blockquote_paragraphs_are_quotes() -> None:
    blocks = html_to_blocks("<blockquote>\n<p>one</p>\n<p>two</p>\n</blockquote>\n<p>after</p>")
    assert kinds(blocks) == [BlockKind.QUOTE, BlockKind.QUOTE, BlockKind.PARAGRAPH]
    assert [block.text for block in blocks] == ["one", "two", "after"]


def test_unordered_list_markers() -> None:
    blocks = html_to_blocks("<ul><li>a</li><li>b</li></ul>")
    assert [(block.kind, block.marker, block.text) for block in blocks] == [
        (BlockKind.LIST_ITEM, "•", "a"),
        (BlockKind.LIST_ITEM, "•", "b"),
    ]


def test_ordered_list_honours_start() -> None:
    blocks = html_to_blocks('<ol start="3"><li>c</li><li>d</li></ol>')
    assert [block.marker for block in blocks] == ["3.", "4."]


def test_nested_list_marker_indented() -> None:
    blocks = html_to_blocks("<ul><li>outer<ul><li>inner</li></ul></li></ul>")
    assert [block.marker for block in blocks] == ["•", "  •"]


def test_loose_list_item_paragraphs() -> None:
    blocks = html_to_blocks("<ol><li><p>first</p><p>more</p></li></ol>")
    assert [(block.kind, block.marker, block.text) for block in blocks] == [
        (BlockKind.LIST_ITEM, "1.", "first"),
        (BlockKind.LIST_ITEM, "", "more"),
    ]


def test_table_rows_become_paragraphs() -> None:
    html = "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>"
    assert [block.text for block in html_to_blocks(html)] == ["a | b", "1 | 2"]


def test_style_content_dropped() -> None:
    assert blocks_text(html_to_blocks("<style>p{}</style>kept")) == "kept"


def test_br_starts_new_block() -> None:
    assert [block.text for block in html_to_blocks("line one<br>line two")] == [
        "line one",
        "line two",
    ]


def test_control_characters_cleaned_in_text() -> None:
    assert blocks_text(html_to_blocks("a\x1b[31mb")) == "a\u241b[31mb"


def test_control_characters_kept_visible_in_code() -> None:
    blocks = html_to_blocks("<pre>a\x1b[31m\n\tb</pre>")
    assert blocks[0].text == "a\u241b[31m\n\tb"


def test_image_alt_text_kept() -> None:
    assert blocks_text(html_to_blocks('<img src="x.png" alt="diagram">')) == "diagram"


def test_bare_urls_linked_on_request() -> None:
    blocks = html_to_blocks("<p>see https://a.org/x.</p>", link_bare_urls=True)
    assert blocks[0].spans == (
        Span("see "),
        Span("https://a.org/x", SpanStyle.LINK, "https://a.org/x"),
        Span("."),
    )


def test_bare_urls_not_linked_by_default() -> None:
    assert html_to_blocks("see https://a.org/x")[0].spans == (Span("see https://a.org/x"),)
