"""The one sanitiser every string from a thread goes through before it enters the model.

Thread text is untrusted: a title or comment can carry terminal escape sequences (an OSC 8
hyperlink that points somewhere else, a "clear screen") or bidi overrides that make text read
differently from how it is stored. `clean_text` makes such characters harmless:

- ESC (U+001B) becomes `␛`; the other C0 controls and DEL become their Unicode control
  pictures (U+2400–U+2421), so they stay visible instead of acting on the terminal;
- C1 controls (U+0080–U+009F) are dropped, because they have no control pictures and some
  terminals treat U+009B as CSI;
- bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) are removed;
- lone surrogates (U+D800–U+DFFF), which a JSON `\\ud800` escape produces, become U+FFFD:
  UTF-8 cannot encode them, so writing one to the terminal or the database would fail;
- zero-width characters (U+200B, ZWJ, ZWNJ) are kept: emoji sequences and some scripts need
  them, and they cannot change terminal state.

Newline and tab survive only with `keep_newlines=True` (code blocks and multi-line text);
otherwise they, CR, and the Unicode line separators are whitespace and become a space.
"""

from __future__ import annotations

import re
from dataclasses import fields, replace

from threadtui.model import Paper

ESCAPE_PICTURE = "\u241b"  # ␛
DELETE_PICTURE = "\u2421"  # ␡
REPLACEMENT_CHARACTER = "\ufffd"  # �

_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_WHITESPACE_CONTROLS = "\t\n\r\x0b\x0c\x85\u2028\u2029"


def _build_table(*, keep_newlines: bool) -> dict[int, str | None]:
    table: dict[int, str | None] = {code: chr(0x2400 + code) for code in range(0x20)}
    table[0x1B] = ESCAPE_PICTURE
    table[0x7F] = DELETE_PICTURE
    for code in range(0x80, 0xA0):
        table[code] = None
    for char in _BIDI_CONTROLS:
        table[ord(char)] = None
    for code in range(0xD800, 0xE000):
        table[code] = REPLACEMENT_CHARACTER
    for char in _WHITESPACE_CONTROLS:
        table[ord(char)] = " "
    if keep_newlines:
        table[ord("\n")] = "\n"
        table[ord("\t")] = "\t"
        table[ord("\u2028")] = "\n"
        table[ord("\u2029")] = "\n"
        # A lone CR moves the cursor to the line start and lets later text overwrite earlier
        # text, so it stays visible; CRLF pairs are folded to LF before translation.
        table[ord("\r")] = chr(0x240D)
    return table


_SINGLE_LINE_TABLE = _build_table(keep_newlines=False)
_MULTI_LINE_TABLE = _build_table(keep_newlines=True)

# Characters that the translation tables change; text without any of them is returned as is.
_NEEDS_CLEANING = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff" + _BIDI_CONTROLS + "]"
)


def clean_text(text: str, *, keep_newlines: bool = False) -> str:
    """Return `text` with control characters made visible or dropped and bidi controls removed.

    With `keep_newlines=True`, `\\n` and `\\t` are kept (for code blocks and multi-line text)
    and CRLF becomes LF; otherwise all line breaks and tabs become spaces.
    """
    if not _NEEDS_CLEANING.search(text):
        return text
    if keep_newlines:
        text = text.replace("\r\n", "\n")
        return text.translate(_MULTI_LINE_TABLE)
    return text.translate(_SINGLE_LINE_TABLE)


def clean_optional(text: object) -> str | None:
    """Return a cleaned single-line string, or None for None, non-strings and blank strings.

    Used for fields such as author and title that a site may omit or send as null.
    """
    if not isinstance(text, str):
        return None
    cleaned = clean_text(text).strip()
    return cleaned or None


def clean_url(url: object) -> str | None:
    """Return a cleaned URL with surrounding whitespace removed, or None if there is none.

    Spaces inside a URL are percent-encoded so the result is one token; control characters
    become visible pictures, which leaves the URL invalid rather than dangerous.
    """
    if not isinstance(url, str):
        return None
    cleaned = clean_text(url).strip()
    if not cleaned:
        return None
    return cleaned.replace(" ", "%20")


def clean_paper(paper: Paper) -> Paper:
    """Return paper metadata with every text field cleaned like thread text.

    Titles, authors and abstracts come from arXiv, Crossref or a cache written by an older
    version, and reach the screen, the `links` report and the Markdown export. Link targets
    go through `clean_url`, and links that clean to nothing are dropped.
    """
    changes: dict[str, object] = {}
    for field in fields(paper):
        value = getattr(paper, field.name)
        if isinstance(value, str):
            changes[field.name] = clean_text(value)
        elif isinstance(value, list):
            changes[field.name] = [clean_text(item) if isinstance(item, str) else item for item in value]
    links = {clean_text(name): clean_url(url) for name, url in paper.links.items()}
    changes["links"] = {name: url for name, url in links.items() if url}
    return replace(paper, **changes)
