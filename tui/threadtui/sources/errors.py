"""The exceptions raised when a source cannot be read, fetched or parsed."""

from __future__ import annotations


class SourceError(Exception):
    """A source cannot be read, fetched or parsed.

    The message is one line for the user: what failed, on which input, and what to do next.
    """


class FetchError(SourceError):
    """A thread could not be fetched from its site (HTTP error, timeout, refused connection)."""
