"""Small helpers for URLs found in comment text: trimming, scheme checks and domains."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["URL_IN_TEXT", "is_web_url", "trim_url", "url_domain"]

# An absolute http(s) URL written out in text. Characters that can never appear unescaped in
# a URL (whitespace, control characters, angle brackets, quotes, backticks) end it.
URL_IN_TEXT = re.compile(r"\bhttps?://[^\s<>\"'`\x00-\x1f\x7f-\x9f]+", re.IGNORECASE)

_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f]")


def trim_url(url: str) -> str:
    """Remove punctuation that ends the sentence rather than the URL.

    Trailing `. , ; : ! ? ' " ] } > *` and ellipses go. A closing parenthesis is kept when the
    URL opened one, as in `https://en.wikipedia.org/wiki/Gauge_(physics)`.
    """
    while url:
        last = url[-1]
        if last in ".,;:!?'\"]}>*\u2026":
            url = url[:-1]
        elif last == ")" and url.count("(") < url.count(")"):
            url = url[:-1]
        else:
            break
    return url


def is_web_url(url: str) -> bool:
    """Return True for an absolute `http` or `https` URL with a host.

    Every other scheme (`javascript:`, `file:`, `mailto:`, `data:`), relative references and
    URLs containing whitespace or control characters are rejected, because only web pages may
    be opened from the link pane.
    """
    if _CONTROL.search(url.strip()):
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def url_domain(url: str) -> str:
    """Return the URL's host in lowercase without a leading `www.`, or "" when it has none."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    host = host.lower()
    return host[4:] if host.startswith("www.") else host
