"""Remote text made safe to draw: the app's last line of defence in front of the terminal.

Parsers clean what they read, but text also reaches widgets from paper metadata cached by
older versions, from error messages and from strings the app builds out of remote ones.
Textual's `Content` is never parsed as markup, but it passes ESC, most C0 and all C1
controls, bidi overrides and lone surrogates to the terminal as they are. So every remote
string shown through `Content`, an option prompt or a notification goes through one of these.
"""

from __future__ import annotations

from threadtui.text.sanitize import clean_text

TAB_SIZE = 4


def single_line(text: str | None) -> str:
    """Return text for a one-line field: line breaks and tabs become spaces, controls visible.

    ESC and the other C0 controls become control pictures (`␛`), C1 controls and bidi
    controls are dropped, and lone surrogates become U+FFFD, as `clean_text` does.
    """
    return clean_text(text or "")


def multi_line(text: str | None) -> str:
    """Return text for a multi-line field: like `single_line`, but newlines are kept.

    Tabs are expanded to spaces, because a tab drawn in a terminal moves the cursor to the
    next tab stop and shifts everything after it on the line.
    """
    return clean_text(text or "", keep_newlines=True).expandtabs(TAB_SIZE)


def crop_to_cells(text: str, width: int) -> str:
    """Return the start of one-line text that fits in `width` terminal cells, whole graphemes only.

    Rich counts a joined emoji (a ZWJ sequence) as one 2-cell grapheme, while Textual 8.2.8
    crops it as its separate code points. Cut there, the line reports one cell less than it
    draws, which shifts what follows it. So each grapheme is measured here as the sum of its
    code points, the wider of the two counts, and Textual is left nothing to crop.
    """
    from rich.cells import get_character_cell_size, split_graphemes

    spans, _ = split_graphemes(text)
    used = 0
    for start, stop, _ in spans:
        cells = sum(get_character_cell_size(character) for character in text[start:stop])
        if used + cells > width:
            return text[:start]
        used += cells
    return text
