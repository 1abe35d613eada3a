"""The exceptions raised when a source cannot be read, fetched or parsed."""

from __future__ import annotations

from threadtui.text.sanitize import clean_text


class SourceError(Exception):
    """A source cannot be read, fetched or parsed.

    The message is one line for the user: what failed, on which input, and what to do next.
    Messages quote file names, URLs and what a site sent, so control characters in them are
    made visible and line breaks become spaces.
    """

    def __init__(self, message: str) -> None:
        super().__init__(clean_text(message))


class FetchError(SourceError):
    """A thread could not be fetched from its site (HTTP error, timeout, refused connection)."""
