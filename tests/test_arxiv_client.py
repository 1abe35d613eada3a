"""The arXiv client: batching, pacing, one request at a time, retries and failure handling."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable

import httpx
import pytest
from arxiv_standin import ATOM_TYPE, ArxivStandIn, Fault, error_response, feed, synthetic_entry
from conftest import UNREACHABLE
from loopback import LoopbackServer, Response

from threadtui.arxiv.client import ArxivClient, ArxivProgress, ProgressPhase
from threadtui.arxiv.ids import ArxivId
from threadtui.config import USER_AGENT
from threadtui.model import PaperStatus

API = "http://arxiv.test/api/query"


def new_ids(count: int, start: int = 1) -> list[ArxivId]:
    """Distinct well-formed new-style ids, `2401.00001` upwards."""
    return [ArxivId(f"2401.{number:05d}") for number in range(start, start + count)]


class MockArxiv:
    """An httpx mock transport that responds like arXiv and records each request.

    `responses` is consumed first, one per request; a callable gets the request. After that,
    every well-formed id gets an entry (in reverse request order).
    """

    def __init__(
        self, *responses: httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]
    ) -> None:
        self.responses = list(responses)
        self.requests: list[httpx.Request] = []
        self.times: list[float] = []

    def ids(self, index: int) -> list[str]:
        return self.requests[index].url.params["id_list"].split(",")

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.times.append(time.monotonic())
        if self.responses:
            scripted = self.responses.pop(0)
            if isinstance(scripted, Exception):
                raise scripted
            if callable(scripted):
                return scripted(request)
            return scripted
        return answer(request)

    def client(self, **options: object) -> ArxivClient:
        http = httpx.AsyncClient(transport=httpx.MockTransport(self.handler))
        options.setdefault("delay", 0)
        return ArxivClient(http, api_url=API, **options)  # type: ignore[arg-type]


def answer(request: httpx.Request, *, missing: set[str] = frozenset()) -> httpx.Response:
    ids = request.url.params["id_list"].split(",")
    entries = []
    for value in reversed(ids):
        match = re.fullmatch(r"(?P<base>.+?)(?:v(?P<version>\d+))?", value)
        assert match is not None
        if match.group("base") not in missing:
            entries.append(synthetic_entry(match.group("base"), int(match.group("version") or 1)))
    return atom(feed(entries))


def atom(body: bytes, status: int = 200) -> httpx.Response:
    return httpx.Response(status, content=body, headers={"content-type": ATOM_TYPE})


def error_feed(message: str, status: int = 400) -> httpx.Response:
    response = error_response(message, status)
    return atom(response.body, status)


def rate_limited(**headers: str) -> httpx.Response:
    return httpx.Response(
        429, content=b"Rate exceeded.", headers={"content-type": "text/plain", **headers}
    )


# -- batching --------------------------------------------------------------------------------


async def test_batches_of_fifty() -> None:
    arxiv = MockArxiv()
    await arxiv.client().fetch(new_ids(120))
    assert [len(arxiv.ids(index)) for index in range(len(arxiv.requests))] == [50, 50, 20]


async def test_max_results_equals_batch_size() -> None:
    arxiv = MockArxiv()
    await arxiv.client().fetch(new_ids(120))
    assert [request.url.params["max_results"] for request in arxiv.requests] == ["50", "50", "20"]


async def test_smaller_batch_size_option() -> None:
    arxiv = MockArxiv()
    await arxiv.client(batch_size=20).fetch(new_ids(45))
    assert len(arxiv.requests) == 3


def test_batch_size_above_fifty_rejected() -> None:
    with pytest.raises(ValueError, match="batch_size"):
        ArxivClient(httpx.AsyncClient(), api_url=API, batch_size=51)


async def test_duplicate_ids_sent_once() -> None:
    arxiv = MockArxiv()
    states = await arxiv.client().fetch([ArxivId("2401.00001"), ArxivId("2401.00001")])
    assert arxiv.ids(0) == ["2401.00001"]
    assert len(states) == 1


async def test_no_ids_sends_nothing() -> None:
    arxiv = MockArxiv()
    assert await arxiv.client().fetch([]) == {}
    assert arxiv.requests == []


async def test_two_versions_of_one_paper_sent_apart() -> None:
    arxiv = MockArxiv()
    await arxiv.client().fetch([ArxivId("2401.00001", 1), ArxivId("2401.00001")])
    assert [arxiv.ids(0), arxiv.ids(1)] == [["2401.00001v1"], ["2401.00001"]]


async def test_old_style_id_sent_canonical() -> None:
    arxiv = MockArxiv()
    await arxiv.client().fetch([ArxivId("math/0309136")])
    assert arxiv.ids(0) == ["math/0309136"]


async def test_user_agent_header() -> None:
    arxiv = MockArxiv()
    await arxiv.client().fetch(new_ids(1))
    assert arxiv.requests[0].headers["user-agent"] == USER_AGENT


# -- results ---------------------------------------------------------------------------------


async def test_entries_matched_by_id() -> None:
    arxiv = MockArxiv()
    states = await arxiv.client().fetch(new_ids(3))
    for arxiv_id, state in states.items():
        assert state.status is PaperStatus.RESOLVED
        assert state.paper is not None
        assert state.paper.title == f"Paper {arxiv_id.base}"


async def test_missing_id_not_found() -> None:
    arxiv = MockArxiv(lambda request: answer(request, missing={"2401.00002"}))
    states = await arxiv.client().fetch(new_ids(3))
    assert states[ArxivId("2401.00002")].status is PaperStatus.NOT_FOUND
    assert states[ArxivId("2401.00001")].status is PaperStatus.RESOLVED


async def test_versioned_id_resolves_that_version() -> None:
    arxiv = MockArxiv()
    states = await arxiv.client().fetch([ArxivId("2401.00001", 3)])
    paper = states[ArxivId("2401.00001", 3)].paper
    assert paper is not None
    assert paper.version == 3


async def test_other_version_returned_is_not_found() -> None:
    arxiv = MockArxiv(atom(feed([synthetic_entry("2401.00001", 1)])))
    states = await arxiv.client().fetch([ArxivId("2401.00001", 3)])
    assert states[ArxivId("2401.00001", 3)].status is PaperStatus.NOT_FOUND


async def test_single_empty_feed_is_not_found_without_retry() -> None:
    arxiv = MockArxiv(atom(feed([])))
    states = await arxiv.client().fetch(new_ids(1))
    assert states[ArxivId("2401.00001")].status is PaperStatus.NOT_FOUND
    assert len(arxiv.requests) == 1


async def test_empty_batch_feed_asked_once_more() -> None:
    arxiv = MockArxiv(atom(feed([])))
    states = await arxiv.client().fetch(new_ids(3))
    assert len(arxiv.requests) == 2
    assert {state.status for state in states.values()} == {PaperStatus.RESOLVED}


async def test_empty_batch_feed_twice_is_not_found() -> None:
    arxiv = MockArxiv(atom(feed([])), atom(feed([])))
    states = await arxiv.client().fetch(new_ids(3))
    assert len(arxiv.requests) == 2
    assert {state.status for state in states.values()} == {PaperStatus.NOT_FOUND}


# -- invalid ids -----------------------------------------------------------------------------


async def test_error_entry_marks_id_invalid() -> None:
    arxiv = MockArxiv(error_feed("incorrect id format for 2401.00001"))
    states = await arxiv.client().fetch(new_ids(1))
    state = states[ArxivId("2401.00001")]
    assert state.status is PaperStatus.INVALID
    assert state.detail == "incorrect id format for 2401.00001"


async def test_http_400_not_retried() -> None:
    arxiv = MockArxiv(error_feed("incorrect id format for 2401.00001"))
    await arxiv.client().fetch(new_ids(1))
    assert len(arxiv.requests) == 1


async def test_error_entry_with_200_is_invalid() -> None:
    arxiv = MockArxiv(error_feed("incorrect id format for 2401.00001", status=200))
    states = await arxiv.client().fetch(new_ids(1))
    assert states[ArxivId("2401.00001")].status is PaperStatus.INVALID


async def test_named_id_dropped_and_rest_asked_again() -> None:
    arxiv = MockArxiv(error_feed("incorrect id format for 2401.00002"))
    states = await arxiv.client().fetch(new_ids(3))
    assert states[ArxivId("2401.00002")].status is PaperStatus.INVALID
    assert states[ArxivId("2401.00001")].status is PaperStatus.RESOLVED
    assert states[ArxivId("2401.00003")].status is PaperStatus.RESOLVED
    assert arxiv.ids(1) == ["2401.00001", "2401.00003"]


async def test_unnamed_error_narrowed_by_halves() -> None:
    def reject_third(request: httpx.Request) -> httpx.Response:
        if "2401.00003" in request.url.params["id_list"].split(","):
            return error_feed("malformed id")
        return answer(request)

    arxiv = MockArxiv(*[reject_third] * 10)
    states = await arxiv.client().fetch(new_ids(4))
    assert states[ArxivId("2401.00003")].status is PaperStatus.INVALID
    assert [states[arxiv_id].status for arxiv_id in new_ids(4)].count(PaperStatus.RESOLVED) == 3


async def test_request_error_fails_single_id() -> None:
    arxiv = MockArxiv(error_feed("max_results must be an integer"))
    states = await arxiv.client().fetch(new_ids(1))
    assert states[ArxivId("2401.00001")].status is PaperStatus.FAILED


# -- transient failures ----------------------------------------------------------------------


async def test_rate_limit_retried() -> None:
    arxiv = MockArxiv(rate_limited())
    states = await arxiv.client().fetch(new_ids(1))
    assert states[ArxivId("2401.00001")].status is PaperStatus.RESOLVED
    assert len(arxiv.requests) == 2


async def test_rate_limit_gives_up_after_four_tries() -> None:
    arxiv = MockArxiv(*[rate_limited() for _ in range(4)])
    states = await arxiv.client().fetch(new_ids(1))
    state = states[ArxivId("2401.00001")]
    assert state.status is PaperStatus.FAILED
    assert len(arxiv.requests) == 4
    assert state.detail is not None
    assert "HTTP 429 (Rate exceeded.)" in state.detail


async def test_retry_after_honoured() -> None:
    arxiv = MockArxiv(rate_limited(**{"retry-after": "1"}))
    await arxiv.client().fetch(new_ids(1))
    assert arxiv.times[1] - arxiv.times[0] >= 1.0


async def test_long_retry_after_fails_at_once() -> None:
    arxiv = MockArxiv(rate_limited(**{"retry-after": "3600"}))
    states = await arxiv.client().fetch(new_ids(1))
    assert states[ArxivId("2401.00001")].status is PaperStatus.FAILED
    assert len(arxiv.requests) == 1


async def test_backoff_doubles_from_delay() -> None:
    arxiv = MockArxiv(rate_limited(), rate_limited())
    await arxiv.client(delay=0.1).fetch(new_ids(1))
    first_wait, second_wait = arxiv.times[1] - arxiv.times[0], arxiv.times[2] - arxiv.times[1]
    assert first_wait >= 0.1
    assert second_wait >= 0.2


async def test_unavailable_retried() -> None:
    arxiv = MockArxiv(httpx.Response(503))
    states = await arxiv.client().fetch(new_ids(1))
    assert states[ArxivId("2401.00001")].status is PaperStatus.RESOLVED


async def test_connection_reset_retried() -> None:
    arxiv = MockArxiv(httpx.ReadError("connection reset by peer"))
    states = await arxiv.client().fetch(new_ids(1))
    assert states[ArxivId("2401.00001")].status is PaperStatus.RESOLVED


async def test_html_page_fails_without_retry() -> None:
    page = b"<html>Access Denied</html>"
    arxiv = MockArxiv(httpx.Response(200, content=page, headers={"content-type": "text/html"}))
    states = await arxiv.client().fetch(new_ids(1))
    state = states[ArxivId("2401.00001")]
    assert state.status is PaperStatus.FAILED
    assert state.detail == "HTTP 200: expected an Atom feed, got text/html"
    assert len(arxiv.requests) == 1


async def test_garbled_feed_fails() -> None:
    arxiv = MockArxiv(atom(b"not xml at all"))
    states = await arxiv.client().fetch(new_ids(1))
    assert states[ArxivId("2401.00001")].status is PaperStatus.FAILED


async def test_not_found_status_fails() -> None:
    arxiv = MockArxiv(httpx.Response(404, content=b"", headers={"content-type": "text/xml"}))
    states = await arxiv.client().fetch(new_ids(1))
    assert states[ArxivId("2401.00001")].status is PaperStatus.FAILED


async def test_timeout_fails_after_tries() -> None:
    slow = Response(200, feed([synthetic_entry("2401.00001")]), ATOM_TYPE, delay=0.5)
    with LoopbackServer(lambda request: slow) as server:
        async with httpx.AsyncClient() as http:
            client = ArxivClient(
                http, api_url=server.url("/api/query"), delay=0, timeout=0.1, max_attempts=2
            )
            states = await client.fetch(new_ids(1))
    state = states[ArxivId("2401.00001")]
    assert state.status is PaperStatus.FAILED
    assert state.detail == "arXiv did not answer within 0.1 s (gave up after 2 tries)"
    assert len(server.requests) == 2


async def test_connection_refused_fails() -> None:
    async with httpx.AsyncClient() as http:
        client = ArxivClient(http, api_url=f"{UNREACHABLE}/api/query", delay=0, max_attempts=2)
        states = await client.fetch(new_ids(1))
    state = states[ArxivId("2401.00001")]
    assert state.status is PaperStatus.FAILED
    assert state.detail is not None
    assert state.detail.startswith("cannot reach arXiv")


# -- pacing ----------------------------------------------------------------------------------


async def test_requests_start_delay_apart() -> None:
    arxiv = MockArxiv()
    await arxiv.client(delay=0.2).fetch(new_ids(120))
    gaps = [later - earlier for earlier, later in zip(arxiv.times, arxiv.times[1:])]
    assert len(gaps) == 2
    assert min(gaps) >= 0.2


async def test_one_request_at_a_time() -> None:
    in_flight = 0
    max_in_flight = 0

    async def slow_answer(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, max_in_flight
        in_flight += 1
        max_in_flight = max(max_in_flight, in_flight)
        await asyncio.sleep(0.05)
        in_flight -= 1
        return answer(request)

    http = httpx.AsyncClient(transport=httpx.MockTransport(slow_answer))
    client = ArxivClient(http, api_url=API, delay=0, batch_size=5)
    await asyncio.gather(client.fetch(new_ids(20)), client.fetch(new_ids(20, start=100)))
    assert client.request_count == 8
    assert max_in_flight == 1


async def test_concurrent_calls_share_a_request() -> None:
    arxiv = MockArxiv()
    client = arxiv.client(delay=0.15)
    first, second = await asyncio.gather(
        client.fetch(new_ids(1)), client.fetch(new_ids(1, start=2))
    )
    assert len(arxiv.requests) == 1
    assert arxiv.ids(0) == ["2401.00001", "2401.00002"]
    assert first[ArxivId("2401.00001")].status is PaperStatus.RESOLVED
    assert second[ArxivId("2401.00002")].status is PaperStatus.RESOLVED


async def test_ids_queued_during_gap_join_next_request() -> None:
    arxiv = MockArxiv()
    client = arxiv.client(delay=0.2)
    await client.fetch(new_ids(1))

    async def late_call() -> None:
        await asyncio.sleep(0.05)
        await client.fetch(new_ids(1, start=3))

    await asyncio.gather(client.fetch(new_ids(1, start=2)), late_call())
    assert [arxiv.ids(index) for index in range(len(arxiv.requests))] == [
        ["2401.00001"],
        ["2401.00002", "2401.00003"],
    ]


async def test_same_id_in_two_calls_sent_once() -> None:
    arxiv = MockArxiv()
    client = arxiv.client()
    await asyncio.gather(client.fetch(new_ids(2)), client.fetch(new_ids(2)))
    assert arxiv.ids(0) == ["2401.00001", "2401.00002"]
    assert len(arxiv.requests) == 1


async def test_idle_client_collects_before_first_request() -> None:
    arxiv = MockArxiv()
    client = arxiv.client(delay=3.0, batch_window=0.1)
    started = time.monotonic()
    await client.fetch(new_ids(1))
    assert 0.1 <= arxiv.times[0] - started < 1.0


async def test_aclose_cancels_waiting_calls() -> None:
    arxiv = MockArxiv()
    client = arxiv.client(delay=30.0, batch_window=30.0)
    waiting = asyncio.create_task(client.fetch(new_ids(1)))
    await asyncio.sleep(0.01)
    await client.aclose()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    assert arxiv.requests == []


# -- hooks -----------------------------------------------------------------------------------


async def test_results_reported_per_request() -> None:
    arxiv = MockArxiv()
    reported: list[int] = []
    client = arxiv.client()
    await client.fetch(new_ids(120), on_results=lambda states: reported.append(len(states)))
    assert reported == [50, 50, 20]


async def test_async_results_hook_awaited() -> None:
    arxiv = MockArxiv()
    reported: list[int] = []

    async def record(states: dict) -> None:
        await asyncio.sleep(0)
        reported.append(len(states))

    await arxiv.client().fetch(new_ids(3), on_results=record)
    assert reported == [3]


async def test_progress_counts_and_waits() -> None:
    arxiv = MockArxiv()
    reports: list[ArxivProgress] = []
    await arxiv.client(delay=0.1).fetch(new_ids(60), on_progress=reports.append)

    phases = [report.phase for report in reports]
    assert phases == [
        ProgressPhase.QUEUED,
        ProgressPhase.WAITING,  # collecting ids before the first request
        ProgressPhase.REQUESTING,
        ProgressPhase.WAITING,  # the gap before the second request
        ProgressPhase.REQUESTING,
        ProgressPhase.DONE,
    ]
    gap = reports[3]
    assert gap.wait is not None
    assert 0 < gap.wait <= 0.1
    assert gap.resolved == 50
    assert reports[-1] == ArxivProgress(60, 60, ProgressPhase.DONE)


async def test_progress_explains_retry_wait() -> None:
    arxiv = MockArxiv(rate_limited())
    reports: list[ArxivProgress] = []
    await arxiv.client().fetch(new_ids(1), on_progress=reports.append)
    details = [report.detail for report in reports if report.detail]
    assert details == ["HTTP 429 (Rate exceeded.), retry 1 of 3"]


# -- against the loopback stand-in -----------------------------------------------------------


async def test_standin_withdrawn_paper() -> None:
    with ArxivStandIn(withdrawn={"2401.00001"}, versions={"2401.00001": 2}) as standin:
        async with httpx.AsyncClient() as http:
            client = ArxivClient(http, api_url=standin.api_url, delay=0)
            states = await client.fetch(new_ids(1))
    paper = states[ArxivId("2401.00001")].paper
    assert paper is not None
    assert paper.withdrawn is True
    assert paper.version == 2


async def test_standin_503_then_success() -> None:
    with ArxivStandIn() as standin:
        standin.script(Fault.UNAVAILABLE)
        async with httpx.AsyncClient() as http:
            client = ArxivClient(http, api_url=standin.api_url, delay=0)
            states = await client.fetch(new_ids(2))
    assert {state.status for state in states.values()} == {PaperStatus.RESOLVED}
    assert len(standin.requests) == 2


async def test_standin_sees_user_agent() -> None:
    with ArxivStandIn() as standin:
        async with httpx.AsyncClient() as http:
            await ArxivClient(http, api_url=standin.api_url, delay=0).fetch(new_ids(1))
    assert standin.requests[0].user_agent == USER_AGENT
