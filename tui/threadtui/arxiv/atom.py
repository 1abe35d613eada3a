"""Parse arXiv API responses (Atom 1.0) into `Paper`s keyed by base id.

Entries are matched to ids by their `<id>` element, never by position, because arXiv returns
batched entries in its own order. A feed whose entry has an id containing `/api/errors#` is
arXiv's way of rejecting a malformed id, whatever the HTTP status was. A feed with no entries
means none of the requested ids exist. `opensearch:totalResults` is ignored, because the legacy
backend sometimes reported counts that disagreed with the entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import feedparser

from threadtui.arxiv.ids import ArxivId, parse_arxiv_url
from threadtui.model import Paper
from threadtui.text.sanitize import clean_paper

__all__ = ["ApiError", "AtomFeed", "AtomParseError", "collapse_whitespace", "parse_atom"]

_WITHDRAWN = re.compile(r"withdrawn", re.IGNORECASE)

# arXiv's error messages end with the rejected value: `incorrect id format for abc`.
_REJECTED_VALUE = re.compile(r"\bfor\s+(\S+)\s*$")


class AtomParseError(ValueError):
    """The response body is not an Atom feed (a rate-limit text, an HTML page, garbage)."""


@dataclass(frozen=True, slots=True)
class ApiError:
    """An `Error` entry: arXiv rejected the request, usually because an id is malformed.

    Attributes:
        message: arXiv's message, such as `incorrect id format for abc`.
        slug: The part of the entry id after `/api/errors#`.
    """

    message: str
    slug: str

    @property
    def rejected_value(self) -> str | None:
        """The value the message names at its end (`abc` above), or None."""
        match = _REJECTED_VALUE.search(self.message)
        return match.group(1) if match else None


@dataclass(slots=True)
class AtomFeed:
    """The papers and errors of one API response.

    Attributes:
        papers: The papers found, keyed by base id (`2309.16512`, `hep-th/9901001`), in feed
            order. Each `Paper.version` is the version the entry describes.
        errors: `Error` entries. When there is one, the request was rejected and `papers` is
            empty.
        entry_count: The number of `<entry>` elements, errors included.
    """

    papers: dict[str, Paper] = field(default_factory=dict)
    errors: list[ApiError] = field(default_factory=list)
    entry_count: int = 0


def collapse_whitespace(text: str) -> str:
    """Collapse every whitespace run to one space and strip the ends.

    The legacy API wrapped titles and abstracts and indented them; TeX is left untouched.
    """
    return " ".join(text.split())


def parse_atom(content: bytes) -> AtomFeed:
    """Parse the bytes of an arXiv API response.

    Pass `response.content`, not `.text`, so the XML declaration decides the encoding.

    Raises:
        AtomParseError: the body is not an Atom feed.
    """
    parsed = feedparser.parse(content)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        detail = f": {reason}" if reason else ""
        raise AtomParseError(f"the arXiv response is not an Atom feed{detail}")

    feed = AtomFeed(entry_count=len(parsed.entries))
    for entry in parsed.entries:
        entry_id = str(entry.get("id", ""))

        if "/api/errors#" in entry_id:
            message = collapse_whitespace(str(entry.get("summary") or entry.get("title") or ""))
            slug = entry_id.split("/api/errors#", 1)[1]
            feed.errors.append(ApiError(message=message, slug=slug))
            continue

        arxiv_id = parse_arxiv_url(entry_id)
        if arxiv_id is None:
            # An entry whose id is not an arXiv abstract URL cannot be matched to a request.
            continue
        feed.papers.setdefault(arxiv_id.base, _paper_from_entry(entry, arxiv_id))
    return feed


def _paper_from_entry(entry: Any, arxiv_id: ArxivId) -> Paper:
    # `is not None` rather than truthiness: a real paper (2104.12255v1) is titled "0".
    title = entry.get("title")
    authors = [
        collapse_whitespace(str(author.get("name", "")))
        for author in entry.get("authors", [])
        if author.get("name")
    ]
    published = entry.get("published")
    comment = _optional_text(entry.get("arxiv_comment"))

    return clean_paper(Paper(
        key=arxiv_id.key,
        title=collapse_whitespace(str(title)) if title is not None else "",
        authors=authors,
        arxiv_id=arxiv_id.base,
        version=arxiv_id.version,
        abstract=collapse_whitespace(str(entry.get("summary") or "")),
        published=published,
        updated=entry.get("updated"),
        primary_category=_primary_category(entry),
        categories=_categories(entry),
        comment=comment,
        journal_ref=_optional_text(entry.get("arxiv_journal_ref")),
        doi=_optional_text(entry.get("arxiv_doi")),
        year=_year(published),
        withdrawn=bool(comment and _WITHDRAWN.search(comment)),
        links=_links(entry, arxiv_id),
    ))


def _optional_text(value: object) -> str | None:
    if value is None:
        return None
    text = collapse_whitespace(str(value))
    return text or None


def _primary_category(entry: Any) -> str | None:
    primary = entry.get("arxiv_primary_category")
    if isinstance(primary, dict) and primary.get("term"):
        return str(primary["term"])
    tags = entry.get("tags") or []
    return str(tags[0]["term"]) if tags and tags[0].get("term") else None


def _categories(entry: Any) -> list[str]:
    primary = _primary_category(entry)
    terms = [str(tag["term"]) for tag in entry.get("tags") or [] if tag.get("term")]
    ordered = ([primary] if primary else []) + terms
    return list(dict.fromkeys(ordered))


def _year(timestamp: str | None) -> int | None:
    if timestamp and re.match(r"\d{4}", timestamp):
        return int(timestamp[:4])
    return None


def _links(entry: Any, arxiv_id: ArxivId) -> dict[str, str]:
    """Collect the abstract, PDF and DOI links, upgraded to https.

    The legacy API wrote `http://arxiv.org/...` and `http://dx.doi.org/...` links.
    """
    links: dict[str, str] = {}
    for link in entry.get("links") or []:
        href = str(link.get("href") or "")
        if not href:
            continue
        if link.get("title") == "pdf" or link.get("type") == "application/pdf":
            links.setdefault("pdf", _https(href))
        elif link.get("title") == "doi":
            links.setdefault("doi", _https(href))
        elif link.get("rel") == "alternate":
            links.setdefault("abs", _https(href))

    links.setdefault("abs", arxiv_id.abs_url)
    return links


def _https(href: str) -> str:
    href = re.sub(r"^http://dx\.doi\.org/", "https://doi.org/", href)
    return re.sub(r"^http://((?:[a-z0-9-]+\.)*arxiv\.org)/", r"https://\1/", href)
