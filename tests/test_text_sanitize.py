"""clean_text: control characters become visible or vanish, bidi controls go, the rest stays."""

from __future__ import annotations

from threadtui.text.sanitize import clean_optional, clean_text, clean_url


def test_escape_becomes_visible() -> None:
    assert clean_text("a\x1b[2Jb") == "a\u241b[2Jb"


def test_bell_becomes_control_picture() -> None:
    assert clean_text("a\x07b") == "a\u2407b"


def test_nul_and_delete_become_control_pictures() -> None:
    assert clean_text("\x00\x7f") == "\u2400\u2421"


def test_c1_controls_dropped() -> None:
    assert clean_text("a\x9b31mb\x90c") == "a31mbc"


def test_bidi_override_removed() -> None:
    assert clean_text("d\u202eevil") == "devil"


def test_bidi_isolates_and_embeddings_removed() -> None:
    assert clean_text("\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069x") == "x"


def test_zero_width_characters_kept() -> None:
    assert clean_text("c\u200bd\u200c\u200de") == "c\u200bd\u200c\u200de"


def test_single_line_whitespace_becomes_space() -> None:
    assert clean_text("a\nb\tc\r\nd") == "a b c  d"


def test_multiline_keeps_newline_and_tab() -> None:
    assert clean_text("a\n\tb\r\nc", keep_newlines=True) == "a\n\tb\nc"


def test_lone_carriage_return_visible_in_multiline_text() -> None:
    assert clean_text("abc\rX", keep_newlines=True) == "abc\u240dX"


def test_osc8_title_cannot_form_a_sequence() -> None:
    title = "Nice tool\x1b]8;;https://evil.example\x07click\x1b]8;;\x07"
    cleaned = clean_text(title)
    assert "\x1b" not in cleaned
    assert "\x07" not in cleaned
    assert cleaned == "Nice tool\u241b]8;;https://evil.example\u2407click\u241b]8;;\u2407"


def test_markup_is_plain_text() -> None:
    assert clean_text("[@click=app.quit]hi[/]") == "[@click=app.quit]hi[/]"


def test_clean_optional_blank_is_none() -> None:
    assert clean_optional("  ") is None
    assert clean_optional(None) is None
    assert clean_optional(12) is None


def test_clean_optional_strips() -> None:
    assert clean_optional(" moss_vole\n") == "moss_vole"


def test_clean_url_encodes_spaces_and_strips() -> None:
    assert clean_url(" https://a.org/x y ") == "https://a.org/x%20y"
