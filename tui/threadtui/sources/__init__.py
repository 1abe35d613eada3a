"""Turn what the user opens (a URL, `hn:ID`, a saved response, a dump) into a `Thread`."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from threadtui.model import Thread
from threadtui.sources.detect import (
    MAX_PAYLOAD_BYTES,
    SourceSpec,
    parse_payload,
    parse_payload_with_format,
    parse_source,
    too_large_message,
)
from threadtui.sources.errors import FetchError, SourceError

__all__ = [
    "MAX_PAYLOAD_BYTES",
    "FetchError",
    "SourceError",
    "SourceSpec",
    "parse_payload",
    "parse_source",
    "read_file",
]


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
