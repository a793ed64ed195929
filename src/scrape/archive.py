"""The raw page archive: crawl state and fetched bytes in one SQLite file (WAL mode).

Tables:

* ``urls``  – the frontier and per-URL state, keyed by canonical URL: kind, depth, state
  (pending / done / failed / skipped), reason, last status, validators (ETag,
  Last-Modified), content hash, when and in which run it was last handled.
* ``pages`` – the latest successful (2xx) response per canonical URL, headers and body
  as fetched (content-encoding removed). A 304 or an identical body stores nothing new.
* ``runs``  – one row per crawl: start, end, config text and counts (JSON).

The crawler commits after every response, so an interrupted crawl resumes from ``urls``.
Writers hold ``Archive.lock()`` so two crawls never share an archive.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import ArchiveError, ArchiveLocked
from .fetcher import FetchResult, utc_now

SCHEMA_VERSION = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    config TEXT,
    counts TEXT,
    status TEXT NOT NULL DEFAULT 'running'  -- running | finished | interrupted | killed
);
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,            -- canonical URL, the identity
    request_url TEXT NOT NULL,       -- URL as found (tracking parameters dropped)
    site TEXT NOT NULL,
    kind TEXT NOT NULL,              -- listing | article
    depth INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'pending',
    reason TEXT,
    last_status INTEGER,
    final_url TEXT,
    etag TEXT,
    last_modified TEXT,
    content_hash TEXT,
    fetched_at TEXT,
    first_run_id INTEGER,
    run_id INTEGER,
    failures INTEGER NOT NULL DEFAULT 0,  -- consecutive transient failures
    due_at TEXT                      -- not fetched again before this time (UTC ISO 8601)
);
CREATE INDEX IF NOT EXISTS urls_site_state ON urls (site, state);
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,            -- canonical URL
    request_url TEXT NOT NULL,
    final_url TEXT NOT NULL,
    site TEXT NOT NULL,
    kind TEXT NOT NULL,              -- listing | article | robots
    status INTEGER NOT NULL,
    headers TEXT NOT NULL,           -- JSON object
    content_type TEXT,
    body BLOB NOT NULL,
    fetched_at TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    run_id INTEGER
);
CREATE INDEX IF NOT EXISTS pages_kind ON pages (kind, site);
"""


@dataclass
class StoredPage:
    """The latest stored response for one URL.

    ``headers`` are as received, but ``body`` has its content-encoding (gzip, br) removed,
    so a stored ``content-encoding`` header describes the wire, not ``body``.
    """

    url: str  # canonical URL
    final_url: str  # after redirects
    site: str
    kind: str  # "listing" | "article" | "robots"
    status: int
    headers: dict[str, str]
    content_type: str | None
    body: bytes
    fetched_at: str  # ISO 8601 UTC
    content_hash: str  # sha256 hex of body
    request_url: str = ""  # the URL actually requested first
    run_id: int | None = None


@dataclass
class UrlState:
    """One row of the ``urls`` table."""

    url: str
    request_url: str
    site: str
    kind: str
    depth: int
    state: str
    reason: str | None
    last_status: int | None
    final_url: str | None
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    fetched_at: str | None
    first_run_id: int | None
    run_id: int | None
    failures: int = 0
    due_at: str | None = None


def content_hash(body: bytes) -> str:
    """sha256 hex digest of ``body``."""
    return hashlib.sha256(body).hexdigest()


class Archive:
    """A raw page archive in a SQLite file; created on first use."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path)
            self._db.execute("PRAGMA busy_timeout = 5000")
            self._db.execute("PRAGMA journal_mode = WAL")  # readers (Datasette) never block us
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.executescript(_SCHEMA)
            _migrate(self._db)
            self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self._db.commit()
        except (OSError, sqlite3.DatabaseError) as exc:
            raise ArchiveError(
                f"Cannot open the archive {self.path} ({exc}). Check the path, its permissions, "
                "and that the file is a commune-news archive."
            ) from exc

    # -- locking ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the archive's lock (``PATH.lock``) or raise ArchiveLocked at once."""
        lock_path = f"{self.path}.lock"
        handle = open(lock_path, "a+")  # noqa: SIM115 - held open for the whole block
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise ArchiveLocked(str(self.path)) from None
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
        finally:
            handle.close()

    # -- runs ------------------------------------------------------------------------------

    def start_run(self, config: str | None = None, started_at: str | None = None) -> int:
        """Record the start of a crawl and return its run id."""
        # The caller holds the lock, so a run still marked running was killed.
        self._db.execute("UPDATE runs SET status = 'killed' WHERE status = 'running'")
        cursor = self._db.execute(
            "INSERT INTO runs (started_at, config) VALUES (?, ?)", (started_at or utc_now(), config)
        )
        self._db.commit()
        return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, counts: dict[str, object], status: str = "finished") -> str:
        """Record the end of a crawl with its counts; return the finish time."""
        finished = utc_now()
        self._db.execute(
            "UPDATE runs SET finished_at = ?, counts = ?, status = ? WHERE id = ?",
            (finished, json.dumps(counts, ensure_ascii=False), status, run_id),
        )
        self._db.commit()
        return finished

    # -- frontier --------------------------------------------------------------------------

    def url_state(self, url: str) -> UrlState | None:
        """State of a canonical URL, or None if never seen."""
        row = self._db.execute(f"SELECT {_URL_COLUMNS} FROM urls WHERE url = ?", (url,)).fetchone()
        return UrlState(*row) if row else None

    def known_urls(self, site: str) -> list[UrlState]:
        """Every URL of ``site``, listings first, then in discovery order."""
        rows = self._db.execute(
            f"SELECT {_URL_COLUMNS} FROM urls WHERE site = ? ORDER BY kind = 'article', depth, rowid",
            (site,),
        )
        return [UrlState(*row) for row in rows]

    def add_url(self, url: str, request_url: str, site: str, kind: str, depth: int, run_id: int) -> None:
        """Add a newly found URL as pending; a known listing keeps its smallest depth."""
        self._db.execute(
            "INSERT INTO urls (url, request_url, site, kind, depth, state, first_run_id, run_id)"
            " VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)"
            " ON CONFLICT (url) DO UPDATE SET depth = min(depth, excluded.depth)",
            (url, request_url, site, kind, depth, run_id, run_id),
        )

    def mark(
        self,
        url: str,
        state: str,
        reason: str | None,
        run_id: int,
        status: int | None = None,
        final_url: str | None = None,
        due_at: str | None = None,
    ) -> None:
        """Set a URL's state without storing a page (failures, skips, redirects).

        ``due_at`` marks a transient failure: the URL's failure count goes up and it is
        not due again before that time."""
        self._db.execute(
            "UPDATE urls SET state = ?, reason = ?, run_id = ?,"
            " last_status = coalesce(?, last_status), final_url = coalesce(?, final_url),"
            " failures = failures + (? IS NOT NULL), due_at = ?"
            " WHERE url = ?",
            (state, reason, run_id, status, final_url, due_at, due_at, url),
        )

    def record_response(
        self,
        url: str,
        result: FetchResult,
        *,
        final_url: str,
        run_id: int,
        not_modified: bool = False,
        state: UrlState | None = None,
    ) -> str:
        """Store a successful response for a URL in ``urls``; return "new", "changed" or
        "unchanged". A 304 (``not_modified``) or an identical body stores no page.
        ``state`` is the URL's row when the caller already has it."""
        state = state or self.url_state(url)
        if state is None:
            raise ArchiveError(f"{url} is not in the frontier; add_url() it before recording.")
        row = self._db.execute("SELECT content_hash FROM pages WHERE url = ?", (url,)).fetchone()
        stored_hash = row[0] if row else None
        if not_modified:
            digest, outcome = stored_hash, "unchanged"
        else:
            digest = content_hash(result.body)
            if stored_hash is None:
                outcome = "new"
            else:
                outcome = "unchanged" if digest == stored_hash else "changed"
        if outcome != "unchanged" and digest is not None:
            self._save_page(url, state.request_url, final_url, state.site, state.kind, result, digest, run_id)
        self._db.execute(
            "UPDATE urls SET state = 'done', reason = NULL, last_status = ?, final_url = ?,"
            " etag = coalesce(?, etag), last_modified = coalesce(?, last_modified),"
            " content_hash = ?, fetched_at = ?, run_id = ?, failures = 0, due_at = NULL WHERE url = ?",
            (
                result.status,
                final_url,
                result.headers.get("etag"),
                result.headers.get("last-modified"),
                digest,
                result.fetched_at,
                run_id,
                url,
            ),
        )
        return outcome

    def record_robots(self, url: str, site: str, result: FetchResult, run_id: int) -> None:
        """Store a robots.txt response (any status) as a page of kind "robots"."""
        self._save_page(
            url, result.url, result.url, site, "robots", result, content_hash(result.body), run_id
        )

    def _save_page(
        self,
        url: str,
        request_url: str,
        final_url: str,
        site: str,
        kind: str,
        result: FetchResult,
        digest: str,
        run_id: int,
    ) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO pages (url, request_url, final_url, site, kind, status,"
            " headers, content_type, body, fetched_at, content_hash, run_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                url,
                request_url,
                final_url,
                site,
                kind,
                result.status,
                json.dumps(result.headers, ensure_ascii=False),
                result.content_type,
                result.body,
                result.fetched_at,
                digest,
                run_id,
            ),
        )

    def commit(self) -> None:
        """Make everything recorded so far durable."""
        self._db.commit()

    # -- reading ---------------------------------------------------------------------------

    def has_page(self, url: str) -> bool:
        """Is a page stored for this canonical URL?"""
        return self._db.execute("SELECT 1 FROM pages WHERE url = ?", (url,)).fetchone() is not None

    def page(self, url: str) -> StoredPage | None:
        """The stored page for a canonical URL, or None."""
        row = self._db.execute(f"SELECT {_PAGE_COLUMNS} FROM pages WHERE url = ?", (url,)).fetchone()
        return _stored_page(row) if row else None

    def iter_pages(self, kind: str | None = "article", *, site: str | None = None) -> Iterator[StoredPage]:
        """Yield the latest stored response per URL, of one kind (None: all kinds)."""
        clauses, params = [], []
        if kind is not None:
            clauses.append("kind = ?")
            params.append(kind)
        if site is not None:
            clauses.append("site = ?")
            params.append(site)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        cursor = self._db.execute(f"SELECT {_PAGE_COLUMNS} FROM pages {where} ORDER BY site, url", params)
        for row in cursor:
            yield _stored_page(row)

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


_URL_COLUMNS = (
    "url, request_url, site, kind, depth, state, reason, last_status, final_url, etag,"
    " last_modified, content_hash, fetched_at, first_run_id, run_id, failures, due_at"
)

# Columns added after version 1, for archives made by earlier releases.
_ADDED_COLUMNS = {
    "runs": {"status": "TEXT NOT NULL DEFAULT 'finished'"},
    "urls": {"failures": "INTEGER NOT NULL DEFAULT 0", "due_at": "TEXT"},
}


def _migrate(db: sqlite3.Connection) -> None:
    for table, columns in _ADDED_COLUMNS.items():
        have = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        for name, declaration in columns.items():
            if name not in have:
                db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {declaration}")


_PAGE_COLUMNS = (
    "url, final_url, site, kind, status, headers, content_type, body, fetched_at,"
    " content_hash, request_url, run_id"
)


def _stored_page(row: tuple) -> StoredPage:
    values = list(row)
    values[5] = json.loads(values[5])
    return StoredPage(*values)
