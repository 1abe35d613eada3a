"""arXiv id recognition: the id grammar, every URL form seen in the wild, and ids in prose."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from threadtui.arxiv.ids import (
    ArxivId,
    find_arxiv_ids,
    parse_arxiv_doi,
    parse_arxiv_id,
    parse_arxiv_url,
)

# -- the id grammar --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2309.16512", ArxivId("2309.16512")),
        ("2309.16512v2", ArxivId("2309.16512", 2)),
        ("0704.0001", ArxivId("0704.0001")),
        ("1412.9999", ArxivId("1412.9999")),
        ("1501.00001", ArxivId("1501.00001")),
        ("9912.12345v12", ArxivId("9912.12345", 12)),
        ("arXiv:2309.16512", ArxivId("2309.16512")),
        ("arxiv: 2506.13018v2", ArxivId("2506.13018", 2)),
        ("hep-th/9901001", ArxivId("hep-th/9901001")),
        ("hep-th/9901001v1", ArxivId("hep-th/9901001", 1)),
        ("cond-mat/0603029v1", ArxivId("cond-mat/0603029", 1)),
        ("quant-ph/0201082v1", ArxivId("quant-ph/0201082", 1)),
        ("cs/0112017", ArxivId("cs/0112017")),
        ("astro-ph/0601001", ArxivId("astro-ph/0601001")),
        ("atom-ph/9601001", ArxivId("atom-ph/9601001")),
        ("hep-th/9108001", ArxivId("hep-th/9108001")),
        ("math/0703999", ArxivId("math/0703999")),
        ("arXiv:math/0611800v2", ArxivId("math/0611800", 2)),
    ],
)
def test_valid_id_parses(text: str, expected: ArxivId) -> None:
    assert parse_arxiv_id(text) == expected


@pytest.mark.parametrize(
    ("text", "base"),
    [
        ("math.GT/0309136", "math/0309136"),
        ("math.CA/0611800v2", "math/0611800"),
        ("cs.AI/0101001", "cs/0101001"),
        ("physics.atom-ph/0101001", "physics/0101001"),
        ("cond-mat.str-el/0607501", "cond-mat/0607501"),
        ("math. RT/0309136", "math/0309136"),
        ("hepth/9901001", "hep-th/9901001"),
        ("HEP-TH/9901001", "hep-th/9901001"),
    ],
)
def test_old_style_id_drops_subject_class(text: str, base: str) -> None:
    parsed = parse_arxiv_id(text)
    assert parsed is not None
    assert parsed.base == base


@pytest.mark.parametrize(
    "text",
    [
        "2309.1651",  # truncated: five digits from 2015 on
        "1412.12345",  # five digits before 2015
        "1501.0001",  # four digits from 2015 on
        "0703.0001",  # new style started in April 2007
        "2313.16512",  # month 13
        "2300.16512",  # month 00
        "2309.00000",  # all-zero sequence
        "0808.0000",
        "2309.16512v0",
        "2401.0",
        "2309.165123",
        "hep-th/990100",  # six digits
        "hep-th/9901000",  # all-zero sequence
        "hep-th/9107001",  # before August 1991
        "math/0704001",  # after March 2007
        "hep-th/9913001",  # month 13
        "foo-bar/9901001",  # not an archive
        "abc",
        "",
    ],
)
def test_invalid_id_rejected(text: str) -> None:
    assert parse_arxiv_id(text) is None


def test_key_drops_version() -> None:
    assert ArxivId("2309.16512", 2).key == "arxiv:2309.16512"


def test_versioned_adds_version() -> None:
    assert ArxivId("2309.16512", 2).versioned == "2309.16512v2"


def test_versioned_without_version_is_base() -> None:
    assert ArxivId("hep-th/9901001").versioned == "hep-th/9901001"


def test_versioned_key_keeps_version() -> None:
    assert ArxivId("2309.16512", 3).versioned_key == "arxiv:2309.16512v3"


def test_abs_url_is_versioned() -> None:
    assert ArxivId("2309.16512", 2).abs_url == "https://arxiv.org/abs/2309.16512v2"


# -- URLs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # abstract pages, every host form
        ("https://arxiv.org/abs/2309.16512", ArxivId("2309.16512")),
        ("https://arxiv.org/abs/2309.16512v3", ArxivId("2309.16512", 3)),
        ("http://arxiv.org/abs/2309.16512", ArxivId("2309.16512")),
        ("arxiv.org/abs/2309.16512", ArxivId("2309.16512")),
        ("www.arxiv.org/abs/2309.16512", ArxivId("2309.16512")),
        ("https://export.arxiv.org/abs/2309.16512", ArxivId("2309.16512")),
        ("https://lanl.arxiv.org/abs/2309.16512", ArxivId("2309.16512")),
        ("https://de.arxiv.org/abs/2309.16512", ArxivId("2309.16512")),
        ("http://xxx.lanl.gov/abs/hep-th/9901001", ArxivId("hep-th/9901001")),
        ("https://ARXIV.ORG/abs/2309.16512", ArxivId("2309.16512")),
        ("https://arxiv.org/abs/arxiv:astro-ph/0112020", ArxivId("astro-ph/0112020")),
        ("https://arxiv.org/abs/arXiv:2309.16512", ArxivId("2309.16512")),
        ("https://arxiv.org/abs/hep-th/9901001", ArxivId("hep-th/9901001")),
        ("https://arxiv.org/abs/hep-th%2F9901001", ArxivId("hep-th/9901001")),
        ("https://arxiv.org/abs/math.GT/0309136", ArxivId("math/0309136")),
        # PDFs
        ("https://arxiv.org/pdf/2309.16512", ArxivId("2309.16512")),
        ("https://arxiv.org/pdf/2309.16512v2", ArxivId("2309.16512", 2)),
        ("https://arxiv.org/pdf/2309.16512.pdf", ArxivId("2309.16512")),
        ("https://arxiv.org/pdf/2309.16512v2.pdf", ArxivId("2309.16512", 2)),
        ("https://arxiv.org/pdf/hep-th/9901001v1", ArxivId("hep-th/9901001", 1)),
        ("https://arxiv.org/pdf/hep-th/9901001v1.pdf", ArxivId("hep-th/9901001", 1)),
        # other paper paths
        ("https://arxiv.org/html/2309.16512v1", ArxivId("2309.16512", 1)),
        ("https://arxiv.org/html/2506.13018v2", ArxivId("2506.13018", 2)),
        ("https://arxiv.org/html/2309.16512v2/x1.png", ArxivId("2309.16512", 2)),
        ("https://arxiv.org/format/2309.16512", ArxivId("2309.16512")),
        ("https://arxiv.org/ps/2309.16512", ArxivId("2309.16512")),
        ("https://arxiv.org/src/2309.16512v1", ArxivId("2309.16512", 1)),
        ("https://arxiv.org/e-print/2309.16512", ArxivId("2309.16512")),
        ("https://arxiv.org/bibtex/2309.16512", ArxivId("2309.16512")),
        ("https://arxiv.org/tb/2309.16512", ArxivId("2309.16512")),
        # query strings, fragments and trailing slashes
        ("https://arxiv.org/abs/2309.16512?context=cs", ArxivId("2309.16512")),
        ("https://arxiv.org/html/2309.16512v2#S3.SS2", ArxivId("2309.16512", 2)),
        ("https://arxiv.org/abs/2309.16512/", ArxivId("2309.16512")),
        # mirrors and readers
        ("https://ar5iv.labs.arxiv.org/html/2309.16442", ArxivId("2309.16442")),
        ("https://ar5iv.org/abs/2309.16442", ArxivId("2309.16442")),
        ("https://ar5iv.org/html/hep-th/9901001", ArxivId("hep-th/9901001")),
        ("https://www.alphaxiv.org/abs/2608.07531?chatId=abc", ArxivId("2608.07531")),
        ("https://alphaxiv.org/overview/2608.07531", ArxivId("2608.07531")),
        ("https://huggingface.co/papers/2309.16512", ArxivId("2309.16512")),
        ("https://hf.co/papers/2309.16512", ArxivId("2309.16512")),
        ("https://scirate.com/arxiv/2309.16512", ArxivId("2309.16512")),
        ("https://www.semanticscholar.org/arxiv/2309.16512", ArxivId("2309.16512")),
        ("https://arxiv-sanity-lite.com/?rank=pid&pid=2309.16512", ArxivId("2309.16512")),
        # arXiv DOIs
        ("https://doi.org/10.48550/arXiv.2309.16512", ArxivId("2309.16512")),
        ("https://doi.org/10.48550/ARXIV.2309.16512", ArxivId("2309.16512")),
        ("http://dx.doi.org/10.48550/arxiv.2309.16512", ArxivId("2309.16512")),
        # HN sends slashes as entities
        ("https:&#x2F;&#x2F;arxiv.org&#x2F;abs&#x2F;2401.01234v2", ArxivId("2401.01234", 2)),
    ],
)
def test_paper_url_parses(url: str, expected: ArxivId) -> None:
    assert parse_arxiv_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://arxiv.org/list/cs.LG/new",
        "https://arxiv.org/a/smith_j_1",
        "https://arxiv.org/archive/astro-ph",
        "https://arxiv.org/help/api/index",
        "https://info.arxiv.org/help/api/user-manual.html",
        "https://export.arxiv.org/api/query?id_list=2309.16512",
        "https://arxiv.org/",
        "https://arxiv.org/abs/2401.0...",  # HN-shortened link text
        "https://arxiv.org/abs/2309.1651",
        "https://huggingface.co/papers/hep-th/9901001",  # HF lists new-style ids only
        "https://paperswithcode.com/paper/attention-is-all-you-need",
        "https://example.org/abs/2309.16512",
        "https://doi.org/10.1103/PhysRevB.85.115117",
        "ftp://arxiv.org/abs/2309.16512",
        "javascript:alert('arxiv.org/abs/2309.16512')",
        "",
    ],
)
def test_non_paper_url_rejected(url: str) -> None:
    assert parse_arxiv_url(url) is None


@pytest.mark.parametrize(
    ("doi", "expected"),
    [
        ("10.48550/arXiv.2309.16512", ArxivId("2309.16512")),
        ("10.48550/ARXIV.2309.16512", ArxivId("2309.16512")),
        ("doi:10.48550/arXiv.2309.16512", ArxivId("2309.16512")),
        ("https://doi.org/10.48550/arXiv.hep-th/9901001", ArxivId("hep-th/9901001")),
    ],
)
def test_arxiv_doi_parses(doi: str, expected: ArxivId) -> None:
    assert parse_arxiv_doi(doi) == expected


def test_publisher_doi_is_not_arxiv() -> None:
    assert parse_arxiv_doi("10.1103/PhysRevB.85.115117") is None


# -- prose -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("see arXiv:2309.16512 for details", [ArxivId("2309.16512")]),
        ("arXiv: 2309.16512", [ArxivId("2309.16512")]),
        ("arxiv 2309.16512", [ArxivId("2309.16512")]),
        ("arXiv:hep-th/9901001v1", [ArxivId("hep-th/9901001", 1)]),
        ("arXiv:math/0611800v2", [ArxivId("math/0611800", 2)]),
        ("arXiv preprint arXiv:1607.00021, 2016", [ArxivId("1607.00021")]),
        ("e-print arXiv:1506.02215v1", [ArxivId("1506.02215", 1)]),
        ("Phys. Rev. D 71 [astro-ph/0501562]", [ArxivId("astro-ph/0501562")]),
        ("arXiv:0706.0001v1 [q-bio.CB] 1 Jun 2007", [ArxivId("0706.0001", 1)]),
        ("arXiv:2309.16512 [cs.CL]", [ArxivId("2309.16512")]),
        ("(arXiv:2309.16512v2).", [ArxivId("2309.16512", 2)]),
        ("cite [2309.16512] here", [ArxivId("2309.16512")]),
        ("doi:10.48550/arXiv.2309.16512", [ArxivId("2309.16512")]),
        ("DOI 10.48550/ARXIV.2309.16512.", [ArxivId("2309.16512")]),
        ("see math.GT/0309136", [ArxivId("math/0309136")]),
        ("the old hepth/9901001 paper", [ArxivId("hep-th/9901001")]),
        ("[paper](https://arxiv.org/abs/2309.16512)", [ArxivId("2309.16512")]),
        ("<https://arxiv.org/abs/2309.16512>", [ArxivId("2309.16512")]),
        ("(https://arxiv.org/abs/2309.16512).", [ArxivId("2309.16512")]),
        ('"https://arxiv.org/pdf/2309.16512v2.pdf"', [ArxivId("2309.16512", 2)]),
        ("read arxiv.org/abs/2309.16512, it is good", [ArxivId("2309.16512")]),
        (
            "https:&#x2F;&#x2F;arxiv.org&#x2F;abs&#x2F;2309.16512",
            [ArxivId("2309.16512")],
        ),
        (
            "arXiv ids: 2309.16512, 2310.01234, 2311.05678, 2312.00001 and 2401.00002",
            [
                ArxivId("2309.16512"),
                ArxivId("2310.01234"),
                ArxivId("2311.05678"),
                ArxivId("2312.00001"),
                ArxivId("2401.00002"),
            ],
        ),
        (
            "https://arxiv.org/abs/2309.16512 (and the follow-up 2310.01234)",
            [ArxivId("2309.16512"), ArxivId("2310.01234")],
        ),
    ],
)
def test_ids_found_in_text(text: str, expected: list[ArxivId]) -> None:
    assert find_arxiv_ids(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "version 2309.16512 of the numbers",  # bare id without context
        "pages 1404.2485 of the proceedings",
        "upgrade from 1.2309.16512",
        "arXiv:2309.1651",  # truncated id, never completed
        "https://arxiv.org/abs/2401.0...",  # HN-shortened link text
        "\u2026arxiv.org/abs/2401.0...",
        "https://example.org/files/2309.16512 on arXiv",  # id inside an unrelated URL
        "https://arxiv.org/list/cs.LG/new",
        "arXiv:2313.16512",
        "10.1103/PhysRevB.85.115117",
        "",
    ],
)
def test_no_ids_found_in_text(text: str) -> None:
    assert find_arxiv_ids(text) == []


def test_ids_found_in_order_of_appearance() -> None:
    text = "arXiv:2310.01234 then https://arxiv.org/abs/hep-th/9901001 then arXiv:2309.16512"
    assert find_arxiv_ids(text) == [
        ArxivId("2310.01234"),
        ArxivId("hep-th/9901001"),
        ArxivId("2309.16512"),
    ]


def test_repeated_id_found_once() -> None:
    text = "arXiv:2309.16512 and again https://arxiv.org/abs/2309.16512"
    assert find_arxiv_ids(text) == [ArxivId("2309.16512")]


def test_versions_kept_apart() -> None:
    text = "arXiv:2309.16512v1 differs from arXiv:2309.16512v2"
    assert find_arxiv_ids(text) == [ArxivId("2309.16512", 1), ArxivId("2309.16512", 2)]


def test_version_before_ellipsis_dropped() -> None:
    # `v1...` may be a shortened `v12`; the base id is complete by the grammar.
    assert find_arxiv_ids("https://arxiv.org/abs/2309.16512v1...") == [ArxivId("2309.16512")]


# -- properties ------------------------------------------------------------------------------


@st.composite
def new_style_ids(draw: st.DrawFn) -> ArxivId:
    year = draw(st.integers(7, 99))
    month = draw(st.integers(4 if year == 7 else 1, 12))
    digits = 4 if (year, month) <= (14, 12) else 5
    sequence = draw(st.integers(1, 10**digits - 1))
    version = draw(st.none() | st.integers(1, 30))
    return ArxivId(f"{year:02d}{month:02d}.{sequence:0{digits}d}", version)


URL_FORMS = [
    "https://arxiv.org/abs/{}",
    "arxiv.org/pdf/{}.pdf",
    "https://arxiv.org/html/{}#S1",
    "https://ar5iv.labs.arxiv.org/html/{}",
    "https://huggingface.co/papers/{}",
]


@given(new_style_ids(), st.sampled_from(URL_FORMS))
def test_generated_id_round_trips_through_urls(arxiv_id: ArxivId, form: str) -> None:
    assert parse_arxiv_url(form.format(arxiv_id.versioned)) == arxiv_id


@given(new_style_ids())
def test_generated_id_found_after_prefix(arxiv_id: ArxivId) -> None:
    assert find_arxiv_ids(f"see arXiv:{arxiv_id.versioned}.") == [arxiv_id]


@given(new_style_ids())
def test_cut_sequence_never_parses(arxiv_id: ArxivId) -> None:
    assert parse_arxiv_id(arxiv_id.base[:-1]) is None


@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    for found in find_arxiv_ids(text):
        assert parse_arxiv_id(found.versioned) == found
