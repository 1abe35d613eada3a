"""Defensive readers for fields of decoded JSON, where any value may be missing or mistyped.

Site APIs drift: a field becomes null, a number arrives as a string, a list is missing. These
helpers return None (or an empty container) instead of raising, so one odd comment never
stops a whole thread from loading.
"""

from __future__ import annotations

import math
from datetime import datetime, timezone
from typing import Any

from threadtui.text.sanitize import clean_text


def as_dict(value: object) -> dict[str, Any]:
    """Return the value if it is a JSON object, else an empty dict."""
    return value if isinstance(value, dict) else {}


def as_list(value: object) -> list[Any]:
    """Return the value if it is a JSON array, else an empty list."""
    return value if isinstance(value, list) else []


def as_int(value: object) -> int | None:
    """Return an integer from an int, an integral float or a decimal string, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def as_float(value: object) -> float | None:
    """Return a finite float from an int or float (not a bool), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def as_id(value: object) -> str | None:
    """Return an id as a string from an int or a non-empty string, else None.

    String ids are cleaned like text: they become thread keys and note targets, which are
    stored in SQLite and shown on screen.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return clean_text(value.strip())
    return None


def parse_iso_time(value: object) -> float | None:
    """Return Unix seconds from an ISO-8601 timestamp (`Z` or an offset), else None.

    A timestamp without an offset is taken as UTC.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()
