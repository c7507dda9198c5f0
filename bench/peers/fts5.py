"""SQLite FTS5 peer: what Datasette / sqlite-utils give a newsroom by default.

- a rowid table `articles` plus an external-content FTS5 table over `title, body` with
  `tokenize='unicode61 remove_diacritics 2'`, filled the way `sqlite-utils enable-fts` does it
  (rows inserted first, one transaction per batch, then one `INSERT … SELECT` into the FTS table);
- query: every word quoted by Datasette's `escape_fts` (implicit AND), ranked by `bm25()`;
- page: the match count, one `GROUP BY` per facet over the matching rows (Datasette's facet SQL,
  `facet_size` 30), and `highlight()`/`snippet()` of title and body for the top 10.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from _corpus import Record
from peers import FACET_FIELDS, batches, facet_values

_ESCAPE_FTS_RE = re.compile(r'\s+|(".*?")')
_MATCHES = "select rowid from articles_fts where articles_fts match :q"
_PAGE_SQL = (
    "select a.id, highlight(articles_fts, 0, '<mark>', '</mark>'),"
    " snippet(articles_fts, 1, '<mark>', '</mark>', '…', 32)"
    " from articles_fts join articles a on a.rowid = articles_fts.rowid"
    " where articles_fts match :q order by bm25(articles_fts) limit 10"
)
_COUNT_SQL = f"select count(*) from articles where rowid in ({_MATCHES})"
_FACET_SQL = (
    "select {col} as value, count(*) as count from ("
    f"select * from articles where rowid in ({_MATCHES})"
    ") where {col} is not null group by {col} order by count desc, value limit 31"
)


def escape_fts(query: str) -> str:
    """Datasette's `escape_fts`: quote every bare word, keep balanced quoted phrases."""
    if query.count('"') % 2:
        query += '"'
    bits = [b for b in _ESCAPE_FTS_RE.split(query) if b and b != '""']
    return " ".join(f'"{b}"' if not b.startswith('"') else b for b in bits)


class Fts5Peer:
    """SQLite FTS5 database at `path`."""

    name = "fts5"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None

    def build(self, records: Sequence[Record], batch_size: int) -> None:
        """Create the tables, insert the rows batch by batch, then fill the FTS index."""
        if self.path.exists():
            self.path.unlink()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path)
        cols = ", ".join(f"{c} text" for c in FACET_FIELDS)
        db.execute(f"create table articles (id text primary key, title text, body text, {cols})")
        marks = ", ".join("?" for _ in range(3 + len(FACET_FIELDS)))
        insert = f"insert into articles (id, title, body, {', '.join(FACET_FIELDS)}) values ({marks})"
        for batch in batches(records, batch_size):
            with db:
                db.executemany(
                    insert,
                    (
                        (r["id"], r.get("title"), r["body"], *facet_values(r).values())
                        for r in batch
                    ),
                )
        with db:
            db.execute(
                "create virtual table articles_fts using fts5(title, body, content=[articles],"
                " content_rowid=rowid, tokenize='unicode61 remove_diacritics 2')"
            )
            db.execute(
                "insert into articles_fts (rowid, title, body) select rowid, title, body from articles"
            )
        db.close()

    def open(self) -> None:
        """Connect to the database."""
        self._db = sqlite3.connect(self.path)

    def doc_count(self) -> int:
        """Documents in the FTS index (0 when the database is missing or was never filled)."""
        if not self.path.exists():
            return 0
        if self._db is None:
            self.open()
        try:
            return self._db.execute("select count(*) from articles_fts_docsize").fetchone()[0]
        except sqlite3.DatabaseError:
            return 0

    def search(self, q: str) -> list[str]:
        """Top 10 ids; the count, five GROUP BY facets and highlight()/snippet() are computed too.

        An FTS5 syntax error gives no results, as Datasette shows an error page instead of rows."""
        params = {"q": escape_fts(q)}
        try:
            rows = self._db.execute(_PAGE_SQL, params).fetchall()
            self._db.execute(_COUNT_SQL, params).fetchone()
            for col in FACET_FIELDS:
                self._db.execute(_FACET_SQL.format(col=col), params).fetchall()
        except sqlite3.OperationalError:
            return []
        return [row[0] for row in rows]

    def close(self) -> None:
        """Close the connection."""
        if self._db is not None:
            self._db.close()
        self._db = None
