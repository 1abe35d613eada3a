"""Turn what the user opens (a URL, `hn:ID`, a saved response, a dump) into a `Thread`.

The CLI and the app call `parse_source` on the argument and `load_thread` with the result.
`load_thread` reads local files, and for remote threads uses the cached payload unless asked
to refresh, fetches otherwise, and stores every payload before parsing it.
"""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from threadtui.config import Settings
from threadtui.model import Thread
from threadtui.sources.detect import (
    FORMATS,
    MAX_PAYLOAD_BYTES,
    SourceSpec,
    parse_payload,
    parse_payload_with_format,
    parse_source,
    too_large_message,
)
from threadtui.sources.errors import FetchError, SourceError
from threadtui.store import Store

if TYPE_CHECKING:
    # httpx takes longer to import than the rest of threadtui's core; local files never
    # need it, so load_thread imports the fetcher only for remote threads.
    import httpx

    from threadtui.sources.fetch import ProgressCallback

__all__ = [
    "FORMATS",
    "MAX_PAYLOAD_BYTES",
    "FetchError",
    "LoadedThread",
    "SourceError",
    "SourceSpec",
    "load_thread",
    "parse_payload",
    "parse_source",
    "read_file",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LoadedThread:
    """A parsed thread and where it came from.

    Attributes:
        thread: The parsed thread.
        from_cache: True when the payload came from the cache instead of the network.
        fetched_at: Unix seconds when the payload was fetched, or None for local files.
    """

    thread: Thread
    from_cache: bool
    fetched_at: float | None


def _local_key(store: Store, content_key: str, location: str) -> str:
    """Return the key a text dump or paste is stored under.

    The content hash names the thread, so one dump opened from two paths is one thread. But a
    file edited since it was last opened keeps the key it had then (found by its path), so
    its notes, read marks and position stay with it; its new comments show as new.
    """
    if store.load_thread(content_key) is not None:
        return content_key
    previous = store.find_thread_by_source("text", location)
    return previous.key if previous is not None else content_key


def read_file(path: str | Path) -> Thread:
    """Read and parse a thread file (dump, paste or saved API response).

    Raises:
        SourceError: The file is missing, a directory, unreadable, too large, or not a thread.
    """
    thread, _, _ = _read_and_parse(Path(path))
    return thread


def _read_bytes(path: Path) -> bytes:
    """Read a file after checking that it exists, is a regular file and is not too large."""
    name = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise SourceError(
            f"cannot read {name}: no such file — check the path, or pass a thread URL or hn:ID"
        ) from None
    except PermissionError:
        raise SourceError(f"cannot read {name}: permission denied — check its permissions") from None
    except OSError as error:
        raise SourceError(f"cannot read {name}: {error.strerror or error}") from None

    if stat.S_ISDIR(info.st_mode):
        raise SourceError(f"cannot read {name}: it is a directory — pass a file inside it")
    if not stat.S_ISREG(info.st_mode):
        raise SourceError(f"cannot read {name}: not a regular file — pass a saved thread file")
    if info.st_size > MAX_PAYLOAD_BYTES:
        raise SourceError(too_large_message(name, info.st_size))

    try:
        with path.open("rb") as file:
            # Read one byte past the limit, in case the file grew after stat().
            data = file.read(MAX_PAYLOAD_BYTES + 1)
    except PermissionError:
        raise SourceError(f"cannot read {name}: permission denied — check its permissions") from None
    except OSError as error:
        raise SourceError(f"cannot read {name}: {error.strerror or error}") from None
    if len(data) > MAX_PAYLOAD_BYTES:
        raise SourceError(too_large_message(name, os.path.getsize(path)))
    return data


def _read_and_parse(path: Path) -> tuple[Thread, bytes, str]:
    data = _read_bytes(path)
    thread, format = parse_payload_with_format(data, source=str(path))
    return thread, data, format


async def load_thread(
    spec: SourceSpec,
    settings: Settings,
    store: Store | None,
    client: httpx.AsyncClient | None,
    *,
    on_progress: ProgressCallback | None = None,
    opened: bool = True,
) -> LoadedThread:
    """Load the thread a `SourceSpec` names, from a file, the cache or the network.

    Local files are parsed and their payload is stored under the thread key, so notes and
    the library survive a moved file. Remote threads come from the cached payload unless
    `settings.refresh` is set. `settings.offline` never touches the network. When no
    usable copy is cached, a fetched payload is stored before it is parsed, so a crash while
    parsing never loses it. A usable copy is replaced only by a payload that parses.
    `opened=False` (export, links) stores the thread without counting it as opened, so the
    library and its dates show only what the reader opened.

    Raises:
        SourceError: The file or payload cannot be parsed, or `offline` is set and there is
            no cached copy.
        FetchError: The fetch failed (HTTP error, timeout, refused connection).
    """
    if not spec.is_remote:
        assert spec.path is not None
        thread, data, format = _read_and_parse(spec.path)
        thread.source = spec.source
        if store is not None:
            location = str(spec.path.resolve())
            if thread.site == "text":
                thread.key = _local_key(store, thread.key, location)
            _save(store, thread.key, thread.site, location, thread.title, format, data, None, opened)
        return LoadedThread(thread, from_cache=False, fetched_at=None)

    key = spec.key
    assert key is not None
    cached = store.load_thread(key) if store is not None else None
    usable = cached is not None and cached.payload is not None and cached.format in FORMATS

    if usable and (not settings.refresh or settings.offline):
        assert cached is not None and cached.payload is not None
        try:
            thread = parse_payload(cached.payload, source=spec.source, format=cached.format)
        except SourceError as error:
            if settings.offline:
                raise SourceError(
                    f"the cached copy of {key} cannot be read ({error}) — run without "
                    "--offline to fetch it again"
                ) from None
            log.warning("cached copy of %s is unreadable, fetching again: %s", key, error)
        else:
            if store is not None and opened:
                store.touch_thread(key)
            return LoadedThread(_focus(thread, spec), from_cache=True, fetched_at=cached.fetched_at)

    if settings.offline:
        raise SourceError(f"no cached copy of {key} — run without --offline to fetch it")
    if client is None:
        raise SourceError(f"cannot fetch {key}: no HTTP client was given")

    from threadtui.sources.fetch import fetch_payload

    fetched = await fetch_payload(spec, settings, client, on_progress=on_progress)
    if store is not None and not usable:
        # Stored before parsing with a provisional title, so the payload outlives a crash.
        # A usable copy from an earlier fetch is only replaced once the new payload parses,
        # so a refresh that returns garbage never costs the copy that works.
        _save(store, key, spec.kind, spec.source, key, None, fetched.data, fetched.fetched_at, opened)

    thread, format = parse_payload_with_format(fetched.data, source=spec.source)
    if thread.key != key:
        log.warning("%s returned thread %s, not %s", fetched.url, thread.key, key)
    if store is not None:
        _save(store, key, thread.site, spec.source, thread.title, format, fetched.data,
              fetched.fetched_at, opened)
    return LoadedThread(_focus(thread, spec), from_cache=False, fetched_at=fetched.fetched_at)


def _focus(thread: Thread, spec: SourceSpec) -> Thread:
    thread.source = spec.source
    if spec.focus_comment_id is not None:
        thread.focus_comment_id = spec.focus_comment_id
    return thread


def _save(
    store: Store,
    key: str,
    site: str,
    source: str,
    title: str,
    format: str | None,
    data: bytes,
    fetched_at: float | None,
    opened: bool,
) -> None:
    store.save_thread(
        key=key,
        site=site,
        source=source,
        title=title,
        format=format,
        payload=data,
        fetched_at=fetched_at,
        opened=opened,
    )
