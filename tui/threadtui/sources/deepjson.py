"""A JSON decoder with an explicit stack, for documents nested deeper than `json` allows.

The standard `json` module recurses once per nesting level and raises RecursionError near
Python's recursion limit (1,000 by default; from Python 3.12 a fixed C limit applies that
`sys.setrecursionlimit` cannot raise). A reply chain 2,000 comments deep nests 4 to 10 levels
per comment in Algolia and Reddit responses, so such threads need this decoder. It is slower
than `json` and is only used after `json` has raised RecursionError.
"""

from __future__ import annotations

import json
import re
from typing import Any

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_CONSTANTS: dict[str, Any] = {
    "true": True,
    "false": False,
    "null": None,
    "NaN": float("nan"),
    "Infinity": float("inf"),
    "-Infinity": float("-inf"),
}
_scan_string = json.decoder.scanstring  # type: ignore[attr-defined]


def loads_without_recursion(text: str) -> Any:
    """Decode a JSON document like `json.loads`, with no limit on nesting depth.

    Raises:
        json.JSONDecodeError: The text is not valid JSON; `pos` marks the first error.
    """
    containers: list[dict[str, Any] | list[Any]] = []
    keys: list[str | None] = []
    position = _skip(text, 0)

    while True:
        value, position, opened = _read_value(text, position)
        if opened is not None:
            containers.append(opened)
            if isinstance(opened, dict):
                key, position = _read_key(text, position)
                keys.append(key)
            else:
                keys.append(None)
            continue

        # Store the value in its container; close containers that end here.
        while True:
            if not containers:
                position = _skip(text, position)
                if position != len(text):
                    raise json.JSONDecodeError("Extra data", text, position)
                return value
            container = containers[-1]
            if isinstance(container, dict):
                container[keys[-1]] = value  # type: ignore[index]
            else:
                container.append(value)

            position = _skip(text, position)
            char = text[position : position + 1]
            if char == ",":
                position = _skip(text, position + 1)
                if isinstance(container, dict):
                    keys[-1], position = _read_key(text, position)
                break
            closer = "}" if isinstance(container, dict) else "]"
            if char != closer:
                raise json.JSONDecodeError(f"Expecting ',' delimiter or {closer!r}", text, position)
            position += 1
            value = containers.pop()
            keys.pop()


def _skip(text: str, position: int) -> int:
    return _WHITESPACE.match(text, position).end()  # type: ignore[union-attr]


def _read_value(text: str, position: int) -> tuple[Any, int, dict[str, Any] | list[Any] | None]:
    """Read one value at `position`.

    Returns (value, next position, None) for a complete value, or (None, position after the
    opening bracket, new container) for a non-empty object or array.
    """
    char = text[position : position + 1]
    if char == '"':
        value, end = _scan_string(text, position + 1)
        return value, end, None
    if char in ("{", "["):
        after = _skip(text, position + 1)
        closer = "}" if char == "{" else "]"
        if text[after : after + 1] == closer:
            return ({} if char == "{" else []), after + 1, None
        return None, after, ({} if char == "{" else [])

    number = _NUMBER.match(text, position)
    if number and not text.startswith("-Infinity", position):
        fraction, exponent = number.groups()
        literal = number.group()
        value = float(literal) if fraction or exponent else int(literal)
        return value, number.end(), None
    for word, constant in _CONSTANTS.items():
        if text.startswith(word, position):
            return constant, position + len(word), None
    raise json.JSONDecodeError("Expecting value", text, position)


def _read_key(text: str, position: int) -> tuple[str, int]:
    if text[position : position + 1] != '"':
        raise json.JSONDecodeError(
            "Expecting property name enclosed in double quotes", text, position
        )
    key, end = _scan_string(text, position + 1)
    end = _skip(text, end)
    if text[end : end + 1] != ":":
        raise json.JSONDecodeError("Expecting ':' delimiter", text, end)
    return key, _skip(text, end + 1)
