"""Wrapping by cached word positions breaks lines exactly where a plain greedy wrap does."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from threadtui.app.layout import _chop, make_printable, wrap_count, wrap_offsets

WORD = re.compile(r"\S+")


def greedy_wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Wrap one word at a time, tracking the column: the behaviour the fast paths must keep.

    A line of ASCII text counts one cell per character. Other text counts the cells of each
    word and one cell per whitespace character between words.
    """
    width = max(1, width)
    lines: list[tuple[int, int]] = []
    base = 0
    for part in text.split("\n"):
        ascii_part = part.isascii()
        line: tuple[int, int, int] | None = None  # start, end, column
        found = False
        for match in WORD.finditer(part):
            found = True
            start, end = match.span()
            word = match.group()
            word_width = len(word) if ascii_part else cell_len(word)
            if line is not None:
                line_start, line_end, column = line
                column += start - line_end + word_width
                if column <= width:
                    line = (line_start, end, column)
                    continue
                lines.append((base + line_start, base + line_end))
                line = None
            if word_width <= width:
                line = (start, end, word_width)
                continue
            pieces = _chop(word, width, ascii_part)
            for piece_start, piece_end, _ in pieces[:-1]:
                if piece_end > piece_start:
                    lines.append((base + start + piece_start, base + start + piece_end))
            piece_start, piece_end, piece_width = pieces[-1]
            line = (start + piece_start, start + piece_end, piece_width)
        if line is not None:
            lines.append((base + line[0], base + line[1]))
        elif not found:
            lines.append((base, base))
        base += len(part) + 1
    return lines


WRAP_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("abc xyz  .,-/\n\t東京😂👩\u200d👧\u3000\xa0é")),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
    ),
    max_size=300,
)


@settings(max_examples=500, deadline=None)
@given(text=WRAP_TEXT, width=st.integers(1, 90))
def test_wrap_matches_greedy_wrap(text: str, width: int):
    printable = make_printable(text)
    assert wrap_offsets(printable, width) == greedy_wrap(printable, width)


@settings(max_examples=500, deadline=None)
@given(text=WRAP_TEXT, width=st.integers(1, 90))
def test_wrap_count_matches_offsets(text: str, width: int):
    printable = make_printable(text)
    assert wrap_count(printable, width) == len(wrap_offsets(printable, width))


def test_single_spaced_ascii_positions():
    text = "alpha beta gamma delta epsilon"
    assert wrap_offsets(text, 11) == greedy_wrap(text, 11)


def test_long_word_then_short_words_share_a_line():
    text = "a " + "x" * 25 + " b c"
    assert wrap_offsets(text, 10) == greedy_wrap(text, 10)
    assert [text[start:end] for start, end in wrap_offsets(text, 10)][-1] == "xxxxx b c"


def test_wide_long_word_breaks_between_characters():
    text = "see " + "東京の天気は晴れです" * 3 + " ok"
    assert wrap_offsets(text, 12) == greedy_wrap(text, 12)
