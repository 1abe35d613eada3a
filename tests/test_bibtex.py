"""BibTeX entries and Markdown citations, checked by parsing the output with bibtexparser."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import bibtexparser
import pytest

from threadtui.arxiv.atom import parse_atom
from threadtui.bibtex import (
    bibtex_entries,
    bibtex_entry,
    bibtex_escape,
    citation_key,
    markdown_citation,
)
from threadtui.model import Paper


@pytest.fixture
def fixture_papers(fixtures: Path) -> dict[str, Paper]:
    """The three real papers of the saved arXiv responses, keyed by base id."""
    papers: dict[str, Paper] = {}
    for name in ("query-2-entries-legacy-format.xml", "idlist-2-ids-1-missing.xml"):
        papers.update(parse_atom((fixtures / "arxiv" / name).read_bytes()).papers)
    return papers


def parse_one(text: str):
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    [entry] = library.entries
    return entry


def field(entry, name: str) -> str:
    return entry.fields_dict[name].value


def arxiv_paper(**changes: object) -> Paper:
    paper = Paper(
        key="arxiv:2309.16512",
        title="From Complexity to Clarity",
        authors=["Mert Pilanci"],
        arxiv_id="2309.16512",
        version=1,
        year=2023,
        primary_category="cs.LG",
    )
    return dataclasses.replace(paper, **changes)  # type: ignore[arg-type]


# -- arXiv entries from real metadata --------------------------------------------------------


def test_every_fixture_entry_parses(fixture_papers: dict[str, Paper]) -> None:
    library = bibtexparser.parse_string(bibtex_entries(fixture_papers.values()))
    assert library.failed_blocks == []
    assert len(library.entries) == 3


def test_every_arxiv_entry_has_eprint_fields(fixture_papers: dict[str, Paper]) -> None:
    library = bibtexparser.parse_string(bibtex_entries(fixture_papers.values()))
    for entry in library.entries:
        assert entry.entry_type == "misc"
        assert field(entry, "archivePrefix") == "arXiv"
        assert field(entry, "eprint")
        assert field(entry, "primaryClass")


def test_new_style_entry_fields(fixture_papers: dict[str, Paper]) -> None:
    entry = parse_one(bibtex_entry(fixture_papers["1111.2011"]))
    assert entry.key == "murray2011quantum"
    assert field(entry, "eprint") == "1111.2011"
    assert field(entry, "primaryClass") == "cond-mat.str-el"
    assert field(entry, "url") == "https://arxiv.org/abs/1111.2011v2"
    assert field(entry, "version") == "2"
    assert field(entry, "note") == "arXiv:1111.2011v2"
    assert field(entry, "year") == "2011"


def test_publisher_doi_preferred(fixture_papers: dict[str, Paper]) -> None:
    entry = parse_one(bibtex_entry(fixture_papers["1111.2011"]))
    assert field(entry, "doi") == "10.1103/PhysRevB.85.115117"


def test_arxiv_doi_without_publisher_doi(fixture_papers: dict[str, Paper]) -> None:
    entry = parse_one(bibtex_entry(fixture_papers["1707.08567"]))
    assert field(entry, "doi") == "10.48550/arXiv.1707.08567"


def test_old_style_entry_fields(fixture_papers: dict[str, Paper]) -> None:
    entry = parse_one(bibtex_entry(fixture_papers["cond-mat/0607501"]))
    assert entry.key == "melko2006striped"
    assert field(entry, "eprint") == "cond-mat/0607501"
    assert field(entry, "primaryClass") == "cond-mat"
    assert field(entry, "url") == "https://arxiv.org/abs/cond-mat/0607501v2"


def test_authors_joined_with_and(fixture_papers: dict[str, Paper]) -> None:
    entry = parse_one(bibtex_entry(fixture_papers["1111.2011"]))
    assert field(entry, "author") == "James M. Murray and Adrian Del Maestro and Zlatko Tesanovic"


def test_title_braced_against_recasing(fixture_papers: dict[str, Paper]) -> None:
    entry = parse_one(bibtex_entry(fixture_papers["1111.2011"]))
    assert field(entry, "title") == (
        "{Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large "
        "Connectivity Limit}"
    )


def test_non_ascii_author_kept(fixture_papers: dict[str, Paper]) -> None:
    entry = parse_one(bibtex_entry(fixture_papers["1707.08567"]))
    assert "Dirk W\u00fcbben" in field(entry, "author")


def test_unversioned_paper_has_no_version() -> None:
    entry = parse_one(bibtex_entry(arxiv_paper(version=None)))
    assert "version" not in entry.fields_dict
    assert field(entry, "url") == "https://arxiv.org/abs/2309.16512"


def test_withdrawn_noted() -> None:
    entry = parse_one(bibtex_entry(arxiv_paper(withdrawn=True)))
    assert field(entry, "note") == "arXiv:2309.16512v1, withdrawn"


def test_title_zero_kept() -> None:
    entry = parse_one(bibtex_entry(arxiv_paper(title="0")))
    assert field(entry, "title") == "{0}"


# -- escaping --------------------------------------------------------------------------------


def test_special_characters_survive_parsing() -> None:
    title = r"R&D at 50% for C# a_b {x} ~ ^ \emph{y}"
    entry = parse_one(bibtex_entry(arxiv_paper(title=title)))
    assert field(entry, "title") == (
        r"{R\&D at 50\% for C\# a\_b \{x\} \textasciitilde{} \textasciicircum{} "
        r"\textbackslash{}emph\{y\}}"
    )


def test_math_kept_verbatim() -> None:
    entry = parse_one(bibtex_entry(arxiv_paper(title=r"Bounds on $\mathbb{R}^n_{k}$ & more")))
    assert field(entry, "title") == r"{Bounds on $\mathbb{R}^n_{k}$ \& more}"


def test_unpaired_brace_still_parses() -> None:
    entry = parse_one(bibtex_entry(arxiv_paper(title="a } b { c")))
    assert field(entry, "title") == r"{a \textbraceright{} b \textbraceleft{} c}"


def test_unpaired_dollar_escaped() -> None:
    assert bibtex_escape("costs $5 & up") == r"costs \$5 \& up"


def test_special_characters_in_author() -> None:
    entry = parse_one(bibtex_entry(arxiv_paper(authors=["A. O'Brien_Smith & Co"])))
    assert field(entry, "author") == r"A. O'Brien\_Smith \& Co"


# -- keys ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("authors", "title", "expected"),
    [
        (["Ashish Vaswani"], "Attention Is All You Need", "vaswani2023attention"),
        (["Dirk Wübben"], "The Art of $\\alpha$-Tuning", "wubben2023art"),
        (["Martin Luther King Jr."], "On Dreams", "king2023dreams"),
        (["Curie, Marie"], "Radioactive Substances", "curie2023radioactive"),
        ([], "A Paper", "anonymous2023paper"),
        (["Ada Lovelace"], "\\emph{Analytical} Engines", "lovelace2023analytical"),
        (["Adrian Del Maestro"], "Quantum Nodes", "delmaestro2023quantum"),
        (["Joost van der Putten"], "Polyps", "vanderputten2023polyps"),
        (["De Wang"], "Graphs", "wang2023graphs"),
    ],
)
def test_citation_key(authors: list[str], title: str, expected: str) -> None:
    assert citation_key(arxiv_paper(authors=authors, title=title)) == expected


def test_colliding_keys_suffixed() -> None:
    first = arxiv_paper(key="arxiv:2309.16512", arxiv_id="2309.16512", title="Deep nets")
    second = arxiv_paper(key="arxiv:2310.00001", arxiv_id="2310.00001", title="Deep trees")
    library = bibtexparser.parse_string(bibtex_entries([second, first]))
    assert [entry.key for entry in library.entries] == ["pilanci2023deepa", "pilanci2023deepb"]
    assert field(library.entries[0], "eprint") == "2309.16512"


def test_entries_stable_across_input_order(fixture_papers: dict[str, Paper]) -> None:
    papers = list(fixture_papers.values())
    assert bibtex_entries(papers) == bibtex_entries(list(reversed(papers)))


def test_no_papers_no_entries() -> None:
    assert bibtex_entries([]) == ""


# -- Crossref works --------------------------------------------------------------------------


def crossref_paper(**changes: object) -> Paper:
    paper = Paper(
        key="doi:10.1103/physrevb.85.115117",
        title="Quantum criticality",
        authors=["James M. Murray", "Adrian Del Maestro"],
        doi="10.1103/PhysRevB.85.115117",
        venue="Physical Review B",
        year=2012,
    )
    return dataclasses.replace(paper, **changes)  # type: ignore[arg-type]


def test_journal_work_is_article() -> None:
    entry = parse_one(bibtex_entry(crossref_paper()))
    assert entry.entry_type == "article"
    assert field(entry, "journal") == "Physical Review B"
    assert field(entry, "doi") == "10.1103/PhysRevB.85.115117"
    assert "eprint" not in entry.fields_dict


def test_work_without_venue_is_misc() -> None:
    entry = parse_one(bibtex_entry(crossref_paper(venue=None)))
    assert entry.entry_type == "misc"


# -- Markdown --------------------------------------------------------------------------------


def test_markdown_arxiv_citation(fixture_papers: dict[str, Paper]) -> None:
    assert markdown_citation(fixture_papers["1111.2011"]) == (
        "[Murray et al., 2011](https://arxiv.org/abs/1111.2011v2) "
        "(arXiv:1111.2011v2 [cond-mat.str-el])"
    )


def test_markdown_single_author() -> None:
    assert markdown_citation(arxiv_paper()) == (
        "[Pilanci, 2023](https://arxiv.org/abs/2309.16512v1) (arXiv:2309.16512v1 [cs.LG])"
    )


def test_markdown_two_authors() -> None:
    paper = arxiv_paper(authors=["Ada Lovelace", "Alan Turing"])
    assert markdown_citation(paper).startswith("[Lovelace and Turing, 2023](")


def test_markdown_withdrawn() -> None:
    assert markdown_citation(arxiv_paper(withdrawn=True)).endswith("[cs.LG], withdrawn)")


def test_markdown_old_style(fixture_papers: dict[str, Paper]) -> None:
    assert markdown_citation(fixture_papers["cond-mat/0607501"]) == (
        "[Melko et al., 2006](https://arxiv.org/abs/cond-mat/0607501v2) "
        "(arXiv:cond-mat/0607501v2 [cond-mat.str-el])"
    )


def test_markdown_doi_citation() -> None:
    assert markdown_citation(crossref_paper()) == (
        "[Murray and Del Maestro, 2012](https://doi.org/10.1103/PhysRevB.85.115117) "
        "(doi:10.1103/PhysRevB.85.115117, Physical Review B)"
    )


def test_markdown_escapes_brackets_in_names() -> None:
    paper = arxiv_paper(authors=["Helper [bot]_x"])
    assert markdown_citation(paper).startswith(r"[\[bot\]\_x, 2023](")


def test_markdown_doi_parentheses_encoded() -> None:
    paper = crossref_paper(doi="10.1016/0370-2693(85)91181-5")
    assert "(https://doi.org/10.1016/0370-2693%2885%2991181-5)" in markdown_citation(paper)
