"""Classify built articles against the index and write them in atomic batches.

Per article: unchanged (same content hash as stored: not written), added, updated, a repeat of an
id already seen in this run (counted as duplicate, not written again; within a batch the later
version wins), or a copy of another id's body (written with `duplicate_of` pointing at the
original, counted as duplicate). Each batch is one `ArchiveIndex.write_batch` call: one commit,
all or nothing. A lock held by another writer is waited for, with a message, up to `lock_timeout`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from index import ArchiveIndex, Article, BatchResult, IndexLockedError
from ingest.readers.base import Outcome
from ingest.report import Duplicate, IngestReport

__all__ = ["DEFAULT_BATCH_SIZE", "BatchWriter", "Fatal"]

DEFAULT_BATCH_SIZE = 4000


class Fatal(Exception):
    """Stops the run: nothing more can be written."""


@dataclass
class _Pending:
    article: Article
    file: str
    location: str
    content_hash: str
    body_hash: str


class BatchWriter:
    """Collects built articles, classifies them and writes one batch per `batch_size` articles."""

    def __init__(self, index: ArchiveIndex | None, report: IngestReport, *, dry_run: bool, batch_size: int,
                 lock_timeout: float, notify: Callable[[str], None]) -> None:
        self.index = index
        self.report = report
        self.dry_run = dry_run
        self.batch_size = max(1, batch_size)
        self.lock_timeout = lock_timeout
        self.notify = notify
        self.pending: dict[str, _Pending] = {}
        self.flushed: dict[str, str] = {}       # id -> content hash, for ids handled earlier in this run
        self.bodies: dict[str, str] = {}        # body hash -> id of the first article with that body
        self.index_has_bodies = index is not None and not index.is_empty()

    def _repeat(self, item: _Pending) -> None:
        """Count `item` as a repeat of an id already seen in this run (it is not written again)."""
        self.report.summary_for(item.file, "").duplicate += 1
        self.report.duplicates.append(Duplicate(item.file, item.location, item.article.id, item.article.id, "repeated-id"))

    def add(self, outcome: Outcome) -> None:
        """Queue one built article; writes a batch when `batch_size` are pending."""
        article, unit = outcome.article, outcome.unit
        assert article is not None
        item = _Pending(article, unit.file, unit.location, outcome.content_hash, outcome.body_hash)
        earlier = self.pending.get(article.id)
        if earlier is not None:
            if earlier.content_hash == item.content_hash:
                self._repeat(item)
                return
            self._repeat(earlier)   # the later version wins within a batch
            del self.pending[article.id]
        elif self.flushed.get(article.id) == item.content_hash:
            self._repeat(item)
            return
        self.pending[article.id] = item
        if len(self.pending) >= self.batch_size:
            self.flush()

    def _duplicate_target(self, article: Article, body_hash: str,
                          stored: dict[str, list[tuple[str, str | None]]]) -> str | None:
        """The article this one's body duplicates: earlier in the run, else in the index (`stored`,
        looked up once per batch)."""
        local = self.bodies.get(body_hash)
        if local is not None and local != article.id:
            return local
        for other, duplicate_of in stored.get(body_hash, ()):
            if other == article.id:
                continue
            original = duplicate_of or other
            if original != article.id:      # never link an original to its own copies
                return original
        return None

    def _write(self, articles: list[Article], known_new: set[str]) -> BatchResult | None:
        """Write one batch (None when nothing is written: dry run or nothing new); `known_new`:
        ids just found missing from the index, so the index need not look them up again."""
        if self.dry_run or self.index is None or not articles:
            return None
        try:
            try:
                return self.index.write_batch(articles, timeout=min(1.0, self.lock_timeout),
                                              known_new=known_new)
            except IndexLockedError:
                if self.lock_timeout <= 1.0:
                    raise Fatal("the index is locked by another writer") from None
            self.notify(f"the index is locked by another writer; waiting up to {self.lock_timeout:.0f} s")
            try:
                # Another writer held the index meanwhile: what was missing may exist now.
                return self.index.write_batch(articles, timeout=self.lock_timeout)
            except IndexLockedError as exc:
                raise Fatal(f"the index is still locked by another writer after {self.lock_timeout:.0f} s "
                             f"({exc})") from None
        except OSError as exc:
            raise Fatal(f"cannot write to the index: {exc}") from exc

    def flush(self) -> None:
        """Classify and write the pending articles as one batch."""
        items = list(self.pending.values())
        self.pending.clear()
        if not items:
            return
        existing = self.index.content_hashes([p.article.id for p in items]) if self.index is not None else {}
        stored_bodies = (self.index.body_duplicates(p.body_hash for p in items
                                                    if existing.get(p.article.id) != p.content_hash)
                         if self.index_has_bodies and self.index is not None else {})
        to_write: list[tuple[_Pending, Article, str | None]] = []
        for p in items:
            self.flushed[p.article.id] = p.content_hash
            article, target, stored = p.article, None, existing.get(p.article.id)
            unchanged = stored == p.content_hash
            if not unchanged:
                target = self._duplicate_target(article, p.body_hash, stored_bodies)
                if target is not None:
                    article = dataclasses.replace(article, duplicate_of=target)
                    unchanged = stored is not None and stored == article.content_hash()
            if target is None:
                self.bodies.setdefault(p.body_hash, article.id)
            if unchanged:
                self.report.summary_for(p.file, "").unchanged += 1
            else:
                to_write.append((p, article, target))
        try:
            result = self._write([a for _, a, _ in to_write],
                                 {a.id for _, a, _ in to_write if a.id not in existing})
        except Fatal:
            self.report.not_written += len(to_write)
            raise
        added = set(result.added) if result is not None else {a.id for _, a, _ in to_write if a.id not in existing}
        unchanged = set(result.unchanged) if result is not None else set()
        for p, article, target in to_write:
            summary = self.report.summary_for(p.file, "")
            if target is not None:
                summary.duplicate += 1
                self.report.duplicates.append(Duplicate(p.file, p.location, article.id, target, "same-body"))
            elif article.id in unchanged:
                summary.unchanged += 1
            elif article.id in added:
                summary.added += 1
            else:
                summary.updated += 1
