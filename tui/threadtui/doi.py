"""Recognise DOIs in URLs and prose, and normalise them to the case-insensitive key form."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from threadtui.urls import trim_url

__all__ = ["DoiMatch", "doi_key", "find_doi_matches", "normalise_doi", "parse_doi_url"]

# A DOI is `10.<registrant>/<suffix>`; the suffix may contain almost anything but whitespace.
_DOI = re.compile(r"10\.\d{4,9}/[^\s<>\"'`\x00-\x1f\x7f-\x9f]+")
_DOI_IN_TEXT = re.compile(r"(?<![\w./-])" + _DOI.pattern)
_DOI_HOSTS = frozenset({"doi.org", "dx.doi.org"})


@dataclass(frozen=True, slots=True)
class DoiMatch:
    """One DOI found in text: the DOI as written, without a trailing sentence punctuation."""

    doi: str
    start: int


def normalise_doi(text: str) -> str | None:
    """Return the bare DOI in `text` (a DOI, `doi:` form or doi.org URL), or None.

    Letter case is kept for display; DOIs compare case-insensitively, so keys use `doi_key`.
    """
    candidate = text.strip()
    if candidate.lower().startswith(("http://", "https://")):
        return parse_doi_url(candidate)
    candidate = re.sub(r"^doi:\s*", "", candidate, flags=re.IGNORECASE)
    candidate = trim_url(candidate)
    return candidate if _DOI.fullmatch(candidate) else None


def parse_doi_url(url: str) -> str | None:
    """Return the DOI a `doi.org` or `dx.doi.org` URL resolves, or None for other URLs."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() not in ("http", "https") or host not in _DOI_HOSTS:
        return None
    doi = trim_url(unquote(parts.path.lstrip("/")))
    return doi if _DOI.fullmatch(doi) else None


def doi_key(doi: str) -> str:
    """Return the paper key of a DOI: `doi:` and the DOI in lowercase."""
    return f"doi:{doi.lower()}"


def find_doi_matches(text: str) -> list[DoiMatch]:
    """Find DOIs written in text, with or without a `doi:` prefix, in order of appearance.

    A DOI right after a slash, as in a doi.org URL, is left to URL handling.
    """
    decoded = html.unescape(text)
    if "10." not in decoded:
        return []
    return [
        DoiMatch(trim_url(match.group(0)), match.start())
        for match in _DOI_IN_TEXT.finditer(decoded)
    ]
