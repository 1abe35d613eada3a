"""Comment layout: wrapping by terminal cells, heights that match the drawn lines, wide text."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from threadtui.app.layout import (
    CommentRenderer,
    RowMarks,
    Styles,
    comment_height,
    make_printable,
    text_width,
    wrap_offsets,
)
from threadtui.model import Block, BlockKind, Comment, Span, SpanStyle


def paragraph(text: str) -> Block:
    return Block(BlockKind.PARAGRAPH, (Span(text),))


def comment(*blocks: Block, depth: int = 0, author: str | None = "quill_otter") -> Comment:
    return Comment(id="c1", parent_id=None, depth=depth, author=author, blocks=blocks)


def rendered_lines(item: Comment, width: int) -> list[str]:
    renderer = CommentRenderer(Styles.plain(), now=time.time(), width=width)
    return ["".join(segment.text for segment in line) for line in renderer.comment_lines(item, RowMarks())]


def test_wrap_breaks_at_spaces():
    text = "alpha beta gamma delta"
    lines = [text[start:end] for start, end in wrap_offsets(text, 11)]
    assert lines == ["alpha beta", "gamma delta"]


def test_wrap_hard_breaks_long_words():
    text = "https://example.org/docs/guides/very-long-page-name-2024.html"
    lines = [text[start:end] for start, end in wrap_offsets(text, 20)]
    assert "".join(lines) == text
    assert all(len(line) <= 20 for line in lines)


def test_wrap_keeps_newlines_as_breaks():
    lines = wrap_offsets("one\ntwo", 40)
    assert len(lines) == 2


def test_wrap_empty_text_is_one_line():
    assert wrap_offsets("", 10) == [(0, 0)]


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300), width=st.integers(1, 90))
def test_wrap_lines_fit_width(text: str, width: int):
    printable = make_printable(text)
    for start, end in wrap_offsets(printable, width):
        piece = printable[start:end]
        assert cell_len(piece) <= max(width, 2)


@settings(max_examples=200, deadline=None)
@given(
    texts=st.lists(st.text(max_size=200), min_size=1, max_size=4),
    width=st.integers(20, 160),
    depth=st.integers(0, 20),
)
def test_height_matches_drawn_lines(texts: list[str], width: int, depth: int):
    item = comment(*[paragraph(text) for text in texts], depth=depth)
    assert len(rendered_lines(item, width)) == comment_height(item, width)


def test_drawn_lines_are_exactly_pane_width():
    item = comment(paragraph("東京の天気は晴れです。明日は雨かもしれません。" * 3), depth=3)
    for line in rendered_lines(item, 24):
        assert cell_len(line) == 24


def test_cjk_never_split_inside_a_character():
    text = "東京の天気は晴れです。明日は雨かもしれません。"
    pieces = [text[start:end] for start, end in wrap_offsets(text, text_width(24, 3))]
    assert "".join(pieces) == text


def test_emoji_run_is_fast_and_fits():
    text = "😂" * 300 + " 👩‍👩‍👧 🇳🇱"
    item = comment(paragraph(text), depth=4)
    started = time.perf_counter()
    lines = rendered_lines(item, 40)
    elapsed = time.perf_counter() - started
    assert all(cell_len(line) == 40 for line in lines)
    assert elapsed < 0.5


def test_variation_selector_author_keeps_alignment():
    item = comment(paragraph("✈️ ok"), author="eye_👁️")
    assert all(cell_len(line) == 30 for line in rendered_lines(item, 30))


def test_code_block_is_clipped_not_wrapped():
    code = Block(BlockKind.CODE, (Span("  for row in rows:\n      emit(row)  # " + "x" * 80),))
    item = comment(paragraph("Try:"), code, paragraph("Then rerun."))
    lines = rendered_lines(item, 40)
    assert any(line.lstrip().startswith("for row in rows:") for line in lines)
    assert any("emit(row)" in line and "›" in line for line in lines)


def test_control_characters_become_visible():
    item = comment(paragraph("a\x1b[2Jb\x07c"))
    text = "".join(rendered_lines(item, 40))
    assert "\x1b" not in text
    assert "\x07" not in text
    assert "␛[2J" in text


def test_markup_in_text_is_literal():
    item = comment(paragraph("[@click=app.quit]x[/] [bold]y[/bold]"))
    assert any("[@click=app.quit]x[/] [bold]y[/bold]" in line for line in rendered_lines(item, 80))


def test_deep_comment_indent_is_capped():
    shallow = rendered_lines(comment(paragraph("text"), depth=8), 80)
    deep = rendered_lines(comment(paragraph("text"), depth=40), 80)
    assert shallow[1].index("text") == deep[1].index("text")
    assert "depth 40" in deep[0]


def test_link_span_keeps_visible_text():
    block = Block(
        BlockKind.PARAGRAPH,
        (Span("see "), Span("https://example.org/docs/...", SpanStyle.LINK, "https://example.org/docs/full")),
    )
    assert any("https://example.org/docs/..." in line for line in rendered_lines(comment(block), 80))
