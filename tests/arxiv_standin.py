"""A loopback stand-in for arXiv's query API, with scripted faults and a request log.

It serves a 2026-format Atom feed with one synthetic entry per requested id: title
`Paper <id>`, two authors, dates derived from the id and a primary category. Unknown ids are
left out of the feed, as arXiv does. Ids listed in `rejected` get arXiv's `Error` entry with
HTTP 400. Faults queued with `script` are served one per request, before normal answers.

Example:
    with ArxivStandIn(known={"2309.16512"}, withdrawn={"2309.16512"}) as arxiv:
        arxiv.script(Fault.RATE_LIMITED)  # the first request gets a 429
        client = ArxivClient(http, api_url=arxiv.api_url, delay=0)
        states = await client.fetch([ArxivId("2309.16512")])
        assert [request.ids for request in arxiv.requests] == [["2309.16512"]] * 2
"""

from __future__ import annotations

import re
import threading
import time
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import parse_qs
from xml.sax.saxutils import escape

from loopback import LoopbackServer, Request, Response

ATOM_TYPE = "application/atom+xml; charset=utf-8"

# The stand-in's own idea of a well-formed id, deliberately looser than the client's grammar
# so that tests can tell the two apart.
_WELL_FORMED = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Za-z-]+)?/\d{7})(?:v\d+)?$")

WITHDRAWN_COMMENT = "This paper has been withdrawn by the author due to an error in Lemma 2."

BLOCK_PAGE = (
    b"<!DOCTYPE html><html><head><title>Access Denied</title></head><body>"
    b"<h1>Access Denied</h1><p>Sorry, your request has been blocked. "
    b"User-Agent: python-httpx/0.28.1</p></body></html>"
)


class Fault(StrEnum):
    """A scripted misbehaviour, served in place of one normal response."""

    RATE_LIMITED = "rate limited"
    """HTTP 429 with the plain-text body `Rate exceeded.` and no `Retry-After`."""
    HTML_BLOCK = "html block"
    """HTTP 403 with an HTML "Access Denied" robot page."""
    HTML_PAGE = "html page"
    """HTTP 200 with the same HTML page, which must not read as "no entries"."""
    UNAVAILABLE = "unavailable"
    """HTTP 503 with an empty body."""
    EMPTY = "empty"
    """HTTP 200 with a valid feed and no entries, as arXiv sometimes sends spuriously."""
    ERROR_ENTRY = "error entry"
    """HTTP 400 with arXiv's Error entry naming the first requested id."""


@dataclass(frozen=True)
class ArxivRequest:
    """One request the stand-in received.

    Attributes:
        received_at: `time.monotonic()` when the request arrived.
        ids: The `id_list` values in the order sent.
        max_results: The `max_results` parameter, or None when absent.
        method: `GET` or `POST`.
        user_agent: The User-Agent header.
    """

    received_at: float
    ids: list[str]
    max_results: int | None
    method: str
    user_agent: str


class ArxivStandIn:
    """A fake arXiv query endpoint on 127.0.0.1, used as a context manager.

    Args:
        known: Base ids that exist. None means every well-formed id exists.
        versions: The latest version of a base id (default 1).
        withdrawn: Base ids whose latest version is a withdrawal notice.
        rejected: Ids that get an Error entry and HTTP 400, as if malformed.
    """

    def __init__(
        self,
        *,
        known: Iterable[str] | None = None,
        versions: Mapping[str, int] | None = None,
        withdrawn: Iterable[str] = (),
        rejected: Iterable[str] = (),
    ) -> None:
        self.known = set(known) if known is not None else None
        self.versions = dict(versions or {})
        self.withdrawn = set(withdrawn)
        self.rejected = set(rejected)
        self.requests: list[ArxivRequest] = []
        self._faults: deque[Fault | Response] = deque()
        self._lock = threading.Lock()
        self._server = LoopbackServer(self._handle)

    @property
    def api_url(self) -> str:
        """The query endpoint to pass as `api_url`."""
        return self._server.url("/api/query")

    def script(self, *faults: Fault | Response) -> None:
        """Queue faults (or raw responses), each served to one future request, in order."""
        with self._lock:
            self._faults.extend(faults)

    def gaps(self) -> list[float]:
        """Return the seconds between the arrivals of consecutive requests."""
        times = [request.received_at for request in self.requests]
        return [later - earlier for earlier, later in zip(times, times[1:])]

    def __enter__(self) -> ArxivStandIn:
        self._server.__enter__()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.__exit__(*exc_info)

    # -- serving -----------------------------------------------------------------------------

    def _handle(self, request: Request) -> Response:
        parameters = dict(request.query)
        if request.method == "POST":
            parameters.update(parse_qs(request.body.decode("utf-8"), keep_blank_values=True))
        id_list = parameters.get("id_list", [""])[0]
        ids = [value.strip() for value in id_list.split(",") if value.strip()]
        max_results_values = parameters.get("max_results")
        max_results = int(max_results_values[0]) if max_results_values else None

        with self._lock:
            self.requests.append(
                ArxivRequest(
                    received_at=time.monotonic(),
                    ids=ids,
                    max_results=max_results,
                    method=request.method,
                    user_agent=request.headers.get("user-agent", ""),
                )
            )
            fault = self._faults.popleft() if self._faults else None

        if isinstance(fault, Response):
            return fault
        if fault is not None:
            return self._fault_response(fault, ids)

        for value in ids:
            if value in self.rejected or not _WELL_FORMED.match(value):
                return error_response(f"incorrect id format for {value}")

        # arXiv returns 10 results when max_results is absent.
        limit = 10 if max_results is None else max_results
        entries = [entry for entry in (self._entry(value) for value in ids) if entry]
        # arXiv orders batched entries its own way; reverse them so matching by position fails.
        entries.reverse()
        return Response(200, feed(entries[:limit]), ATOM_TYPE)

    def _fault_response(self, fault: Fault, ids: list[str]) -> Response:
        if fault is Fault.RATE_LIMITED:
            return Response(429, b"Rate exceeded.", "text/plain")
        if fault is Fault.HTML_BLOCK:
            return Response(403, BLOCK_PAGE, "text/html; charset=utf-8")
        if fault is Fault.HTML_PAGE:
            return Response(200, BLOCK_PAGE, "text/html; charset=utf-8")
        if fault is Fault.UNAVAILABLE:
            return Response(503, b"", "text/html")
        if fault is Fault.EMPTY:
            return Response(200, feed([]), ATOM_TYPE)
        first = ids[0] if ids else ""
        return error_response(f"incorrect id format for {first}")

    def _entry(self, requested: str) -> str | None:
        match = re.fullmatch(r"(?P<base>.+?)(?:v(?P<version>\d+))?", requested)
        assert match is not None
        base, version_text = match.group("base"), match.group("version")
        if self.known is not None and base not in self.known:
            return None

        latest = self.versions.get(base, 1)
        version = int(version_text) if version_text else latest
        if version > latest:
            return None
        comment = WITHDRAWN_COMMENT if base in self.withdrawn and version == latest else "12 pages"
        return synthetic_entry(base, version, comment=comment)


def synthetic_entry(base: str, version: int = 1, *, comment: str = "12 pages") -> str:
    """Return a 2026-format `<entry>` for a base id, with dates derived from the id."""
    if "/" in base:
        archive, number = base.split("/")
        year = (1900 if int(number[:2]) >= 91 else 2000) + int(number[:2])
        month, category = int(number[2:4]), archive
    else:
        year, month, category = 2000 + int(base[:2]), int(base[2:4]), "cs.LG"
    published = f"{year:04d}-{month:02d}-15T12:00:00Z"
    updated = f"{year:04d}-{month:02d}-{14 + version:02d}T12:00:00Z"
    abs_url = f"https://arxiv.org/abs/{base}v{version}"

    return (
        "<entry>"
        f"<id>http://arxiv.org/abs/{base}v{version}</id>"
        f"<title>Paper {escape(base)}</title>"
        f"<updated>{updated}</updated>"
        f'<link href="{abs_url}" rel="alternate" type="text/html"/>'
        f'<link href="https://arxiv.org/pdf/{base}v{version}" rel="related" '
        'type="application/pdf" title="pdf"/>'
        f"<summary>The abstract of {escape(base)}.</summary>"
        f'<category term="{category}" scheme="http://arxiv.org/schemas/atom"/>'
        f"<published>{published}</published>"
        f"<arxiv:comment>{escape(comment)}</arxiv:comment>"
        f'<arxiv:primary_category term="{category}"/>'
        "<author><name>Ada Lovelace</name></author>"
        "<author><name>Alan Turing</name></author>"
        "</entry>"
    )


def feed(entries: list[str]) -> bytes:
    """Return a 2026-format feed around entries, with `totalResults` counting them."""
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
        'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">'
        "<id>https://arxiv.org/api/standin</id>"
        "<title>arXiv Query: stand-in</title>"
        "<updated>2026-04-12T22:09:36Z</updated>"
        f"<opensearch:itemsPerPage>{len(entries)}</opensearch:itemsPerPage>"
        f"<opensearch:totalResults>{len(entries)}</opensearch:totalResults>"
        "<opensearch:startIndex>0</opensearch:startIndex>"
        + "".join(entries)
        + "</feed>"
    ).encode("utf-8")


def error_response(message: str, status: int = 400) -> Response:
    """Return arXiv's Error entry feed for a message, with HTTP `status` (400 by default)."""
    slug = re.sub(r"\W+", "_", message)
    body = (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
        'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">'
        "<id>https://arxiv.org/</id><title>arXiv Search Results</title>"
        "<updated>2026-04-12T22:59:06Z</updated>"
        "<opensearch:totalResults>1</opensearch:totalResults>"
        f"<entry><id>https://arxiv.org/api/errors#{escape(slug)}</id><title>Error</title>"
        f"<summary>{escape(message)}</summary>"
        "<author><name>arXiv api core</name></author></entry></feed>"
    ).encode("utf-8")
    return Response(status, body, ATOM_TYPE)
