"""Resolve paper keys to metadata, cache first: the network only fills what the cache lacks.

Keys are `arxiv:<base id>` (latest version), `arxiv:<base id>v<N>` (that version) and
`doi:<doi>`. arXiv DOIs (`doi:10.48550/arxiv.…`) are resolved through arXiv.

Cache lifetimes:
- a versioned arXiv id never changes, so its metadata never expires;
- an unversioned id gets new versions, so its metadata is refreshed after a week;
- Crossref metadata is refreshed after 30 days;
- "not found" is asked again after 6 hours, because arXiv sometimes sends spurious empty feeds;
- an invalid id is never asked again;
- a failure (429, 503, timeout, an HTML page) is never stored. It stays FAILED in memory for
  the rest of the session, and a stale cached copy keeps being shown meanwhile.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

import httpx

from threadtui.arxiv.client import ArxivClient, ProgressHook
from threadtui.arxiv.ids import ArxivId, parse_arxiv_doi, parse_arxiv_id
from threadtui.config import USER_AGENT, Settings
from threadtui.crossref import CrossrefClient
from threadtui.doi import normalise_doi
from threadtui.model import PaperStatus
from threadtui.resolution import PaperState
from threadtui.store import PaperRecord, Store, StoreError

__all__ = [
    "CROSSREF_TTL",
    "NOT_FOUND_TTL",
    "UNVERSIONED_TTL",
    "PaperResolver",
    "PaperState",
    "UpdateHook",
]

log = logging.getLogger(__name__)

UNVERSIONED_TTL = 7 * 24 * 3600.0
"""Seconds before the metadata of an unversioned arXiv id is refreshed."""

NOT_FOUND_TTL = 6 * 3600.0
"""Seconds before a "not found" result is asked again."""

CROSSREF_TTL = 30 * 24 * 3600.0
"""Seconds before Crossref metadata is refreshed."""

UpdateHook = Callable[[dict[str, PaperState]], Awaitable[object] | object]
"""Called with new states as network results arrive, and awaited if it returns an awaitable."""


@dataclass(frozen=True, slots=True)
class _Target:
    """The lookup a key requests: an arXiv id or a non-arXiv DOI."""

    arxiv_id: ArxivId | None = None
    doi: str | None = None


class PaperResolver:
    """Resolve paper keys for the whole application: cache first, then arXiv and Crossref.

    Own one per application, so that one arXiv client paces every request. Results are written
    to the store as each request returns, so a killed process keeps what it fetched.
    """

    def __init__(
        self,
        store: Store,
        settings: Settings,
        http: httpx.AsyncClient | None = None,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """Create a resolver.

        Args:
            store: The cache database.
            settings: Service URLs, the arXiv delay and the offline switch.
            http: The HTTP client to borrow. When None, the resolver creates one and closes it
                in `aclose`.
            clock: The wall clock (Unix seconds) used for cache lifetimes.
        """
        self.store = store
        self.settings = settings
        self._owns_http = http is None
        if http is None:
            http = httpx.AsyncClient(headers={"User-Agent": USER_AGENT})
        self._http = http
        self.arxiv = ArxivClient(http, api_url=settings.arxiv_api, delay=settings.arxiv_delay)
        self.crossref = CrossrefClient(http, api_url=settings.crossref_api)
        self._clock = clock
        self._failures: dict[str, PaperState] = {}
        self._in_flight: dict[str, asyncio.Future[PaperState]] = {}

    async def aclose(self) -> None:
        """Stop the arXiv request worker, and close the HTTP client if the resolver created it."""
        await self.arxiv.aclose()
        if self._owns_http:
            await self._http.aclose()

    # -- cache only --------------------------------------------------------------------------

    def cached(self, keys: Iterable[str]) -> dict[str, PaperState]:
        """Return each key's state from the cache and this session's failures, without network.

        Fresh cache hits are RESOLVED, NOT_FOUND or INVALID. A stale paper is RESOLVED with
        `stale` set. Keys with nothing usable are QUEUED, or OFFLINE when `settings.offline` is set.
        """
        wanted = list(dict.fromkeys(keys))
        records = self.store.get_papers(wanted)
        now = self._clock()
        return {key: self._cached_state(key, records.get(key), now) for key in wanted}

    def _cached_state(self, key: str, record: PaperRecord | None, now: float) -> PaperState:
        if _parse_key(key) is None:
            return PaperState(PaperStatus.INVALID, detail=f"not a paper key: {key}")
        if record is not None and record.is_fresh(now):
            return _record_state(record)
        if key in self._failures:
            return self._failures[key]
        if record is not None and record.status is PaperStatus.RESOLVED:
            return _record_state(record, stale=True)
        if self.settings.offline:
            return PaperState(PaperStatus.OFFLINE, detail="offline: not in the cache")
        return PaperState(PaperStatus.QUEUED)

    # -- network -----------------------------------------------------------------------------

    async def resolve(
        self,
        keys: Iterable[str],
        on_update: UpdateHook | None = None,
        on_progress: ProgressHook | None = None,
        *,
        retry_failed: bool = False,
    ) -> dict[str, PaperState]:
        """Return each key's state, asking the network only for what is missing or stale.

        Nothing is sent when the settings are offline. Keys that failed earlier in this
        session stay FAILED unless `retry_failed` is set. Keys that another `resolve` call is
        fetching are awaited, not sent twice. `on_update` receives the states of each request
        as it returns; `on_progress` receives the arXiv client's progress reports.
        """
        wanted = list(dict.fromkeys(keys))
        records = self.store.get_papers(wanted)
        now = self._clock()
        states: dict[str, PaperState] = {}
        arxiv_keys: dict[ArxivId, list[str]] = {}
        doi_keys: dict[str, list[str]] = {}
        awaited: dict[str, asyncio.Future[PaperState]] = {}

        for key in wanted:
            target = _parse_key(key)
            record = records.get(key)
            if target is None or (record is not None and record.is_fresh(now)):
                states[key] = self._cached_state(key, record, now)
            elif key in self._failures and not retry_failed:
                states[key] = self._failures[key]
            elif self.settings.offline:
                states[key] = self._cached_state(key, record, now)
            elif key in self._in_flight:
                awaited[key] = self._in_flight[key]
            elif target.arxiv_id is not None:
                arxiv_keys.setdefault(target.arxiv_id, []).append(key)
            elif target.doi is not None:
                doi_keys.setdefault(target.doi, []).append(key)

        fetched = [key for group in (*arxiv_keys.values(), *doi_keys.values()) for key in group]
        loop = asyncio.get_running_loop()
        for key in fetched:
            self._in_flight[key] = loop.create_future()

        try:
            await asyncio.gather(
                self._resolve_arxiv(arxiv_keys, records, states, on_update, on_progress),
                self._resolve_dois(doi_keys, records, states, on_update),
            )
        finally:
            for key in fetched:
                future = self._in_flight.pop(key)
                if not future.done():
                    # Only reached when the fetch was cancelled or raised; waiters see why.
                    future.cancel()

        for key, future in awaited.items():
            try:
                states[key] = await future
            except asyncio.CancelledError:
                current = asyncio.current_task()
                if not future.cancelled() or (current is not None and current.cancelling()):
                    raise
                # The call that was fetching the key was cancelled; the key waits for the next.
                states[key] = self._cached_state(key, records.get(key), now)
        return {key: states[key] for key in wanted}

    async def _resolve_arxiv(
        self,
        keys_by_id: dict[ArxivId, list[str]],
        records: dict[str, PaperRecord],
        states: dict[str, PaperState],
        on_update: UpdateHook | None,
        on_progress: ProgressHook | None,
    ) -> None:
        if not keys_by_id:
            return

        async def store_batch(results: dict[ArxivId, PaperState]) -> None:
            update: dict[str, PaperState] = {}
            for arxiv_id, state in results.items():
                versioned = arxiv_id.version is not None
                for key in keys_by_id[arxiv_id]:
                    update[key] = self._record_result(key, versioned, state, records.get(key))
            await self._publish(update, states, on_update)

        await self.arxiv.fetch(keys_by_id, on_results=store_batch, on_progress=on_progress)

    async def _resolve_dois(
        self,
        keys_by_doi: dict[str, list[str]],
        records: dict[str, PaperRecord],
        states: dict[str, PaperState],
        on_update: UpdateHook | None,
    ) -> None:
        for doi, keys in keys_by_doi.items():
            state = await self.crossref.fetch(doi)
            update = {
                key: self._record_result(key, False, state, records.get(key)) for key in keys
            }
            await self._publish(update, states, on_update)

    async def _publish(
        self,
        update: dict[str, PaperState],
        states: dict[str, PaperState],
        on_update: UpdateHook | None,
    ) -> None:
        states.update(update)
        for key, state in update.items():
            future = self._in_flight.get(key)
            if future is not None and not future.done():
                future.set_result(state)
        if on_update is not None and update:
            outcome = on_update(update)
            if inspect.isawaitable(outcome):
                await outcome

    def _record_result(
        self, key: str, versioned: bool, state: PaperState, old: PaperRecord | None
    ) -> PaperState:
        """Write a network result to the store and return the state to show for it.

        A paper cached earlier is never replaced by "not found" or a failure: arXiv does not
        delete papers, so those results are far more likely spurious.
        """
        now = self._clock()
        previous_paper = None
        if old is not None and old.status is PaperStatus.RESOLVED:
            previous_paper = old.paper

        if state.status is PaperStatus.FAILED:
            shown = state
            if previous_paper is not None:
                detail = f"refresh failed: {state.detail}"
                shown = PaperState(PaperStatus.RESOLVED, previous_paper, detail, stale=True)
            self._failures[key] = shown
            return shown

        self._failures.pop(key, None)
        if state.status is PaperStatus.RESOLVED:
            if versioned:
                expires_at = None
            elif key.startswith("doi:") and not _is_arxiv_doi_key(key):
                expires_at = now + CROSSREF_TTL
            else:
                expires_at = now + UNVERSIONED_TTL
            self._put(key, state, expires_at)
            return state

        if state.status is PaperStatus.NOT_FOUND and old is not None and previous_paper is not None:
            log.warning("%s was found before but not now; keeping the cached copy", key)
            kept = PaperState(PaperStatus.RESOLVED, previous_paper)
            # Asked again after the "not found" lifetime, still dated by the original fetch.
            self._put(key, kept, now + NOT_FOUND_TTL, fetched_at=old.fetched_at)
            detail = "not found on refresh"
            return PaperState(PaperStatus.RESOLVED, previous_paper, detail, stale=True)

        expires_at = now + NOT_FOUND_TTL if state.status is PaperStatus.NOT_FOUND else None
        self._put(key, state, expires_at)
        return state

    def _put(
        self, key: str, state: PaperState, expires_at: float | None, fetched_at: float | None = None
    ) -> None:
        try:
            self.store.put_paper(
                key,
                state.status,
                state.paper,
                expires_at=expires_at,
                fetched_at=self._clock() if fetched_at is None else fetched_at,
            )
        except StoreError as error:
            # The result is still shown; it is fetched again next session.
            log.error("cannot cache %s: %s", key, error)


def _parse_key(key: str) -> _Target | None:
    """Return the lookup a paper key requests, or None when it is not a valid key."""
    scheme, _, value = key.partition(":")
    if scheme == "arxiv":
        arxiv_id = parse_arxiv_id(value)
        return _Target(arxiv_id=arxiv_id) if arxiv_id is not None else None
    if scheme == "doi":
        doi = normalise_doi(value)
        if doi is None:
            return None
        arxiv_id = parse_arxiv_doi(doi)
        return _Target(arxiv_id=arxiv_id) if arxiv_id is not None else _Target(doi=doi)
    return None


def _is_arxiv_doi_key(key: str) -> bool:
    return parse_arxiv_doi(key.partition(":")[2]) is not None


def _record_state(record: PaperRecord, *, stale: bool = False) -> PaperState:
    """Turn a cache record into the state shown for it."""
    detail = {
        PaperStatus.NOT_FOUND: "not found when last checked",
        PaperStatus.INVALID: "rejected as a malformed id",
    }.get(record.status)
    return PaperState(record.status, record.paper, detail, stale=stale)
