"""A polite client for arXiv's query API: batched id lookups, one request at a time, paced.

arXiv's API terms ask for no more than one request every three seconds over a single
connection. Under load arXiv responds with HTTP 429 (`Rate exceeded.`, often without
`Retry-After`) or 503. So every request of one client goes through one lock, a request starts
at least `delay` seconds after the previous one ended, and transient failures are retried a
bounded number of times with exponential backoff and jitter. A failure never turns into "not
found": the ids of a batch that could not be fetched come back FAILED.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from enum import StrEnum

import httpx

from threadtui.arxiv.atom import ApiError, AtomFeed, AtomParseError, parse_atom
from threadtui.arxiv.ids import ArxivId
from threadtui.config import DEFAULT_ARXIV_API, DEFAULT_ARXIV_DELAY, USER_AGENT
from threadtui.model import PaperStatus
from threadtui.resolution import PaperState

__all__ = [
    "MAX_BATCH_SIZE",
    "ArxivClient",
    "ArxivProgress",
    "ProgressPhase",
    "ProgressHook",
    "ResultsHook",
]

log = logging.getLogger(__name__)

# The API sets no hard limit on id_list, but `max_results` caps what comes back and long GET
# URLs fail with HTTP 414 (reported at about 640 ids); 50 ids keep a URL under 1 KB.
MAX_BATCH_SIZE = 50

# Statuses worth retrying: rate limiting and a server or gateway that is briefly unavailable.
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class ProgressPhase(StrEnum):
    """The phase of a fetch at the time of a progress report."""

    QUEUED = "queued"
    """The ids are queued; no request for them has started yet."""
    WAITING = "waiting"
    """Waiting out the gap between requests or a backoff, for `ArxivProgress.wait` seconds."""
    REQUESTING = "requesting"
    """A request is in flight."""
    DONE = "done"
    """Every id has a result."""


@dataclass(frozen=True, slots=True)
class ArxivProgress:
    """A progress report of one `ArxivClient.fetch` call, for "N of M resolved" displays.

    Attributes:
        resolved: Ids of this call that have a final result (any status).
        total: Distinct ids in this call.
        phase: What the call is doing now.
        wait: Seconds until the next request starts, in the WAITING phase; else None.
        detail: Why a wait is longer than the usual gap, such as `HTTP 429, retry 2 of 4`.
    """

    resolved: int
    total: int
    phase: ProgressPhase
    wait: float | None = None
    detail: str | None = None


def describe_progress(report: ArxivProgress, elapsed: float = 0.0) -> str:
    """Return `Papers: 3 of 10 resolved · next request in 2 s` from a progress report.

    `elapsed` is the time since the report, taken off the wait it announced.
    """
    text = f"Papers: {report.resolved} of {report.total} resolved"
    if report.phase is ProgressPhase.REQUESTING:
        text += " · request in flight"
    elif report.phase is ProgressPhase.WAITING and report.wait is not None:
        remaining = report.wait - elapsed
        text += f" · next request in {remaining:.0f} s" if remaining >= 1 else " · next request in <1 s"
    elif report.phase is ProgressPhase.QUEUED:
        text += " · queued"
    if report.detail:
        text += f" ({report.detail})"
    return text


ProgressHook = Callable[[ArxivProgress], object]
"""Called with each progress report. Its return value is ignored."""

ResultsHook = Callable[[dict[ArxivId, PaperState]], Awaitable[object] | object]
"""Called with each request's results as they arrive, and awaited if it returns an awaitable."""


@dataclass(slots=True)
class _Failure:
    """The reason a request produced no feed."""

    detail: str


@dataclass(slots=True)
class _Call:
    """One `fetch` call waiting for its results.

    The worker puts each request's results for `ids` into `inbox`, or an exception when it
    stops, so the call receives one delivery per request however the event loop schedules them.
    """

    ids: set[ArxivId]
    on_progress: ProgressHook | None = None
    resolved: int = 0
    inbox: asyncio.Queue[dict[ArxivId, PaperState] | BaseException] = field(
        default_factory=asyncio.Queue
    )

    @property
    def total(self) -> int:
        return len(self.ids)

    def report(
        self, phase: ProgressPhase, wait: float | None = None, detail: str | None = None
    ) -> None:
        if self.on_progress is not None:
            self.on_progress(ArxivProgress(self.resolved, self.total, phase, wait, detail))


class ArxivClient:
    """Look up arXiv ids through the query API, politely.

    One client should serve the whole application, so that its queue and pacing cover every
    request. `fetch` calls only queue ids. A single worker task sends them in batches, so ids
    that several calls ask for while a request waits for its turn share that request. The
    HTTP client is borrowed and never closed here.
    """

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        api_url: str = DEFAULT_ARXIV_API,
        delay: float = DEFAULT_ARXIV_DELAY,
        batch_size: int = MAX_BATCH_SIZE,
        batch_window: float | None = None,
        max_attempts: int = 4,
        timeout: float = 30.0,
        max_retry_after: float = 300.0,
        rng: random.Random | None = None,
    ) -> None:
        """Create a client.

        Args:
            http: The HTTP client that sends the requests.
            api_url: The query endpoint, `https://export.arxiv.org/api/query` by default.
            delay: Minimum seconds from the end of one request to the start of the next, and the
                base of the retry backoff (about `delay`, 2 × `delay`, 4 × `delay`, plus jitter).
            batch_size: Maximum ids per request, 1 to `MAX_BATCH_SIZE`.
            batch_window: Seconds an idle client collects ids before its first request, so
                calls made together share it. Defaults to 0.3 s, or `delay` when that is
                shorter (0 in tests).
            max_attempts: Tries per request before its ids are reported FAILED.
            timeout: Seconds to wait for a response before counting a timeout.
            max_retry_after: The longest `Retry-After` to wait for; a longer one fails at once.
            rng: Source of the backoff jitter, for reproducible tests.
        """
        if not 1 <= batch_size <= MAX_BATCH_SIZE:
            raise ValueError(f"batch_size must be 1 to {MAX_BATCH_SIZE}, not {batch_size}")
        if max_attempts < 1:
            raise ValueError(f"max_attempts must be at least 1, not {max_attempts}")
        if delay < 0:
            raise ValueError(f"delay must be 0 or more seconds, not {delay}")

        self._http = http
        self.api_url = api_url
        self.delay = delay
        self.batch_size = batch_size
        self.batch_window = min(0.3, delay) if batch_window is None else batch_window
        self.max_attempts = max_attempts
        self.timeout = timeout
        self.max_retry_after = max_retry_after
        self._rng = rng or random.Random()
        self._lock = asyncio.Lock()
        self._not_before = 0.0
        # Ids waiting for a request, in arrival order (a dict used as an ordered set).
        self._queue: dict[ArxivId, None] = {}
        self._in_flight: set[ArxivId] = set()
        self._calls: list[_Call] = []
        self._worker: asyncio.Task[None] | None = None
        self.request_count = 0
        """Requests sent by this client so far, retries included."""

    # -- public ------------------------------------------------------------------------------

    async def fetch(
        self,
        ids: Iterable[ArxivId],
        *,
        on_results: ResultsHook | None = None,
        on_progress: ProgressHook | None = None,
    ) -> dict[ArxivId, PaperState]:
        """Look up ids and return a state for each distinct one.

        A versioned id requests that version and an unversioned id the latest. The result
        is RESOLVED with the paper, NOT_FOUND when arXiv has no such paper (or version),
        INVALID when arXiv rejects the id, or FAILED with the reason when no usable response
        came back. `on_results` receives each request's results as soon as they are known.
        An id already queued or in flight for another call is not requested twice.
        """
        unique = list(dict.fromkeys(ids))
        if not unique:
            return {}
        for arxiv_id in unique:
            if arxiv_id not in self._queue and arxiv_id not in self._in_flight:
                self._queue[arxiv_id] = None

        call = _Call(ids=set(unique), on_progress=on_progress)
        self._calls.append(call)
        call.report(ProgressPhase.QUEUED)
        if self._worker is None or self._worker.done():
            self._worker = asyncio.get_running_loop().create_task(
                self._work(), name="arxiv-requests"
            )

        results: dict[ArxivId, PaperState] = {}
        try:
            while len(results) < call.total:
                arrived = await call.inbox.get()
                if isinstance(arrived, BaseException):
                    raise arrived
                results.update(arrived)
                if on_results is not None:
                    outcome = on_results(arrived)
                    if inspect.isawaitable(outcome):
                        await outcome
        finally:
            self._calls.remove(call)

        call.report(ProgressPhase.DONE)
        return results

    async def aclose(self) -> None:
        """Stop the worker; calls still waiting for results raise CancelledError."""
        if self._worker is not None and not self._worker.done():
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._worker

    # -- the worker --------------------------------------------------------------------------

    async def _work(self) -> None:
        """Send queued ids in batches until the queue is empty."""
        idle = True
        try:
            while self._queue:
                # Wait before taking the batch, so ids queued meanwhile join it.
                wait = self._not_before - time.monotonic()
                if idle:
                    wait = max(wait, self.batch_window)
                    idle = False
                if wait > 0:
                    self._broadcast(ProgressPhase.WAITING, wait=wait)
                    await asyncio.sleep(wait)

                async for results in self._fetch_batch(self._take_batch()):
                    self._in_flight.difference_update(results)
                    self._deliver(results)
        except asyncio.CancelledError:
            self._abandon(asyncio.CancelledError("the arXiv client was closed"))
            raise
        except Exception as error:
            # A bug, not a network fault: fail the waiting calls loudly instead of hanging them.
            log.exception("the arXiv request worker stopped")
            self._abandon(error)

    def _take_batch(self) -> list[ArxivId]:
        """Move up to `batch_size` queued ids in flight, each base id at most once.

        Two versions of one paper go to different requests: arXiv's handling of both in one
        id_list is undocumented, and entries are matched by base id.
        """
        batch: list[ArxivId] = []
        bases: set[str] = set()
        for arxiv_id in list(self._queue):
            if len(batch) == self.batch_size:
                break
            if arxiv_id.base in bases:
                continue
            batch.append(arxiv_id)
            bases.add(arxiv_id.base)
        for arxiv_id in batch:
            del self._queue[arxiv_id]
            self._in_flight.add(arxiv_id)
        return batch

    def _deliver(self, results: dict[ArxivId, PaperState]) -> None:
        """Hand each waiting call the results it asked for."""
        for call in self._calls:
            wanted = {
                arxiv_id: state for arxiv_id, state in results.items() if arxiv_id in call.ids
            }
            if wanted:
                call.resolved += len(wanted)
                call.inbox.put_nowait(wanted)

    def _abandon(self, error: BaseException) -> None:
        """Fail every waiting call with `error` and forget the queued and in-flight ids."""
        for call in self._calls:
            call.inbox.put_nowait(error)
        self._queue.clear()
        self._in_flight.clear()

    def _broadcast(
        self, phase: ProgressPhase, wait: float | None = None, detail: str | None = None
    ) -> None:
        for call in list(self._calls):
            call.report(phase, wait, detail)

    async def _fetch_batch(self, batch: list[ArxivId]) -> AsyncIterator[dict[ArxivId, PaperState]]:
        """Resolve one batch, yielding results after each request.

        A rejected batch is narrowed down. The id that the error names is marked INVALID and
        the rest is requested again. An error that names no id splits the batch in halves.
        """
        pending: list[tuple[list[ArxivId], bool]] = [(batch, False)]
        while pending:
            ids, empty_retried = pending.pop(0)
            outcome = await self._query(ids)

            if isinstance(outcome, _Failure):
                failed = PaperState(PaperStatus.FAILED, detail=outcome.detail)
                yield {arxiv_id: failed for arxiv_id in ids}
                continue

            if outcome.errors:
                rejected, rest = self._split_rejected(ids, outcome.errors[0])
                if rejected:
                    yield rejected
                if len(rest) == len(ids):
                    middle = len(ids) // 2
                    pending[:0] = [(ids[:middle], empty_retried), (ids[middle:], empty_retried)]
                elif rest:
                    pending.insert(0, (rest, empty_retried))
                continue

            if outcome.entry_count == 0 and len(ids) > 1 and not empty_retried:
                # arXiv sometimes sends a spurious empty feed. A batch in which no id exists
                # at all is more likely that than real, so ask once more.
                log.warning("arXiv returned no entries for %d ids; asking once more", len(ids))
                pending.insert(0, (ids, True))
                continue

            yield self._match(ids, outcome)

    def _split_rejected(
        self, ids: list[ArxivId], error: ApiError
    ) -> tuple[dict[ArxivId, PaperState], list[ArxivId]]:
        """Return the ids an Error entry rejects, as INVALID states, and the ids left to ask."""
        named = (error.rejected_value or "").lower()
        rejected = [arxiv_id for arxiv_id in ids if arxiv_id.versioned.lower() == named]

        if not rejected and len(ids) == 1 and _blames_an_id(error):
            rejected = ids
        if not rejected and len(ids) == 1:
            # The error is about the request, not the id; nothing to narrow down.
            log.error("arXiv rejected the request for %s: %s", ids[0], error.message)
            return {ids[0]: PaperState(PaperStatus.FAILED, detail=error.message)}, []

        log.info("arXiv rejected %s: %s", ", ".join(map(str, rejected)), error.message)
        invalid = PaperState(PaperStatus.INVALID, detail=error.message)
        states = {arxiv_id: invalid for arxiv_id in rejected}
        return states, [arxiv_id for arxiv_id in ids if arxiv_id not in rejected]

    @staticmethod
    def _match(ids: list[ArxivId], feed: AtomFeed) -> dict[ArxivId, PaperState]:
        states: dict[ArxivId, PaperState] = {}
        for arxiv_id in ids:
            paper = feed.papers.get(arxiv_id.base)
            if paper is None:
                detail = "arXiv has no such paper"
                states[arxiv_id] = PaperState(PaperStatus.NOT_FOUND, detail=detail)
            elif arxiv_id.version is not None and paper.version != arxiv_id.version:
                detail = f"arXiv returned v{paper.version} for {arxiv_id.versioned}"
                states[arxiv_id] = PaperState(PaperStatus.NOT_FOUND, detail=detail)
            else:
                states[arxiv_id] = PaperState(PaperStatus.RESOLVED, paper=paper)
        return states

    # -- requests ----------------------------------------------------------------------------

    async def _query(self, ids: list[ArxivId]) -> AtomFeed | _Failure:
        """Send one id_list request, retrying transient failures, and parse the feed."""
        detail = "no request sent"
        for attempt in range(1, self.max_attempts + 1):
            retry_after: float | None = None
            try:
                response = await self._send(ids)
            except httpx.TimeoutException:
                detail = f"arXiv did not answer within {self.timeout:g} s"
            except httpx.TransportError as error:
                detail = f"cannot reach arXiv: {error or type(error).__name__}"
            else:
                if response.status_code not in _RETRY_STATUSES:
                    return self._read_feed(response)
                detail = _status_detail(response)
                retry_after = _retry_after_seconds(response)

            if attempt == self.max_attempts:
                log.error(
                    "arXiv request for %d ids failed after %d tries: %s", len(ids), attempt, detail
                )
                return _Failure(f"{detail} (gave up after {attempt} tries)")
            if retry_after is not None and retry_after > self.max_retry_after:
                log.error("arXiv asked to wait %g s; not retrying: %s", retry_after, detail)
                return _Failure(f"{detail}; arXiv asked to wait {retry_after:g} s")

            wait = self._backoff(attempt, retry_after)
            self._not_before = max(self._not_before, time.monotonic() + wait)
            log.warning(
                "arXiv request for %d ids failed (%s); retry %d of %d in %.1f s",
                len(ids), detail, attempt, self.max_attempts - 1, wait,
            )
            self._broadcast(
                ProgressPhase.WAITING,
                wait=wait,
                detail=f"{detail}, retry {attempt} of {self.max_attempts - 1}",
            )
        return _Failure(detail)

    async def _send(self, ids: list[ArxivId]) -> httpx.Response:
        """Send one request once the lock is free and the gap since the last one has passed.

        Only the worker sends, so the lock is a second guard for one request at a time.
        """
        async with self._lock:
            wait = self._not_before - time.monotonic()
            if wait > 0:
                self._broadcast(ProgressPhase.WAITING, wait=wait)
                await asyncio.sleep(wait)

            self.request_count += 1
            self._broadcast(ProgressPhase.REQUESTING)
            id_list = ",".join(arxiv_id.versioned for arxiv_id in ids)
            log.debug("arXiv request %d: %s", self.request_count, id_list)
            try:
                return await self._http.get(
                    self.api_url,
                    params={"id_list": id_list, "start": "0", "max_results": str(len(ids))},
                    headers={"User-Agent": USER_AGENT},
                    timeout=self.timeout,
                )
            finally:
                # The gap runs from the end of this exchange, not from its start. A first request
                # that also opens the connection arrives late, so pacing by starts alone lets
                # the server see a gap shorter than `delay` (measured: 0.199 s for 0.2 s).
                self._not_before = time.monotonic() + self.delay

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        """Return the seconds to wait before try `attempt + 1`.

        `Retry-After` wins when the server sends it, but never below the usual gap.
        Otherwise the wait doubles from `delay` with up to `delay` of jitter, so a client
        with delay 0 (tests) retries at once.
        """
        if retry_after is not None:
            return max(retry_after, self.delay)
        return self.delay * 2 ** (attempt - 1) + self._rng.uniform(0, self.delay)

    @staticmethod
    def _read_feed(response: httpx.Response) -> AtomFeed | _Failure:
        """Check the status and Content-Type, then parse; anything but a feed is a failure."""
        content_type = response.headers.get("content-type", "")
        if "xml" not in content_type.lower():
            shown = content_type.split(";")[0].strip() or "no Content-Type"
            log.error(
                "arXiv sent HTTP %d with %s instead of an Atom feed", response.status_code, shown
            )
            return _Failure(f"HTTP {response.status_code}: expected an Atom feed, got {shown}")

        try:
            feed = parse_atom(response.content)
        except AtomParseError as error:
            log.error("arXiv sent HTTP %d with an unreadable feed: %s", response.status_code, error)
            return _Failure(f"HTTP {response.status_code}: {error}")

        # arXiv sends its Error entry with HTTP 400, and some clients saw it with 200.
        if feed.errors or response.status_code == 200:
            return feed
        log.error("arXiv sent HTTP %d", response.status_code)
        return _Failure(f"HTTP {response.status_code}")


def _blames_an_id(error: ApiError) -> bool:
    """Return True when an Error entry's message is about an id (`malformed id`)."""
    return "id" in error.message.lower().split()


def _status_detail(response: httpx.Response) -> str:
    """Describe a retryable response: its status and a short plain-text body (`Rate exceeded.`)."""
    detail = f"HTTP {response.status_code}"
    content_type = response.headers.get("content-type", "")
    if content_type.startswith("text/plain"):
        text = " ".join(response.text.split())[:80]
        if text:
            detail += f" ({text})"
    return detail


def _retry_after_seconds(response: httpx.Response) -> float | None:
    """Read `Retry-After` as seconds (a number or an HTTP date), or None when absent or invalid."""
    value = response.headers.get("retry-after")
    if value is None:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())
