"""Simple comment HTML split by one regex gives the same blocks as `HTMLParser` does."""

from __future__ import annotations

from html import unescape

from hypothesis import given, settings
from hypothesis import strategies as st
from thread_generator import generate_thread

from threadtui.text.html import _HtmlConverter, _simple_tags, _unescape_text, html_to_blocks


def blocks_from_html_parser(html: str, **options) -> tuple:
    """Convert with `HTMLParser` alone, the path the fast one must agree with."""
    converter = _HtmlConverter(
        base_url=options.get("base_url"),
        quote_prefix=options.get("quote_prefix", True),
        link_bare_urls=options.get("link_bare_urls", False),
    )
    converter.feed(html)
    converter.close()
    return tuple(converter.blocks)


PIECES = [
    "<p>", "</p>", "<i>", "</i>", "<b>", "</B>", "<pre><code>", "</code></pre>", "<br>", "<br/>",
    '<a href="https:&#x2F;&#x2F;arxiv.org&#x2F;abs&#x2F;2401.00001" rel="nofollow">', "</a>",
    "<a href='/r/python'>", "<a>", "<blockquote>", "</blockquote>", "<ul>", "<li>", "</li>",
    "</ul>", '<ol start="3">', "</ol>", "<h2>", "</h2>", "<table><tr><td>", "</td><td>",
    "</td></tr></table>", "<img alt=\"pic\">", "<span class=x>", "<script>x</script>",
    "<!-- note -->", "< b", "a<b", "<3", "</ p>", "<P CLASS=\"x\">", "<div\nclass=\"y\">",
    "&gt; quoted", "&amp;lt;", "&#x27;", "&quot;", "&lt;int&gt;", "AT&T", "&ltx", "&#39;",
    "&#X27;", "&amp;", "&nbsp;", "word", " ", "  ", "\n", "\t", "東京", "😂", ">",
]

HTML = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=600, deadline=None)
@given(html=HTML)
def test_fast_path_matches_html_parser(html: str):
    assert html_to_blocks(html) == blocks_from_html_parser(html)


@settings(max_examples=300, deadline=None)
@given(html=HTML)
def test_fast_path_matches_with_options(html: str):
    options = {"base_url": "https://www.reddit.com", "quote_prefix": False, "link_bare_urls": True}
    assert html_to_blocks(html, **options) == blocks_from_html_parser(html, **options)


@settings(max_examples=600, deadline=None)
@given(text=st.lists(st.sampled_from(["&#x27;", "&#x2F;", "&quot;", "&gt;", "&lt;", "&amp;", "&amp;lt;",
                                      "&", "&lt", "&#x2f;", "&#39;", "a", " ", ";", "#", "x27"]),
                     max_size=30).map("".join))
def test_entity_shortcut_matches_unescape(text: str):
    assert _unescape_text(text) == unescape(text)


def test_hn_comment_takes_the_fast_path():
    html = 'It&#x27;s <i>fast</i>: <a href="https:&#x2F;&#x2F;example.org&#x2F;x" rel="nofollow">x</a><p>&gt; quote'
    assert _simple_tags(html) is not None


def test_script_takes_html_parser():
    assert _simple_tags("<p>a<script>b</script>") is None


def test_generated_thread_converts_alike():
    stack = [generate_thread(comments=400, seed=11)]
    texts = []
    while stack:
        node = stack.pop()
        if node.get("text"):
            texts.append(node["text"])
        stack.extend(node["children"])
    assert all(html_to_blocks(text) == blocks_from_html_parser(text) for text in texts)
