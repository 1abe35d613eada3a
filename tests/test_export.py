"""The Markdown export: content, determinism, escaping and a golden file for the sample thread."""

from __future__ import annotations

from pathlib import Path

import bibtexparser
import pytest
from conftest import FIXTURES, REPO, SEED
from markdown_it import MarkdownIt

from threadtui import cli
from threadtui.export import blocks_to_markdown, escape_markdown
from threadtui.model import Block, BlockKind, Paper, PaperStatus, Span, SpanStyle
from threadtui.sources import read_file
from threadtui.store import Store

GOLDEN = Path(__file__).parent / "golden" / "sample-export.md"

PILANCI = Paper(
    key="arxiv:2309.16512",
    title="From Complexity to Clarity: Analytical Expressions of Deep Neural Network Weights via Clifford's Geometric Algebra and Convexity",
    authors=["Mert Pilanci"],
    arxiv_id="2309.16512",
    version=1,
    abstract="Test abstract.",
    published="2023-09-28T14:00:00Z",
    updated="2023-09-28T14:00:00Z",
    primary_category="cs.LG",
    categories=["cs.LG", "stat.ML"],
    links={"abs": "https://arxiv.org/abs/2309.16512v1", "pdf": "https://arxiv.org/pdf/2309.16512v1"},
)


def prepare_notes(cache: Path) -> None:
    thread = read_file(SEED)
    store = Store.open(cache)
    store.put_paper("arxiv:2309.16512", PaperStatus.RESOLVED, PILANCI, expires_at=None)
    store.save_note(thread.key, "thread", "Two papers; the second one has closed forms.")
    store.save_note(thread.key, f"comment:{thread.comments[2].id}", "Quoted from Starlink's FAQ.")
    store.save_note(thread.key, f"comment:{thread.comments[10].id}", "Exponential memory: check section 4.")
    store.save_note(thread.key, "paper:arxiv:2309.16512", "Read the convexity part.")
    store.close()


def export(tmp_path: Path, name: str) -> bytes:
    output = tmp_path / name
    assert cli.main(["export", str(SEED.relative_to(REPO)), "-o", str(output), "--offline"]) == 0
    return output.read_bytes()


@pytest.fixture(autouse=True)
def in_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root, so the source path in the front matter is relative."""
    monkeypatch.chdir(REPO)


def test_export_matches_golden(isolated_environment: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    prepare_notes(isolated_environment)
    assert export(tmp_path, "notes.md").decode("utf-8") == GOLDEN.read_text(encoding="utf-8")


def test_export_twice_gives_same_bytes(isolated_environment: Path, tmp_path: Path):
    prepare_notes(isolated_environment)
    assert export(tmp_path, "first.md") == export(tmp_path, "second.md")


def test_export_holds_notes_quotes_and_citations(isolated_environment: Path, tmp_path: Path):
    prepare_notes(isolated_environment)
    text = export(tmp_path, "notes.md").decode("utf-8")
    assert "Two papers; the second one has closed forms." in text
    assert "Quoted from Starlink's FAQ." in text
    assert "> > Do you share my personal information" in text
    assert "comment 3 of 15" in text
    assert "Read the convexity part." in text
    assert "(arXiv:2309.16512v1 [cs.LG])" in text


def test_export_bibtex_parses(isolated_environment: Path, tmp_path: Path):
    prepare_notes(isolated_environment)
    text = export(tmp_path, "notes.md").decode("utf-8")
    bibtex = text.split("```bibtex\n", 1)[1].split("```", 1)[0]
    library = bibtexparser.parse_string(bibtex)
    entry = library.entries[0]
    assert entry.fields_dict["eprint"].value == "2309.16512"
    assert entry.fields_dict["archivePrefix"].value == "arXiv"
    assert entry.fields_dict["primaryClass"].value == "cs.LG"


def test_export_renders_as_expected_markdown(isolated_environment: Path, tmp_path: Path):
    prepare_notes(isolated_environment)
    text = export(tmp_path, "notes.md").decode("utf-8")
    tokens = MarkdownIt("commonmark").parse(text.split("\n---\n", 1)[1])
    headings = [tokens[number + 1].content for number, token in enumerate(tokens) if token.type == "heading_open"]
    assert "Notes on the thread" in headings
    assert "Comments" in headings
    assert "Papers" in headings
    assert any(token.type == "fence" and token.info == "bibtex" for token in tokens)


def test_markup_in_comment_is_escaped():
    block = Block(BlockKind.PARAGRAPH, (Span("[@click=app.quit]x[/] <script> *not em*"),))
    rendered = blocks_to_markdown((block,))
    html = MarkdownIt("commonmark").render(rendered)
    assert "<script>" not in html
    assert "<em>" not in html
    assert "[@click=app.quit]x[/]" in html


def test_link_span_uses_href():
    block = Block(
        BlockKind.PARAGRAPH,
        (Span("https://example.org/docs/...", SpanStyle.LINK, "https://example.org/docs/full-page.html"),),
    )
    assert "(https://example.org/docs/full-page.html)" in blocks_to_markdown((block,))


def test_code_block_is_fenced_with_indentation():
    block = Block(BlockKind.CODE, (Span("  def walk(node):\n      yield node"),))
    assert blocks_to_markdown((block,)) == "```\n  def walk(node):\n      yield node\n```"


def test_heading_marker_at_line_start_is_escaped():
    assert escape_markdown("# not a heading") == "\\# not a heading"


def test_dash_after_a_link_is_not_escaped():
    block = Block(
        BlockKind.PARAGRAPH,
        (Span("https://arxiv.org/abs/1", SpanStyle.LINK, "https://arxiv.org/abs/1"), Span(" - a paper")),
    )
    assert blocks_to_markdown((block,)).endswith(") - a paper")


def test_list_marker_on_a_later_line_is_escaped():
    block = Block(BlockKind.PARAGRAPH, (Span("https://x.org/", SpanStyle.LINK, "https://x.org/"), Span(" first\n- second")))
    html = MarkdownIt("commonmark").render(blocks_to_markdown((block,)))
    assert "<li>" not in html
    assert "- second" in html


def test_fixture_directory_exists():
    assert (FIXTURES / "arxiv").is_dir()
