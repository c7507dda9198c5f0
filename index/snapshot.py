"""One index generation prepared for searching: arrays, fold map, posting cache, facet ordinals.

Built once per generation (shared/research/retrieval-design.md D4): field lengths, the folded →
exact readings of every lexicon term, per-document facet ordinals and dates, folded sequences and
the postings of the most frequent terms. They are written beside the index by the first process
that opens the generation and memory-mapped by every other (index/columns.py), so the server's
processes share one copy. Other postings go through a bounded per-process cache. All reader access
goes through one lock because Whoosh readers share file cursors between threads.
"""

from __future__ import annotations

import bisect
import hashlib
import heapq
import re
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.reading import TermNotFound

from .article import LOCAL_TZ
from .columns import ColumnSet, open_or_build
from .normalize import fold
from .schema import LIST_SEPARATOR, NO_DATE

if TYPE_CHECKING:          # matching builds on this module; the vectors' type is only named here
    from .matching import TermVector

__all__ = ["Snapshot", "FacetColumn", "Postings", "FACETS", "column_values"]

# Facet name → index column.
FACETS = {"source": "source", "topic": "topics", "official": "officials",
          "organization": "organizations", "place": "places", "author": "authors"}
POSTING_CACHE_BYTES = 256 * 1024 * 1024
PREWARM_TERMS = 1000
TERM_VECTOR_BYTES = 54 * 1024 * 1024    # per process: 256 vectors at 42k articles (5 bytes a document each)
TERM_VECTOR_MIN_ENTRIES = 16
FOLDED_COLUMNS = ("title_fold", "body_fold")
COLUMN_LAYOUT = "v1"            # bump when _compute's arrays change: older column sets are then rebuilt
SPARSE_SHARE = 8                # facets are counted from the matches' own pairs below 1/8 of the docs


@dataclass(frozen=True)
class Postings:
    """Doc numbers (sorted, int32) and term frequencies (float32) of one term in one field."""

    ids: np.ndarray
    tf: np.ndarray

    @property
    def nbytes(self) -> int:
        return int(self.ids.nbytes + self.tf.nbytes)


EMPTY = Postings(np.zeros(0, np.int32), np.zeros(0, np.float32))


def _ranges(starts: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """The positions start..stop-1 of every (start, stop) pair, concatenated."""
    lengths = stops - starts
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    shift = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    return shift + np.arange(total)


class FacetColumn:
    """A (multi-valued) facet: the (doc, value ordinal) pairs, laid out by document and by value."""

    ARRAYS = ("doc", "ord", "doc_start", "total", "docs_by_value", "value_start")

    def __init__(self, values: list[str], arrays: dict[str, np.ndarray]) -> None:
        self.values = values
        self.ordinal = {v: i for i, v in enumerate(values)}
        self.doc = arrays["doc"]                      # in document order
        self.ord = arrays["ord"]
        self.doc_start = arrays["doc_start"]
        self.total = arrays["total"]
        self.docs_by_value = arrays["docs_by_value"]
        self.value_start = arrays["value_start"]
        self.folded = [fold(v.lower()) for v in values]

    @classmethod
    def from_documents(cls, per_doc: list[list[str]]) -> FacetColumn:
        """Lay out each document's values; value ordinals run from the most frequent value."""
        counts: dict[str, int] = {}
        for values in per_doc:
            for v in values:
                counts[v] = counts.get(v, 0) + 1
        ordered = sorted(counts, key=lambda v: (-counts[v], v))
        ordinal = {v: i for i, v in enumerate(ordered)}
        docs, ords = [], []
        for docnum, values in enumerate(per_doc):
            for v in values:
                docs.append(docnum)
                ords.append(ordinal[v])
        doc = np.asarray(docs, dtype=np.int32)
        ord_ = np.asarray(ords, dtype=np.int32)
        by_value = np.argsort(ord_, kind="stable")
        return cls(ordered, {
            "doc": doc, "ord": ord_,
            "doc_start": np.searchsorted(doc, np.arange(len(per_doc) + 1)),
            "total": np.bincount(ord_, minlength=len(ordered)),
            "docs_by_value": doc[by_value],
            "value_start": np.searchsorted(ord_[by_value], np.arange(len(ordered) + 1)),
        })

    def arrays(self) -> dict[str, np.ndarray]:
        """The layout's arrays by name (what `__init__` takes back)."""
        return {name: getattr(self, name) for name in self.ARRAYS}

    def counts(self, mask: np.ndarray, docs: np.ndarray | None = None) -> np.ndarray:
        """Number of documents in `mask` per value ordinal.

        Given `docs` (the mask's document numbers), a sparse mask is counted from its own
        documents' pairs only, and a nearly full one as the column total minus what it leaves out.
        """
        if docs is not None:
            if len(docs) * SPARSE_SHARE < len(mask):
                return self._counts_of(docs)
            if (len(mask) - len(docs)) * SPARSE_SHARE < len(mask):
                return self.total - self._counts_of(np.flatnonzero(~mask))
        return np.bincount(self.ord[mask[self.doc]], minlength=len(self.values))

    def _counts_of(self, docs: np.ndarray) -> np.ndarray:
        pairs = _ranges(self.doc_start[docs], self.doc_start[docs + 1])
        return np.bincount(self.ord[pairs], minlength=len(self.values))

    def docs_with(self, ordinals: list[int], size: int) -> np.ndarray:
        """Boolean mask of documents having any of the value ordinals."""
        mask = np.zeros(size, dtype=bool)
        for o in ordinals:
            mask[self.docs_by_value[self.value_start[o]:self.value_start[o + 1]]] = True
        return mask

    def matching(self, query_value: str) -> list[int]:
        """Ordinals of values equal to, or containing as whole words, the (folded) query value."""
        needle = " " + " ".join(fold(query_value.lower()).split()) + " "
        return [i for i, f in enumerate(self.folded) if needle in " " + " ".join(f.split()) + " "]


class TermVectorCache:
    """A small LRU of per-document term vectors (common query words repeat)."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._items: OrderedDict[tuple, TermVector] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> TermVector | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: tuple, value: TermVector) -> None:
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)


class PackedColumn:
    """Many byte strings in one buffer with offsets: compact, and searchable without copies."""

    def __init__(self, buffer: np.ndarray, offsets: np.ndarray) -> None:
        self.buffer = buffer            # uint8: the values one after another (an empty one as b" ")
        self.offsets = offsets          # int64: value i is buffer[offsets[i]:offsets[i + 1]]

    @classmethod
    def from_values(cls, values: list[bytes]) -> PackedColumn:
        """Pack byte strings (an empty one is stored as b" ")."""
        offsets = np.zeros(len(values) + 1, dtype=np.int64)
        np.cumsum([len(v or b" ") for v in values], out=offsets[1:])
        return cls(np.frombuffer(b"".join(v or b" " for v in values), dtype=np.uint8), offsets)

    def get(self, i: int) -> bytes:
        """The i-th value."""
        return self.buffer[self.offsets[i]:self.offsets[i + 1]].tobytes()

    def search_many(self, rows: np.ndarray, pattern: re.Pattern[bytes]) -> np.ndarray:
        """For each row number, whether `pattern` occurs in that value."""
        search = pattern.search
        buffer = self.buffer
        starts = self.offsets[rows].tolist()
        ends = self.offsets[rows + 1].tolist()
        return np.fromiter((search(buffer, a, b) is not None for a, b in zip(starts, ends)),
                           dtype=bool, count=len(starts))


def column_values(reader: Any, name: str, default: object = b"") -> list:
    """Every document's value of a column, segment by segment (missing values → default)."""
    values: list = []
    for leaf, _offset in reader.leaf_readers():
        count = leaf.doc_count_all()
        # An index written before a column existed lacks its field: its documents read as default.
        part = list(leaf.column_reader(name)) if name in leaf.schema and leaf.has_column(name) else []
        values.extend(part[:count] + [default] * (count - len(part)))
    return values


def _readings(frequencies: dict[str, int]) -> dict[str, tuple[str, ...]]:
    """Folded form → the exact lexicon terms that fold to it.

    Tuples of strings, unlike lists, drop out of the garbage collector's sight: a hundred thousand
    lists here made every full collection pause the server for 30-40 ms.
    """
    readings: dict[str, list[str]] = {}
    for term in frequencies:
        readings.setdefault(fold(term), []).append(term)
    return {folded: tuple(terms) for folded, terms in readings.items()}


def _split(value: bytes | None) -> list[str]:
    if not value:
        return []
    return value.decode("utf-8").split(LIST_SEPARATOR)


class Snapshot:
    """Everything the searcher needs from one generation of the index."""

    def __init__(self, whoosh_index: object, *, prewarm: int = PREWARM_TERMS) -> None:
        self.lock = threading.RLock()
        listed = whoosh_index.latest_generation()  # type: ignore[attr-defined]
        self.searcher = whoosh_index.searcher()  # type: ignore[attr-defined]
        # A replaced generation closes its files once the last search using it lets go of it.
        self._release = weakref.finalize(self, self.searcher.close)
        self.reader = self.searcher.reader()
        # The generation the reader opened, not the newest one after it: a commit landing between the
        # two would make this snapshot pass for the newer generation, and no watcher would replace it.
        opened = self.reader.generation()
        self.generation: int = opened if isinstance(opened, int) and opened >= 0 else listed
        # Segment ids are random per commit: together they name this exact content, even across
        # a rebuild or a restored backup that reaches the same generation number.
        segment_ids = sorted(leaf.segment().segment_id() for leaf, _ in self.reader.leaf_readers()
                             if leaf.segment() is not None)
        self.version = hashlib.sha1(
            f"{self.generation}:{','.join(segment_ids)}".encode()).hexdigest()[:16]
        self.size = self.reader.doc_count_all()
        self._prewarm_count = prewarm
        folder = getattr(getattr(whoosh_index, "storage", None), "folder", None)
        columns = (open_or_build(Path(folder), f"{self.version}-{COLUMN_LAYOUT}", self._compute) if folder
                   else ColumnSet(*self._compute(), mapped=False))
        arrays, objects = columns.arrays, columns.objects
        self.columns_mapped = columns.mapped
        self.live = arrays["live"]
        self.live_count = objects["live_count"]
        self.lengths = {f: arrays[f"length_{f}"] for f in ("title", "body")}
        self.avg_length = objects["avg_length"]
        self.readings = objects["readings"]
        self.folded_keys = objects["folded_keys"]
        self.published = arrays["published"]
        self.year, self.month = arrays["year"], arrays["month"]
        self.year_values, self.month_values = objects["year_values"], objects["month_values"]
        self.story, self.story_ordinal = arrays["story"], objects["story_ordinal"]
        self.facets = {name: FacetColumn(objects["facet_values"][name],
                                         {k: arrays[f"facet_{name}_{k}"] for k in FacetColumn.ARRAYS})
                       for name in FACETS}
        self._columns = {name: self.reader.column_reader(name) for name in ("title", "body")} if self.size else {}
        # Folded sequences: every phrase check and run scan reads them.
        self._folded = {column: PackedColumn(arrays[f"{column}_buffer"], arrays[f"{column}_offsets"])
                        for column in FOLDED_COLUMNS}
        # Postings of the most frequent terms, read ahead: (field, term) → slice of the shared arrays.
        self._prewarmed = objects["prewarmed"]
        self._prewarmed_ids, self._prewarmed_tf = arrays["prewarmed_ids"], arrays["prewarmed_tf"]
        # Bounded in bytes, not entries: each vector is 5 bytes per document, so a fixed count would grow
        # the cache with the archive.
        self.term_vectors = TermVectorCache(max(TERM_VECTOR_MIN_ENTRIES, TERM_VECTOR_BYTES // (5 * max(self.size, 1))))
        self._cache: OrderedDict[tuple[str, str], Postings] = OrderedDict()
        self._cache_bytes = 0

    # -- building the columns (once per generation, shared through index/columns.py) ----------
    def _compute(self) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        """Every per-document array and lookup of this generation, read from the Whoosh segments."""
        n = self.size
        live = np.zeros(n, dtype=bool)
        if n:
            live[np.fromiter(self.reader.all_doc_ids(), dtype=np.int64)] = True
            live &= ~np.asarray(self._column("withdrawn", 0), dtype=bool)
        live_count = int(live.sum())
        lengths = {f: self._lengths(f) for f in ("title", "body")}
        frequencies = {f: self._frequencies(f) for f in ("title", "body")}
        readings = {f: _readings(frequencies[f]) for f in ("title", "body")}
        published = self._published()
        year, month, year_values, month_values = self._periods(published)
        story, story_ordinal = self._stories()
        arrays: dict[str, np.ndarray] = {"live": live, "published": published, "year": year, "month": month,
                                         "story": story}
        arrays.update({f"length_{f}": lengths[f] for f in lengths})
        facet_values = {}
        for name, col in FACETS.items():
            facet = FacetColumn.from_documents([_split(v) for v in self._column(col)])
            facet_values[name] = facet.values
            arrays.update({f"facet_{name}_{k}": v for k, v in facet.arrays().items()})
        for column in FOLDED_COLUMNS:
            packed = PackedColumn.from_values(self._column(column, b" "))
            arrays[f"{column}_buffer"], arrays[f"{column}_offsets"] = packed.buffer, packed.offsets
        prewarmed, arrays["prewarmed_ids"], arrays["prewarmed_tf"] = self._read_ahead(frequencies["body"])
        objects = {
            "live_count": live_count,
            "avg_length": {f: max(float(lengths[f][live].mean()), 1.0) if live_count else 1.0 for f in lengths},
            "readings": readings,
            "folded_keys": sorted(set(readings["title"]) | set(readings["body"])),
            "year_values": year_values, "month_values": month_values,
            "story_ordinal": story_ordinal, "facet_values": facet_values, "prewarmed": prewarmed,
        }
        return arrays, objects

    def _read_ahead(self, body_df: dict[str, int]) -> tuple[dict[tuple[str, str], tuple[int, int]],
                                                           np.ndarray, np.ndarray]:
        """Postings of the most frequent body terms (in title and body), concatenated, with each one's slice."""
        where: dict[tuple[str, str], tuple[int, int]] = {}
        ids, tfs = [], []
        start = 0
        for term in heapq.nlargest(self._prewarm_count, body_df, key=body_df.__getitem__):
            for fieldname in ("body", "title"):
                with self.lock:
                    postings = self._read_postings(fieldname, term)
                where[(fieldname, term)] = (start, start + len(postings.ids))
                start += len(postings.ids)
                ids.append(postings.ids)
                tfs.append(postings.tf)
        return (where, np.concatenate(ids) if ids else EMPTY.ids, np.concatenate(tfs) if tfs else EMPTY.tf)

    # -- loading ---------------------------------------------------------------------------
    def _column(self, name: str, default: object = b"") -> list:
        return column_values(self.reader, name, default)

    def _stories(self) -> tuple[np.ndarray, dict[str, int]]:
        """Per document, an ordinal shared by the copies of one story, and story id → ordinal. A document
        without a story id (written before stories existed) is a story of its own."""
        ordinal: dict[str, int] = {}
        per_doc = np.zeros(self.size, dtype=np.int32)
        values = self._column("story", "")
        own = len(set(values))            # ordinals from here on: documents without a story id
        for docnum, value in enumerate(values):
            if value:
                per_doc[docnum] = ordinal.setdefault(value, len(ordinal))
            else:
                per_doc[docnum] = own + docnum
        return per_doc, ordinal

    def _lengths(self, fieldname: str) -> np.ndarray:
        doc_len = self.reader.doc_field_length
        return np.fromiter((doc_len(d, fieldname, 0) or 0 for d in range(self.size)),
                           dtype=np.float32, count=self.size)

    def _frequencies(self, fieldname: str) -> dict[str, int]:
        """Exact lexicon term → document frequency, summed over the segments."""
        df: dict[str, int] = {}
        for leaf, _offset in self.reader.leaf_readers():
            for btext, info in leaf.iter_field(fieldname):
                term = btext.decode("utf-8")
                df[term] = df.get(term, 0) + info.doc_frequency()
        return df

    def _published(self) -> np.ndarray:
        return np.asarray(self._column("published_ts", NO_DATE), dtype=np.int64).reshape(-1)

    def _periods(self, published: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[str], list[str]]:
        """Year and year-month ordinals per document (-1 = undated), local time."""
        year_of: dict[int, int] = {}
        labels_y: list[str] = []
        labels_m: list[str] = []
        month_of: dict[tuple[int, int], int] = {}
        year = np.full(self.size, -1, dtype=np.int32)
        month = np.full(self.size, -1, dtype=np.int32)
        dated = np.nonzero(published != NO_DATE)[0]
        stamps = published[dated]
        # Distinct days are few compared with articles: convert each day once.
        days, inverse = np.unique(stamps // 3600, return_inverse=True)
        day_ym = []
        for hour in days:
            local = datetime.fromtimestamp(int(hour) * 3600, LOCAL_TZ)
            day_ym.append((local.year, local.month))
        ym_sorted = sorted(set(day_ym))
        for y, m in ym_sorted:
            if y not in year_of:
                year_of[y] = len(labels_y)
                labels_y.append(str(y))
            month_of[(y, m)] = len(labels_m)
            labels_m.append(f"{y:04d}-{m:02d}")
        if len(dated):
            y_idx = np.asarray([year_of[ym[0]] for ym in day_ym], dtype=np.int32)
            m_idx = np.asarray([month_of[ym] for ym in day_ym], dtype=np.int32)
            year[dated] = y_idx[inverse]
            month[dated] = m_idx[inverse]
        return year, month, labels_y, labels_m

    # -- postings --------------------------------------------------------------------------
    def postings(self, fieldname: str, term: str) -> Postings:
        """Posting arrays of one exact term (cached, bounded by POSTING_CACHE_BYTES)."""
        key = (fieldname, term)
        shared = self._prewarmed.get(key)
        if shared is not None:
            return Postings(self._prewarmed_ids[shared[0]:shared[1]], self._prewarmed_tf[shared[0]:shared[1]])
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        with self.lock:
            postings = self._read_postings(fieldname, term)
        self._cache[key] = postings
        self._cache_bytes += postings.nbytes
        while self._cache_bytes > POSTING_CACHE_BYTES and self._cache:
            _, old = self._cache.popitem(last=False)
            self._cache_bytes -= old.nbytes
        return postings

    def _read_postings(self, fieldname: str, term: str) -> Postings:
        btext = term.encode("utf-8")
        id_parts, tf_parts = [], []
        for leaf, offset in self.reader.leaf_readers():
            try:
                matcher = leaf._terms.matcher(fieldname, btext, leaf.schema[fieldname].format)
            except (TermNotFound, KeyError):
                continue
            if isinstance(matcher, W3LeafMatcher):
                while matcher.is_active():
                    matcher._read_ids()
                    matcher._read_weights()
                    id_parts.append(np.asarray(matcher._ids, dtype=np.int32) + offset)
                    weights = matcher._weights
                    tf_parts.append(np.full(len(matcher._ids), weights, np.float32)
                                    if isinstance(weights, float) else np.asarray(weights, np.float32))
                    matcher._next_block()
            else:
                ids = list(matcher.all_ids())
                weights = []
                matcher.reset()
                while matcher.is_active():
                    weights.append(matcher.weight())
                    matcher.next()
                id_parts.append(np.asarray(ids, dtype=np.int32) + offset)
                tf_parts.append(np.asarray(weights, dtype=np.float32))
        if not id_parts:
            return EMPTY
        return Postings(np.concatenate(id_parts), np.concatenate(tf_parts))

    def exact_terms(self, fieldname: str, term: str) -> tuple[str, ...]:
        """The exact lexicon terms equal to `term` (itself if present)."""
        return (term,) if term in self.readings[fieldname].get(fold(term), ()) else ()

    def readings_of(self, fieldname: str, folded: str) -> tuple[str, ...]:
        """Every exact lexicon term of a field whose folded form is `folded`."""
        return self.readings[fieldname].get(folded, ())

    def folded_with_prefix(self, prefix: str, limit: int) -> tuple[list[str], bool]:
        """Folded lexicon keys starting with `prefix` (at most `limit`; True if capped)."""
        i = bisect.bisect_left(self.folded_keys, prefix)
        out = []
        while i < len(self.folded_keys) and self.folded_keys[i].startswith(prefix):
            if len(out) == limit:
                return out, True
            out.append(self.folded_keys[i])
            i += 1
        return out, False

    # -- per-document data -----------------------------------------------------------------
    def sequence(self, column: str, docnum: int) -> bytes:
        """One document's syllable sequence column (" w1 w2 … ") — exact or folded."""
        packed = self._folded.get(column)
        if packed is not None:
            return packed.get(docnum)
        with self.lock:
            value = self._columns[column][docnum]
        return value or b" "

    def search_many(self, column: str, docnums: np.ndarray, pattern: re.Pattern[bytes]) -> np.ndarray:
        """Per document, whether `pattern` occurs in its folded sequence column."""
        return self._folded[column].search_many(docnums, pattern)

    def stored(self, docnum: int) -> dict:
        """Stored fields of one document."""
        with self.lock:
            return self.reader.stored_fields(docnum)

    def docnum_of(self, article_id: str) -> int | None:
        """Document number of an article id (withdrawn articles included)."""
        with self.lock:
            return self.searcher.document_number(id=article_id)

    def close(self) -> None:
        """Close the underlying Whoosh searcher now (otherwise when the snapshot is dropped)."""
        with self.lock:
            self._release()
