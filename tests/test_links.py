"""Link extraction from comments and stories, and the paper and domain rankings."""

from __future__ import annotations

import re

import pytest
from conftest import SEED

from threadtui.links import (
    comment_links,
    domain_index,
    link_for_url,
    paper_index,
    story_links,
    thread_links,
)
from threadtui.model import Block, BlockKind, Comment, CommentState, Span, SpanStyle, Thread

_URL = re.compile(r"https?://\S+")


def paragraph(*spans: Span | str) -> Block:
    parts = (Span(span) if isinstance(span, str) else span for span in spans)
    return Block(BlockKind.PARAGRAPH, tuple(parts))


def link(text: str, href: str | None = None) -> Span:
    return Span(text, SpanStyle.LINK, href if href is not None else text)


def comment(comment_id: str, *blocks: Block) -> Comment:
    return Comment(id=comment_id, parent_id=None, depth=0, author="someone", blocks=blocks)


def thread(*comments: Comment, url: str | None = None, blocks: tuple[Block, ...] = ()) -> Thread:
    return Thread(
        key="hn:1",
        site="hn",
        source="hn:1",
        title="A story",
        comments=list(comments),
        url=url,
        blocks=blocks,
    )


# -- the sample dump -------------------------------------------------------------------------


def dump_block(line: str) -> Block:
    """Build a block from a dump line the way the dump parser will: URLs become link spans."""
    if line.startswith("> "):
        return Block(BlockKind.QUOTE, (Span(line[2:]),))
    spans: list[Span] = []
    position = 0
    for match in _URL.finditer(line):
        if match.start() > position:
            spans.append(Span(line[position : match.start()]))
        spans.append(link(match.group(0)))
        position = match.end()
    if position < len(line):
        spans.append(Span(line[position:]))
    return Block(BlockKind.PARAGRAPH, tuple(spans))


@pytest.fixture
def sample_thread() -> Thread:
    lines = SEED.read_text(encoding="utf-8").splitlines()

    def lines_comment(comment_id: str, first: int, last: int) -> Comment:
        # `first` and `last` are 1-based line numbers, inclusive, as an editor shows them.
        return comment(comment_id, *(dump_block(line) for line in lines[first - 1 : last]))

    deleted = Comment(
        id="c2", parent_id=None, depth=0, author=None, blocks=(), state=CommentState.DELETED
    )
    return thread(
        lines_comment("c1", 1, 6),
        deleted,
        lines_comment("c3", 8, 13),
        lines_comment("c4", 14, 17),
        lines_comment("c5", 18, 18),
        lines_comment("c6", 19, 21),
    )


def test_sample_thread_has_three_links(sample_thread: Thread) -> None:
    links = thread_links(sample_thread)
    assert [(link.comment_id, link.domain) for link in links] == [
        ("c1", "starlink.com"),
        ("c3", "arxiv.org"),
        ("c4", "arxiv.org"),
    ]


def test_sample_support_link_is_footnote_zero(sample_thread: Thread) -> None:
    support = thread_links(sample_thread)[0]
    assert support.footnote == "0"
    assert support.paper_key is None


def test_sample_html_link_is_versioned_paper(sample_thread: Thread) -> None:
    html_link = thread_links(sample_thread)[1]
    assert html_link.url == "https://arxiv.org/html/2506.13018v2"
    assert html_link.paper_key == "arxiv:2506.13018"
    assert html_link.version == 2


def test_sample_footnote_paper(sample_thread: Thread) -> None:
    footnote_link = thread_links(sample_thread)[2]
    assert footnote_link.paper_key == "arxiv:2309.16512"
    assert footnote_link.version is None
    assert footnote_link.footnote == "0"


def test_sample_paper_index(sample_thread: Thread) -> None:
    papers = paper_index(thread_links(sample_thread))
    assert [(paper.paper_key, paper.comment_ids) for paper in papers] == [
        ("arxiv:2506.13018", ("c3",)),
        ("arxiv:2309.16512", ("c4",)),
    ]


def test_sample_domain_index(sample_thread: Thread) -> None:
    domains = domain_index(thread_links(sample_thread))
    assert [(domain.domain, domain.comment_ids) for domain in domains] == [
        ("starlink.com", ("c1",))
    ]


# -- where links come from -------------------------------------------------------------------


def test_href_wins_over_shortened_text() -> None:
    shortened = link("https://arxiv.org/abs/2401.0...", "https://arxiv.org/abs/2401.01234v2")
    [found] = comment_links(comment("c1", paragraph("see ", shortened)))
    assert found.url == "https://arxiv.org/abs/2401.01234v2"
    assert found.text == "https://arxiv.org/abs/2401.0..."
    assert found.paper_key == "arxiv:2401.01234"
    assert found.version == 2


def test_link_text_not_searched() -> None:
    misleading = link("arXiv:2309.16512", "https://example.org/notes")
    assert [found.url for found in comment_links(comment("c1", paragraph(misleading)))] == [
        "https://example.org/notes"
    ]


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "mailto:someone@example.org",
        "data:text/html,<b>x</b>",
        "item?id=123",
        "https://example.org/a\x1b[2Jb",
    ],
)
def test_non_web_href_ignored(href: str) -> None:
    assert comment_links(comment("c1", paragraph(link("click", href)))) == []


def test_bare_url_found_and_trimmed() -> None:
    [found] = comment_links(comment("c1", paragraph("Read this (https://example.org/post).")))
    assert found.url == "https://example.org/post"
    assert found.domain == "example.org"


def test_bare_url_keeps_balanced_parenthesis() -> None:
    text = "see https://en.wikipedia.org/wiki/Gauge_(physics), it helps"
    [found] = comment_links(comment("c1", paragraph(text)))
    assert found.url == "https://en.wikipedia.org/wiki/Gauge_(physics)"


def test_www_dropped_from_domain() -> None:
    [found] = comment_links(comment("c1", paragraph("https://www.Example.org/x")))
    assert found.domain == "example.org"


def test_code_block_not_searched() -> None:
    code = Block(BlockKind.CODE, (Span("curl https://example.org/api arXiv:2309.16512"),))
    assert comment_links(comment("c1", code)) == []


def test_code_span_not_searched() -> None:
    block = paragraph("run ", Span("pip install https://example.org/x.whl", SpanStyle.CODE))
    assert comment_links(comment("c1", block)) == []


def test_arxiv_id_in_prose_links_abstract() -> None:
    [found] = comment_links(comment("c1", paragraph("As shown in arXiv:2309.16512v2, ...")))
    assert found.url == "https://arxiv.org/abs/2309.16512v2"
    assert found.text == "arXiv:2309.16512v2"
    assert found.paper_key == "arxiv:2309.16512"
    assert found.version == 2
    assert found.domain == "arxiv.org"


def test_old_style_id_in_prose() -> None:
    [found] = comment_links(comment("c1", paragraph("the classic [math.GT/0309136]")))
    assert found.paper_key == "arxiv:math/0309136"
    assert found.url == "https://arxiv.org/abs/math/0309136"


def test_scheme_less_arxiv_url_in_prose() -> None:
    [found] = comment_links(comment("c1", paragraph("see arxiv.org/pdf/2309.16512v1.pdf")))
    assert found.url == "https://arxiv.org/pdf/2309.16512v1.pdf"
    assert found.paper_key == "arxiv:2309.16512"


def test_doi_in_prose() -> None:
    block = paragraph("Published as doi:10.1103/PhysRevB.85.115117.")
    [found] = comment_links(comment("c1", block))
    assert found.url == "https://doi.org/10.1103/PhysRevB.85.115117"
    assert found.paper_key == "doi:10.1103/physrevb.85.115117"
    assert found.domain == "doi.org"


def test_doi_url_is_paper() -> None:
    block = paragraph(link("paper", "https://doi.org/10.1145/3292500.3330701"))
    [found] = comment_links(comment("c1", block))
    assert found.paper_key == "doi:10.1145/3292500.3330701"


def test_arxiv_doi_is_arxiv_paper() -> None:
    [found] = comment_links(comment("c1", paragraph("DOI 10.48550/arXiv.2309.16512")))
    assert found.paper_key == "arxiv:2309.16512"


def test_arxiv_doi_url_is_arxiv_paper() -> None:
    [found] = comment_links(comment("c1", paragraph("https://doi.org/10.48550/ARXIV.2309.16512")))
    assert found.paper_key == "arxiv:2309.16512"


def test_bare_number_in_prose_ignored() -> None:
    assert comment_links(comment("c1", paragraph("we upgraded to 2309.16512 last week"))) == []


# -- footnotes -------------------------------------------------------------------------------


def test_footnote_definition_numbers_link() -> None:
    found = comment_links(
        comment(
            "c1",
            paragraph("Gauge theory helps [1]."),
            paragraph("[1] ", link("https://example.org/gauge")),
        )
    )
    assert [(item.url, item.footnote) for item in found] == [("https://example.org/gauge", "1")]


def test_footnote_with_title_before_url() -> None:
    block = paragraph(
        "[0] M. Pilanci — From Complexity to Clarity https://arxiv.org/abs/2309.16512"
    )
    [found] = comment_links(comment("c1", block))
    assert found.footnote == "0"


def test_footnote_with_colon() -> None:
    [found] = comment_links(comment("c1", paragraph("[2]: https://example.org/two")))
    assert found.footnote == "2"


def test_joined_footnotes_each_numbered() -> None:
    block = paragraph("[0] https://example.org/zero [1] https://example.org/one")
    found = comment_links(comment("c1", block))
    assert [(item.url, item.footnote) for item in found] == [
        ("https://example.org/zero", "0"),
        ("https://example.org/one", "1"),
    ]


def test_link_without_marker_has_no_footnote() -> None:
    [found] = comment_links(comment("c1", paragraph("see https://example.org/x")))
    assert found.footnote is None


def test_footnote_kept_when_url_repeats() -> None:
    found = comment_links(
        comment(
            "c1",
            paragraph("see https://example.org/x"),
            paragraph("[3] https://example.org/x"),
        )
    )
    assert [(item.url, item.footnote) for item in found] == [("https://example.org/x", "3")]


# -- de-duplication --------------------------------------------------------------------------


def test_same_url_once_per_comment() -> None:
    found = comment_links(
        comment("c1", paragraph("https://example.org/x"), paragraph("again https://example.org/x"))
    )
    assert len(found) == 1


def test_same_paper_once_per_comment() -> None:
    found = comment_links(
        comment(
            "c1",
            paragraph("https://arxiv.org/abs/2309.16512"),
            paragraph("pdf: https://arxiv.org/pdf/2309.16512.pdf and arXiv:2309.16512"),
        )
    )
    assert [item.url for item in found] == ["https://arxiv.org/abs/2309.16512"]


def test_written_url_replaces_prose_id() -> None:
    found = comment_links(
        comment(
            "c1",
            paragraph("arXiv:2309.16512 is the one"),
            paragraph(link("the HTML version", "https://arxiv.org/html/2309.16512v2")),
        )
    )
    assert [item.url for item in found] == ["https://arxiv.org/html/2309.16512v2"]


def test_links_in_reading_order() -> None:
    found = comment_links(
        comment(
            "c1",
            paragraph(
                "first https://a.example/1 then ",
                link("b", "https://b.example/2"),
                " arXiv:2309.16512",
            ),
            paragraph("https://c.example/3"),
        )
    )
    assert [item.domain for item in found] == ["a.example", "b.example", "arxiv.org", "c.example"]


# -- stories and threads ---------------------------------------------------------------------


def test_story_url_first() -> None:
    story = thread(
        url="https://arxiv.org/abs/2309.16512", blocks=(paragraph("see https://example.org"),)
    )
    found = story_links(story)
    assert [(item.url, item.comment_id) for item in found] == [
        ("https://arxiv.org/abs/2309.16512", None),
        ("https://example.org", None),
    ]


def test_story_link_text_is_title() -> None:
    [found] = story_links(thread(url="https://example.org/post"))
    assert found.text == "A story"


def test_thread_links_story_then_comments() -> None:
    story = thread(
        comment("c1", paragraph("https://example.org/1")),
        comment("c2", paragraph("https://example.org/2")),
        url="https://example.org/story",
    )
    assert [item.comment_id for item in thread_links(story)] == [None, "c1", "c2"]


def test_link_for_url_rejects_non_web() -> None:
    assert link_for_url("file:///etc/passwd", "x", None) is None


# -- rankings --------------------------------------------------------------------------------


def cited(comment_id: str, *texts: str) -> Comment:
    return comment(comment_id, *(paragraph(text) for text in texts))


def test_papers_ranked_by_distinct_comments() -> None:
    links = thread_links(
        thread(
            cited("c1", "arXiv:2309.16512"),
            cited("c2", "arXiv:2401.01234 and arXiv:2309.16512"),
            cited(
                "c3",
                "https://arxiv.org/abs/2401.01234v1",
                "and https://arxiv.org/pdf/2401.01234v2",
            ),
            cited("c4", "https://arxiv.org/abs/2401.01234"),
        )
    )
    papers = paper_index(links)
    assert [(paper.paper_key, paper.citation_count) for paper in papers] == [
        ("arxiv:2401.01234", 3),
        ("arxiv:2309.16512", 2),
    ]
    assert papers[0].comment_ids == ("c2", "c3", "c4")


def test_paper_versions_collected() -> None:
    links = thread_links(
        thread(
            cited("c1", "https://arxiv.org/abs/2401.01234v1"),
            cited("c2", "https://arxiv.org/pdf/2401.01234v2"),
            cited("c3", "arXiv:2401.01234"),
        )
    )
    assert paper_index(links)[0].versions == (1, 2)


def test_paper_ties_keep_first_appearance() -> None:
    links = thread_links(thread(cited("c1", "arXiv:2401.01234"), cited("c2", "arXiv:2309.16512")))
    assert [paper.paper_key for paper in paper_index(links)] == [
        "arxiv:2401.01234",
        "arxiv:2309.16512",
    ]


def test_story_counts_as_citing_place() -> None:
    links = thread_links(
        thread(cited("c1", "arXiv:2309.16512"), url="https://arxiv.org/abs/2309.16512")
    )
    [paper] = paper_index(links)
    assert paper.in_story is True
    assert paper.citation_count == 2


def test_domains_ranked_without_papers() -> None:
    links = thread_links(
        thread(
            cited("c1", "https://example.org/a", "https://arxiv.org/abs/2309.16512"),
            cited("c2", "https://github.com/x/y"),
            cited("c3", "https://github.com/x/z https://github.com/x/y"),
        )
    )
    domains = domain_index(links)
    assert [(domain.domain, domain.comment_ids) for domain in domains] == [
        ("github.com", ("c2", "c3")),
        ("example.org", ("c1",)),
    ]
    assert [url.url for url in domains[0].urls] == [
        "https://github.com/x/y",
        "https://github.com/x/z",
    ]
