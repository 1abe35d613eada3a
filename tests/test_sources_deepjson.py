"""loads_without_recursion: the same values and errors as json.loads, at any depth."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from threadtui.sources.deepjson import loads_without_recursion


@pytest.mark.parametrize(
    "text",
    ["[]", "{}", " 3 ", '"a\\u00e9\\n"', '[1, -2.5e3, 0.5, true, false, null, "x"]',
     '{"a": {"b": [{}, [], {"c": [1, {"d": null}]}]}}', "NaN", "[Infinity, -Infinity]"],
)
def test_matches_json_loads(text: str) -> None:
    expected = json.loads(text)
    result = loads_without_recursion(text)
    if expected != expected:  # NaN is not equal to itself.
        assert result != result
    else:
        assert result == expected


def test_fixtures_match_json_loads(fixtures: Path) -> None:
    for path in sorted((fixtures / "threads").glob("*.json")):
        text = path.read_text(encoding="utf-8")
        assert loads_without_recursion(text) == json.loads(text), path.name


def test_nesting_beyond_recursion_limit() -> None:
    depth = 50_000
    value = loads_without_recursion("[" * depth + "]" * depth)
    for _ in range(depth - 1):
        value = value[0]
    assert value == []


@pytest.mark.parametrize(
    ("text", "position"),
    [("[1,", 3), ('{"a" 1}', 5), ("[1 2]", 3), ("", 0), ('{"a":}', 5), ("[1]x", 3),
     ("{1: 2}", 1)],
)
def test_errors_give_position(text: str, position: int) -> None:
    with pytest.raises(json.JSONDecodeError) as raised:
        loads_without_recursion(text)
    assert raised.value.pos == position
