"""Hostile strings for property tests, and checks that rendered lines show them literally.

The strategy mixes fragments that attack each layer a string passes through on its way to
the terminal. They include Textual content markup and Rich console markup (`[b]`,
`[@click=…]`, `[/`), backslash escapes, `$variables` and terminal escape sequences (CSI,
OSC 8 hyperlinks, BEL). C0 and C1 controls, bidi overrides, zero-width and wide characters
and lone surrogates come too. JSON `\\ud800` escapes produce lone surrogates, and UTF-8
cannot encode them.
"""

from __future__ import annotations

import string

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from rich.segment import Segment

FRAGMENTS = [
    "[",
    "]",
    "[/",
    "[/]",
    "[b]",
    "[bold red]",
    "[@click=app.quit]",
    "[@click=screen.dismiss]",
    "[link=https://evil.example]",
    "[on red]",
    "[reverse]",
    "[$accent]",
    "[0]",
    "\\[b]",
    "\\",
    "\\\\",
    "$text",
    "${accent}",
    "\x1b[2J",
    "\x1b[31m",
    "\x1b]8;;https://evil.example\x07",
    "\x1b]8;;\x07",
    "\x1b]0;title\x07",
    "\x1bP",
    "\x9b31m",
    "\x9d",
    "\x07",
    "\x08",
    "\r",
    "\n",
    "\t",
    "\x00",
    "\x7f",
    "\u202e",
    "\u202d",
    "\u2066",
    "\u2069",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\u2028",
    "\u00ad",
    "東京",
    "😂",
    "👩\u200d👩\u200d👧",
    "🇳🇱",
    "👁\ufe0f",
    "\u0301",
    "\ud800",
    "\udfff",
]

HOSTILE_CHARACTERS = (
    [chr(code) for code in range(0x00, 0x20)]
    + ["\x7f"]
    + [chr(code) for code in range(0x80, 0xA0)]
    + list("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u2028\u2029")
    + list("[]\\$@=/:;'\"<>&{}")
)

hostile_text = st.lists(
    st.one_of(
        st.sampled_from(FRAGMENTS),
        st.text(alphabet=st.sampled_from(HOSTILE_CHARACTERS), max_size=6),
        st.text(alphabet=string.ascii_letters + " ", max_size=12),
        st.text(max_size=8),
    ),
    max_size=12,
).map("".join)
"""Up to a dozen hostile fragments and random characters, joined."""

# No example database: the property tests must not write into the repository, and each run
# draws fresh examples. 500 examples per field is the promised minimum.
PROPERTY_SETTINGS = settings(
    max_examples=500,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Characters that must never reach the terminal from remote text: C0 controls (newline and
# tab included, since strips are single lines), DEL, C1 controls, bidi embeddings, overrides
# and isolates, and lone surrogates.
FORBIDDEN = frozenset(
    [chr(code) for code in range(0x00, 0x20)]
    + ["\x7f"]
    + [chr(code) for code in range(0x80, 0xA0)]
    + list("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    + [chr(code) for code in range(0xD800, 0xE000)]
)


def forbidden_in(segments: list[Segment]) -> set[str]:
    """Return the forbidden characters found in the text of rendered segments."""
    found: set[str] = set()
    for segment in segments:
        if not segment.control and not FORBIDDEN.isdisjoint(segment.text):
            found |= FORBIDDEN.intersection(segment.text)
        if segment.control:
            found.add("<control segment>")
    return found


def style_signature(segments: list[Segment]) -> set[str]:
    """Return the styles used by segments, without position metadata.

    Only segments with visible characters count for colours and attributes: a line that a
    newline leaves blank is drawn in the widget's background style, which benign text may
    never need. Textual adds an `offset` meta entry to every segment. A hostile string must
    not add any other meta (a `@click` action) or a hyperlink, on any segment.
    """
    signature: set[str] = set()
    for segment in segments:
        style = segment.style
        if style is None:
            continue
        if segment.text.strip():
            signature.add(str(style.clear_meta_and_links()))
        meta = {key: value for key, value in style.meta.items() if key != "offset"}
        if meta:
            signature.add(f"meta:{sorted(meta)}")
        if style.link:
            signature.add(f"link:{style.link}")
    return signature
