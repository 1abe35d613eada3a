"""Recognise arXiv identifiers in URLs and prose, and normalise them to a base id plus version.

The grammar is arXiv's own, checked strictly so that a truncated or made-up id is never guessed
into a real one:

- New style (April 2007 on): `YYMM.NNNN` up to `1412`, `YYMM.NNNNN` from `1501`, with MM 01-12,
  YYMM at least `0704` and a sequence that is not all zeros; optionally `vN` (N >= 1).
- Old style (August 1991 to March 2007): `archive[.SubjectClass]/YYMMNNN`, optionally `vN`.
  The subject class is dropped because arXiv's canonical form and its API use the archive
  alone (`math.GT/0309136` is `math/0309136`).

Hacker News shortens long link text to `https://arxiv.org/abs/2401.0...`; such cut-off ids fail
the digit-count rule and are dropped rather than completed.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from threadtui.urls import trim_url

__all__ = [
    "OLD_STYLE_ARCHIVES",
    "ArxivId",
    "ArxivMatch",
    "find_arxiv_ids",
    "find_arxiv_matches",
    "parse_arxiv_doi",
    "parse_arxiv_id",
    "parse_arxiv_url",
]

# Archives that issued old-style ids. Archives created later (`stat`, `q-fin`, `eess`, `econ`)
# only ever had new-style ids.
OLD_STYLE_ARCHIVES: frozenset[str] = frozenset(
    """
    acc-phys adap-org alg-geom ao-sci astro-ph atom-ph bayes-an chao-dyn chem-ph cmp-lg
    comp-gas cond-mat cs dg-ga funct-an gr-qc hep-ex hep-lat hep-ph hep-th math math-ph
    mtrl-th nlin nucl-ex nucl-th patt-sol physics plasm-ph q-alg q-bio quant-ph solv-int
    supr-con
    """.split()
)

# Writers drop the hyphen (`hepth/9901001`); map those spellings back to the archive.
_HYPHENLESS_ARCHIVES: dict[str, str] = {
    name.replace("-", ""): name for name in OLD_STYLE_ARCHIVES if "-" in name
}

_ARCHIVE_ALTERNATIVES = "|".join(
    re.escape(name)
    for name in sorted(OLD_STYLE_ARCHIVES | _HYPHENLESS_ARCHIVES.keys(), key=len, reverse=True)
)

# The id grammars, without anchors, so the same text serves full matches and searches.
_NEW_STYLE = r"(?P<yymm>\d{4})\.(?P<sequence>\d{4,5})(?:v(?P<version>[1-9]\d*))?"
_OLD_STYLE = (
    rf"(?P<archive>{_ARCHIVE_ALTERNATIVES})"
    r"(?:\.\s?(?P<subject>[A-Za-z][A-Za-z-]*))?"
    r"/(?P<number>\d{7})(?:v(?P<old_version>[1-9]\d*))?"
)

_NEW_STYLE_FULL = re.compile(rf"{_NEW_STYLE}", re.ASCII)
_OLD_STYLE_FULL = re.compile(rf"{_OLD_STYLE}", re.ASCII | re.IGNORECASE)

# An id in running text must not continue a longer token: no letter, digit, dot, slash or
# hyphen before it, and no letter or digit after it (`2309.165123` is not `2309.16512`).
_BEFORE = r"(?<![\w./-])"
_AFTER = r"(?![\w])(?!\.\d)"

_NEW_STYLE_IN_TEXT = re.compile(_BEFORE + _NEW_STYLE + _AFTER, re.ASCII)
_OLD_STYLE_IN_TEXT = re.compile(_BEFORE + _OLD_STYLE + _AFTER, re.ASCII | re.IGNORECASE)

# arXiv's DataCite DOIs, `10.48550/arXiv.<id>`, in any letter case.
_ARXIV_DOI = re.compile(r"\b10\.48550/arxiv\.", re.IGNORECASE)

# URLs written out in text, with or without a scheme. The scheme-less form is recognised only
# for hosts that serve papers, so `2309.16512` after an unrelated `example.org/` stays prose.
_SCHEME_URL = re.compile(r"\bhttps?://[^\s<>\"'`\x00-\x1f\x7f-\x9f]*", re.IGNORECASE)
_PAPER_HOST = re.compile(
    r"(?:arxiv\.org|ar5iv\.org|alphaxiv\.org|huggingface\.co|hf\.co|scirate\.com|"
    r"semanticscholar\.org|arxiv-sanity-lite\.com|doi\.org|lanl\.gov)/",
    re.IGNORECASE,
)
_URL_TAIL = re.compile(r"[^\s<>\"'`\x00-\x1f\x7f-\x9f]*")
_DIGIT = re.compile(r"\d")
_HOST_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")

# An ellipsis straight after an id means the writer (or HN) cut the text there.
_ELLIPSIS = re.compile(r"(?:\.\.\.|\u2026)")

# How far before a bare new-style id the word "arXiv" may be for the id to count.
_CONTEXT_WINDOW = 48

# Text that may separate ids in a list such as `arXiv:2309.16512, 2310.01234 and 2311.00001`.
_LIST_SEPARATOR = re.compile(r"^[\s,;/&]*(?:(?:and|or)[\s,;]*)?$", re.IGNORECASE)

# Paths on arxiv.org (and its mirrors) whose next segment is a paper id.
_ARXIV_PAPER_PATHS = frozenset(
    {"abs", "pdf", "html", "format", "ps", "src", "e-print", "bibtex", "tb"}
)
_AR5IV_PAPER_PATHS = frozenset({"abs", "html", "pdf"})
_ALPHAXIV_PAPER_PATHS = frozenset({"abs", "overview", "pdf"})


@dataclass(frozen=True, slots=True)
class ArxivId:
    """A normalised arXiv identifier.

    Attributes:
        base: The id without version, old-style ids without subject class
            (`2309.16512`, `hep-th/9901001`, `math/0309136`).
        version: The version asked for (`2` for `…v2`), or None for the latest.
    """

    base: str
    version: int | None = None

    @property
    def key(self) -> str:
        """The paper key shared by every version: `arxiv:<base>`."""
        return f"arxiv:{self.base}"

    @property
    def versioned(self) -> str:
        """The id as arXiv writes it: `<base>v<N>`, or the base when no version is set."""
        return self.base if self.version is None else f"{self.base}v{self.version}"

    @property
    def versioned_key(self) -> str:
        """`arxiv:<base>v<N>` for a versioned id, else the same as `key`."""
        return f"arxiv:{self.versioned}"

    @property
    def is_old_style(self) -> bool:
        """True for pre-2007 `archive/YYMMNNN` ids."""
        return "/" in self.base

    @property
    def abs_url(self) -> str:
        """The abstract page for this id (versioned when a version is set)."""
        return f"https://arxiv.org/abs/{self.versioned}"

    def __str__(self) -> str:
        return self.versioned


def parse_arxiv_id(text: str) -> ArxivId | None:
    """Parse one id, optionally prefixed by `arXiv:`, or return None when it is not valid.

    Accepts exactly the id (`2309.16512v2`, `math.GT/0309136`, `arXiv:hep-th/9901001`), with
    surrounding whitespace. Use `find_arxiv_ids` to search text.
    """
    candidate = text.strip()
    prefix = re.match(r"arxiv\s*:\s*", candidate, re.IGNORECASE)
    if prefix:
        candidate = candidate[prefix.end() :]

    match = _NEW_STYLE_FULL.fullmatch(candidate)
    if match:
        return _new_style_id(match)

    match = _OLD_STYLE_FULL.fullmatch(candidate)
    if match:
        return _old_style_id(match)
    return None


def parse_arxiv_doi(doi: str) -> ArxivId | None:
    """Return the arXiv id of an arXiv DataCite DOI (`10.48550/arXiv.2309.16512`), else None.

    Accepts a bare DOI, a `doi:` prefix and `doi.org`/`dx.doi.org` URLs, in any letter case.
    """
    text = doi.strip()
    text = re.sub(r"^(?:doi:\s*|(?:https?://)?(?:dx\.)?doi\.org/)", "", text, flags=re.IGNORECASE)
    match = re.fullmatch(r"10\.48550/arxiv\.(.+)", unquote(text), re.IGNORECASE)
    if match is None:
        return None
    return parse_arxiv_id(trim_url(match.group(1)))


def parse_arxiv_url(url: str) -> ArxivId | None:
    """Return the arXiv id a URL points at, or None when it is not a paper on a known site.

    Paper pages on arxiv.org are `/abs/`, `/pdf/` (with or without `.pdf`), `/html/`, `/format/`,
    `/ps/`, `/src/`, `/e-print/`, `/bibtex/` and `/tb/`. The same paths count on the mirrors and
    historic hosts (`export.`, `lanl.`, country mirrors, `xxx.lanl.gov`).

    Other sites: ar5iv, alphaXiv, Hugging Face papers, SciRate, Semantic Scholar's `/arxiv/`
    pages, arxiv-sanity-lite, and arXiv DOIs on doi.org.

    Query strings, fragments and trailing slashes are ignored. Listing, author, help and API
    pages are not papers. A URL without a scheme is read as https.
    """
    text = html.unescape(url.strip()).strip("<>")
    if not text:
        return None
    if "://" not in text:
        text = "https://" + text

    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https"):
        return None

    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    segments = [unquote(segment) for segment in parts.path.split("/") if segment]

    if host == "arxiv-sanity-lite.com":
        pids = parse_qs(parts.query).get("pid", [])
        return parse_arxiv_id(pids[0]) if pids else None

    if host in ("doi.org", "dx.doi.org"):
        return parse_arxiv_doi("/".join(segments))

    if not segments:
        return None
    section, rest = segments[0].lower(), segments[1:]

    if host in ("ar5iv.org", "ar5iv.labs.arxiv.org"):
        return _id_from_path(rest) if section in _AR5IV_PAPER_PATHS else None
    if host == "alphaxiv.org":
        return _id_from_path(rest) if section in _ALPHAXIV_PAPER_PATHS else None
    if host in ("huggingface.co", "hf.co"):
        # Hugging Face lists only new-style ids.
        found = _id_from_path(rest) if section == "papers" else None
        return found if found is not None and not found.is_old_style else None
    if host in ("scirate.com", "semanticscholar.org"):
        return _id_from_path(rest) if section == "arxiv" else None
    if _is_arxiv_host(host):
        return _id_from_path(rest) if section in _ARXIV_PAPER_PATHS else None
    return None


@dataclass(frozen=True, slots=True)
class ArxivMatch:
    """One arXiv reference found in text.

    Attributes:
        arxiv_id: The normalised id.
        start: Where the reference starts in the entity-decoded text.
        text: The reference as written: a URL, `arXiv:2309.16512`, a DOI or a bare id.
        is_url: True when the reference is a URL (with or without a scheme).
    """

    arxiv_id: ArxivId
    start: int
    text: str
    is_url: bool


def find_arxiv_ids(text: str) -> list[ArxivId]:
    """Find every arXiv reference in text, in order of appearance, without repeats.

    Recognised forms:
    - URLs of every site that `parse_arxiv_url` accepts, and arXiv DOIs.
    - `arXiv:` prefixed ids, new and old style, also inside citation styles such as
      `arXiv:0706.0001v1 [q-bio.CB]`.
    - Bare old-style ids (`[astro-ph/0501562]`).
    - Bare new-style ids, but only with context: the word "arXiv" within a few words before,
      square brackets around the id, or a list that started with such an id.

    HTML entities are decoded first, so HN's `&#x2F;` slashes are read as slashes.
    """
    return list(dict.fromkeys(match.arxiv_id for match in find_arxiv_matches(text)))


def find_arxiv_matches(text: str) -> list[ArxivMatch]:
    """Find every arXiv reference in text with its position, as `find_arxiv_ids` describes.

    Repeats are kept, so a caller can tell where each mention is.
    """
    decoded = html.unescape(text)
    # Every form contains digits; most comment paragraphs are skipped here cheaply.
    if _DIGIT.search(decoded) is None:
        return []
    found: list[ArxivMatch] = []

    # URLs first, then blank them out so that ids inside unrelated URLs are not read as prose.
    prose = decoded
    url_spans = _url_spans(decoded)
    if url_spans:
        masked = list(decoded)
        for start, raw_end in url_spans:
            url = trim_url(decoded[start:raw_end])
            end = start + len(url)
            arxiv_id = parse_arxiv_url(url)
            if arxiv_id is not None:
                arxiv_id = _drop_cut_version(arxiv_id, decoded, end)
                found.append(ArxivMatch(arxiv_id, start, url, True))
            masked[start:end] = " " * len(url)
        prose = "".join(masked)

    for match in _ARXIV_DOI.finditer(prose):
        doi_match = _match_after_doi_prefix(prose, match)
        if doi_match is not None:
            found.append(doi_match)

    # Old-style ids contain a slash; skipping the long archive alternation otherwise saves
    # most of the scan time.
    old_style_matches = _OLD_STYLE_IN_TEXT.finditer(prose) if "/" in prose else ()
    for match in old_style_matches:
        old_id = _old_style_id(match)
        if old_id is not None:
            old_id = _drop_cut_version(old_id, prose, match.end())
            found.append(ArxivMatch(old_id, match.start(), match.group(0), False))

    previous_end: int | None = None
    for match in _NEW_STYLE_IN_TEXT.finditer(prose):
        new_id = _new_style_id(match)
        if new_id is None:
            continue
        if _has_context(decoded, match.start(), match.end(), previous_end):
            new_id = _drop_cut_version(new_id, prose, match.end())
            found.append(ArxivMatch(new_id, match.start(), _with_prefix(prose, match), False))
            previous_end = match.end()

    found.sort(key=lambda item: item.start)
    return found


# -- helpers ---------------------------------------------------------------------------------


def _url_spans(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) of every URL in text, untrimmed, in order.

    Scheme-less URLs are found by their paper host, then extended back over the subdomains
    (`export.arxiv.org/…`). A host right after `@`, `/` or `_` belongs to something else.
    """
    spans = [(match.start(), match.end()) for match in _SCHEME_URL.finditer(text)]
    for match in _PAPER_HOST.finditer(text):
        start = match.start()
        if any(span_start <= start < span_end for span_start, span_end in spans):
            continue
        while start > 0 and text[start - 1] in _HOST_CHARACTERS:
            start -= 1
        if text[start] in ".-" or (start > 0 and text[start - 1] in "@/_"):
            continue
        tail = _URL_TAIL.match(text, match.end())
        spans.append((start, tail.end() if tail else match.end()))
    return sorted(spans)


def _new_style_id(match: re.Match[str]) -> ArxivId | None:
    yymm, sequence = match.group("yymm"), match.group("sequence")
    month = int(yymm[2:])

    if not 1 <= month <= 12 or int(yymm) < 704:
        return None
    # Four-digit sequences ran to December 2014, five-digit ones start in January 2015.
    expected_digits = 4 if int(yymm) <= 1412 else 5
    if len(sequence) != expected_digits or int(sequence) == 0:
        return None

    version = match.group("version")
    return ArxivId(f"{yymm}.{sequence}", int(version) if version else None)


def _old_style_id(match: re.Match[str]) -> ArxivId | None:
    archive = match.group("archive").lower()
    archive = _HYPHENLESS_ARCHIVES.get(archive, archive)
    number = match.group("number")
    year, month = int(number[:2]), int(number[2:4])

    if not 1 <= month <= 12 or int(number[4:]) == 0:
        return None
    # Old-style ids were issued from August 1991 to March 2007.
    full_year = 1900 + year if year >= 91 else 2000 + year
    if (full_year, month) < (1991, 8) or (full_year, month) > (2007, 3):
        return None

    version = match.group("old_version")
    return ArxivId(f"{archive}/{number}", int(version) if version else None)


def _id_from_path(segments: list[str]) -> ArxivId | None:
    """Read an id from the path segments after a paper section such as `/abs/`.

    Old-style ids span two segments (`hep-th/9901001`). A `.pdf` suffix, an `arXiv:` prefix
    (a legacy form arXiv still serves) and any later segments (`/html/<id>/x1.png`) are
    ignored.
    """
    if not segments:
        return None
    first = re.sub(r"^arxiv:", "", segments[0], flags=re.IGNORECASE)
    candidates = [first]
    if len(segments) > 1:
        candidates.insert(0, f"{first}/{segments[1]}")

    for candidate in candidates:
        candidate = re.sub(r"\.pdf$", "", candidate, flags=re.IGNORECASE)
        arxiv_id = parse_arxiv_id(candidate)
        if arxiv_id is not None:
            return arxiv_id
    return None


def _is_arxiv_host(host: str) -> bool:
    if host in ("arxiv.org", "xxx.lanl.gov", "lanl.arxiv.org"):
        return True
    # Country mirrors (`de.arxiv.org`) and `export.arxiv.org` serve the same paths. The
    # documentation and blog hosts serve no papers.
    return host.endswith(".arxiv.org") and host not in ("info.arxiv.org", "blog.arxiv.org")


def _match_after_doi_prefix(text: str, match: re.Match[str]) -> ArxivMatch | None:
    tail = text[match.end() :]
    for pattern, build in (
        (_NEW_STYLE_FULL, _new_style_id),
        (_OLD_STYLE_FULL, _old_style_id),
    ):
        id_match = pattern.match(tail)
        if id_match is None:
            continue
        after = tail[id_match.end() : id_match.end() + 1]
        if after and (after.isalnum() or after == "_"):
            continue
        arxiv_id = build(id_match)
        if arxiv_id is not None:
            end = match.end() + id_match.end()
            return ArxivMatch(arxiv_id, match.start(), text[match.start() : end], False)
    return None


def _with_prefix(text: str, match: re.Match[str]) -> str:
    """Return a bare id as written, with an `arXiv:` prefix right before it included."""
    prefix = re.search(r"arxiv\s*:?\s*$", text[max(0, match.start() - 12) : match.start()], re.I)
    if prefix is None:
        return match.group(0)
    return text[match.start() - len(prefix.group(0)) : match.end()]


def _has_context(text: str, start: int, end: int, previous_end: int | None) -> bool:
    """Decide whether a bare new-style id in prose is meant as an arXiv id."""
    before = text[max(0, start - _CONTEXT_WINDOW) : start]
    if "arxiv" in before.lower():
        return True
    if start > 0 and text[start - 1] == "[" and text[end : end + 1] == "]":
        return True
    if previous_end is not None and _LIST_SEPARATOR.match(text[previous_end:start]):
        return True
    return False


def _drop_cut_version(arxiv_id: ArxivId, text: str, end: int) -> ArxivId:
    """Forget the version of an id followed by an ellipsis, because `v1...` may be `v12`.

    The base id is complete: the grammar fixes its digit count.
    """
    if arxiv_id.version is not None and _ELLIPSIS.match(text, end):
        return ArxivId(arxiv_id.base)
    return arxiv_id
