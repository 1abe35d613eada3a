"""Convert comment HTML (Hacker News, Lobsters, rendered Markdown) into blocks of styled spans.

The converter is built on the standard library's `html.parser`, which decodes character
references in text and attribute values exactly once, so `&lt;int&gt;` inside `<code>` becomes
`<int>` and is never mistaken for a tag afterwards. What it produces:

- paragraphs from both HN dialects: separators (`a<p>b`) and pairs (`<p>a</p><p>b</p>`) give
  the same blocks, never an empty leading paragraph;
- QUOTE blocks from `<blockquote>`, and (for HN, which has no quote markup) from a paragraph
  whose text starts with `>`;
- one CODE block per `<pre>`, keeping its newlines and indentation;
- LIST_ITEM blocks with their marker (`•`, `1.`), nested lists indented by two spaces;
- inline emphasis, strong, code and link spans; a link's target always comes from `href`;
- table rows as paragraphs with cells separated by ` | `.

Outside `<pre>`, newlines are whitespace. `<script>`, `<style>` and `<template>` content is
dropped. Every text and URL passes through `clean_text`/`clean_url`.

Comment HTML from HN and Lobsters is nearly always a few simple tags (`<p>`, `<i>`, `<a href>`,
`<pre><code>`) and entities. Such HTML is split into tags and text by one regular expression,
which takes about half the time of `HTMLParser`'s own scanner; anything else (comments,
unknown or malformed tags, a stray `<`) goes through `HTMLParser`. Both feed the same event
handlers, and a test checks that they give the same blocks.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from threadtui.model import Block, BlockKind, Span, SpanStyle
from threadtui.text.plain import linkify
from threadtui.text.sanitize import clean_text, clean_url

_WHITESPACE_RUN = re.compile(r"[ \t\n\r\f\v]+")
_QUOTE_PREFIX = re.compile(r"^(?:>\s*)+")

_SKIPPED_TAGS = frozenset({"script", "style", "template", "head", "title"})
_PARAGRAPH_TAGS = frozenset(
    {
        "p", "div", "section", "article", "header", "footer", "main", "aside", "nav",
        "figure", "figcaption", "details", "summary", "dl", "dt", "dd", "center", "address",
        "body", "html",
    }
)
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_EMPHASIS_TAGS = frozenset({"i", "em", "cite", "var", "dfn"})
_STRONG_TAGS = frozenset({"b", "strong"})
_CODE_TAGS = frozenset({"code", "tt", "kbd", "samp"})

# Schemes a link span may carry. Anything else (javascript:, data:, file:) stays plain text.
LINK_SCHEMES = frozenset({"http", "https", "mailto", "ftp"})

BULLET = "•"


def html_to_blocks(
    html: str | None,
    *,
    base_url: str | None = None,
    quote_prefix: bool = True,
    link_bare_urls: bool = False,
) -> tuple[Block, ...]:
    """Convert one comment's HTML into blocks.

    Args:
        html: The HTML text as the site sent it (entities still encoded), or None.
        base_url: Resolves relative link targets (`/r/python`); without it a relative
            `href` gives plain text instead of a link.
        quote_prefix: Turn a paragraph starting with `>` into a QUOTE block. Hacker News
            marks quotes only this way; sites with real `<blockquote>` can turn it off.
        link_bare_urls: Turn bare http(s) URLs in text (outside `<a>` and code) into link
            spans, as Reddit does when it renders Markdown.
    """
    if not html:
        return ()
    converter = _HtmlConverter(
        base_url=base_url, quote_prefix=quote_prefix, link_bare_urls=link_bare_urls
    )
    tags = _simple_tags(html)
    if tags is None:
        converter.feed(html)
    else:
        _feed_simple(converter, html, tags)
    converter.close()
    return tuple(converter.blocks)


# The tags the fast path accepts: the converter's own, plus a few it ignores. `script`,
# `style` and the other elements whose content `HTMLParser` reads as raw text are left out,
# so the fast path never has to know which those are in a given Python version.
_SIMPLE_TAG_NAMES = frozenset(
    {
        "p", "br", "hr", "div", "span", "i", "em", "cite", "var", "dfn", "b", "strong", "u", "s",
        "del", "ins", "sup", "sub", "small", "code", "tt", "kbd", "samp", "pre", "a", "blockquote",
        "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr",
        "td", "th", "img",
    }
)

# A start tag with quoted attribute values, or an end tag without attributes or spaces.
_SIMPLE_TAG = re.compile(
    r"<(?:/([a-zA-Z][a-zA-Z0-9]*)>"
    r"|([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z][-a-zA-Z0-9]*(?:=(?:\"[^\"]*\"|'[^']*'))?)*)\s*(/?)>)"
)
_SIMPLE_ATTRIBUTE = re.compile(r"\s+([a-zA-Z][-a-zA-Z0-9]*)(?:=(?:\"([^\"]*)\"|'([^']*)'))?")


def _simple_tags(html: str) -> list[re.Match[str]] | None:
    """Return the tags of HTML made only of simple tags and text, or None for anything else."""
    if "<" not in html:
        return []
    tags = list(_SIMPLE_TAG.finditer(html))
    if len(tags) != html.count("<"):
        return None
    for tag in tags:
        if (tag.group(1) or tag.group(2)).lower() not in _SIMPLE_TAG_NAMES:
            return None
    return tags


def _feed_simple(converter: _HtmlConverter, html: str, tags: list[re.Match[str]]) -> None:
    """Send the events `HTMLParser` would send for simple HTML, from its tags found already."""
    position = 0
    for tag in tags:
        start = tag.start()
        if start > position:
            converter.handle_data(_unescape_text(html[position:start]))
        position = tag.end()
        name = tag.group(1)
        if name is not None:
            converter.handle_endtag(name.lower())
            continue
        attributes = [
            (attribute.group(1).lower(), _attribute_value(attribute))
            for attribute in _SIMPLE_ATTRIBUTE.finditer(tag.group(3))
        ]
        if tag.group(4):
            converter.handle_startendtag(tag.group(2).lower(), attributes)
        else:
            converter.handle_starttag(tag.group(2).lower(), attributes)
    if position < len(html):
        converter.handle_data(_unescape_text(html[position:]))


def _attribute_value(attribute: re.Match[str]) -> str | None:
    value = attribute.group(2) if attribute.group(2) is not None else attribute.group(3)
    return unescape(value) if value else value


def _unescape_text(text: str) -> str:
    """Return `html.unescape(text)`, replacing the entities HN writes without a regex pass."""
    if "&" not in text:
        return text
    simple = (
        text.replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&quot;", '"')
        .replace("&gt;", ">")
        .replace("&lt;", "<")
    )
    if simple.count("&") != simple.count("&amp;"):
        return unescape(text)
    return simple.replace("&amp;", "&")


def link_target(href: str | None, base_url: str | None = None) -> str | None:
    """Return the cleaned, absolute target of an `href`, or None if it must not be a link.

    Only http(s), mailto and ftp targets become links; a relative target is resolved against
    `base_url` when one is given.
    """
    url = clean_url(href)
    if url is None or url.startswith("#"):
        return None
    scheme = urlsplit(url).scheme.lower()
    if not scheme:
        if base_url is None:
            return None
        url = urljoin(base_url, url)
        scheme = urlsplit(url).scheme.lower()
    return url if scheme in LINK_SCHEMES else None


class _HtmlConverter(HTMLParser):
    """An event handler that accumulates blocks while `HTMLParser` walks the markup."""

    def __init__(self, *, base_url: str | None, quote_prefix: bool, link_bare_urls: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._base_url = base_url
        self._quote_prefix = quote_prefix
        self._link_bare_urls = link_bare_urls

        # The block being built: finished spans plus the run of text in the current style.
        self._spans: list[Span] = []
        self._run: list[str] = []
        self._run_style = SpanStyle.PLAIN
        self._run_href: str | None = None
        self._at_space = True  # True at a block start or after a space, so spaces collapse.

        # Inline state.
        self._emphasis = 0
        self._strong = 0
        self._code = 0
        self._links: list[tuple[str | None, int]] = []  # (target, block text length at <a>)
        self._text_length = 0

        # Block containers, innermost last: ("blockquote", 0) or ("ul"/"ol", next number).
        self._containers: list[list] = []
        self._pending_marker: str | None = None
        self._in_list_item = 0
        self._skip = 0
        self._pre_depth = 0
        self._pre_text: list[str] = []
        self._cells_in_row = 0

    # -- HTMLParser events ----------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip:
            if tag in _SKIPPED_TAGS:
                self._skip += 1
            return
        if tag in _SKIPPED_TAGS:
            self._skip = 1
            return
        if self._pre_depth:
            if tag == "pre":
                self._pre_depth += 1
            elif tag == "br":
                self._pre_text.append("\n")
            return

        if tag == "pre":
            self._flush()
            self._pre_depth = 1
            self._pre_text = []
        elif tag in _PARAGRAPH_TAGS or tag == "hr":
            self._flush()
        elif tag in _HEADING_TAGS:
            self._flush()
            self._strong += 1
        elif tag == "br":
            self._flush()
        elif tag == "blockquote":
            self._flush()
            self._containers.append(["blockquote", 0])
        elif tag in ("ul", "ol", "menu"):
            self._flush()
            self._containers.append([tag, _start_number(attrs)])
        elif tag == "li":
            self._start_list_item(attrs)
        elif tag == "tr":
            # No flush here: `</tr>` ends a row, and text just before a table (`ok<table>`)
            # joins the first row as if the cell were inline.
            self._cells_in_row = 0
        elif tag in ("td", "th"):
            self._start_cell()
        elif tag in _EMPHASIS_TAGS:
            self._emphasis += 1
        elif tag in _STRONG_TAGS:
            self._strong += 1
        elif tag in _CODE_TAGS:
            self._code += 1
        elif tag == "a":
            href = dict(attrs).get("href")
            self._links.append((link_target(href, self._base_url), self._text_length))
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self._add_text(alt)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # `<br/>` and `<hr/>` are void; `<p/>` and `<a/>` open and close at once.
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "hr", "img"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            if tag in _SKIPPED_TAGS:
                self._skip -= 1
            return
        if self._pre_depth:
            if tag == "pre":
                self._pre_depth -= 1
                if not self._pre_depth:
                    self._finish_pre()
            return

        if tag in _PARAGRAPH_TAGS:
            self._flush()
        elif tag in _HEADING_TAGS:
            self._flush()
            self._strong = max(0, self._strong - 1)
        elif tag == "blockquote":
            self._flush()
            self._pop_container("blockquote")
        elif tag in ("ul", "ol", "menu"):
            self._flush()
            self._pop_container(tag)
        elif tag == "li":
            self._flush()
            self._in_list_item = max(0, self._in_list_item - 1)
            self._pending_marker = None
        elif tag == "tr":
            self._flush()
        elif tag in _EMPHASIS_TAGS:
            self._emphasis = max(0, self._emphasis - 1)
        elif tag in _STRONG_TAGS:
            self._strong = max(0, self._strong - 1)
        elif tag in _CODE_TAGS:
            self._code = max(0, self._code - 1)
        elif tag == "a" and self._links:
            target, length_at_start = self._links[-1]
            if target is not None and self._text_length == length_at_start:
                # An empty <a> would lose its link; show the target as its text.
                self._add_text(target)
            self._links.pop()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._pre_depth:
            self._pre_text.append(data)
            return
        self._add_text(data)

    def close(self) -> None:
        super().close()
        if self._pre_depth:
            self._finish_pre()
        self._flush()

    # -- building blocks ------------------------------------------------------------------

    def _current_style(self) -> tuple[SpanStyle, str | None]:
        if self._links and self._links[-1][0] is not None:
            return SpanStyle.LINK, self._links[-1][0]
        if self._code:
            return SpanStyle.CODE, None
        if self._strong:
            return SpanStyle.STRONG, None
        if self._emphasis:
            return SpanStyle.EMPHASIS, None
        return SpanStyle.PLAIN, None

    def _add_text(self, data: str) -> None:
        text = clean_text(data)
        # `clean_text` has made tabs and line breaks spaces, so only a double space leaves
        # work for the substitution, which is slow on text with many single spaces.
        if "  " in text:
            text = _WHITESPACE_RUN.sub(" ", text)
        if self._at_space and text.startswith(" "):
            text = text[1:]
        if not text:
            return

        style, href = self._current_style()
        if (style, href) != (self._run_style, self._run_href):
            self._end_run()
            self._run_style, self._run_href = style, href
        self._run.append(text)
        self._text_length += len(text)
        self._at_space = text.endswith(" ")

    def _end_run(self) -> None:
        if not self._run:
            return
        text = "".join(self._run)
        self._run = []
        if self._link_bare_urls and self._run_style in (
            SpanStyle.PLAIN, SpanStyle.EMPHASIS, SpanStyle.STRONG
        ):
            self._spans.extend(linkify(text, self._run_style))
        else:
            self._spans.append(Span(text, self._run_style, self._run_href))

    def _flush(self) -> None:
        """End the current block and append it, unless it holds no visible text."""
        self._end_run()
        spans = _trim_spans(self._spans)
        self._spans = []
        self._at_space = True
        self._text_length = 0
        # Links still open continue into the next block with their text counted afresh.
        self._links = [(target, 0) for target, _ in self._links]
        if not spans:
            return

        kind, marker = self._block_kind()
        if kind is BlockKind.PARAGRAPH and self._quote_prefix and spans[0].text.startswith(">"):
            spans = _strip_quote_prefix(spans)
            kind = BlockKind.QUOTE
            if not spans:
                return
        self.blocks.append(Block(kind, tuple(spans), marker))

    def _block_kind(self) -> tuple[BlockKind, str]:
        for container in reversed(self._containers):
            if container[0] in ("ul", "ol", "menu") and self._in_list_item:
                marker = self._pending_marker or ""
                self._pending_marker = None
                return BlockKind.LIST_ITEM, marker
            if container[0] == "blockquote":
                return BlockKind.QUOTE, ""
        if self._in_list_item:
            # An <li> outside any list: still a list item.
            marker = self._pending_marker or ""
            self._pending_marker = None
            return BlockKind.LIST_ITEM, marker
        return BlockKind.PARAGRAPH, ""

    def _start_list_item(self, attrs: list[tuple[str, str | None]]) -> None:
        self._flush()
        lists = [c for c in self._containers if c[0] in ("ul", "ol", "menu")]
        indent = "  " * max(0, len(lists) - 1)
        if lists and lists[-1][0] == "ol":
            value = dict(attrs).get("value")
            if value and value.strip().lstrip("-").isdigit():
                lists[-1][1] = int(value)
            self._pending_marker = f"{indent}{lists[-1][1]}."
            lists[-1][1] += 1
        else:
            self._pending_marker = f"{indent}{BULLET}"
        self._in_list_item += 1

    def _pop_container(self, tag: str) -> None:
        for index in range(len(self._containers) - 1, -1, -1):
            if self._containers[index][0] == tag:
                del self._containers[index:]
                return

    def _start_cell(self) -> None:
        if self._cells_in_row:
            self._add_separator(" | ")
        elif self._spans or self._run:
            self._add_separator(" ")
        self._cells_in_row += 1

    def _add_separator(self, separator: str) -> None:
        if self._at_space:
            separator = separator.lstrip(" ")
        if (SpanStyle.PLAIN, None) != (self._run_style, self._run_href):
            self._end_run()
            self._run_style, self._run_href = SpanStyle.PLAIN, None
        self._run.append(separator)
        self._at_space = separator.endswith(" ")

    def _finish_pre(self) -> None:
        text = clean_text("".join(self._pre_text), keep_newlines=True)
        self._pre_text = []
        self._pre_depth = 0
        # HTML ignores one newline right after <pre>; trailing blank lines carry nothing.
        if text.startswith("\n"):
            text = text[1:]
        text = text.rstrip()
        if text.strip():
            self.blocks.append(Block(BlockKind.CODE, (Span(text),)))


def _start_number(attrs: list[tuple[str, str | None]]) -> int:
    start = dict(attrs).get("start")
    if start and start.strip().lstrip("-").isdigit():
        return int(start)
    return 1


def _trim_spans(spans: list[Span]) -> list[Span]:
    """Strip whitespace at both ends of a block and drop spans left empty."""
    trimmed = list(spans)
    # `isspace` scans without copying; `not text.strip()` copied every long span.
    while trimmed and (not trimmed[0].text or trimmed[0].text.isspace()):
        trimmed.pop(0)
    while trimmed and (not trimmed[-1].text or trimmed[-1].text.isspace()):
        trimmed.pop()
    if not trimmed:
        return []
    first = trimmed[0]
    if first.text.startswith(" "):
        trimmed[0] = Span(first.text.lstrip(" "), first.style, first.href)
    last = trimmed[-1]
    if last.text.endswith(" "):
        trimmed[-1] = Span(last.text.rstrip(" "), last.style, last.href)
    return trimmed


def _strip_quote_prefix(spans: list[Span]) -> list[Span]:
    first = spans[0]
    rest = _QUOTE_PREFIX.sub("", first.text)
    if rest:
        return [Span(rest, first.style, first.href), *spans[1:]]
    return _trim_spans(spans[1:])
