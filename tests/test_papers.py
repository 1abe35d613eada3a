"""The cache-first paper resolver against the loopback arXiv stand-in and a Crossref stand-in."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from arxiv_standin import ArxivStandIn, Fault
from loopback import LoopbackServer, Request, Response

from threadtui.arxiv.ids import ArxivId
from threadtui.config import DEFAULT_ARXIV_DELAY, Settings
from threadtui.links import paper_index, thread_links
from threadtui.model import Block, BlockKind, Comment, PaperStatus, Span, Thread
from threadtui.papers import NOT_FOUND_TTL, UNVERSIONED_TTL, PaperResolver, PaperState
from threadtui.store import Store

HOUR = 3600.0
DAY = 24 * HOUR


class Clock:
    """A wall clock that tests move by hand."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def standin() -> Iterator[ArxivStandIn]:
    with ArxivStandIn(known=None) as server:
        yield server


@pytest.fixture
def crossref() -> Iterator[LoopbackServer]:
    def handle(request: Request) -> Response:
        if request.path.lower() == "/works/10.1000/missing":
            return Response(404, b"Resource not found.", "text/plain")
        doi = request.path.removeprefix("/works/")
        issued = {"date-parts": [[2020]]}
        work = {"message": {"DOI": doi, "title": [f"Work {doi}"], "issued": issued}}
        return Response(200, json.dumps(work).encode(), "application/json")

    with LoopbackServer(handle) as server:
        yield server


@pytest.fixture
def settings(
    standin: ArxivStandIn, crossref: LoopbackServer, isolated_environment: Path
) -> Settings:
    return dataclasses.replace(
        Settings.from_env(), arxiv_api=standin.api_url, crossref_api=crossref.base
    )


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def resolver(settings: Settings, clock: Clock):
    store = Store.open(settings.cache_dir)
    resolver = PaperResolver(store, settings, clock=clock)
    yield resolver
    await resolver.aclose()
    store.close()


def reopened(resolver: PaperResolver, **changes: object) -> PaperResolver:
    """A second resolver on the same cache directory, as after restarting the app."""
    settings = dataclasses.replace(resolver.settings, **changes)  # type: ignore[arg-type]
    return PaperResolver(Store.open(settings.cache_dir), settings, clock=resolver._clock)


# -- a thread citing 120 papers --------------------------------------------------------------

FORMS = [
    "https://arxiv.org/abs/{id}",
    "https://arxiv.org/pdf/{id}v2.pdf",
    "see arXiv:{id} for the proof",
    "https://arxiv.org/html/{id}v1#S2",
    "https://huggingface.co/papers/{id}",
    "doi:10.48550/arXiv.{id}",
    "https://www.alphaxiv.org/abs/{id}?chatId=7",
    "http://export.arxiv.org/abs/{id}/",
    "arxiv.org/abs/{id}v3",
    "[{id}]",
]


def many_ids() -> list[str]:
    """110 new-style ids (both sequence lengths) and 10 old-style ids with subject classes."""
    new_style = [f"2401.{number:05d}" for number in range(1, 81)]
    four_digit = [f"1203.{number:04d}" for number in range(1, 31)]
    old_style = [f"math.GT/0309{number:03d}" for number in range(1, 11)]
    return new_style + four_digit + old_style


def citing_thread() -> Thread:
    """A thread whose 60 comments cite 120 distinct papers, each twice, in mixed forms."""
    ids = many_ids()
    comments = []
    for index in range(60):
        texts = []
        for offset in range(4):
            paper = ids[(index * 2 + offset) % len(ids)]
            form = FORMS[(index + offset) % len(FORMS)]
            if "/" in paper:
                form = "[{id}]"  # old-style ids appear in citation brackets
            texts.append(form.format(id=paper))
        blocks = tuple(Block(BlockKind.PARAGRAPH, (Span(text),)) for text in texts)
        comments.append(Comment(id=f"c{index}", parent_id=None, depth=0, author="a", blocks=blocks))
    return Thread(key="hn:1", site="hn", source="hn:1", title="Papers", comments=comments)


def citing_keys() -> list[str]:
    return [paper.paper_key for paper in paper_index(thread_links(citing_thread()))]


def test_generated_thread_cites_120_papers() -> None:
    keys = citing_keys()
    assert len(keys) == 120
    assert "arxiv:math/0309001" in keys


async def test_120_papers_cost_three_paced_requests(
    standin: ArxivStandIn, settings: Settings, clock: Clock
) -> None:
    # A real, small delay: the gaps come from the same pacing code that enforces the default
    # 3 s (`Settings.arxiv_delay`, see test_default_delay_is_three_seconds), only shorter.
    paced = dataclasses.replace(settings, arxiv_delay=0.2)
    resolver = PaperResolver(Store.open(paced.cache_dir), paced, clock=clock)

    states = await resolver.resolve(citing_keys())
    await resolver.aclose()

    assert len(standin.requests) == 3
    assert [len(request.ids) for request in standin.requests] == [50, 50, 20]
    assert min(standin.gaps()) >= 0.2
    assert {state.status for state in states.values()} == {PaperStatus.RESOLVED}


async def test_old_style_ids_sent_without_subject_class(
    resolver: PaperResolver, standin: ArxivStandIn
) -> None:
    await resolver.resolve(citing_keys())
    sent = {value for request in standin.requests for value in request.ids}
    assert "math/0309001" in sent
    assert not any(value.startswith("math.GT") for value in sent)


async def test_resolving_again_sends_nothing(
    resolver: PaperResolver, standin: ArxivStandIn
) -> None:
    keys = citing_keys()
    await resolver.resolve(keys)
    again = await resolver.resolve(keys)
    assert len(standin.requests) == 3
    assert {state.status for state in again.values()} == {PaperStatus.RESOLVED}


async def test_reopening_sends_nothing(resolver: PaperResolver, standin: ArxivStandIn) -> None:
    keys = citing_keys()
    await resolver.resolve(keys)
    second = reopened(resolver)
    states = await second.resolve(keys)
    await second.aclose()
    assert len(standin.requests) == 3
    assert len(states) == 120


def test_default_delay_is_three_seconds(tmp_path: Path) -> None:
    settings = Settings.from_env(cache_dir=tmp_path, environ={})
    resolver = PaperResolver(Store.memory(), settings)
    assert settings.arxiv_delay == DEFAULT_ARXIV_DELAY == 3.0
    assert resolver.arxiv.delay == 3.0


# -- cache only ------------------------------------------------------------------------------


def test_cached_unknown_is_queued(resolver: PaperResolver) -> None:
    assert resolver.cached(["arxiv:2401.00001"])["arxiv:2401.00001"].status is PaperStatus.QUEUED


async def test_cached_offline_unknown(resolver: PaperResolver) -> None:
    offline = reopened(resolver, offline=True)
    assert offline.cached(["arxiv:2401.00001"])["arxiv:2401.00001"].status is PaperStatus.OFFLINE
    await offline.aclose()


def test_cached_bad_key_invalid(resolver: PaperResolver) -> None:
    assert resolver.cached(["arxiv:2309.1651"])["arxiv:2309.1651"].status is PaperStatus.INVALID


async def test_cached_after_resolve(resolver: PaperResolver, standin: ArxivStandIn) -> None:
    await resolver.resolve(["arxiv:2401.00001"])
    state = resolver.cached(["arxiv:2401.00001"])["arxiv:2401.00001"]
    assert state.status is PaperStatus.RESOLVED
    assert state.paper is not None
    assert state.paper.title == "Paper 2401.00001"
    assert len(standin.requests) == 1


# -- offline ---------------------------------------------------------------------------------


async def test_offline_sends_nothing(resolver: PaperResolver, standin: ArxivStandIn) -> None:
    await resolver.resolve(["arxiv:2401.00001"])
    offline = reopened(resolver, offline=True)
    states = await offline.resolve(["arxiv:2401.00001", "arxiv:2401.00002"])
    await offline.aclose()
    assert states["arxiv:2401.00001"].status is PaperStatus.RESOLVED
    assert states["arxiv:2401.00002"].status is PaperStatus.OFFLINE
    assert len(standin.requests) == 1


# -- faults leave nothing wrong in the store -------------------------------------------------


async def test_rate_limit_fails_and_stores_nothing(
    resolver: PaperResolver, standin: ArxivStandIn
) -> None:
    standin.script(*[Fault.RATE_LIMITED] * 4)
    states = await resolver.resolve(["arxiv:2401.00001"])
    assert states["arxiv:2401.00001"].status is PaperStatus.FAILED
    assert resolver.store.get_paper("arxiv:2401.00001") is None


async def test_html_page_fails_and_stores_nothing(
    resolver: PaperResolver, standin: ArxivStandIn
) -> None:
    standin.script(Fault.HTML_PAGE)
    states = await resolver.resolve(["arxiv:2401.00001", "arxiv:2401.00002"])
    assert {state.status for state in states.values()} == {PaperStatus.FAILED}
    assert resolver.store.get_papers(states) == {}


async def test_block_page_fails_and_stores_nothing(
    resolver: PaperResolver, standin: ArxivStandIn
) -> None:
    standin.script(Fault.HTML_BLOCK)
    states = await resolver.resolve(["arxiv:2401.00001"])
    assert states["arxiv:2401.00001"].status is PaperStatus.FAILED
    assert states["arxiv:2401.00001"].detail == "HTTP 403: expected an Atom feed, got text/html"
    assert resolver.store.get_paper("arxiv:2401.00001") is None


async def test_unavailable_then_success_resolves(
    resolver: PaperResolver, standin: ArxivStandIn
) -> None:
    standin.script(Fault.UNAVAILABLE)
    states = await resolver.resolve(["arxiv:2401.00001"])
    assert states["arxiv:2401.00001"].status is PaperStatus.RESOLVED
    record = resolver.store.get_paper("arxiv:2401.00001")
    assert record is not None
    assert record.status is PaperStatus.RESOLVED


async def test_empty_feed_cached_briefly(
    resolver: PaperResolver, standin: ArxivStandIn, clock: Clock
) -> None:
    standin.script(Fault.EMPTY)
    states = await resolver.resolve(["arxiv:2401.00001"])
    assert states["arxiv:2401.00001"].status is PaperStatus.NOT_FOUND
    record = resolver.store.get_paper("arxiv:2401.00001")
    assert record is not None
    assert record.expires_at == clock.now + NOT_FOUND_TTL


async def test_error_entry_cached_as_invalid(
    resolver: PaperResolver, standin: ArxivStandIn
) -> None:
    standin.script(Fault.ERROR_ENTRY)
    states = await resolver.resolve(["arxiv:2401.00001"])
    assert states["arxiv:2401.00001"].status is PaperStatus.INVALID
    assert states["arxiv:2401.00001"].detail == "incorrect id format for 2401.00001"
    record = resolver.store.get_paper("arxiv:2401.00001")
    assert record is not None
    assert record.status is PaperStatus.INVALID
    assert record.expires_at is None


async def test_rejected_id_leaves_batch_resolved(settings: Settings, clock: Clock) -> None:
    with ArxivStandIn(rejected={"2401.00002"}) as standin:
        rejecting = dataclasses.replace(settings, arxiv_api=standin.api_url)
        resolver = PaperResolver(Store.open(rejecting.cache_dir), rejecting, clock=clock)
        keys = ["arxiv:2401.00001", "arxiv:2401.00002", "arxiv:2401.00003"]
        states = await resolver.resolve(keys)
        await resolver.aclose()
    assert states["arxiv:2401.00002"].status is PaperStatus.INVALID
    assert states["arxiv:2401.00001"].status is PaperStatus.RESOLVED
    assert states["arxiv:2401.00003"].status is PaperStatus.RESOLVED
    assert len(standin.requests) == 2


async def test_withdrawn_paper_resolved(settings: Settings, clock: Clock) -> None:
    with ArxivStandIn(withdrawn={"2401.00001"}, versions={"2401.00001": 3}) as standin:
        withdrawing = dataclasses.replace(settings, arxiv_api=standin.api_url)
        resolver = PaperResolver(Store.open(withdrawing.cache_dir), withdrawing, clock=clock)
        states = await resolver.resolve(["arxiv:2401.00001"])
        await resolver.aclose()
    state = states["arxiv:2401.00001"]
    assert state.status is PaperStatus.RESOLVED
    assert state.paper is not None
    assert state.paper.withdrawn is True
    assert state.paper.version == 3
    record = resolver.store.get_paper("arxiv:2401.00001")
    assert record is not None
    assert record.paper is not None
    assert record.paper.withdrawn is True


async def test_unknown_id_not_found(settings: Settings, clock: Clock) -> None:
    with ArxivStandIn(known={"2401.00001"}) as standin:
        partial = dataclasses.replace(settings, arxiv_api=standin.api_url)
        resolver = PaperResolver(Store.open(partial.cache_dir), partial, clock=clock)
        states = await resolver.resolve(["arxiv:2401.00001", "arxiv:2401.00002"])
        await resolver.aclose()
    assert states["arxiv:2401.00001"].status is PaperStatus.RESOLVED
    assert states["arxiv:2401.00002"].status is PaperStatus.NOT_FOUND


async def test_connection_refused_fails_and_stores_nothing(
    settings: Settings, clock: Clock
) -> None:
    refused = dataclasses.replace(settings, arxiv_api="http://127.0.0.1:9/api/query")
    resolver = PaperResolver(Store.open(refused.cache_dir), refused, clock=clock)
    states = await resolver.resolve(["arxiv:2401.00001"])
    await resolver.aclose()
    assert states["arxiv:2401.00001"].status is PaperStatus.FAILED
    assert resolver.store.get_paper("arxiv:2401.00001") is None


# -- failures last the session ---------------------------------------------------------------


async def test_failure_not_retried_this_session(
    resolver: PaperResolver, standin: ArxivStandIn
) -> None:
    standin.script(*[Fault.RATE_LIMITED] * 4)
    await resolver.resolve(["arxiv:2401.00001"])
    again = await resolver.resolve(["arxiv:2401.00001"])
    assert again["arxiv:2401.00001"].status is PaperStatus.FAILED
    assert resolver.cached(["arxiv:2401.00001"])["arxiv:2401.00001"].status is PaperStatus.FAILED
    assert len(standin.requests) == 4


async def test_failure_retried_on_request(resolver: PaperResolver, standin: ArxivStandIn) -> None:
    standin.script(*[Fault.RATE_LIMITED] * 4)
    await resolver.resolve(["arxiv:2401.00001"])
    again = await resolver.resolve(["arxiv:2401.00001"], retry_failed=True)
    assert again["arxiv:2401.00001"].status is PaperStatus.RESOLVED


async def test_failure_forgotten_next_session(
    resolver: PaperResolver, standin: ArxivStandIn
) -> None:
    standin.script(*[Fault.RATE_LIMITED] * 4)
    await resolver.resolve(["arxiv:2401.00001"])
    second = reopened(resolver)
    states = await second.resolve(["arxiv:2401.00001"])
    await second.aclose()
    assert states["arxiv:2401.00001"].status is PaperStatus.RESOLVED


# -- cache lifetimes -------------------------------------------------------------------------


async def test_versioned_key_never_expires(resolver: PaperResolver) -> None:
    states = await resolver.resolve(["arxiv:2401.00001v1"])
    assert states["arxiv:2401.00001v1"].status is PaperStatus.RESOLVED
    record = resolver.store.get_paper("arxiv:2401.00001v1")
    assert record is not None
    assert record.expires_at is None


async def test_versioned_key_fetches_that_version(
    resolver: PaperResolver, standin: ArxivStandIn
) -> None:
    await resolver.resolve(["arxiv:2401.00001v1"])
    assert standin.requests[0].ids == ["2401.00001v1"]


async def test_unversioned_refreshed_after_a_week(
    resolver: PaperResolver, standin: ArxivStandIn, clock: Clock
) -> None:
    await resolver.resolve(["arxiv:2401.00001"])
    record = resolver.store.get_paper("arxiv:2401.00001")
    assert record is not None
    assert record.expires_at == clock.now + UNVERSIONED_TTL

    clock.now += 6 * DAY
    await resolver.resolve(["arxiv:2401.00001"])
    assert len(standin.requests) == 1

    clock.now += 2 * DAY
    await resolver.resolve(["arxiv:2401.00001"])
    assert len(standin.requests) == 2


async def test_not_found_retried_after_hours(
    resolver: PaperResolver, standin: ArxivStandIn, clock: Clock
) -> None:
    standin.script(Fault.EMPTY)
    await resolver.resolve(["arxiv:2401.00001"])

    clock.now += 5 * HOUR
    await resolver.resolve(["arxiv:2401.00001"])
    assert len(standin.requests) == 1

    clock.now += 2 * HOUR
    states = await resolver.resolve(["arxiv:2401.00001"])
    assert len(standin.requests) == 2
    assert states["arxiv:2401.00001"].status is PaperStatus.RESOLVED


async def test_invalid_never_asked_again(
    resolver: PaperResolver, standin: ArxivStandIn, clock: Clock
) -> None:
    standin.script(Fault.ERROR_ENTRY)
    await resolver.resolve(["arxiv:2401.00001"])
    clock.now += 365 * DAY
    states = await resolver.resolve(["arxiv:2401.00001"])
    assert states["arxiv:2401.00001"].status is PaperStatus.INVALID
    assert len(standin.requests) == 1


async def test_stale_paper_kept_when_refresh_fails(
    resolver: PaperResolver, standin: ArxivStandIn, clock: Clock
) -> None:
    await resolver.resolve(["arxiv:2401.00001"])
    clock.now += 8 * DAY
    standin.script(*[Fault.UNAVAILABLE] * 4)

    state = (await resolver.resolve(["arxiv:2401.00001"]))["arxiv:2401.00001"]
    assert state.status is PaperStatus.RESOLVED
    assert state.stale is True
    assert state.paper is not None
    assert state.detail is not None
    assert state.detail.startswith("refresh failed: HTTP 503")
    record = resolver.store.get_paper("arxiv:2401.00001")
    assert record is not None
    assert record.status is PaperStatus.RESOLVED


async def test_stale_paper_kept_when_refresh_finds_nothing(
    resolver: PaperResolver, standin: ArxivStandIn, clock: Clock
) -> None:
    await resolver.resolve(["arxiv:2401.00001"])
    clock.now += 8 * DAY
    standin.script(Fault.EMPTY)

    state = (await resolver.resolve(["arxiv:2401.00001"]))["arxiv:2401.00001"]
    assert state.status is PaperStatus.RESOLVED
    assert state.paper is not None
    record = resolver.store.get_paper("arxiv:2401.00001")
    assert record is not None
    assert record.status is PaperStatus.RESOLVED
    assert record.expires_at == clock.now + NOT_FOUND_TTL


async def test_stale_paper_shown_by_cached(resolver: PaperResolver, clock: Clock) -> None:
    await resolver.resolve(["arxiv:2401.00001"])
    clock.now += 8 * DAY
    state = resolver.cached(["arxiv:2401.00001"])["arxiv:2401.00001"]
    assert state.status is PaperStatus.RESOLVED
    assert state.stale is True


# -- results as they arrive ------------------------------------------------------------------


async def test_updates_per_request_already_stored(resolver: PaperResolver) -> None:
    keys = [ArxivId(f"2401.{number:05d}").key for number in range(1, 121)]
    sizes: list[int] = []
    stored: list[int] = []

    def record(update: dict[str, PaperState]) -> None:
        sizes.append(len(update))
        stored.append(len(resolver.store.get_papers(update)))

    await resolver.resolve(keys, on_update=record)
    assert sizes == [50, 50, 20]
    assert stored == sizes


async def test_progress_reaches_done(resolver: PaperResolver) -> None:
    reports = []
    await resolver.resolve(["arxiv:2401.00001"], on_progress=reports.append)
    assert (reports[-1].resolved, reports[-1].total) == (1, 1)


async def test_concurrent_calls_send_once(resolver: PaperResolver, standin: ArxivStandIn) -> None:
    keys = ["arxiv:2401.00001", "arxiv:2401.00002"]
    first, second = await asyncio.gather(resolver.resolve(keys), resolver.resolve(keys))
    assert len(standin.requests) == 1
    assert second["arxiv:2401.00002"].status is PaperStatus.RESOLVED
    assert first["arxiv:2401.00002"] == second["arxiv:2401.00002"]


# -- DOIs ------------------------------------------------------------------------------------


async def test_doi_resolved_through_crossref(
    resolver: PaperResolver, crossref: LoopbackServer
) -> None:
    states = await resolver.resolve(["doi:10.1000/abc"])
    state = states["doi:10.1000/abc"]
    assert state.status is PaperStatus.RESOLVED
    assert state.paper is not None
    assert state.paper.title == "Work 10.1000/abc"
    assert [request.path for request in crossref.requests] == ["/works/10.1000/abc"]


async def test_missing_doi_not_found(resolver: PaperResolver) -> None:
    states = await resolver.resolve(["doi:10.1000/missing"])
    assert states["doi:10.1000/missing"].status is PaperStatus.NOT_FOUND


async def test_arxiv_doi_goes_to_arxiv(
    resolver: PaperResolver, standin: ArxivStandIn, crossref: LoopbackServer
) -> None:
    states = await resolver.resolve(["doi:10.48550/arxiv.2401.00001"])
    assert states["doi:10.48550/arxiv.2401.00001"].status is PaperStatus.RESOLVED
    assert crossref.requests == []
    assert standin.requests[0].ids == ["2401.00001"]


async def test_aclose_closes_own_client(settings: Settings) -> None:
    resolver = PaperResolver(Store.memory(), settings)
    await resolver.aclose()
    assert resolver._http.is_closed


def test_paper_modules_avoid_textual_and_rich() -> None:
    # Core modules must import quickly and work without the UI.
    code = (
        "import sys, threadtui.papers, threadtui.links, threadtui.links_report, "
        "threadtui.bibtex, threadtui.crossref; "
        "print(sorted(name for name in ('textual', 'rich') if name in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent / "tui")},
    )
    assert result.stdout.strip() == "[]"
