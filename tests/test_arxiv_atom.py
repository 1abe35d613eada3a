"""Parsing arXiv Atom responses: the four saved real responses and synthetic edge cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from threadtui.arxiv.atom import AtomParseError, collapse_whitespace, parse_atom


def read(fixtures: Path, name: str) -> bytes:
    return (fixtures / "arxiv" / name).read_bytes()


def synthetic_feed(*entries: str) -> bytes:
    """A 2026-format feed around hand-written `<entry>` elements."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:arxiv="http://arxiv.org/schemas/atom" '
        'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">'
        "<title>arXiv Query: id_list=</title><id>https://arxiv.org/api/x</id>"
        "<opensearch:totalResults>99</opensearch:totalResults>"
        + "".join(entries)
        + "</feed>"
    ).encode("utf-8")


def synthetic_entry(arxiv_id: str, *, title: str = "A title", comment: str | None = None) -> str:
    comment_element = f"<arxiv:comment>{comment}</arxiv:comment>" if comment is not None else ""
    return (
        f"<entry><id>http://arxiv.org/abs/{arxiv_id}</id><title>{title}</title>"
        "<summary>An abstract.</summary><published>2021-04-26T00:00:00Z</published>"
        "<updated>2021-04-26T00:00:00Z</updated><author><name>A. Author</name></author>"
        f'<arxiv:primary_category term="cs.LG"/>{comment_element}</entry>'
    )


# -- 2026 format: id_list=0808.05394,1707.08567 ---------------------------------------------


@pytest.fixture
def idlist(fixtures: Path):
    return parse_atom(read(fixtures, "idlist-2-ids-1-missing.xml"))


def test_idlist_keys_found_paper_by_base_id(idlist) -> None:
    assert list(idlist.papers) == ["1707.08567"]


def test_idlist_missing_id_left_out(idlist) -> None:
    assert "0808.05394" not in idlist.papers


def test_idlist_version_from_entry_id(idlist) -> None:
    assert idlist.papers["1707.08567"].version == 1


def test_idlist_paper_key(idlist) -> None:
    assert idlist.papers["1707.08567"].key == "arxiv:1707.08567"


def test_idlist_title(idlist) -> None:
    assert idlist.papers["1707.08567"].title == (
        "Proceedings of Workshop AEW10: Concepts in Information Theory and Communications"
    )


def test_idlist_all_34_authors_in_order(idlist) -> None:
    authors = idlist.papers["1707.08567"].authors
    assert len(authors) == 34
    assert authors[0] == "Kees A. Schouhamer Immink"
    assert authors[-1] == "Hirosuke Yamamoto"


def test_idlist_non_ascii_author_decoded(idlist) -> None:
    assert "Dirk W\u00fcbben" in idlist.papers["1707.08567"].authors


def test_idlist_dates(idlist) -> None:
    paper = idlist.papers["1707.08567"]
    assert paper.published == "2017-07-27T08:18:33Z"
    assert paper.updated == "2017-07-27T08:18:33Z"
    assert paper.year == 2017


def test_idlist_categories(idlist) -> None:
    paper = idlist.papers["1707.08567"]
    assert paper.primary_category == "cs.IT"
    assert paper.categories == ["cs.IT"]


def test_idlist_comment(idlist) -> None:
    assert idlist.papers["1707.08567"].comment == (
        "44 pages, editors for the proceedings: Yanling Chen and A. J. Han Vinck"
    )


def test_idlist_links(idlist) -> None:
    assert idlist.papers["1707.08567"].links == {
        "abs": "https://arxiv.org/abs/1707.08567v1",
        "pdf": "https://arxiv.org/pdf/1707.08567v1",
    }


def test_idlist_abstract_single_line(idlist) -> None:
    abstract = idlist.papers["1707.08567"].abstract
    assert abstract.startswith("The 10th Asia-Europe workshop")
    assert abstract.endswith("a well respected and special scientist.")


def test_idlist_not_withdrawn(idlist) -> None:
    assert idlist.papers["1707.08567"].withdrawn is False


def test_idlist_no_errors(idlist) -> None:
    assert idlist.errors == []


# -- legacy format: two entries, wrapped text -------------------------------------------------


@pytest.fixture
def legacy(fixtures: Path):
    return parse_atom(read(fixtures, "query-2-entries-legacy-format.xml"))


def test_legacy_both_entries_keyed(legacy) -> None:
    assert set(legacy.papers) == {"1111.2011", "cond-mat/0607501"}


def test_legacy_wrapped_title_collapsed(legacy) -> None:
    assert legacy.papers["1111.2011"].title == (
        "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit"
    )


def test_legacy_old_style_title_collapsed(legacy) -> None:
    assert legacy.papers["cond-mat/0607501"].title == (
        "A striped supersolid phase and the search for deconfined quantum criticality in "
        "hard-core bosons on the triangular lattice"
    )


def test_legacy_abstract_collapsed(legacy) -> None:
    abstract = legacy.papers["1111.2011"].abstract
    assert abstract.startswith(
        "Theoretical description of anisotropic systems, such as layered superconductors"
    )
    assert "\n" not in abstract
    assert "  " not in abstract
    assert abstract.endswith("describing a single node.")


def test_legacy_old_style_id_and_version(legacy) -> None:
    paper = legacy.papers["cond-mat/0607501"]
    assert paper.arxiv_id == "cond-mat/0607501"
    assert paper.version == 2
    assert paper.key == "arxiv:cond-mat/0607501"


def test_legacy_published_and_updated_differ(legacy) -> None:
    paper = legacy.papers["1111.2011"]
    assert paper.published == "2011-11-08T18:48:36Z"
    assert paper.updated == "2012-04-02T12:38:54Z"


def test_legacy_year_is_first_version(legacy) -> None:
    assert legacy.papers["1111.2011"].year == 2011


def test_legacy_primary_category_first(legacy) -> None:
    paper = legacy.papers["1111.2011"]
    assert paper.primary_category == "cond-mat.str-el"
    assert paper.categories == ["cond-mat.str-el", "cond-mat.stat-mech"]


def test_legacy_doi_and_journal_ref(legacy) -> None:
    paper = legacy.papers["1111.2011"]
    assert paper.doi == "10.1103/PhysRevB.85.115117"
    assert paper.journal_ref == "Phys. Rev. B 85, 115117 (2012)"


def test_legacy_links_upgraded_to_https(legacy) -> None:
    assert legacy.papers["cond-mat/0607501"].links == {
        "abs": "https://arxiv.org/abs/cond-mat/0607501v2",
        "pdf": "https://arxiv.org/pdf/cond-mat/0607501v2",
        "doi": "https://doi.org/10.1103/PhysRevB.74.214517",
    }


def test_legacy_authors(legacy) -> None:
    assert legacy.papers["1111.2011"].authors == [
        "James M. Murray",
        "Adrian Del Maestro",
        "Zlatko Tesanovic",
    ]


# -- errors and empty feeds -------------------------------------------------------------------


def test_error_entry_is_not_a_paper(fixtures: Path) -> None:
    feed = parse_atom(read(fixtures, "error-malformed-id.xml"))
    assert feed.papers == {}


def test_error_entry_message(fixtures: Path) -> None:
    feed = parse_atom(read(fixtures, "error-malformed-id.xml"))
    assert [error.message for error in feed.errors] == ["incorrect id format for abc"]


def test_error_entry_names_rejected_value(fixtures: Path) -> None:
    feed = parse_atom(read(fixtures, "error-malformed-id.xml"))
    assert feed.errors[0].rejected_value == "abc"


def test_error_entry_slug(fixtures: Path) -> None:
    feed = parse_atom(read(fixtures, "error-malformed-id.xml"))
    assert feed.errors[0].slug == "incorrect_id_format_for_abc"


def test_error_message_without_value() -> None:
    body = synthetic_feed(
        "<entry><id>https://arxiv.org/api/errors#malformed_id</id><title>Error</title>"
        "<summary>malformed id</summary></entry>"
    )
    assert parse_atom(body).errors[0].rejected_value is None


def test_empty_feed_has_no_papers(fixtures: Path) -> None:
    feed = parse_atom(read(fixtures, "empty-unknown-id.xml"))
    assert feed.papers == {}
    assert feed.errors == []
    assert feed.entry_count == 0


def test_total_results_ignored() -> None:
    # The synthetic feed reports 99 results but contains one entry.
    feed = parse_atom(synthetic_feed(synthetic_entry("2104.12255v1")))
    assert feed.entry_count == 1


@pytest.mark.parametrize(
    "body",
    [
        b"Rate exceeded.",
        b"<html><head><title>Access Denied</title></head><body>python-httpx</body></html>",
        b"",
    ],
)
def test_non_feed_body_raises(body: bytes) -> None:
    with pytest.raises(AtomParseError):
        parse_atom(body)


# -- synthetic edge cases ---------------------------------------------------------------------


def test_title_zero_is_kept() -> None:
    feed = parse_atom(synthetic_feed(synthetic_entry("2104.12255v1", title="0")))
    assert feed.papers["2104.12255"].title == "0"


def test_tex_and_entities_kept() -> None:
    entry = synthetic_entry("2104.12255v1", title="Bounds for $a &lt; b$ \\&amp; \\emph{c}_{i}")
    feed = parse_atom(synthetic_feed(entry))
    assert feed.papers["2104.12255"].title == "Bounds for $a < b$ \\& \\emph{c}_{i}"


def test_entries_matched_by_id_not_position() -> None:
    feed = parse_atom(
        synthetic_feed(
            synthetic_entry("2310.00002v1", title="Second"),
            synthetic_entry("2309.00001v3", title="First"),
        )
    )
    assert feed.papers["2309.00001"].title == "First"
    assert feed.papers["2309.00001"].version == 3
    assert feed.papers["2310.00002"].title == "Second"


def test_https_entry_id_matched() -> None:
    entry = synthetic_entry("2309.00001v1").replace("http://arxiv.org", "https://arxiv.org")
    assert "2309.00001" in parse_atom(synthetic_feed(entry)).papers


@pytest.mark.parametrize(
    "comment",
    [
        "This paper has been withdrawn by the author",
        "Withdrawn: an error in Lemma 2",
        "paper WITHDRAWN",
    ],
)
def test_withdrawn_comment_marks_paper(comment: str) -> None:
    feed = parse_atom(synthetic_feed(synthetic_entry("2309.00001v2", comment=comment)))
    assert feed.papers["2309.00001"].withdrawn is True


def test_ordinary_comment_not_withdrawn() -> None:
    feed = parse_atom(synthetic_feed(synthetic_entry("2309.00001v2", comment="12 pages")))
    assert feed.papers["2309.00001"].withdrawn is False


def test_missing_abs_link_built_from_id() -> None:
    feed = parse_atom(synthetic_feed(synthetic_entry("2309.00001v2")))
    assert feed.papers["2309.00001"].links["abs"] == "https://arxiv.org/abs/2309.00001v2"


def test_collapse_whitespace() -> None:
    assert collapse_whitespace("  a\n  b\t c \n") == "a b c"
