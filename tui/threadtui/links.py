"""Find the links of comments and stories, and rank the papers and sites a thread cites.

Links come from four places in comment text:
- link spans, whose target is always their `href` (sites shorten the visible text);
- URLs written out in the text;
- `[N]` footnotes: a paragraph that starts with `[N]` defines footnote N, and its first URL
  becomes a link with `footnote="N"`;
- arXiv ids (`arXiv:2309.16512`) and DOIs written in prose, which become links to the
  abstract page or doi.org.

Only `http` and `https` URLs count. Code blocks and code spans are not searched, because a URL
or number in code is not a citation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TypeVar

from threadtui.arxiv.ids import find_arxiv_matches, parse_arxiv_doi, parse_arxiv_url
from threadtui.doi import doi_key, find_doi_matches, parse_doi_url
from threadtui.model import Block, BlockKind, Comment, Link, SpanStyle, Thread
from threadtui.urls import URL_IN_TEXT, is_web_url, trim_url, url_domain

__all__ = [
    "DomainCitations",
    "LinkCitations",
    "PaperCitations",
    "comment_links",
    "domain_index",
    "link_for_url",
    "paper_index",
    "story_links",
    "thread_links",
]

# A paragraph that defines a footnote: `[0] https://…`, `[1]: https://…`,
# `[2] Author — Title https://…`.
_FOOTNOTE_DEFINITION = re.compile(r"^\s*\[(\d{1,3})\]:?\s")

# A footnote marker followed by the spacing before a link: `[0] `, `[1]: `.
_FOOTNOTE_MARKER = re.compile(r"\[(\d{1,3})\]:?\s*")


# -- finding links ---------------------------------------------------------------------------


def link_for_url(
    url: str, text: str, comment_id: str | None, footnote: str | None = None
) -> Link | None:
    """Build a link for a URL, with its paper key and version when it names a paper.

    Returns None for anything but an absolute http(s) URL.
    """
    url = url.strip()
    if not is_web_url(url):
        return None

    paper_key: str | None = None
    version: int | None = None
    arxiv_id = parse_arxiv_url(url)
    if arxiv_id is not None:
        paper_key, version = arxiv_id.key, arxiv_id.version
    else:
        doi = parse_doi_url(url)
        if doi is not None:
            paper_key = doi_key(doi)

    return Link(
        url=url,
        text=text,
        comment_id=comment_id,
        domain=url_domain(url),
        footnote=footnote,
        paper_key=paper_key,
        version=version,
    )


def comment_links(comment: Comment) -> list[Link]:
    """Return the links of one comment in reading order, each paper and URL once."""
    return _deduplicate(_blocks_found(comment.blocks, comment.id))


def story_links(thread: Thread) -> list[Link]:
    """Return the story's own links: its URL first, then links in its text."""
    found: list[_Found] = []
    if thread.url:
        story = link_for_url(thread.url, thread.title, None)
        if story is not None:
            found.append(_Found(-1, 0, story))
    return _deduplicate(found + _blocks_found(thread.blocks, None))


def thread_links(thread: Thread) -> list[Link]:
    """Return the story's links, then every comment's links, in display order."""
    links = story_links(thread)
    for comment in thread.comments:
        links.extend(comment_links(comment))
    return links


@dataclass(frozen=True, slots=True)
class _Found:
    """A link candidate with its place in the text and whether prose produced it."""

    block: int
    position: int
    link: Link
    from_prose: bool = False


def _blocks_found(blocks: Iterable[Block], comment_id: str | None) -> list[_Found]:
    found: list[_Found] = []
    for block_index, block in enumerate(blocks):
        if block.kind is not BlockKind.CODE:
            found.extend(_block_links(block_index, block, comment_id))

    found.sort(key=lambda item: (item.block, item.position))
    return found


def _block_links(block_index: int, block: Block, comment_id: str | None) -> list[_Found]:
    """Return a block's links in reading order, footnote numbers filled in."""
    found: list[_Found] = []
    prose_parts: list[str] = []
    offset = 0

    for span in block.spans:
        is_link = span.style is SpanStyle.LINK and span.href is not None
        if span.style is SpanStyle.LINK and span.href is not None:
            link = link_for_url(span.href, span.text, comment_id)
            if link is not None:
                found.append(_Found(block_index, offset, link))
        # Link text and code are blanked out of the prose so they are not searched.
        hidden = is_link or span.style is SpanStyle.CODE
        prose_parts.append(" " * len(span.text) if hidden else span.text)
        offset += len(span.text)

    found.extend(_prose_links(block_index, "".join(prose_parts), comment_id))
    found.sort(key=lambda item: item.position)
    return _with_footnotes(block.text, found)


def _with_footnotes(text: str, found: list[_Found]) -> list[_Found]:
    """Give footnote numbers to the links that footnote definitions introduce.

    A block starting with `[N]` defines footnote N with its first link, even after a title
    (`[0] Author — Title https://…`). Anywhere else, `[N]` directly before a link defines it
    too, because HN joins footnote lines that have no blank line between them.
    """
    numbers: dict[int, str] = {}
    for marker in _FOOTNOTE_MARKER.finditer(text):
        numbers[marker.end()] = marker.group(1)

    definition = _FOOTNOTE_DEFINITION.match(text)
    if definition is not None and found:
        numbers.setdefault(found[0].position, definition.group(1))

    return [
        replace(item, link=replace(item.link, footnote=numbers[item.position]))
        if item.position in numbers
        else item
        for item in found
    ]


def _prose_links(block_index: int, prose: str, comment_id: str | None) -> list[_Found]:
    """Find written-out URLs, arXiv ids and DOIs in plain text."""
    found: list[_Found] = []
    url_ranges: list[tuple[int, int]] = []

    for match in URL_IN_TEXT.finditer(prose):
        url = trim_url(match.group(0))
        url_ranges.append((match.start(), match.start() + len(url)))
        link = link_for_url(url, url, comment_id)
        if link is not None:
            found.append(_Found(block_index, match.start(), link))

    def inside_url(position: int) -> bool:
        return any(start <= position < end for start, end in url_ranges)

    for reference in find_arxiv_matches(prose):
        if inside_url(reference.start):
            continue
        arxiv_id = reference.arxiv_id
        # A scheme-less `arxiv.org/abs/…` keeps its own path; prose ids link the abstract page.
        url = f"https://{reference.text}" if reference.is_url else arxiv_id.abs_url
        link = Link(
            url=url,
            text=reference.text,
            comment_id=comment_id,
            domain=url_domain(url),
            paper_key=arxiv_id.key,
            version=arxiv_id.version,
        )
        found.append(_Found(block_index, reference.start, link, from_prose=not reference.is_url))

    for doi_match in find_doi_matches(prose):
        if inside_url(doi_match.start) or parse_arxiv_doi(doi_match.doi) is not None:
            continue
        link = Link(
            url=f"https://doi.org/{doi_match.doi}",
            text=doi_match.doi,
            comment_id=comment_id,
            domain="doi.org",
            paper_key=doi_key(doi_match.doi),
        )
        found.append(_Found(block_index, doi_match.start, link, from_prose=True))

    return found


def _deduplicate(found: Iterable[_Found]) -> list[Link]:
    """Keep the first link per paper (or per URL for other links), merging what repeats add.

    A repeat still contributes a footnote number that the first link lacks. A written URL
    replaces a link built from a prose id, so the user opens what the commenter linked.
    """
    kept: dict[str, _Found] = {}
    for item in found:
        identity = item.link.paper_key or item.link.url
        first = kept.get(identity)
        if first is None:
            kept[identity] = item
            continue

        link = first.link
        if link.footnote is None and item.link.footnote is not None:
            link = replace(link, footnote=item.link.footnote)
        if first.from_prose and not item.from_prose:
            link = replace(link, url=item.link.url, text=item.link.text, domain=item.link.domain)
            kept[identity] = replace(first, link=link, from_prose=False)
        else:
            kept[identity] = replace(first, link=link)
    return [item.link for item in kept.values()]


# -- ranking ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PaperCitations:
    """One paper of a thread and where it is cited.

    Attributes:
        paper_key: `arxiv:<base id>` or `doi:<doi>`.
        comment_ids: The distinct comments that cite it, in display order, for jumping.
        in_story: True when the story itself links the paper.
        versions: The distinct arXiv versions the links name, in order of appearance.
        links: Every link to the paper, in display order.
    """

    paper_key: str
    comment_ids: tuple[str, ...]
    in_story: bool
    versions: tuple[int, ...]
    links: tuple[Link, ...]

    @property
    def citation_count(self) -> int:
        """The number of distinct places citing the paper: comments, plus one for the story."""
        return len(self.comment_ids) + (1 if self.in_story else 0)


@dataclass(frozen=True, slots=True)
class LinkCitations:
    """One URL of a thread and where it is linked."""

    url: str
    comment_ids: tuple[str, ...]
    in_story: bool
    links: tuple[Link, ...]

    @property
    def citation_count(self) -> int:
        """The number of distinct places linking the URL: comments, plus one for the story."""
        return len(self.comment_ids) + (1 if self.in_story else 0)


@dataclass(frozen=True, slots=True)
class DomainCitations:
    """One site of a thread, its URLs and where they are linked.

    Attributes:
        domain: The host without `www.`.
        comment_ids: The distinct comments linking any URL of the site, in display order.
        in_story: True when the story links the site.
        urls: The site's URLs, ranked like the sites themselves.
    """

    domain: str
    comment_ids: tuple[str, ...]
    in_story: bool
    urls: tuple[LinkCitations, ...]

    @property
    def citation_count(self) -> int:
        """The number of distinct places linking the site: comments, plus one for the story."""
        return len(self.comment_ids) + (1 if self.in_story else 0)


def paper_index(links: Iterable[Link]) -> list[PaperCitations]:
    """Rank every paper by the number of distinct comments citing it, most cited first.

    The story counts as one more citing place. Ties keep the order of first appearance.
    """
    groups: dict[str, list[Link]] = {}
    for link in links:
        if link.paper_key is not None:
            groups.setdefault(link.paper_key, []).append(link)

    papers = []
    for paper_key, group in groups.items():
        comment_ids, in_story = _citing_places(group)
        versions = tuple(dict.fromkeys(link.version for link in group if link.version is not None))
        papers.append(PaperCitations(paper_key, comment_ids, in_story, versions, tuple(group)))
    return _ranked(papers)


def domain_index(links: Iterable[Link]) -> list[DomainCitations]:
    """Rank the sites of every link that is not a paper, like `paper_index` ranks papers.

    Within a site, its URLs are ranked the same way.
    """
    by_domain: dict[str, dict[str, list[Link]]] = {}
    for link in links:
        if link.paper_key is None:
            by_domain.setdefault(link.domain, {}).setdefault(link.url, []).append(link)

    domains = []
    for domain, by_url in by_domain.items():
        urls = []
        for url, group in by_url.items():
            comment_ids, in_story = _citing_places(group)
            urls.append(LinkCitations(url, comment_ids, in_story, tuple(group)))
        every_link = [link for group in by_url.values() for link in group]
        comment_ids, in_story = _citing_places(every_link)
        domains.append(DomainCitations(domain, comment_ids, in_story, tuple(_ranked(urls))))
    return _ranked(domains)


def _citing_places(links: list[Link]) -> tuple[tuple[str, ...], bool]:
    citing = (link.comment_id for link in links if link.comment_id is not None)
    comment_ids = tuple(dict.fromkeys(citing))
    in_story = any(link.comment_id is None for link in links)
    return comment_ids, in_story


_Ranked = TypeVar("_Ranked", PaperCitations, LinkCitations, DomainCitations)


def _ranked(items: list[_Ranked]) -> list[_Ranked]:
    # `sorted` is stable, so equal counts keep the order of first appearance.
    return sorted(items, key=lambda item: -item.citation_count)
