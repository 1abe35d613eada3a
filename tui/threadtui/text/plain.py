"""Convert plain text (dump lines, browser pastes) into blocks, finding bare URLs as links.

The rules, one line at a time:

- every non-blank line is its own paragraph, because dumps and pastes of HN put one paragraph
  on one line;
- a line starting with `>` is a QUOTE block without the `>`;
- a line starting with `- `, `* ` or `• ` is a LIST_ITEM block with the marker `•`;
- a line indented by two or more spaces (or a tab) is code when it starts the text, follows a
  blank line, follows another code line or follows a line ending with `:`. Consecutive code
  lines, with any blank lines between them, form one CODE block that keeps their indentation;
- a footnote line `[N] …` stays a paragraph; its URL becomes a link span like any other;
- a bare `http://` or `https://` URL becomes a link span. Punctuation that cannot end a URL
  (`.,;:!?` and quotes) is left out of it, and so is a closing bracket without its opening
  one inside the URL, so `(see https://a.org/x_(y))` links to `https://a.org/x_(y)`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from threadtui.model import Block, BlockKind, Span, SpanStyle
from threadtui.text.sanitize import clean_text

# A URL runs to the next whitespace, angle bracket, double quote, backtick or control picture
# (what `clean_text` leaves of a control character), so `…\x07click` cannot extend a link.
URL_PATTERN = re.compile(r"https?://[^\s<>\"`\u2400-\u243f\u0000-\u001f\u007f]+", re.IGNORECASE)

_TRAILING_PUNCTUATION = ".,;:!?'\"*’”‘“…"
_BRACKETS = {")": "(", "]": "[", "}": "{"}

_CODE_INDENT = re.compile(r"^(?: {2,}|\t)\S")
_QUOTE_LINE = re.compile(r"^\s*>")
_QUOTE_PREFIX = re.compile(r"^\s*(?:>\s?)+")
_LIST_LINE = re.compile(r"^\s*[-*•]\s+(?=\S)")
BULLET = "•"


def trim_url(candidate: str) -> str:
    """Return the part of a regex match that is the URL, without trailing punctuation.

    Cuts the match at the first closing bracket that has no opening bracket before it inside
    the URL (Wikipedia-style `_(disambiguation)` keeps its parentheses, while
    `[link=https://a.org]x[/link]` links only `https://a.org`), then strips `.,;:!?`, quotes
    and `…` from the end.
    """
    depth = {opening: 0 for opening in _BRACKETS.values()}
    url = candidate
    for position, character in enumerate(candidate):
        if character in depth:
            depth[character] += 1
        elif character in _BRACKETS:
            opening = _BRACKETS[character]
            if depth[opening] == 0:
                url = candidate[:position]
                break
            depth[opening] -= 1
    while url and url[-1] in _TRAILING_PUNCTUATION:
        url = url[:-1]
    return url


def linkify(text: str, style: SpanStyle = SpanStyle.PLAIN) -> list[Span]:
    """Split already-cleaned text into spans, turning bare http(s) URLs into link spans.

    Text outside URLs keeps `style`.
    """
    spans: list[Span] = []
    position = 0
    for match in URL_PATTERN.finditer(text):
        url = trim_url(match.group())
        if len(url) <= len("https://"):
            continue
        start = match.start()
        if start > position:
            spans.append(Span(text[position:start], style))
        spans.append(Span(url, SpanStyle.LINK, url))
        position = start + len(url)
    if position < len(text):
        spans.append(Span(text[position:], style))
    return spans


def line_spans(line: str) -> tuple[Span, ...]:
    """Clean one line of untrusted text and return its spans with bare URLs linked."""
    return tuple(linkify(clean_text(line).strip()))


def is_code_line(line: str) -> bool:
    """Return True if the line is indented like HN code (two or more spaces, or a tab)."""
    return bool(_CODE_INDENT.match(line))


def plain_to_blocks(lines: Iterable[str] | str) -> tuple[Block, ...]:
    """Convert plain-text lines (or one string, split at newlines) into blocks."""
    if isinstance(lines, str):
        lines = lines.splitlines()

    blocks: list[Block] = []
    code_lines: list[str] = []
    previous = ""  # The previous line as given; "" at the start and after a blank line.

    def end_code() -> None:
        if code_lines:
            code = clean_text("\n".join(code_lines), keep_newlines=True).rstrip()
            blocks.append(Block(BlockKind.CODE, (Span(code),)))
            code_lines.clear()

    blank_in_code = 0  # Blank lines seen inside a code block, kept if more code follows.
    for raw in lines:
        line = raw.rstrip("\r\n").rstrip()
        if not line.strip():
            if code_lines:
                blank_in_code += 1
            previous = ""
            continue
        if code_lines and blank_in_code and is_code_line(line):
            code_lines.extend([""] * blank_in_code)
        blank_in_code = 0

        code_may_start = not previous.strip() or bool(code_lines) or previous.rstrip().endswith(":")
        if is_code_line(line) and code_may_start:
            code_lines.append(line)
            previous = line
            continue
        end_code()

        if _QUOTE_LINE.match(line):
            spans = line_spans(_QUOTE_PREFIX.sub("", line, count=1))
            if spans:
                blocks.append(Block(BlockKind.QUOTE, spans))
        elif _LIST_LINE.match(line):
            spans = line_spans(_LIST_LINE.sub("", line, count=1))
            blocks.append(Block(BlockKind.LIST_ITEM, spans, BULLET))
        else:
            spans = line_spans(line)
            if spans:
                blocks.append(Block(BlockKind.PARAGRAPH, spans))
        previous = line

    end_code()
    return tuple(blocks)
