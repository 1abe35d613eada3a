"""The resolution state of one paper reference, shared by the arXiv and Crossref clients."""

from __future__ import annotations

from dataclasses import dataclass

from threadtui.model import Paper, PaperStatus

__all__ = ["PaperState"]


@dataclass(frozen=True, slots=True)
class PaperState:
    """The resolution status of one paper key, with its metadata once resolved.

    Attributes:
        status: Queued, resolved, offline, not found, invalid id or failed.
        paper: The metadata when resolved. A failed or offline refresh of a paper cached
            earlier keeps the cached metadata here and sets `stale`.
        detail: Why the status is what it is, for display: the HTTP status, the service's
            error message or the network error.
        stale: True when `paper` comes from a cache record that is due for a refresh.
    """

    status: PaperStatus
    paper: Paper | None = None
    detail: str | None = None
    stale: bool = False
