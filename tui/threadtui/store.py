"""The SQLite database in the cache directory: fetched threads, paper metadata, notes and reading state.

One file, `threadtui.db`, in WAL mode. Every write is its own transaction, so a killed process
loses nothing that was saved, and two instances can share the directory: each note is one row
keyed by (thread, target), so instances editing different notes never overwrite each other.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from threadtui.model import Paper, PaperStatus
from threadtui.text.sanitize import clean_paper

log = logging.getLogger(__name__)

DATABASE_NAME = "threadtui.db"

# How long opening waits for another instance that holds the database's lock.
OPEN_RETRY_SECONDS = 10.0

# Each entry upgrades the schema by one version; entry N takes version N to N + 1.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE threads (
        key TEXT PRIMARY KEY,
        site TEXT NOT NULL,
        source TEXT NOT NULL,
        title TEXT NOT NULL,
        format TEXT,
        payload BLOB,
        fetched_at REAL,
        opened_at REAL
    );
    CREATE TABLE papers (
        key TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        data TEXT,
        fetched_at REAL NOT NULL,
        expires_at REAL
    );
    CREATE TABLE notes (
        thread_key TEXT NOT NULL,
        target TEXT NOT NULL,
        body TEXT NOT NULL,
        updated_at REAL NOT NULL,
        revision INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (thread_key, target)
    );
    CREATE TABLE note_history (
        thread_key TEXT NOT NULL,
        target TEXT NOT NULL,
        body TEXT NOT NULL,
        saved_at REAL NOT NULL
    );
    CREATE TABLE comments_seen (
        thread_key TEXT NOT NULL,
        comment_id TEXT NOT NULL,
        first_seen REAL NOT NULL,
        read_at REAL,
        PRIMARY KEY (thread_key, comment_id)
    );
    CREATE TABLE positions (
        thread_key TEXT PRIMARY KEY,
        comment_id TEXT,
        collapsed TEXT NOT NULL DEFAULT '[]',
        updated_at REAL NOT NULL
    );
    """,
    """
    CREATE TABLE preferences (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


_UPSERT_NOTE = """
    INSERT INTO notes (thread_key, target, body, updated_at, revision)
    VALUES (?, ?, ?, ?, 1)
    ON CONFLICT (thread_key, target) DO UPDATE SET
        body = excluded.body, updated_at = excluded.updated_at,
        revision = notes.revision + 1
"""


class StoreError(Exception):
    """The cache database cannot be opened or written."""


@dataclass(frozen=True, slots=True)
class CachedThread:
    """A thread as stored: the raw payload it was parsed from and when it was fetched."""

    key: str
    site: str
    source: str
    title: str
    format: str | None
    payload: bytes | None
    fetched_at: float | None
    opened_at: float | None


@dataclass(frozen=True, slots=True)
class PaperRecord:
    """A cached resolution result for one paper key."""

    key: str
    status: PaperStatus
    paper: Paper | None
    fetched_at: float
    expires_at: float | None

    def is_fresh(self, now: float | None = None) -> bool:
        """Return True while the record may be used without asking the service again."""
        if self.expires_at is None:
            return True
        return (time.time() if now is None else now) < self.expires_at


@dataclass(frozen=True, slots=True)
class Note:
    """A note attached to the thread, a comment or a paper.

    `target` is `thread`, `comment:<comment id>` or `paper:<paper key>`.
    """

    thread_key: str
    target: str
    body: str
    updated_at: float
    revision: int


@dataclass(frozen=True, slots=True)
class Position:
    """The reader's place in a thread: the selected comment and the collapsed subtrees, by id."""

    comment_id: str | None
    collapsed: tuple[str, ...]
    updated_at: float


@dataclass(frozen=True, slots=True)
class NoteSave:
    """The outcome of `Store.save_note_from`: the stored note and how it was reached.

    `merged` is True when another instance had saved the note since this one loaded it, so
    the stored body combines both texts. `conflict` is True when both changed the same lines
    and the other text was appended under a heading instead of merged line by line.
    """

    note: Note
    merged: bool = False
    conflict: bool = False


def paper_to_json(paper: Paper) -> str:
    """Serialise paper metadata for the cache."""
    return json.dumps(asdict(paper), ensure_ascii=False, sort_keys=True)


def paper_from_json(text: str) -> Paper:
    """Read paper metadata written by `paper_to_json`, cleaned as fresh metadata is."""
    return clean_paper(Paper(**json.loads(text)))


class Store:
    """Access to the cache database. Safe to share between threads (calls are serialised)."""

    def __init__(self, connection: sqlite3.Connection, path: Path | None) -> None:
        self._connection = connection
        self._lock = threading.RLock()
        self.path = path
        """The database file, or None for an in-memory store."""
        self.warnings: list[str] = []
        """Problems met while opening (a damaged file moved aside, a read-only directory)."""

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, cache_dir: Path) -> Store:
        """Open (or create) the database in `cache_dir`.

        A file that is not a readable SQLite database is renamed to
        `threadtui.db.damaged-<time>` and a new one is created; the rename is reported in
        `warnings`. A directory that cannot be written opens the database read-only, or an
        empty in-memory store when there is no database yet.

        Raises:
            StoreError: the directory cannot be created and no database can be read.
        """
        path = cache_dir / DATABASE_NAME
        warnings: list[str] = []

        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            if not path.exists():
                store = cls.memory()
                store.warnings.append(
                    f"cannot create cache directory {cache_dir}: {error.strerror}; "
                    "nothing will be saved this session"
                )
                return store

        try:
            connection = cls._connect_when_free(path)
        except sqlite3.DatabaseError as error:
            if isinstance(error, sqlite3.OperationalError):
                # Locked, unreadable or read-only: the file may be fine, so it is never moved.
                if _is_permission_problem(path):
                    return cls._open_read_only(path)
                raise StoreError(f"cannot open the cache database {path}: {error}") from error
            damaged = _move_aside(path)
            warnings.append(
                f"the cache database {path} was damaged ({error}); it was moved to "
                f"{damaged} and a new one was started"
            )
            connection = cls._connect(path)

        store = cls(connection, path)
        store.warnings.extend(warnings)
        return store

    @classmethod
    def memory(cls) -> Store:
        """Open an empty store that lives only in memory (tests, read-only fallbacks)."""
        connection = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        _migrate(connection)
        return cls(connection, None)

    @classmethod
    def _connect_when_free(cls, path: Path) -> sqlite3.Connection:
        """Connect, retrying for a while when another instance holds the database's lock.

        Switching a new database to WAL mode needs a lock that SQLite does not wait for (its
        busy timeout does not apply), so two instances starting together on a new cache
        directory can meet "database is locked" here.
        """
        deadline = time.monotonic() + OPEN_RETRY_SECONDS
        while True:
            try:
                return cls._connect(path)
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) and "busy" not in str(error):
                    raise
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.05)

    @classmethod
    def _connect(cls, path: Path) -> sqlite3.Connection:
        connection = sqlite3.connect(
            path, timeout=10.0, check_same_thread=False, isolation_level=None
        )
        try:
            connection.execute("PRAGMA busy_timeout = 10000")
            connection.execute("PRAGMA journal_mode = WAL")
            # FULL makes each committed note durable even against power loss; the writes
            # are small and debounced, so the fsync is cheap.
            connection.execute("PRAGMA synchronous = FULL")
            check = connection.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {check[0] if check else '?'}")
            _migrate(connection)
        except sqlite3.DatabaseError:
            connection.close()
            raise
        return connection

    @classmethod
    def _open_read_only(cls, path: Path) -> Store:
        if not path.exists():
            store = cls.memory()
            store.warnings.append(
                f"cache directory {path.parent} is read-only; nothing will be saved this session"
            )
            return store
        connection = sqlite3.connect(
            f"{path.absolute().as_uri()}?mode=ro", uri=True, check_same_thread=False, isolation_level=None
        )
        try:
            connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            # Reading a WAL database needs its -shm file, which a read-only directory cannot
            # hold when the last writer exited cleanly and removed it. A clean exit also
            # checkpoints the WAL into the main file, so the file alone is complete.
            connection.close()
            connection = sqlite3.connect(
                f"{path.absolute().as_uri()}?immutable=1", uri=True, check_same_thread=False, isolation_level=None
            )
        store = cls(connection, path)
        store.read_only = True
        store.warnings.append(
            f"cache database {path} is read-only; notes and fetched data will not be saved"
        )
        return store

    read_only: bool = False
    """True when writes are impossible; write methods then do nothing and return quietly."""

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._connection.close()

    def _write(self, sql: str, parameters: Iterable[object] = ()) -> None:
        if self.read_only:
            return
        with self._lock:
            try:
                self._connection.execute(sql, tuple(parameters))
            except sqlite3.OperationalError as error:
                raise StoreError(f"cannot write the cache database {self.path}: {error}") from error

    def _write_many(self, sql: str, rows: list[tuple]) -> None:
        """Run one statement for many rows in a single transaction (one sync to disk, not one per row)."""
        if self.read_only or not rows:
            return
        with self._lock:
            try:
                self._connection.execute("BEGIN")
                try:
                    self._connection.executemany(sql, rows)
                except BaseException:
                    self._connection.execute("ROLLBACK")
                    raise
                self._connection.execute("COMMIT")
            except sqlite3.OperationalError as error:
                raise StoreError(f"cannot write the cache database {self.path}: {error}") from error

    def _query(self, sql: str, parameters: Iterable[object] = ()) -> list[tuple]:
        with self._lock:
            return self._connection.execute(sql, tuple(parameters)).fetchall()

    # -- threads -----------------------------------------------------------------------------

    def save_thread(
        self,
        *,
        key: str,
        site: str,
        source: str,
        title: str,
        format: str | None,
        payload: bytes | None,
        fetched_at: float | None,
        opened: bool = True,
    ) -> None:
        """Store a thread's raw payload (replacing an older copy) and mark it opened now.

        When the stored copy already contains the same payload and details, only the time it was
        opened is written: reopening an unchanged 4 MB file then costs one small update
        instead of rewriting (and syncing) the whole payload. With `opened=False` the time it
        was last opened stays as it was, none for a thread stored for the first time.
        """
        unchanged = self._query(
            "SELECT 1 FROM threads WHERE key = ? AND site = ? AND source = ? AND title = ? "
            "AND format IS ? AND payload IS ? AND fetched_at IS ?",
            (key, site, source, title, format, payload, fetched_at),
        )
        if unchanged:
            if opened:
                self.touch_thread(key)
            return
        self._write(
            """
            INSERT INTO threads (key, site, source, title, format, payload, fetched_at, opened_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (key) DO UPDATE SET
                site = excluded.site, source = excluded.source, title = excluded.title,
                format = excluded.format, payload = excluded.payload,
                fetched_at = excluded.fetched_at,
                opened_at = COALESCE(excluded.opened_at, threads.opened_at)
            """,
            (key, site, source, title, format, payload, fetched_at, time.time() if opened else None),
        )

    def load_thread(self, key: str) -> CachedThread | None:
        """Return the stored copy of a thread, or None."""
        rows = self._query(
            "SELECT key, site, source, title, format, payload, fetched_at, opened_at "
            "FROM threads WHERE key = ?",
            (key,),
        )
        return CachedThread(*rows[0]) if rows else None

    def find_thread_by_source(self, site: str, source: str) -> CachedThread | None:
        """Return the most recently opened thread of a site stored from `source`, or None."""
        rows = self._query(
            "SELECT key, site, source, title, format, NULL, fetched_at, opened_at "
            "FROM threads WHERE site = ? AND source = ? ORDER BY opened_at DESC LIMIT 1",
            (site, source),
        )
        return CachedThread(*rows[0]) if rows else None

    def touch_thread(self, key: str) -> None:
        """Record that a thread was opened now."""
        self._write("UPDATE threads SET opened_at = ? WHERE key = ?", (time.time(), key))

    def list_threads(self) -> list[CachedThread]:
        """Return every thread opened in the app, most recently opened first (payloads left out).

        Threads stored only by `export` or `links` are left out.
        """
        rows = self._query(
            "SELECT key, site, source, title, format, NULL, fetched_at, opened_at "
            "FROM threads WHERE opened_at IS NOT NULL ORDER BY opened_at DESC"
        )
        return [CachedThread(*row) for row in rows]

    # -- preferences -------------------------------------------------------------------------

    def preference(self, name: str) -> str | None:
        """Return a preference set in the app (the theme), or None when it was never set.

        A read-only database from an older threadtui has no preferences table; that reads as
        nothing set.
        """
        try:
            rows = self._query("SELECT value FROM preferences WHERE name = ?", (name,))
        except sqlite3.OperationalError:
            return None
        return rows[0][0] if rows else None

    def set_preference(self, name: str, value: str) -> None:
        """Keep a preference for the next start."""
        self._write("INSERT OR REPLACE INTO preferences (name, value) VALUES (?, ?)", (name, value))

    # -- papers ------------------------------------------------------------------------------

    def get_paper(self, key: str) -> PaperRecord | None:
        """Return the cached result for a paper key, fresh or not, or None."""
        rows = self._query(
            "SELECT key, status, data, fetched_at, expires_at FROM papers WHERE key = ?", (key,)
        )
        if not rows:
            return None
        return _paper_record(rows[0])

    def get_papers(self, keys: Iterable[str]) -> dict[str, PaperRecord]:
        """Return the cached results for several paper keys at once."""
        wanted = list(dict.fromkeys(keys))
        found: dict[str, PaperRecord] = {}
        # SQLite limits the number of bound parameters; 500 is far below every build's limit.
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._query(
                f"SELECT key, status, data, fetched_at, expires_at FROM papers WHERE key IN ({marks})",
                chunk,
            ):
                record = _paper_record(row)
                if record is not None:
                    found[record.key] = record
        return found

    def put_paper(
        self,
        key: str,
        status: PaperStatus,
        paper: Paper | None,
        *,
        expires_at: float | None,
        fetched_at: float | None = None,
    ) -> None:
        """Store a resolution result. `expires_at` None means it never needs refreshing."""
        data = paper_to_json(paper) if paper is not None else None
        self._write(
            """
            INSERT INTO papers (key, status, data, fetched_at, expires_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (key) DO UPDATE SET
                status = excluded.status, data = excluded.data,
                fetched_at = excluded.fetched_at, expires_at = excluded.expires_at
            """,
            (key, str(status), data, time.time() if fetched_at is None else fetched_at, expires_at),
        )

    # -- notes -------------------------------------------------------------------------------

    def get_note(self, thread_key: str, target: str) -> Note | None:
        """Return the note on one target, or None."""
        rows = self._query(
            "SELECT thread_key, target, body, updated_at, revision FROM notes "
            "WHERE thread_key = ? AND target = ?",
            (thread_key, target),
        )
        return Note(*rows[0]) if rows else None

    def notes_for_thread(self, thread_key: str) -> list[Note]:
        """Return every non-empty note of a thread, ordered by target."""
        rows = self._query(
            "SELECT thread_key, target, body, updated_at, revision FROM notes "
            "WHERE thread_key = ? AND body != '' ORDER BY target",
            (thread_key,),
        )
        return [Note(*row) for row in rows]

    def save_note(self, thread_key: str, target: str, body: str) -> Note:
        """Write a note and return it with its new revision number."""
        now = time.time()
        self._write(_UPSERT_NOTE, (thread_key, target, body, now))
        saved = self.get_note(thread_key, target)
        return saved if saved is not None else Note(thread_key, target, body, now, 0)

    def save_note_from(
        self, thread_key: str, target: str, body: str, *, base_body: str, base_revision: int
    ) -> NoteSave:
        """Write a note edited from `base_body` at `base_revision`, keeping newer saves.

        Another instance may have saved the same note since this one loaded it. Then the
        stored text is merged with `body` by `merge_note`, and also copied to `note_history`
        in case the merge is not what the user wanted. Reading the stored revision and
        writing happen in one transaction, so no save can slip in between. A note that was
        never stored has revision 0.

        Raises:
            StoreError: the database cannot be written.
        """
        from threadtui.note_merge import merge_note

        if self.read_only:
            return NoteSave(Note(thread_key, target, body, time.time(), base_revision))
        now = time.time()
        with self._lock:
            try:
                self._connection.execute("BEGIN IMMEDIATE")
                try:
                    current = self.get_note(thread_key, target)
                    merged = None
                    if current is not None and current.revision != base_revision:
                        merged = merge_note(base_body, body, current.body)
                        body = merged.text
                        self._connection.execute(
                            "INSERT INTO note_history (thread_key, target, body, saved_at) VALUES (?, ?, ?, ?)",
                            (thread_key, target, current.body, current.updated_at),
                        )
                    self._connection.execute(_UPSERT_NOTE, (thread_key, target, body, now))
                    self._connection.execute("COMMIT")
                except BaseException:
                    self._connection.execute("ROLLBACK")
                    raise
            except sqlite3.OperationalError as error:
                raise StoreError(f"cannot write the cache database {self.path}: {error}") from error
        saved = self.get_note(thread_key, target)
        assert saved is not None
        return NoteSave(saved, merged=merged is not None, conflict=bool(merged and merged.conflict))

    def note_counts(self) -> dict[str, int]:
        """Return the number of non-empty notes per thread key."""
        rows = self._query("SELECT thread_key, COUNT(*) FROM notes WHERE body != '' GROUP BY thread_key")
        return {key: count for key, count in rows}

    # -- reading state -----------------------------------------------------------------------

    def seen_comments(self, thread_key: str) -> dict[str, float | None]:
        """Return every comment id seen in a thread, mapped to when it was read (None: unread)."""
        rows = self._query(
            "SELECT comment_id, read_at FROM comments_seen WHERE thread_key = ?", (thread_key,)
        )
        return {comment_id: read_at for comment_id, read_at in rows}

    def record_seen(self, thread_key: str, comment_ids: Iterable[str], *, at: float | None = None) -> None:
        """Record comments as shown in a thread; comments seen before keep their first time."""
        now = time.time() if at is None else at
        self._write_many(
            "INSERT OR IGNORE INTO comments_seen (thread_key, comment_id, first_seen) VALUES (?, ?, ?)",
            [(thread_key, comment_id, now) for comment_id in comment_ids],
        )

    def mark_read(self, thread_key: str, comment_ids: Iterable[str], *, at: float | None = None) -> None:
        """Record comments as read; a comment read before keeps its first read time."""
        now = time.time() if at is None else at
        self._write_many(
            """
            INSERT INTO comments_seen (thread_key, comment_id, first_seen, read_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (thread_key, comment_id) DO UPDATE SET
                read_at = COALESCE(comments_seen.read_at, excluded.read_at)
            """,
            [(thread_key, comment_id, now, now) for comment_id in comment_ids],
        )

    def get_position(self, thread_key: str) -> Position | None:
        """Return where the reader left a thread, or None before the first visit."""
        rows = self._query(
            "SELECT comment_id, collapsed, updated_at FROM positions WHERE thread_key = ?",
            (thread_key,),
        )
        if not rows:
            return None
        comment_id, collapsed, updated_at = rows[0]
        return Position(comment_id, _id_list(collapsed), updated_at)

    def save_position(
        self,
        thread_key: str,
        comment_id: str | None,
        collapsed: Iterable[str],
        *,
        at: float | None = None,
    ) -> None:
        """Record the selected comment (None: the story) and the collapsed subtrees of a thread."""
        self._write(
            """
            INSERT INTO positions (thread_key, comment_id, collapsed, updated_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (thread_key) DO UPDATE SET
                comment_id = excluded.comment_id, collapsed = excluded.collapsed,
                updated_at = excluded.updated_at
            """,
            (thread_key, comment_id, json.dumps(sorted(collapsed)), time.time() if at is None else at),
        )

    # -- maintenance -------------------------------------------------------------------------

    def stats(self) -> dict[str, object]:
        """Return counts of what the cache contains and the database file's size in bytes."""
        counts = {
            table: self._query(f"SELECT COUNT(*) FROM {table}")[0][0]
            for table in ("threads", "papers", "notes", "comments_seen", "positions")
        }
        counts["notes"] = self._query("SELECT COUNT(*) FROM notes WHERE body != ''")[0][0]
        size = self.path.stat().st_size if self.path is not None and self.path.exists() else 0
        return {"database": str(self.path) if self.path else ":memory:", "bytes": size, **counts}

    def clear(self, *, include_notes: bool = False) -> dict[str, int]:
        """Delete fetched threads and paper metadata; with `include_notes`, notes and reading state too.

        Returns the number of rows removed per table.
        """
        tables = ["threads", "papers"]
        if include_notes:
            tables += ["notes", "note_history", "comments_seen", "positions"]
        removed: dict[str, int] = {}
        for table in tables:
            removed[table] = self._query(f"SELECT COUNT(*) FROM {table}")[0][0]
            self._write(f"DELETE FROM {table}")
        if not self.read_only:
            with self._lock:
                self._connection.execute("VACUUM")
        return removed


def _paper_record(row: tuple) -> PaperRecord | None:
    key, status, data, fetched_at, expires_at = row
    try:
        paper = paper_from_json(data) if data else None
        return PaperRecord(key, PaperStatus(status), paper, fetched_at, expires_at)
    except (ValueError, TypeError) as error:
        # A row written by another version that this one cannot read counts as a miss.
        log.warning("ignoring unreadable cached paper %s: %s", key, error)
        return None


def _id_list(text: str) -> tuple[str, ...]:
    """Read the JSON list of comment ids kept in `positions.collapsed`; anything else is empty."""
    try:
        ids = json.loads(text)
    except (TypeError, ValueError):
        return ()
    if not isinstance(ids, list):
        return ()
    return tuple(item for item in ids if isinstance(item, str))


def _migrate(connection: sqlite3.Connection) -> None:
    """Create the schema or bring an older one up to `SCHEMA_VERSION`.

    Each step takes the write lock first and reads the version under it, so two instances
    starting on a new cache directory at the same moment do not both create the tables (the
    second would fail with "table already exists").
    """
    while True:
        connection.execute("BEGIN IMMEDIATE")
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"the cache database has schema version {version}, newer than this threadtui "
                    f"understands ({SCHEMA_VERSION}); upgrade threadtui or use another --cache-dir"
                )
            if version == SCHEMA_VERSION:
                connection.execute("COMMIT")
                return
            for statement in _statements(MIGRATIONS[version]):
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {version + 1}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise


def _statements(script: str) -> list[str]:
    """Split a migration script into its SQL statements."""
    statements: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    if pending.strip():
        statements.append(pending.strip())
    return statements


def _move_aside(path: Path) -> Path:
    """Rename a damaged database (and its WAL files) so a new one can be created."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    damaged = path.with_name(f"{path.name}.damaged-{stamp}")
    # rename() replaces an existing file, and a second damaged file can appear within the
    # same second, so never reuse a name: the user may still want to recover either file.
    number = 1
    while damaged.exists():
        number += 1
        damaged = path.with_name(f"{path.name}.damaged-{stamp}-{number}")
    path.rename(damaged)
    for suffix in ("-wal", "-shm"):
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists():
            sidecar.rename(damaged.with_name(damaged.name + suffix))
    return damaged


def _is_permission_problem(path: Path) -> bool:
    import os

    directory = path.parent
    return not os.access(directory, os.W_OK) or (path.exists() and not os.access(path, os.W_OK))
