"""Convert Reddit comment Markdown (the `body` field) into blocks.

Why `body` and not `body_html`: without `raw_json=1`, Reddit escapes `&`, `<` and `>` in every
string of the response, so `body_html` arrives escaped twice over and `body` once. Rendering
`body` ourselves keeps one rule for both fetch modes. Undo the legacy escaping once
(`unescape_legacy`) when the payload shows it, then render: what is left in `body` is exactly
what the user typed. Entities the user typed (`&lt;`) are shown as typed, not decoded a
second time.

Rendering uses markdown-it-py's CommonMark parser with tables and strikethrough, raw HTML off
(Reddit shows typed tags as text) and the entity rule off (see above). The HTML it produces
goes through `html_to_blocks`, so Reddit text ends up in the same blocks as HN and Lobsters
text; bare URLs become links, as on Reddit.

NOTE: Reddit-only syntax is shown as typed: superscript (`^word`), spoilers (`>!text!<`) and
the automatic `r/name` and `u/name` links.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from threadtui.model import Block
from threadtui.text.html import html_to_blocks

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

REDDIT_SITE = "https://www.reddit.com"


@cache
def _markdown() -> MarkdownIt:
    """Return the Markdown renderer, built on first use so that only Reddit threads pay for
    importing markdown-it (about 30 ms)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"]).disable("entity")

_LEGACY_ENTITY = re.compile(r"&(amp|lt|gt);")
_LEGACY_CHARS = {"amp": "&", "lt": "<", "gt": ">"}


def unescape_legacy(text: str) -> str:
    """Undo Reddit's legacy escaping (`&amp;`, `&lt;`, `&gt;`) exactly once.

    Only these three entities are touched, in one pass, so `&amp;lt;` (a typed `&lt;`)
    becomes `&lt;` and stays that way.
    """
    if "&" not in text:
        return text
    return _LEGACY_ENTITY.sub(lambda match: _LEGACY_CHARS[match.group(1)], text)


def markdown_to_blocks(source: str | None, *, base_url: str = REDDIT_SITE) -> tuple[Block, ...]:
    """Render Markdown (already unescaped) into blocks.

    Relative link targets (`[sub](/r/python)`) are resolved against `base_url`.
    """
    if not source or not source.strip():
        return ()
    html = _markdown().render(source)
    return html_to_blocks(html, base_url=base_url, quote_prefix=False, link_bare_urls=True)
