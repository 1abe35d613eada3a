"""The Crossref client: DOI lookups become papers, and failures stay apart from "not found"."""

from __future__ import annotations

import httpx
import pytest
from conftest import UNREACHABLE

from threadtui.config import USER_AGENT
from threadtui.crossref import CrossrefClient, paper_from_work
from threadtui.model import PaperStatus

API = "http://crossref.test"

# The shape of a Crossref `/works/{doi}` response, trimmed to the fields the client reads.
WORK = {
    "status": "ok",
    "message-type": "work",
    "message": {
        "DOI": "10.1103/PhysRevB.85.115117",
        "type": "journal-article",
        "title": [
            "Quantum criticality for extended nodes on a Bethe lattice in the large\n"
            " connectivity limit"
        ],
        "author": [
            {"given": "James M.", "family": "Murray", "sequence": "first", "affiliation": []},
            {"given": "Adrian", "family": "Del Maestro", "sequence": "additional"},
            {"name": "The Lattice Collaboration", "sequence": "additional"},
        ],
        "container-title": ["Physical Review B"],
        "issued": {"date-parts": [[2012, 3, 13]]},
        "abstract": "<jats:p>We study <jats:italic>nodes</jats:italic> &amp; more.</jats:p>",
    },
}


class MockCrossref:
    def __init__(self, response: httpx.Response | Exception | None = None) -> None:
        self.response = response
        self.requests: list[httpx.Request] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if isinstance(self.response, Exception):
            raise self.response
        if self.response is not None:
            return self.response
        return httpx.Response(200, json=WORK)

    def client(self) -> CrossrefClient:
        http = httpx.AsyncClient(transport=httpx.MockTransport(self.handler))
        return CrossrefClient(http, api_url=API)


async def test_work_becomes_paper() -> None:
    state = await MockCrossref().client().fetch("10.1103/PhysRevB.85.115117")
    assert state.status is PaperStatus.RESOLVED
    paper = state.paper
    assert paper is not None
    assert paper.key == "doi:10.1103/physrevb.85.115117"
    assert paper.doi == "10.1103/PhysRevB.85.115117"
    assert paper.venue == "Physical Review B"
    assert paper.year == 2012
    assert paper.published == "2012-03-13"
    assert paper.links == {"doi": "https://doi.org/10.1103/PhysRevB.85.115117"}


async def test_title_whitespace_collapsed() -> None:
    state = await MockCrossref().client().fetch("10.1103/PhysRevB.85.115117")
    assert state.paper is not None
    assert state.paper.title == (
        "Quantum criticality for extended nodes on a Bethe lattice in the large connectivity limit"
    )


async def test_people_and_organisations_as_authors() -> None:
    state = await MockCrossref().client().fetch("10.1103/PhysRevB.85.115117")
    assert state.paper is not None
    assert state.paper.authors == [
        "James M. Murray",
        "Adrian Del Maestro",
        "The Lattice Collaboration",
    ]


async def test_jats_markup_stripped() -> None:
    state = await MockCrossref().client().fetch("10.1103/PhysRevB.85.115117")
    assert state.paper is not None
    assert state.paper.abstract == "We study nodes & more."


async def test_request_path_and_user_agent() -> None:
    crossref = MockCrossref()
    await crossref.client().fetch("doi:10.1103/PhysRevB.85.115117")
    request = crossref.requests[0]
    assert request.url.path == "/works/10.1103/PhysRevB.85.115117"
    assert request.headers["user-agent"] == USER_AGENT


def test_user_agent_has_no_mailto() -> None:
    assert "mailto" not in USER_AGENT


async def test_missing_doi_not_found() -> None:
    crossref = MockCrossref(httpx.Response(404, text="Resource not found."))
    state = await crossref.client().fetch("10.1000/nope")
    assert state.status is PaperStatus.NOT_FOUND


@pytest.mark.parametrize("status", [429, 500, 503])
async def test_server_trouble_fails(status: int) -> None:
    state = await MockCrossref(httpx.Response(status)).client().fetch("10.1000/x")
    assert state.status is PaperStatus.FAILED
    assert state.detail == f"HTTP {status} from Crossref"


async def test_html_page_fails() -> None:
    page = httpx.Response(200, text="<html>blocked</html>", headers={"content-type": "text/html"})
    state = await MockCrossref(page).client().fetch("10.1000/x")
    assert state.status is PaperStatus.FAILED


async def test_garbled_json_fails() -> None:
    headers = {"content-type": "application/json"}
    garbled = httpx.Response(200, content=b"{not json", headers=headers)
    state = await MockCrossref(garbled).client().fetch("10.1000/x")
    assert state.status is PaperStatus.FAILED


async def test_timeout_fails() -> None:
    state = await MockCrossref(httpx.ReadTimeout("slow")).client().fetch("10.1000/x")
    assert state.status is PaperStatus.FAILED


async def test_connection_refused_fails() -> None:
    async with httpx.AsyncClient() as http:
        state = await CrossrefClient(http, api_url=UNREACHABLE).fetch("10.1000/x")
    assert state.status is PaperStatus.FAILED


async def test_arxiv_doi_never_sent() -> None:
    crossref = MockCrossref()
    with pytest.raises(ValueError, match="arXiv DOI"):
        await crossref.client().fetch("10.48550/arXiv.2309.16512")
    assert crossref.requests == []


async def test_not_a_doi_rejected() -> None:
    with pytest.raises(ValueError, match="not a DOI"):
        await MockCrossref().client().fetch("hello")


def test_work_without_optional_fields() -> None:
    paper = paper_from_work({"DOI": "10.1000/x", "title": []}, "10.1000/X")
    assert paper.title == ""
    assert paper.authors == []
    assert paper.venue is None
    assert paper.year is None
    assert paper.key == "doi:10.1000/x"

