"""The reader's library: the threads they have opened, most recent first, and the bundled sample.

Listing reads only the `threads`, `notes` and `comments_seen` tables, so it is instant.
Counting new comments needs each stored copy parsed (about 0.4 s for a generated 5,000-comment
HN thread), so `reading_summary` works on one thread at a time and the app runs it in the
background.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from threadtui.model import Thread
from threadtui.reading import reading_marks
from threadtui.sources import SourceError, SourceSpec, parse_payload, parse_source, read_file
from threadtui.store import Store

REMOTE_SITES = ("hn", "reddit", "lobsters")


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """One thread in the library."""

    key: str
    title: str
    site: str
    source: str
    """The source the user opened: a URL, `hn:ID` or a file path."""
    opened_at: float | None
    """Unix seconds of the last opening, or None for the sample before its first opening."""
    notes: int
    stored: bool
    """True when the database contains a copy of the thread to parse."""
    bundled: bool = False
    """True for the sample thread that ships inside the package."""


@dataclass(frozen=True, slots=True)
class ReadingSummary:
    """How much of a stored thread is new and unread."""

    comments: int
    new: int
    unread: int
    returning: bool
    """False before the first visit in the app, when nothing counts as new."""


def bundled_sample() -> Path:
    """Return the path of the sample thread shipped inside the package."""
    from importlib.resources import files

    return Path(str(files("threadtui") / "data" / "hn-thread-dump.txt"))


def has_history(store: Store) -> bool:
    """Return True once any thread has been opened (and stored)."""
    return bool(store.list_threads())


def library_entries(store: Store, sample: Path | None) -> list[LibraryEntry]:
    """Return every stored thread, most recently opened first, with the sample always listed.

    The sample comes last when it was never opened; once opened it takes its place by date.
    """
    notes = store.note_counts()
    sample_key = _sample_key(sample)
    entries = [
        LibraryEntry(
            key=cached.key,
            title=cached.title,
            site=cached.site,
            source=cached.source,
            opened_at=cached.opened_at,
            notes=notes.get(cached.key, 0),
            stored=True,
            bundled=cached.key == sample_key,
        )
        for cached in store.list_threads()
    ]
    if sample is not None and sample_key is not None and not any(entry.bundled for entry in entries):
        title = _sample_title(sample)
        entries.append(
            LibraryEntry(
                key=sample_key,
                title=title,
                site="text",
                source=str(sample),
                opened_at=None,
                notes=notes.get(sample_key, 0),
                stored=False,
                bundled=True,
            )
        )
    return entries


def stored_thread(store: Store, key: str) -> Thread:
    """Parse the copy of a thread kept in the database.

    Raises:
        SourceError: No copy is stored, or it cannot be parsed.
    """
    cached = store.load_thread(key)
    if cached is None or cached.payload is None:
        raise SourceError(f"no stored copy of {key} — open its file or URL again")
    return parse_payload(cached.payload, source=cached.source, format=cached.format)


def entry_spec(entry: LibraryEntry) -> SourceSpec | None:
    """Return how to load a remote thread by its key (cache first), or None for local threads.

    Opening by key rather than by the stored source drops a `#comment` anchor from the URL the
    user first opened, so the thread resumes where the reader left it instead.
    """
    if entry.site not in REMOTE_SITES:
        return None
    try:
        spec = parse_source(entry.key)
    except SourceError:
        return None
    return spec if spec.is_remote else None


def reading_summary(store: Store, entry: LibraryEntry) -> ReadingSummary | None:
    """Count the comments of a stored thread that are new and unread; None when it cannot be read."""
    try:
        thread = stored_thread(store, entry.key) if entry.stored else read_file(entry.source)
    except SourceError:
        return None
    marks = reading_marks(thread, store.seen_comments(entry.key))
    return ReadingSummary(len(thread.comments), len(marks.new), len(marks.unread), marks.returning)


def _sample_key(sample: Path | None) -> str | None:
    if sample is None:
        return None
    from threadtui.sources.dump import dump_key

    try:
        return dump_key(sample.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None


def _sample_title(sample: Path) -> str:
    try:
        return read_file(sample).title
    except SourceError:
        return sample.name
