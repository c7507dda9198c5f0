"""ArchiveIndex: open or create the index folder, write atomic batches, withdraw and restore.

One batch is one Whoosh writer session and one commit: it becomes visible whole or not at all, even
under `kill -9` (shared/research/whoosh-engineering.md §4.3). Only one writer at a time (the Whoosh
lock is an flock that dies with its process); readers never block.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import threading
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import whoosh.util
from whoosh.filedb.filestore import FileStorage
from whoosh.index import EmptyIndexError, LockError, exists_in
from whoosh.index import FileIndex
from whoosh.writing import OPTIMIZE

from .article import EVIDENCE_KEY, LOCAL_TZ, Article, Official
from .merging import MergePolicy, plan_merge, tiered_merge
from .parallel import PARALLEL_MIN_DOCS, SafeMpWriter
from .registry import REGISTRY_FILE, Registry, RegistryRows, row_of
from .registry import load_rows as load_registry_rows
from .registry import save_rows as save_registry_rows
from .schema import SCHEMA_VERSION, build_schema
from .searcher import ArchiveSearcher, SnapshotHolder
from .snapshot import column_values
from .tokenize import index_terms
from .stories import SIDECAR, StoryRows, assign_stories, load_rows, rows_for, save_rows

_log = logging.getLogger(__name__)

__all__ = [
    "ArchiveIndex", "BatchResult", "Tombstone", "IndexNotFoundError", "ForeignIndexError",
    "IndexLockedError", "resolve_index_dir", "DEFAULT_INDEX_DIR",
]

MARKER = "archive.json"
FORMAT_NAME = "vn-news-archive"
DEFAULT_INDEX_DIR = Path("instance") / "index"


# Posting pool of a writer before it spills sorted runs to disk (pickled): a 4,000-article batch of
# syllable and pair postings fits in one run (5,000 corpus articles: 100 -> 50 CPU s, peak RSS
# 0.54 -> 1.13 GB).
WRITER_POOL_MB = 1024


class IndexNotFoundError(FileNotFoundError):
    """The index folder does not exist or holds no index."""


class ForeignIndexError(RuntimeError):
    """The folder holds something that is not this archive's index (or an incompatible version)."""


class IndexLockedError(RuntimeError):
    """Another writer holds the index lock."""


def resolve_index_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """The index location: `--index DIR`, else $ARCHIVE_INDEX, else instance/index."""
    if cli_value:
        return Path(cli_value)
    env = os.environ.get("ARCHIVE_INDEX")
    return Path(env) if env else DEFAULT_INDEX_DIR


@dataclass(frozen=True)
class BatchResult:
    """What one committed batch did, by article id."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)     # rewrites of articles another writer changed meanwhile


@dataclass(frozen=True)
class Tombstone:
    """Why and when an article was withdrawn from search."""

    id: str
    reason: str
    date: datetime
    title: str | None = None


# whoosh-reloaded 2.7.5 names segments and temporary files with the *global* `random` module, so
# any code that seeds it (random.seed in a library, Hypothesis between examples) makes two commits
# pick the same segment name and the second one fails. Name them from the OS's entropy instead.
whoosh.util.random = secrets.SystemRandom()  # type: ignore[attr-defined]


def _release(writer: Any) -> None:
    """Cancel a writer whose commit failed, so its lock never outlives the failure."""
    try:
        writer.cancel()
    except Exception:  # the writer may be half closed; the lock is what matters
        pass
    lock = getattr(writer, "writelock", None)
    if lock is not None:
        try:
            lock.release()
        except Exception:  # already released by cancel()
            pass


def _add_missing_fields(writer: Any) -> None:
    """Give an index created before a field was added to the schema (same schema version, e.g. `places`)
    that field; its older documents read as having no value for it."""
    for name, fieldtype in build_schema().items():
        if name not in writer.schema:
            writer.add_field(name, fieldtype)


def _json_default(value: Any) -> Any:
    raise TypeError(f"not serializable: {value!r}")


def article_to_fields(article: Article, *, withdrawn: Tombstone | None = None,
                      ingested_at: datetime | None = None, story: str | None = None) -> dict[str, Any]:
    """Whoosh add_document() keyword arguments for a normalized article (`story`: its story's head id)."""
    a = article
    ts = int(a.published.timestamp()) if a.published else None
    fields: dict[str, Any] = {
        "id": a.id,
        "url": a.url,
        "title": a.title,
        "title_fold": a.title,
        "title_pairs": a.title,
        "body": a.body,
        "body_fold": a.body,
        "body_pairs": a.body,
        "source": [a.source] if a.source else [],
        "published": a.published.isoformat() if a.published else None,
        "published_how": a.published_how,
        "authors": list(a.authors),
        "officials": [o.name for o in a.officials],
        "official_titles": [[o.name, list(o.titles)] for o in a.officials],
        "organizations": list(a.organizations),
        "places": list(a.places),
        "topics": list(a.topics),
        "tags": list(a.tags),
        "category": a.category,
        "provenance": json.dumps(_with_evidence(a), ensure_ascii=False, default=_json_default),
        "duplicate_of": a.duplicate_of,
        "story": story,
        "content_hash": a.content_hash(),
        "body_hash": a.body_hash(),
        "ingested_at": (ingested_at or datetime.now(LOCAL_TZ)).isoformat(),
        "withdrawn": 1 if withdrawn else 0,
        "tombstone": ({"reason": withdrawn.reason, "date": withdrawn.date.isoformat()}
                      if withdrawn else None),
        "schema_version": SCHEMA_VERSION,
    }
    if ts is not None:
        fields["published_ts"] = ts
    return {k: v for k, v in fields.items() if v is not None}


def _with_evidence(article: Article) -> dict[str, str]:
    """The provenance to store: the record's, plus what gave its date under EVIDENCE_KEY (the schema has
    no field of its own for it; documents written without one read back as None)."""
    provenance = dict(article.provenance)
    if article.published_evidence:
        provenance[EVIDENCE_KEY] = article.published_evidence
    return provenance


def article_from_stored(stored: dict[str, Any]) -> Article:
    """Rebuild the Article from a document's stored fields."""
    published = stored.get("published")
    provenance = json.loads(stored.get("provenance") or "{}")
    return Article(
        id=stored["id"],
        body=stored.get("body", ""),
        title=stored.get("title"),
        url=stored.get("url"),
        source=(stored.get("source") or [None])[0],
        published=datetime.fromisoformat(published) if published else None,
        published_how=stored.get("published_how"),
        published_evidence=provenance.pop(EVIDENCE_KEY, None),
        authors=tuple(stored.get("authors", ())),
        officials=tuple(Official(n, tuple(t)) for n, t in stored.get("official_titles", ())),
        organizations=tuple(stored.get("organizations", ())),
        places=tuple(stored.get("places", ())),
        topics=tuple(stored.get("topics", ())),
        tags=tuple(stored.get("tags", ())),
        category=stored.get("category"),
        provenance=provenance,
        duplicate_of=stored.get("duplicate_of"),
    )


def _ingested_at(stored: dict[str, Any]) -> datetime | None:
    """When a stored document was first ingested (None for documents written without the field)."""
    return datetime.fromisoformat(stored["ingested_at"]) if stored.get("ingested_at") else None


def _timestamp(published: str | None) -> int | None:
    """The stored ISO publication time as a Unix timestamp (None when undated)."""
    return int(datetime.fromisoformat(published).timestamp()) if published else None


def _tombstone_of(stored: dict[str, Any]) -> Tombstone | None:
    info = stored.get("tombstone")
    if not info:
        return None
    return Tombstone(stored["id"], info["reason"], datetime.fromisoformat(info["date"]),
                     stored.get("title"))


class ArchiveIndex:
    """The archive's Whoosh index in one folder."""

    def __init__(self, path: Path, whoosh_index: FileIndex) -> None:
        self.path = path
        self._ix = whoosh_index
        self._snapshots: SnapshotHolder | None = None
        self._snapshots_lock = threading.Lock()
        self._wrote = False
        self._registry: tuple[int, Registry] | None = None
        # Set by long-running servers: each new generation's columns are computed in a subprocess.
        self.prepare_columns: Callable[[Path], None] | None = None

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike[str], *, create: bool = False) -> ArchiveIndex:
        """Open the index in `path`; with create=True make an empty one if the folder has none."""
        path = Path(path)
        marker = path / MARKER
        has_files = path.is_dir() and any(path.iterdir())
        if not has_files:
            if not create:
                raise IndexNotFoundError(f"no archive index in {path} (run `ingest` to create one)")
            path.mkdir(parents=True, exist_ok=True)
            storage = FileStorage(str(path))
            ix = storage.create_index(build_schema())
            marker.write_text(json.dumps({"format": FORMAT_NAME, "schema_version": SCHEMA_VERSION,
                                          "id": secrets.token_hex(8)}))
            return cls(path, ix)
        if not path.is_dir():
            raise ForeignIndexError(f"{path} is not a folder")
        if not marker.exists():
            raise ForeignIndexError(
                f"{path} is not an archive index (no {MARKER}); refusing to touch it")
        try:
            info = json.loads(marker.read_text())
        except ValueError as exc:
            raise ForeignIndexError(f"{path / MARKER} is unreadable: {exc}") from exc
        if info.get("format") != FORMAT_NAME:
            raise ForeignIndexError(f"{path} holds a {info.get('format')!r} index, not {FORMAT_NAME}")
        if info.get("schema_version") != SCHEMA_VERSION:
            raise ForeignIndexError(
                f"{path} has schema version {info.get('schema_version')}, this program needs "
                f"{SCHEMA_VERSION}: rebuild it with `ingest --index NEWDIR SOURCES`")
        storage = FileStorage(str(path), supports_mmap=False)
        if not exists_in(str(path)):
            raise ForeignIndexError(f"{path} has an archive marker but no Whoosh index files")
        try:
            ix = storage.open_index()
        except EmptyIndexError as exc:
            raise ForeignIndexError(f"{path}: {exc}") from exc
        return cls(path, ix)

    # -- reading ---------------------------------------------------------------------------
    @property
    def identity(self) -> str:
        """A string that differs between two indexes (a rebuild or a restored backup is another
        index even when it reaches the same generation number): for cache validators."""
        marker = self.path / MARKER
        try:
            info = json.loads(marker.read_text())
        except (OSError, ValueError):
            info = {}
        if info.get("id"):
            return str(info["id"])
        stat = marker.stat()
        return f"{stat.st_ino:x}-{stat.st_mtime_ns:x}"

    def generation(self) -> int:
        """The committed generation; it changes after every commit."""
        return self._ix.latest_generation()

    def doc_count(self) -> int:
        """Number of searchable (not withdrawn) articles."""
        with self._ix.reader() as reader:
            flags = column_values(reader, "withdrawn", 0)
            return sum(1 for d in reader.all_doc_ids() if not flags[d])

    def is_empty(self) -> bool:
        """True when the index holds no article at all."""
        return self._ix.doc_count() == 0

    def _stored_by_id(self, searcher: Any, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        found = {}
        for article_id in ids:
            docnum = searcher.document_number(id=article_id)
            if docnum is not None:
                found[article_id] = searcher.stored_fields(docnum)
        return found

    def content_hashes(self, ids: Iterable[str]) -> dict[str, str]:
        """id → content hash of the stored article, for the ids that exist."""
        with self._ix.searcher() as searcher:
            return {i: s["content_hash"] for i, s in self._stored_by_id(searcher, ids).items()}

    def body_duplicates(self, body_hashes: Iterable[str]) -> dict[str, list[tuple[str, str | None]]]:
        """body hash → [(id, duplicate_of)] of the stored articles with that normalized body.

        One searcher for the whole batch of hashes: ingest asks once per batch, not per article.
        """
        found: dict[str, list[tuple[str, str | None]]] = {}
        with self._ix.searcher() as searcher:
            for body_hash in set(body_hashes):
                for docnum in searcher.document_numbers(body_hash=body_hash):
                    stored = searcher.stored_fields(docnum)
                    found.setdefault(body_hash, []).append((stored["id"], stored.get("duplicate_of")))
        return found

    def get_article(self, article_id: str) -> Article | None:
        """The stored article (withdrawn ones included), or None."""
        return self.get_articles([article_id]).get(article_id)

    def get_articles(self, ids: Iterable[str]) -> dict[str, Article]:
        """id → stored article (withdrawn ones included) for the ids that exist, read with one searcher."""
        with self._ix.searcher() as searcher:
            return {i: article_from_stored(s) for i, s in self._stored_by_id(searcher, ids).items()}

    def article_ids(self) -> list[str]:
        """Every stored article's id (withdrawn ones included), sorted: a stable order for a pass over
        the whole archive that may stop and resume."""
        with self._ix.searcher() as searcher:
            reader = searcher.reader()
            return sorted(reader.stored_fields(d)["id"] for d in reader.all_doc_ids())

    def tombstone(self, article_id: str) -> Tombstone | None:
        """The tombstone of a withdrawn article, or None if it is not withdrawn (or unknown)."""
        with self._ix.searcher() as searcher:
            stored = self._stored_by_id(searcher, [article_id]).get(article_id)
        return _tombstone_of(stored) if stored else None

    def tombstones(self) -> list[Tombstone]:
        """Every withdrawn article's tombstone, newest first."""
        out = []
        with self._ix.searcher() as searcher:
            reader = searcher.reader()
            flags = column_values(reader, "withdrawn", 0)
            for docnum in (d for d in reader.all_doc_ids() if flags[d]):
                stone = _tombstone_of(reader.stored_fields(docnum))
                if stone:
                    out.append(stone)
        return sorted(out, key=lambda t: t.date, reverse=True)

    # -- writing ---------------------------------------------------------------------------
    def _writer(self, timeout: float, documents: int = 1) -> Any:
        """A writer holding the index lock.

        With ARCHIVE_WRITER_PROCS=N (N > 1), batches of PARALLEL_MIN_DOCS articles or more are
        written by N processes. It is off by default: on the 2-core reference machine the ingest
        worker already takes the second core, and the extra segments' merges cost more CPU than the
        parallel analysis saves (docs/benchmarks.md, ingest section).
        """
        procs = int(os.environ.get("ARCHIVE_WRITER_PROCS", "1") or 1)
        try:
            if procs > 1 and documents >= PARALLEL_MIN_DOCS:
                writer = SafeMpWriter(self._ix, procs=procs, multisegment=True, timeout=timeout,
                                      delay=0.25, limitmb=WRITER_POOL_MB)
            else:
                writer = self._ix.writer(timeout=timeout, delay=0.25, limitmb=WRITER_POOL_MB)
            _add_missing_fields(writer)
            return writer
        except LockError as exc:
            raise IndexLockedError(
                f"another process is writing to {self.path} (waited {timeout:g} s); "
                "try again when it has finished") from exc

    def write_batch(self, articles: Iterable[Article], *, timeout: float = 30.0,
                    known_new: Collection[str] = (), rewrite_of: Mapping[str, str] | None = None) -> BatchResult:
        """Add or update articles by id in ONE commit (all or nothing).

        Articles are normalized first. The same id twice in the batch counts once (the last one
        wins). An article whose content hash equals the stored one is left untouched; a withdrawn
        article stays withdrawn when it is updated. `known_new` holds ids the caller has just
        looked up (content_hashes) and found missing: they are not looked up a second time.
        `rewrite_of` makes the batch a rewrite of stored articles (re-extraction): id → the content hash
        the stored article had when it was read. One that another writer has changed or removed since is
        left alone (`BatchResult.skipped`); the others keep their ingest time.
        """
        batch: dict[str, Article] = {}
        for article in articles:
            normalized = article.normalized()
            batch.pop(normalized.id, None)
            batch[normalized.id] = normalized
        result = BatchResult()
        if not batch:
            return result
        lookup = [i for i in batch if i not in known_new]
        existing: dict[str, dict[str, Any]] = {}
        if lookup:
            with self._ix.searcher() as searcher:
                existing = self._stored_by_id(searcher, lookup)
        to_write = []
        for article_id, article in batch.items():
            stored = existing.get(article_id)
            if rewrite_of is not None and (stored is None or stored.get("content_hash") != rewrite_of.get(article_id)):
                result.skipped.append(article_id)
                continue
            if stored is None:
                result.added.append(article_id)
            elif stored.get("content_hash") == article.content_hash():
                result.unchanged.append(article_id)
                continue
            else:
                result.updated.append(article_id)
            kept = _ingested_at(stored) if stored is not None and rewrite_of is not None else None
            to_write.append(article_to_fields(article, withdrawn=_tombstone_of(stored) if stored else None,
                                              ingested_at=kept))
        if to_write:
            self._commit_documents(to_write, timeout, cluster=True)
        return result

    def _commit_documents(self, documents: list[dict[str, Any]], timeout: float, *, cluster: bool,
                          merge: MergePolicy | None = None) -> None:
        """Write documents in one commit. With `cluster`, they join the archive's stories first (their copies
        whose head changes are rewritten in the same commit); the story sidecar then describes the new
        generation. Without it (withdraw, restore, compact: bodies unchanged) a current sidecar is carried over.
        Segments merge by `merge`, by default index/merging.py's tiers within the batch's budget."""
        writer = self._writer(timeout, len(documents))
        lock = writer.writelock      # held past the commit until the sidecar matches it (locked backups copy both)
        committed = False
        try:
            rows = load_rows(self.path, writer.generation - 1)
            registry_rows = self._registry_rows(writer.generation - 1)
            if cluster:
                rows, documents = self._join_stories(rows if rows is not None else self._rows_from_index(),
                                                     documents)
            for doc in documents:
                writer.update_document(**doc)
            writer.writelock = None
            writer.commit(mergetype=merge or tiered_merge(len(documents)))
            committed = True
            self._wrote = True
            if rows is not None:
                self._save_story_rows(rows, writer.generation)
            registry_rows.update((doc["id"], row_of(doc)) for doc in documents)
            self._save_registry_rows(registry_rows, writer.generation)
        except BaseException:
            if not committed:
                _release(writer)
            raise
        finally:
            if writer.writelock is None:     # detached for the commit: ours to release
                lock.release()

    def _save_story_rows(self, rows: StoryRows, generation: int) -> None:
        """Save the sidecar of a committed generation. When it cannot be written (a full disk), the batch stays
        committed and the stale sidecar is removed: the next batch rebuilds it from the stored bodies."""
        try:
            save_rows(self.path, rows, generation)
        except OSError as exc:
            (self.path / SIDECAR).unlink(missing_ok=True)
            _log.warning("story signatures not saved (%s); the next batch rebuilds them from the stored bodies", exc)

    def _save_registry_rows(self, rows: RegistryRows, generation: int) -> None:
        """Save the registry of a committed generation; when it cannot be written the stale file is removed and
        the next batch (or reader) reads the rows again from the stored fields."""
        try:
            save_registry_rows(self.path, rows, generation)
        except OSError as exc:
            (self.path / REGISTRY_FILE).unlink(missing_ok=True)
            _log.warning("entity registry not saved (%s); it is rebuilt from the stored fields when next needed", exc)

    def _registry_rows(self, generation: int) -> RegistryRows:
        """The registry rows of `generation`: the sidecar's, or read from every stored document."""
        rows = load_registry_rows(self.path, generation)
        if rows is not None:
            return rows
        with self._ix.searcher() as searcher:
            reader = searcher.reader()
            return {s["id"]: row_of(s) for s in (reader.stored_fields(d) for d in reader.all_doc_ids())}

    def registry(self) -> Registry:
        """The entity registry of the committed generation (cached per generation)."""
        generation = self.generation()
        cached = self._registry
        if cached is None or cached[0] != generation:
            cached = self._registry = (generation, Registry(self._registry_rows(generation), self._word_documents))
        return cached[1]

    def _word_documents(self, words: Collection[str]) -> dict[str, int]:
        """Articles of the committed generation whose body has each word: of its rarest syllable (an upper bound
        of the word's own), live documents only (a rewritten article's old version stays in its segment until a
        merge, and whoosh's document frequency counts it); one pass of a reader opened and closed here."""
        with self._ix.reader() as reader:
            deletions = reader.has_deletions()

            def live(term: str) -> int:
                if not deletions or ("body", term) not in reader:
                    return reader.doc_frequency("body", term)
                return sum(1 for doc in reader.postings("body", term).all_ids() if not reader.is_deleted(doc))

            return {word: min((live(t) for t in index_terms(word)[0]), default=0) for word in words}

    def _rows_from_index(self) -> StoryRows:
        """Story rows of every stored article, from their bodies (no sidecar yet, or a stale one)."""
        with self._ix.searcher() as searcher:
            reader = searcher.reader()
            return rows_for((s["id"], s.get("body", ""), _timestamp(s.get("published")), s.get("story"))
                            for s in (reader.stored_fields(d) for d in reader.all_doc_ids()))

    def _join_stories(self, rows: StoryRows, documents: list[dict[str, Any]]
                      ) -> tuple[StoryRows, list[dict[str, Any]]]:
        """Give each document its story id; add rewrites of the stored copies whose story id changes."""
        batch = rows_for((d["id"], d.get("body", ""), d.get("published_ts"), None) for d in documents)
        batch_bodies = {d["id"]: d.get("body", "") for d in documents}
        with self._ix.searcher() as searcher:

            def bodies(ids: set[str]) -> dict[str, str]:
                stored = self._stored_by_id(searcher, ids - batch_bodies.keys())
                return {**{i: s.get("body", "") for i, s in stored.items()},
                        **{i: batch_bodies[i] for i in ids & batch_bodies.keys()}}

            rows, changed = assign_stories(rows, batch, bodies)
            written = {doc["id"] for doc in documents}
            moved = self._stored_by_id(searcher, [i for i in changed if i not in written])
        for doc in documents:
            doc["story"] = changed[doc["id"]]
        for article_id, stored in moved.items():
            documents.append(article_to_fields(article_from_stored(stored), withdrawn=_tombstone_of(stored),
                                               ingested_at=_ingested_at(stored), story=changed[article_id]))
        return rows, documents

    def _rewrite(self, article_id: str, withdrawn: Tombstone | None, timeout: float) -> Article:
        with self._ix.searcher() as searcher:
            stored = self._stored_by_id(searcher, [article_id]).get(article_id)
        if stored is None:
            raise KeyError(f"no article with id {article_id!r}")
        article = article_from_stored(stored)
        self._commit_documents([article_to_fields(article, withdrawn=withdrawn, ingested_at=_ingested_at(stored),
                                                  story=stored.get("story"))], timeout, cluster=False)
        return article

    def withdraw(self, article_id: str, reason: str, *, timeout: float = 30.0) -> Tombstone:
        """Remove an article from search, keeping a tombstone (id, reason, date)."""
        reason = " ".join(reason.split())
        if not reason:
            raise ValueError("a withdrawal needs a reason")
        stone = Tombstone(article_id, reason, datetime.now(LOCAL_TZ))
        article = self._rewrite(article_id, stone, timeout)
        return Tombstone(article_id, reason, stone.date, article.title)

    def restore(self, article_id: str, *, timeout: float = 30.0) -> None:
        """Put a withdrawn article back into search."""
        self._rewrite(article_id, None, timeout)

    def segment_sizes(self) -> list[int]:
        """Documents (deleted ones included) of each segment of the committed generation."""
        return [seg.doc_count_all() for seg in self._ix._segments()]

    def compact(self, *, everything: bool = False, timeout: float = 30.0) -> tuple[list[int], list[int]]:
        """Run the merges that batches leave for later (index/merging.py's tiers with no budget), or with
        `everything` merge all segments into one. Returns the segment sizes before and after; commits a new
        generation only when something merges."""
        before = self.segment_sizes()
        if len(before) < 2 or not (everything or plan_merge(0, before, None)):
            return before, before
        self._commit_documents([], timeout, cluster=False, merge=OPTIMIZE if everything else tiered_merge(0, bounded=False))
        return before, self.segment_sizes()

    # -- searching -------------------------------------------------------------------------
    def searcher(self) -> ArchiveSearcher:
        """The current ArchiveSearcher, shared by threads.

        A generation committed by another process is prepared in the background while the old
        searcher keeps answering; after this object's own commits the next call waits for it
        (read-your-writes for CLIs and tests). Never uses Searcher.refresh(), which double-counts
        after merges in whoosh-reloaded 2.7.5 (shared/research/whoosh-engineering.md §4.4).
        """
        with self._snapshots_lock:
            if self._snapshots is None:
                prepare = self.prepare_columns
                self._snapshots = SnapshotHolder(self._ix, prepare=(lambda: prepare(self.path)) if prepare else None)
            if self._wrote:
                self._wrote = False
                return self._snapshots.refresh_now()
        return self._snapshots.current()

    def close(self) -> None:
        """Release the searcher and its files."""
        if self._snapshots is not None:
            self._snapshots.close()
            self._snapshots = None
