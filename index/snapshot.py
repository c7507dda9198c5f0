"""One index generation held in memory for searching: arrays, fold map, posting cache, facet ordinals.

Built once per generation (shared/research/retrieval-design.md D4): field lengths, the folded →
exact readings of every lexicon term, per-document facet ordinals and dates, and a bounded cache of
posting arrays read from Whoosh. All reader access goes through one lock because Whoosh readers
share file cursors between threads.
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
from typing import TYPE_CHECKING, Any

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.reading import TermNotFound

from .article import LOCAL_TZ
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
TERM_VECTOR_ENTRIES = 256       # × 5 bytes × documents each (54 MB at 42k articles)
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

    def __init__(self, per_doc: list[list[str]]) -> None:
        counts: dict[str, int] = {}
        for values in per_doc:
            for v in values:
                counts[v] = counts.get(v, 0) + 1
        self.values: list[str] = sorted(counts, key=lambda v: (-counts[v], v))
        self.ordinal = {v: i for i, v in enumerate(self.values)}
        docs, ords = [], []
        for docnum, values in enumerate(per_doc):
            for v in values:
                docs.append(docnum)
                ords.append(self.ordinal[v])
        self.doc = np.asarray(docs, dtype=np.int32)          # in document order
        self.ord = np.asarray(ords, dtype=np.int32)
        self.doc_start = np.searchsorted(self.doc, np.arange(len(per_doc) + 1))
        self.total = np.bincount(self.ord, minlength=len(self.values))
        by_value = np.argsort(self.ord, kind="stable")
        self.docs_by_value = self.doc[by_value]
        self.value_start = np.searchsorted(self.ord[by_value], np.arange(len(self.values) + 1))
        self.folded = [fold(v.lower()) for v in self.values]

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

    def __init__(self, values: list[bytes]) -> None:
        self.buffer = b"".join(v or b" " for v in values)
        self.offsets = np.zeros(len(values) + 1, dtype=np.int64)
        np.cumsum([len(v or b" ") for v in values], out=self.offsets[1:])

    def get(self, i: int) -> bytes:
        """The i-th value."""
        return self.buffer[self.offsets[i]:self.offsets[i + 1]]

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
        self.searcher = whoosh_index.searcher()  # type: ignore[attr-defined]
        # A replaced generation closes its files once the last search using it lets go of it.
        self._release = weakref.finalize(self, self.searcher.close)
        self.reader = self.searcher.reader()
        self.generation = whoosh_index.latest_generation()  # type: ignore[attr-defined]
        # Segment ids are random per commit: together they name this exact content, even across
        # a rebuild or a restored backup that reaches the same generation number.
        segment_ids = sorted(leaf.segment().segment_id() for leaf, _ in self.reader.leaf_readers()
                             if leaf.segment() is not None)
        self.version = hashlib.sha1(
            f"{self.generation}:{','.join(segment_ids)}".encode()).hexdigest()[:16]
        self.size = self.reader.doc_count_all()
        n = self.size
        self.live = np.zeros(n, dtype=bool)
        if n:
            self.live[np.fromiter(self.reader.all_doc_ids(), dtype=np.int64)] = True
            withdrawn = np.asarray(self._column("withdrawn", 0), dtype=bool)
            self.live &= ~withdrawn
        self.live_count = int(self.live.sum())
        self.lengths = {f: self._lengths(f) for f in ("title", "body")}
        self.avg_length = {f: max(float(self.lengths[f][self.live].mean()), 1.0) if self.live_count else 1.0
                           for f in ("title", "body")}
        # Document frequencies are only needed to choose what to prewarm: kept local, not held.
        frequencies = {f: self._frequencies(f) for f in ("title", "body")}
        self.readings = {f: _readings(frequencies[f]) for f in ("title", "body")}
        self.folded_keys = sorted(set(self.readings["title"]) | set(self.readings["body"]))
        self.published = self._published()
        self.year, self.month, self.year_values, self.month_values = self._periods()
        self.story, self.story_ordinal = self._stories()
        self.facets = {name: FacetColumn([_split(v) for v in self._column(col)])
                       for name, col in FACETS.items()}
        self._columns = {name: self.reader.column_reader(name) for name in ("title", "body")} if n else {}
        # Folded sequences are held in memory: every phrase check and run scan reads them.
        self._folded = {f"{name}_fold": PackedColumn(self._column(f"{name}_fold", b" "))
                        for name in ("title", "body")}
        self.term_vectors = TermVectorCache(TERM_VECTOR_ENTRIES)
        self._cache: OrderedDict[tuple[str, str], Postings] = OrderedDict()
        self._cache_bytes = 0
        if prewarm:
            self._prewarm(frequencies["body"], prewarm)

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

    def _periods(self) -> tuple[np.ndarray, np.ndarray, list[str], list[str]]:
        """Year and year-month ordinals per document (-1 = undated), local time."""
        year_of: dict[int, int] = {}
        labels_y: list[str] = []
        labels_m: list[str] = []
        month_of: dict[tuple[int, int], int] = {}
        year = np.full(self.size, -1, dtype=np.int32)
        month = np.full(self.size, -1, dtype=np.int32)
        dated = np.nonzero(self.published != NO_DATE)[0]
        stamps = self.published[dated]
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

    def _prewarm(self, body_df: dict[str, int], count: int) -> None:
        """Read the posting arrays of the most frequent body terms once, ahead of queries."""
        for term in heapq.nlargest(count, body_df, key=body_df.__getitem__):
            self.postings("body", term)
            self.postings("title", term)

    # -- postings --------------------------------------------------------------------------
    def postings(self, fieldname: str, term: str) -> Postings:
        """Posting arrays of one exact term (cached, bounded by POSTING_CACHE_BYTES)."""
        key = (fieldname, term)
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
