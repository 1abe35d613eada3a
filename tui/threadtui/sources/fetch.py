"""Fetch a thread's raw payload from Hacker News (Algolia), Reddit or Lobsters.

One request per thread: Algolia's `items/ID` returns the whole HN tree, Reddit's
`comments/ID.json` and Lobsters' `s/SHORT.json` return the story with its comments. The
`httpx.AsyncClient` is passed in, so the app shares one client and tests pass their own.
Every failure becomes a `FetchError` with one line that names the URL and the next step.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from threadtui.config import USER_AGENT, Settings
from threadtui.sources.detect import MAX_PAYLOAD_BYTES, SourceSpec
from threadtui.sources.errors import FetchError

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int | None], None]

# Reddit sends at most this many comments per request without a login (an estimate from
# client reports; larger values are accepted and capped by Reddit).
REDDIT_COMMENT_LIMIT = 500

# The environment variable that overrides each site's base URL, named in connection errors.
_BASE_VARIABLES = {
    "hn": "THREADTUI_HN_API",
    "reddit": "THREADTUI_REDDIT_BASE",
    "lobsters": "THREADTUI_LOBSTERS_BASE",
}


@dataclass(frozen=True, slots=True)
class FetchedPayload:
    """A thread's response body as received, with where and when it came from."""

    url: str
    data: bytes
    fetched_at: float


def thread_api_url(spec: SourceSpec, settings: Settings) -> str:
    """Return the API URL that returns the whole thread for a remote source."""
    if spec.kind == "hn":
        return f"{settings.hn_api}/items/{spec.item_id}"
    if spec.kind == "reddit":
        # `.json` goes before the query; raw_json=1 turns off Reddit's legacy escaping.
        return (
            f"{settings.reddit_base}/comments/{spec.item_id}.json"
            f"?raw_json=1&limit={REDDIT_COMMENT_LIMIT}"
        )
    if spec.kind == "lobsters":
        return f"{settings.lobsters_base}/s/{spec.item_id}.json"
    raise ValueError(f"{spec.source} is a local file, not a thread to fetch")


async def fetch_payload(
    spec: SourceSpec,
    settings: Settings,
    client: httpx.AsyncClient,
    *,
    on_progress: ProgressCallback | None = None,
) -> FetchedPayload:
    """Download a thread's payload, reporting progress as the body streams.

    `on_progress(received_bytes, total_bytes)` is called after each chunk; `total_bytes`
    is the Content-Length, or None when the server does not send one.

    Raises:
        FetchError: HTTP 403, 404, 429 or another error status, an HTML page instead of
            JSON, a JSON `null` (unknown HN id), a body over `MAX_PAYLOAD_BYTES`, a timeout
            or a failed connection.
    """
    url = thread_api_url(spec, settings)
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    log.info("fetching %s from %s", spec.key, url)

    try:
        async with client.stream("GET", url, headers=headers) as response:
            if response.status_code != 200:
                raise _status_error(spec, url, response)
            total = _content_length(response)
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                chunks.append(chunk)
                size += len(chunk)
                if size > MAX_PAYLOAD_BYTES:
                    raise FetchError(
                        f"{url} sent more than {MAX_PAYLOAD_BYTES // 1_048_576} MiB, over the "
                        "limit for a thread — download it yourself and open the file"
                    )
                if on_progress is not None:
                    on_progress(response.num_bytes_downloaded, total)
            content_type = response.headers.get("content-type", "")
    except FetchError as error:
        log.warning("fetch of %s failed: %s", url, error)
        raise
    except httpx.TimeoutException:
        message = f"timed out fetching {url} — check the network and try again"
        log.warning(message)
        raise FetchError(message) from None
    except httpx.ConnectError as error:
        message = _connect_message(spec, url, error)
        log.warning(message)
        raise FetchError(message) from None
    except httpx.HTTPError as error:
        message = f"failed to fetch {url}: {error or type(error).__name__} — try again"
        log.warning(message)
        raise FetchError(message) from None

    data = b"".join(chunks)
    _check_body(spec, url, data, content_type)
    return FetchedPayload(url=url, data=data, fetched_at=time.time())


def _content_length(response: httpx.Response) -> int | None:
    value = response.headers.get("content-length", "")
    return int(value) if value.isdigit() else None


def _status_error(spec: SourceSpec, url: str, response: httpx.Response) -> FetchError:
    status = response.status_code
    host = urlsplit(url).netloc
    if status == 404:
        return FetchError(f"{spec.key} not found: {host} returned HTTP 404 for {url} — check the id")
    if status == 403:
        return FetchError(
            f"{host} denied access to {url} (HTTP 403) — the site may block clients without a "
            "login; save the thread's JSON in a browser and open the file"
        )
    if status == 429:
        retry_after = response.headers.get("retry-after", "").strip()
        wait = f"; Retry-After: {retry_after}" if retry_after else ""
        return FetchError(
            f"{host} is rate limiting requests (HTTP 429{wait}) for {url} — wait and try again"
        )
    if status >= 500:
        return FetchError(f"{host} failed with HTTP {status} for {url} — try again later")
    return FetchError(f"{host} returned HTTP {status} for {url} — check the URL")


def _connect_message(spec: SourceSpec, url: str, error: httpx.ConnectError) -> str:
    host = urlsplit(url).netloc
    reason = str(error) or "connection failed"
    # httpx reports "All connection attempts failed"; the cause chain contains the OS error.
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, ConnectionRefusedError):
            reason = "connection refused"
            break
        cause = cause.__cause__ or cause.__context__
    variable = _BASE_VARIABLES.get(spec.kind, "")
    hint = f" (or {variable}, if set)" if variable else ""
    return f"cannot connect to {host} to fetch {url}: {reason} — check the network{hint}"


def _check_body(spec: SourceSpec, url: str, data: bytes, content_type: str) -> None:
    """Raise FetchError for a body that cannot be a thread: HTML, empty, or JSON null."""
    host = urlsplit(url).netloc
    head = data[:512].lstrip().lower()
    if "html" in content_type.lower() or head.startswith((b"<!doctype", b"<html", b"<")):
        raise FetchError(
            f"{host} returned an HTML page instead of JSON for {url} — the site may be "
            "blocking the request, or the URL is not a thread"
        )
    if not data.strip():
        raise FetchError(f"{host} returned an empty body for {url} — try again later")
    if data.strip() == b"null":
        raise FetchError(
            f"{spec.key} not found: {host} returned null for {url} — check the id"
        )
