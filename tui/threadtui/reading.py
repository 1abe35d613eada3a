"""Reading state of a thread: which comments are unread or new, and where the reader left off.

A comment is *seen* once the thread pane has shown the thread with it, and *read* once it
has been selected. On a return visit, the comments that were never seen are *new*; on the first visit
nothing is new and every comment is unread. The position and the collapsed subtrees are kept
by comment id, so they survive a refresh that adds or removes comments.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from threadtui.model import Thread
from threadtui.store import Position, Store, StoreError

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ReadingMarks:
    """The comments of a thread that are unread, and those that are new since the last visit."""

    unread: frozenset[str]
    new: frozenset[str]
    returning: bool
    """True when the thread was shown before, so unseen comments count as new."""


def reading_marks(thread: Thread, seen: Mapping[str, float | None]) -> ReadingMarks:
    """Compare a thread's comments with what the store has seen of it (`Store.seen_comments`)."""
    returning = bool(seen)
    unread = frozenset(comment.id for comment in thread.comments if seen.get(comment.id) is None)
    if not returning:
        return ReadingMarks(unread, frozenset(), returning=False)
    new = frozenset(comment.id for comment in thread.comments if comment.id not in seen)
    return ReadingMarks(unread, new, returning=True)


@dataclass(frozen=True, slots=True)
class ResumePoint:
    """A stored position translated to the comment indices of the thread as loaded now."""

    selected: int | None
    """The index of the comment to select, or None for the story."""
    collapsed: tuple[int, ...]


def resume_point(thread: Thread, position: Position | None) -> ResumePoint:
    """Find the stored selection and collapsed subtrees in the thread; comments now gone are skipped."""
    if position is None:
        return ResumePoint(None, ())
    index_of = {comment.id: index for index, comment in enumerate(thread.comments)}
    selected = index_of.get(position.comment_id) if position.comment_id is not None else None
    collapsed = tuple(index_of[comment_id] for comment_id in position.collapsed if comment_id in index_of)
    return ResumePoint(selected, collapsed)


class ReadingLog:
    """Reading progress on one thread that is not written yet: comments read and the position.

    The app calls `read` and `move` on every selection, which only touch memory, and calls
    `flush` now and then (and on exit) to write everything pending in one go. `flush` may run
    on a worker thread while the UI thread keeps calling `read` and `move`.
    """

    def __init__(self, store: Store, thread_key: str, *, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.thread_key = thread_key
        self._clock = clock
        self._lock = threading.Lock()
        # Held for a whole flush, so a flush on exit waits for one a worker thread is running.
        self._flushing = threading.Lock()
        self._read: set[str] = set()
        self._position: tuple[str | None, tuple[str, ...]] | None = None

    @property
    def pending(self) -> bool:
        """True while something is waiting to be written."""
        with self._lock:
            return bool(self._read) or self._position is not None

    def read(self, comment_id: str) -> None:
        """Note that a comment was read (its read time is the time of the next flush)."""
        with self._lock:
            self._read.add(comment_id)

    def move(self, comment_id: str | None, collapsed: Iterable[str]) -> None:
        """Note the selected comment (None: the story) and the collapsed subtrees."""
        with self._lock:
            self._position = (comment_id, tuple(collapsed))

    def flush(self) -> bool:
        """Write everything pending; return False when the write failed (it is kept for the next try)."""
        with self._flushing:
            return self._flush()

    def _flush(self) -> bool:
        with self._lock:
            read, self._read = self._read, set()
            position, self._position = self._position, None
        if not read and position is None:
            return True

        now = self._clock()
        try:
            self.store.mark_read(self.thread_key, sorted(read), at=now)
            if position is not None:
                self.store.save_position(self.thread_key, position[0], position[1], at=now)
        except StoreError as error:
            log.warning("cannot save reading state of %s: %s", self.thread_key, error)
            with self._lock:
                self._read |= read
                if self._position is None:
                    self._position = position
            return False
        return True
