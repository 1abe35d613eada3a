"""Look up non-arXiv DOIs through Crossref's REST API (`GET {api}/works/{doi}`).

arXiv's own DOIs (`10.48550/arXiv.…`) are registered with DataCite, not Crossref, so Crossref
cannot find them; they are resolved through arXiv and rejected here. Crossref's public pool
allows one concurrent single-record request, so this client sends one request at a time.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
from typing import Any
from urllib.parse import quote

import httpx

from threadtui.arxiv.atom import collapse_whitespace
from threadtui.arxiv.ids import parse_arxiv_doi
from threadtui.config import DEFAULT_CROSSREF_API, USER_AGENT
from threadtui.doi import doi_key, normalise_doi
from threadtui.model import Paper, PaperStatus
from threadtui.resolution import PaperState
from threadtui.text.sanitize import clean_paper

__all__ = ["CrossrefClient", "paper_from_work"]

log = logging.getLogger(__name__)

# Crossref titles and abstracts carry JATS or HTML markup such as `<i>` and `<jats:p>`.
_TAG = re.compile(r"<[^>]+>")


class CrossrefClient:
    """Fetch work metadata by DOI from Crossref, one request at a time.

    The HTTP client is borrowed and never closed here.
    """

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        api_url: str = DEFAULT_CROSSREF_API,
        timeout: float = 20.0,
    ) -> None:
        self._http = http
        self.api_url = api_url.rstrip("/")
        self.timeout = timeout
        self._lock = asyncio.Lock()
        self.request_count = 0
        """Requests sent by this client so far."""

    async def fetch(self, doi: str) -> PaperState:
        """Look up one DOI and return RESOLVED, NOT_FOUND (HTTP 404) or FAILED with the reason.

        Raises:
            ValueError: `doi` is not a DOI, or is an arXiv DOI, which Crossref does not hold.
        """
        bare = normalise_doi(doi)
        if bare is None:
            raise ValueError(f"not a DOI: {doi!r}")
        if parse_arxiv_doi(bare) is not None:
            raise ValueError(f"{bare} is an arXiv DOI; resolve it through arXiv, not Crossref")

        url = f"{self.api_url}/works/{quote(bare, safe='/:;()')}"
        async with self._lock:
            self.request_count += 1
            try:
                response = await self._http.get(
                    url,
                    headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
                    timeout=self.timeout,
                )
            except httpx.TimeoutException:
                log.warning("Crossref timed out for %s", bare)
                detail = f"Crossref did not answer within {self.timeout:g} s"
                return PaperState(PaperStatus.FAILED, detail=detail)
            except httpx.TransportError as error:
                log.warning("cannot reach Crossref for %s: %s", bare, error)
                detail = f"cannot reach Crossref: {error or type(error).__name__}"
                return PaperState(PaperStatus.FAILED, detail=detail)

        return self._read(bare, response)

    @staticmethod
    def _read(doi: str, response: httpx.Response) -> PaperState:
        if response.status_code == 404:
            return PaperState(PaperStatus.NOT_FOUND, detail="Crossref has no such DOI")
        if response.status_code != 200:
            log.warning("Crossref sent HTTP %d for %s", response.status_code, doi)
            detail = f"HTTP {response.status_code} from Crossref"
            return PaperState(PaperStatus.FAILED, detail=detail)

        content_type = response.headers.get("content-type", "")
        if "json" not in content_type.lower():
            shown = content_type.split(";")[0].strip() or "no Content-Type"
            log.warning("Crossref sent %s for %s", shown, doi)
            detail = f"expected JSON from Crossref, got {shown}"
            return PaperState(PaperStatus.FAILED, detail=detail)

        try:
            message = response.json()["message"]
            paper = paper_from_work(message, doi)
        except (ValueError, KeyError, TypeError) as error:
            log.warning("unreadable Crossref record for %s: %s", doi, error)
            return PaperState(PaperStatus.FAILED, detail=f"unreadable Crossref record: {error}")
        return PaperState(PaperStatus.RESOLVED, paper=paper)


def paper_from_work(work: dict[str, Any], doi: str) -> Paper:
    """Build a `Paper` from a Crossref work record (the `message` of `/works/{doi}`).

    The key is made from `doi`, the DOI that was requested, so it matches the link's key
    whatever letter case Crossref reports.
    """
    bare = str(work.get("DOI") or doi)
    titles = work.get("title") or []
    containers = work.get("container-title") or []
    date_parts = _date_parts(work)

    return clean_paper(Paper(
        key=doi_key(doi),
        title=_plain(titles[0]) if titles else "",
        authors=[name for name in map(_author_name, work.get("author") or []) if name],
        abstract=_plain(str(work.get("abstract") or "")),
        published=_iso_date(date_parts),
        doi=bare,
        venue=_plain(containers[0]) if containers else None,
        year=date_parts[0] if date_parts else None,
        links={"doi": f"https://doi.org/{bare}"},
    ))


def _plain(text: str) -> str:
    return collapse_whitespace(html.unescape(_TAG.sub(" ", str(text))))


def _author_name(author: dict[str, Any]) -> str:
    # People have `given` and `family`; organisations have only `name`.
    parts = [str(author.get(part) or "") for part in ("given", "family")]
    name = " ".join(part for part in parts if part) or str(author.get("name") or "")
    return collapse_whitespace(name)


def _date_parts(work: dict[str, Any]) -> list[int]:
    """Return [year, month, day], as far as known, of `issued` or another date present.

    Crossref's `issued` is the earliest of the print and online publication dates.
    """
    for field in ("issued", "published-print", "published-online", "published", "created"):
        parts = (work.get(field) or {}).get("date-parts") or [[]]
        first = [int(part) for part in parts[0] if part is not None]
        if first:
            return first
    return []


def _iso_date(parts: list[int]) -> str | None:
    if not parts:
        return None
    year, *month_day = parts[:3]
    return "-".join([f"{year:04d}", *(f"{part:02d}" for part in month_day)])
