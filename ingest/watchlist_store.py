"""SQLite store of watchlists: subscribers, their saved searches, what each digest sent, mail rate limits.

One file (default `instance/watchlists.sqlite3`), shared by the web workers (subscribe, confirm,
unsubscribe) and `ingest` (digests); WAL mode and one short transaction per call. A saved search
is pending until its confirmation link is followed, then active until unsubscribed (cancelled).
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS subscribers (
    id INTEGER PRIMARY KEY, address TEXT NOT NULL UNIQUE, created REAL NOT NULL, last_digest REAL);
CREATE TABLE IF NOT EXISTS searches (
    id INTEGER PRIMARY KEY, subscriber INTEGER NOT NULL REFERENCES subscribers(id),
    query TEXT NOT NULL, spec TEXT NOT NULL, created REAL NOT NULL,
    confirmed REAL, cancelled REAL, last_sent REAL, UNIQUE (subscriber, query));
CREATE TABLE IF NOT EXISTS sent (
    search INTEGER NOT NULL REFERENCES searches(id), article TEXT NOT NULL, at REAL NOT NULL,
    PRIMARY KEY (search, article));
CREATE TABLE IF NOT EXISTS mail_events (kind TEXT NOT NULL, key TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS mail_events_by_key ON mail_events (kind, key, at);
"""
_SEARCH_COLUMNS = ("SELECT s.id, s.subscriber, b.address, s.query, s.spec, s.confirmed, s.cancelled "
                   "FROM searches s JOIN subscribers b ON b.id = s.subscriber")
_EVENT_HORIZON_S = 2 * 86400     # mail events older than this no longer count against any limit


@dataclass(frozen=True)
class SavedSearch:
    """One saved search of one subscriber; `spec` holds the search request's fields."""

    id: int
    subscriber_id: int
    address: str
    query: str          # canonical URL query string of the search page
    spec: dict
    confirmed: float | None
    cancelled: float | None

    @property
    def active(self) -> bool:
        """Confirmed and not unsubscribed."""
        return self.confirmed is not None and self.cancelled is None


@dataclass(frozen=True)
class MailLimit:
    """At most `limit` mails per `window_s` seconds for one (kind, key), e.g. ("address", a)."""

    kind: str
    key: str
    limit: int
    window_s: float


class WatchlistStore:
    """Read and change the watchlist database at `path` (created on first use)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def exists(self) -> bool:
        """True once anything was stored (a digest run without a store has nothing to do)."""
        return self.path.is_file()

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=15.0, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA foreign_keys=ON")
            connection.executescript(_SCHEMA)
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        finally:
            connection.close()

    def allow_mail(self, limits: Iterable[MailLimit], now: float) -> bool:
        """Record one mail against every limit and return True, or False (recording nothing) when
        any limit is already reached. Check and record are one transaction."""
        limits = list(limits)
        with self._connect() as db:
            db.execute("DELETE FROM mail_events WHERE at < ?", (now - _EVENT_HORIZON_S,))
            for rule in limits:
                (count,) = db.execute("SELECT COUNT(*) FROM mail_events WHERE kind = ? AND key = ? AND at > ?",
                                      (rule.kind, rule.key, now - rule.window_s)).fetchone()
                if count >= rule.limit:
                    return False
            db.executemany("INSERT INTO mail_events (kind, key, at) VALUES (?, ?, ?)",
                           [(rule.kind, rule.key, now) for rule in limits])
        return True

    def open_searches(self, address: str, now: float, pending_max_age_s: float, besides: str = "") -> int:
        """How many searches other than `besides` the address has active or pending (pending ones
        not yet expired)."""
        with self._connect() as db:
            (count,) = db.execute(
                "SELECT COUNT(*) FROM searches s JOIN subscribers b ON b.id = s.subscriber "
                "WHERE b.address = ? AND s.query != ? AND s.cancelled IS NULL "
                "AND (s.confirmed IS NOT NULL OR s.created > ?)",
                (address, besides, now - pending_max_age_s)).fetchone()
        return count

    def save_pending(self, address: str, query: str, spec: Mapping, now: float,
                     pending_max_age_s: float) -> SavedSearch:
        """Store a search awaiting confirmation (an active one stays active; a cancelled or expired
        one becomes pending again). Pending searches past their confirmation age are purged."""
        with self._connect() as db:
            db.execute("DELETE FROM searches WHERE confirmed IS NULL AND created < ? "
                       "AND id NOT IN (SELECT search FROM sent)", (now - pending_max_age_s,))
            db.execute("INSERT INTO subscribers (address, created) VALUES (?, ?) ON CONFLICT (address) DO NOTHING",
                       (address, now))
            (subscriber,) = db.execute("SELECT id FROM subscribers WHERE address = ?", (address,)).fetchone()
            db.execute(
                "INSERT INTO searches (subscriber, query, spec, created) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (subscriber, query) DO UPDATE SET created = excluded.created, "
                "confirmed = CASE WHEN cancelled IS NULL THEN confirmed END, cancelled = NULL",
                (subscriber, query, json.dumps(dict(spec), ensure_ascii=False, sort_keys=True), now))
            row = db.execute(_SEARCH_COLUMNS + " WHERE s.subscriber = ? AND s.query = ?",
                             (subscriber, query)).fetchone()
        return _saved(row)

    def search(self, search_id: int) -> SavedSearch | None:
        """One saved search by id."""
        with self._connect() as db:
            row = db.execute(_SEARCH_COLUMNS + " WHERE s.id = ?", (search_id,)).fetchone()
        return _saved(row) if row else None

    def confirm(self, search_id: int, address: str, now: float) -> SavedSearch | None:
        """Activate a search of `address` (idempotent); None when no such search exists."""
        with self._connect() as db:
            row = db.execute(_SEARCH_COLUMNS + " WHERE s.id = ? AND b.address = ?", (search_id, address)).fetchone()
            if row is None:
                return None
            db.execute("UPDATE searches SET confirmed = COALESCE(confirmed, ?), cancelled = NULL WHERE id = ?",
                       (now, search_id))
            row = db.execute(_SEARCH_COLUMNS + " WHERE s.id = ?", (search_id,)).fetchone()
        return _saved(row)

    def cancel(self, subscriber_id: int, search_id: int | None, now: float) -> int:
        """Unsubscribe one search of the subscriber, or all of them (`search_id` None); returns how
        many were still open."""
        with self._connect() as db:
            sql = "UPDATE searches SET cancelled = ? WHERE subscriber = ? AND cancelled IS NULL"
            args: tuple = (now, subscriber_id)
            if search_id is not None:
                sql, args = sql + " AND id = ?", args + (search_id,)
            return db.execute(sql, args).rowcount

    def active_searches(self) -> list[SavedSearch]:
        """Every confirmed, not unsubscribed search, grouped by subscriber."""
        with self._connect() as db:
            rows = db.execute(_SEARCH_COLUMNS + " WHERE s.confirmed IS NOT NULL AND s.cancelled IS NULL "
                              "ORDER BY s.subscriber, s.id").fetchall()
        return [_saved(row) for row in rows]

    def already_sent(self, search_id: int, article_ids: Iterable[str]) -> set[str]:
        """Those of `article_ids` an earlier digest already sent for the search."""
        with self._connect() as db:
            sent = {article for (article,) in db.execute("SELECT article FROM sent WHERE search = ?", (search_id,))}
        return sent.intersection(article_ids)

    def mark_sent(self, subscriber_id: int, sent: Mapping[int, Iterable[str]], now: float) -> None:
        """Record one delivered digest: the article ids it listed per search."""
        with self._connect() as db:
            for search_id, article_ids in sent.items():
                db.executemany("INSERT OR IGNORE INTO sent (search, article, at) VALUES (?, ?, ?)",
                               [(search_id, article, now) for article in article_ids])
                db.execute("UPDATE searches SET last_sent = ? WHERE id = ?", (now, search_id))
            db.execute("UPDATE subscribers SET last_digest = ? WHERE id = ?", (now, subscriber_id))


def _saved(row: tuple) -> SavedSearch:
    """A SavedSearch from a `_SEARCH_COLUMNS` row."""
    search_id, subscriber, address, query, spec, confirmed, cancelled = row
    return SavedSearch(search_id, subscriber, address, query, json.loads(spec), confirmed, cancelled)
