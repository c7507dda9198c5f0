"""ArchiveSearcher: search with facets and highlights in one call, plus article, histogram,
related-article and entity look-ups. SnapshotHolder swaps in new generations without a pause.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time as dtime, timedelta
from html import escape
from typing import Any

import numpy as np

from .abbreviations import expand_abbreviations
from .article import LOCAL_TZ
from .highlight import Highlighter
from .matching import Matcher
from .normalize import fold, normalize_text
from .places import place_filter_values
from .query import And, DateRange, Node, Or, Phrase, Prefix, Word, parse_query
from .rank import POOL_SIZE, RunRanker
from .related import Related, find_related
from .schema import NO_DATE
from .snapshot import Snapshot

_log = logging.getLogger(__name__)

__all__ = ["SearchRequest", "SearchPage", "Hit", "FacetValue", "StoredArticle", "EntitySummary",
           "ArchiveSearcher", "SnapshotHolder", "QueryError", "FACET_NAMES", "SORTS", "MAX_PAGE_SIZE"]

FACET_NAMES = ("source", "topic", "official", "organization", "place", "year", "month")
SORTS = ("relevance", "newest", "oldest")
MAX_PAGE_SIZE = 100
MAX_DEPTH = 10_000          # deepest result reachable by paging
NO_DATE_VALUE = "none"


class QueryError(ValueError):
    """A request that cannot be answered (bad page, sort or facet name)."""


@dataclass(frozen=True)
class SearchRequest:
    """Everything that defines one result page; every field maps to a URL parameter."""

    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    exclude: dict[str, list[str]] = field(default_factory=dict)
    date_from: date | None = None
    date_to: date | None = None
    undated: bool = False
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    facet_limit: int = 50
    highlight: bool = True
    collapse: bool = False          # one result per story (its best-ranked copy); total counts stories
    story: str | None = None        # only the copies of this story (a story id or any copy's article id)

    def validate(self) -> None:
        """Raise QueryError for values no page can have."""
        if self.sort not in SORTS:
            raise QueryError(f"sort must be one of {', '.join(SORTS)}")
        if not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise QueryError(f"page_size must be between 1 and {MAX_PAGE_SIZE}")
        if self.page < 1 or self.page * self.page_size > MAX_DEPTH:
            raise QueryError(f"page must be between 1 and {MAX_DEPTH // self.page_size}")
        for name in list(self.filters) + list(self.exclude):
            if name not in FACET_NAMES and name != "author":
                raise QueryError(f"unknown facet {name!r}")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise QueryError("date_from is after date_to")


@dataclass(frozen=True)
class FacetValue:
    """One facet value with its count in the current result set."""

    value: str
    count: int
    selected: bool = False
    excluded: bool = False


@dataclass(frozen=True)
class Hit:
    """One article in a result list."""

    id: str
    title: str | None
    url: str | None
    source: str | None
    published: datetime | None
    published_how: str | None
    authors: tuple[str, ...]
    topics: tuple[str, ...]
    officials: tuple[str, ...]
    organizations: tuple[str, ...]
    score: float
    title_html: str
    snippet_html: str
    places: tuple[str, ...] = ()
    story: str = ""                 # the story's id (its head's article id)
    copies: int = 0                 # other copies of its story in the result set, when results are collapsed


@dataclass(frozen=True)
class StoredArticle:
    """A whole stored article, with its body highlighted for a query."""

    id: str
    title: str | None
    body: str
    url: str | None
    source: str | None
    published: datetime | None
    published_how: str | None
    authors: tuple[str, ...]
    officials: tuple[tuple[str, tuple[str, ...]], ...]
    organizations: tuple[str, ...]
    topics: tuple[str, ...]
    tags: tuple[str, ...]
    category: str | None
    provenance: dict[str, str]
    duplicate_of: str | None
    ingested_at: str | None
    withdrawn: dict[str, str] | None
    title_html: str
    body_html: str
    places: tuple[str, ...] = ()
    story: str = ""


@dataclass(frozen=True)
class SearchPage:
    """One page of results with facet counts for the whole result set."""

    request: SearchRequest
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    took_ms: float
    warnings: list[str]
    articles: int = 0               # matching articles (equal to total unless collapsed)
    collapsed: bool = False         # total and hits count stories, not articles

    @property
    def page(self) -> int:
        return self.request.page

    @property
    def page_size(self) -> int:
        return self.request.page_size

    @property
    def pages(self) -> int:
        return max(1, min(-(-self.total // self.page_size), MAX_DEPTH // self.page_size))


@dataclass(frozen=True)
class EntitySummary:
    """What the archive knows about one official or organization."""

    kind: str
    name: str
    articles: int
    per_month: list[tuple[str, int]]
    co_officials: list[FacetValue]
    co_organizations: list[FacetValue]


def _parse_dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _highlight_words(node: Node | None) -> list[Word | Prefix]:
    """The positive words and prefixes of a query (not those of expansions or exclusions)."""
    if node is None:
        return []
    # Expansion words (weight < 1, "ủy ban nhân dân" for UBND) are not highlighted one by one.
    if isinstance(node, (Word, Prefix)):
        return [node] if getattr(node, "weight", 1.0) >= 1 else []
    if isinstance(node, Phrase):
        return [w for w in node.words if w.weight >= 1]
    if isinstance(node, (And, Or)):
        return [w for child in node.children for w in _highlight_words(child)]
    return []


class _Query:
    """A parsed, expanded query with its highlighter."""

    def __init__(self, text: str) -> None:
        parsed = parse_query(text)
        self.root = expand_abbreviations(parsed.root)
        self.run = parsed.run
        self.warnings = list(parsed.warnings)
        marked = _highlight_words(self.root)
        words = [w for w in marked if isinstance(w, Word)]
        self.highlighter = Highlighter(
            frozenset(fold(w.text) for w in words),
            tuple(fold(p.text) for p in marked if isinstance(p, Prefix)),
            tuple(fold(w.text) for w in self.run),
            {fold(w.text): w.text for w in words if fold(w.text) != w.text},
        )
        self.is_empty = self.root is None


def _top(counts: np.ndarray, limit: int) -> np.ndarray:
    """Ordinals of the `limit` largest non-zero counts, by count then ordinal."""
    nonzero = np.flatnonzero(counts)
    if len(nonzero) > limit > 0:
        # Only counts at or above the limit-th largest can be shown: sort those alone.
        floor = np.partition(counts[nonzero], len(nonzero) - limit)[len(nonzero) - limit]
        nonzero = nonzero[counts[nonzero] >= floor]
    return nonzero[np.lexsort((nonzero, -counts[nonzero]))][:limit]


class ArchiveSearcher:
    """Searches one snapshot (one index generation). Thread-safe."""

    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap

    @property
    def generation(self) -> int:
        return self.snap.generation

    @property
    def version(self) -> str:
        """Names this exact index content (for ETags): differs after any commit, rebuild or restore."""
        return self.snap.version

    def doc_count(self) -> int:
        """Searchable articles in this generation."""
        return self.snap.live_count

    # -- filters ---------------------------------------------------------------------------
    def _facet_mask(self, name: str, values: list[str]) -> np.ndarray:
        snap, n = self.snap, self.snap.size
        if name in ("year", "month"):
            labels = snap.year_values if name == "year" else snap.month_values
            per_doc = snap.year if name == "year" else snap.month
            mask = np.zeros(n, dtype=bool)
            wanted = [labels.index(v) for v in values if v in labels]
            if wanted:
                mask |= np.isin(per_doc, wanted)
            if NO_DATE_VALUE in values:
                mask |= per_doc == -1
            return mask
        column = snap.facets[name]
        wanted = [" ".join(normalize_text(x).split()) for x in values]
        if name == "place":        # "Hải Phòng (gồm Hải Dương cũ)" selects the former units too
            wanted = [v for x in wanted for v in place_filter_values(x)]
        ordinals = [column.ordinal[v] for v in wanted if v in column.ordinal]
        return column.docs_with(ordinals, n)

    def _story_ordinal(self, story: str) -> int | None:
        """The story ordinal of a story id, or of the story an article id belongs to."""
        ordinal = self.snap.story_ordinal.get(story)
        if ordinal is None:
            docnum = self.snap.docnum_of(story)
            ordinal = None if docnum is None else int(self.snap.story[docnum])
        return ordinal

    def _story_mask(self, story: str) -> np.ndarray:
        ordinal = self._story_ordinal(story)
        if ordinal is None:
            return np.zeros(self.snap.size, dtype=bool)
        return self.snap.story == ordinal

    def _date_mask(self, request: SearchRequest, matcher: Matcher) -> np.ndarray | None:
        if request.undated:
            return matcher.date_mask(DateRange(undated=True))
        if not (request.date_from or request.date_to):
            return None
        start = datetime.combine(request.date_from, dtime.min, LOCAL_TZ) if request.date_from else None
        end = (datetime.combine(request.date_to + timedelta(days=1), dtime.min, LOCAL_TZ)
               if request.date_to else None)
        return matcher.date_mask(DateRange(start, end))

    def _match(self, request: SearchRequest, query: _Query, matcher: Matcher
               ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """(final mask, mask without each facet's own include filter) for disjunctive facets."""
        base = matcher.mask(query.root) & self.snap.live
        if request.story is not None:
            base &= self._story_mask(request.story)
        date_mask = self._date_mask(request, matcher)
        if date_mask is not None:
            base &= date_mask
        for name, values in request.exclude.items():
            if values:
                base &= ~self._facet_mask(name, values)
        includes = {name: self._facet_mask(name, values)
                    for name, values in request.filters.items() if values}
        final = base.copy()
        for mask in includes.values():
            final &= mask
        without: dict[str, np.ndarray] = {}
        for name in includes:
            other = base.copy()
            for other_name, mask in includes.items():
                if other_name != name:
                    other &= mask
            without[name] = other
        return final, without

    # -- ranking ---------------------------------------------------------------------------
    def _ranked(self, request: SearchRequest, query: _Query, matcher: Matcher, mask: np.ndarray,
                depth: int) -> tuple[np.ndarray, np.ndarray]:
        """The first `depth` document numbers in result order, with their scores."""
        docs = np.nonzero(mask)[0]
        if not len(docs):
            return docs, np.zeros(0, dtype=np.float32)
        score, strict = matcher.scores(docs)
        if request.sort != "relevance" or query.is_empty:
            pub = self.snap.published[docs]
            undated = pub == NO_DATE            # undated articles come last either way
            if request.sort == "oldest":
                order = np.lexsort((-score, pub, undated))
            else:
                order = np.lexsort((-score, -pub, undated))
            order = order[:depth]
            return docs[order], score[order]
        # The pool and the whole-run scan do not depend on how deep the caller pages, so page 1
        # is always the head of a deep export; beyond the pool, results follow (strict, score).
        pool = min(POOL_SIZE, len(docs))
        key = score + strict * 1e6          # strict set first (typed readings)
        top = np.argpartition(-key, pool - 1)[:pool] if pool < len(docs) else np.arange(len(docs))
        ranker = RunRanker(self.snap, query.run, matcher.run_patterns(query.run) if query.run else [])
        if ranker.active():
            extra = ranker.candidates(docs, score, depth)
            if len(extra):
                top = np.unique(np.concatenate([extra, top]))
            ranked, final = ranker.order(docs[top], score[top], strict[top], depth)
            ranked = top[ranked]
        else:
            order = np.lexsort((-score[top], ~strict[top]))[:depth]
            ranked, final = top[order], score[top][order]
        if depth > len(ranked):
            rest_mask = np.ones(len(docs), dtype=bool)
            rest_mask[ranked] = False
            rest = np.nonzero(rest_mask)[0]
            rest = rest[np.lexsort((-score[rest], ~strict[rest]))][: depth - len(ranked)]
            ranked = np.concatenate([ranked, rest])
            final = np.concatenate([final, score[rest]])
        return docs[ranked[:depth]], final[:depth]

    def _collapsed(self, request: SearchRequest, query: _Query, matcher: Matcher, mask: np.ndarray,
                   depth: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
        """The first `depth` stories in result order, each as its best-ranked copy: (documents, scores,
        other matching copies per document, number of matching stories)."""
        story = self.snap.story
        per_story = np.bincount(story[mask])
        fetch = depth
        while True:
            docs, scores = self._ranked(request, query, matcher, mask, fetch)
            _, first = np.unique(story[docs], return_index=True)
            first.sort()
            if len(first) >= depth or len(docs) < fetch:
                break
            fetch *= 4
        first = first[:depth]
        docs = docs[first]
        return docs, scores[first], per_story[story[docs]] - 1, int(np.count_nonzero(per_story))

    # -- facets ----------------------------------------------------------------------------
    def _facet_counts(self, request: SearchRequest, mask: np.ndarray,
                      without: dict[str, np.ndarray]) -> dict[str, list[FacetValue]]:
        snap = self.snap
        out: dict[str, list[FacetValue]] = {}
        docs_of: dict[int, np.ndarray] = {}          # each distinct mask's documents, found once
        for name in FACET_NAMES:
            m = without.get(name, mask)
            docs = docs_of.get(id(m))
            if docs is None:
                docs = docs_of[id(m)] = np.flatnonzero(m)
            selected = set(request.filters.get(name, ()))
            excluded = set(request.exclude.get(name, ()))
            if name in ("year", "month"):
                labels = snap.year_values if name == "year" else snap.month_values
                per_doc = snap.year if name == "year" else snap.month
                counts = np.bincount(per_doc[docs] + 1, minlength=len(labels) + 1)
                values = [FacetValue(lbl, int(counts[i + 1]), lbl in selected, lbl in excluded)
                          for i, lbl in enumerate(labels) if counts[i + 1] or lbl in selected]
                if counts[0] or NO_DATE_VALUE in selected:
                    values.append(FacetValue(NO_DATE_VALUE, int(counts[0]), NO_DATE_VALUE in selected,
                                             NO_DATE_VALUE in excluded))
                out[name] = values
                continue
            column = snap.facets[name]
            counts = column.counts(m, docs)
            values = [FacetValue(column.values[i], int(counts[i]), column.values[i] in selected,
                                 column.values[i] in excluded) for i in _top(counts, request.facet_limit)]
            shown = {v.value for v in values}
            for v in sorted((selected | excluded) - shown):
                i = column.ordinal.get(v)
                count = int(counts[i]) if i is not None else int((self._facet_mask(name, [v]) & m).sum())
                values.append(FacetValue(v, count, v in selected, v in excluded))
            out[name] = values
        return out

    # -- hits ------------------------------------------------------------------------------
    def _hit(self, docnum: int, score: float, query: _Query, highlight: bool, copies: int = 0) -> Hit:
        stored = self.snap.stored(docnum)
        hl = query.highlighter
        title = stored.get("title")
        body = stored.get("body", "")
        body_fold = self.snap.sequence("body_fold", docnum) if highlight else None
        held = highlight and hl.holds_run(self.snap.sequence("title_fold", docnum), body_fold)
        return Hit(
            id=stored["id"], title=title, url=stored.get("url"),
            source=(stored.get("source") or [None])[0],
            published=_parse_dt(stored.get("published")), published_how=stored.get("published_how"),
            authors=tuple(stored.get("authors", ())), topics=tuple(stored.get("topics", ())),
            officials=tuple(stored.get("officials", ())),
            organizations=tuple(stored.get("organizations", ())), places=tuple(stored.get("places", ())),
            story=stored.get("story") or stored["id"], copies=copies, score=float(score),
            title_html=hl.full(title, run_held=held) if highlight else escape(title or ""),
            snippet_html=(hl.snippet(body, body_fold, run_held=held)
                          if highlight and not query.is_empty else escape(body[:280])),
        )

    def search(self, request: SearchRequest) -> SearchPage:
        """One page of results with facet counts over the whole result set."""
        started = time.perf_counter()
        request.validate()
        query = _Query(request.q)
        matcher = Matcher(self.snap, query.warnings)
        mask, without = self._match(request, query, matcher)
        depth = request.page * request.page_size
        articles = int(mask.sum())
        collapse = request.collapse and request.story is None
        if collapse:
            docs, scores, copies, total = self._collapsed(request, query, matcher, mask, depth)
        else:
            docs, scores = self._ranked(request, query, matcher, mask, depth)
            copies, total = np.zeros(len(docs), dtype=np.int64), articles
        first = (request.page - 1) * request.page_size
        hits = [self._hit(int(d), float(s), query, request.highlight, int(c))
                for d, s, c in zip(docs[first:depth], scores[first:depth], copies[first:depth])]
        facets = self._facet_counts(request, mask, without)
        took = (time.perf_counter() - started) * 1000
        return SearchPage(request, total, hits, facets, round(took, 2), query.warnings, articles, collapse)

    def iter_hits(self, request: SearchRequest, limit: int) -> Iterator[Hit]:
        """Every result (up to `limit`) in result order, for exports; no highlighting."""
        request.validate()
        query = _Query(request.q)
        matcher = Matcher(self.snap, query.warnings)
        mask, _ = self._match(request, query, matcher)
        docs, scores = self._ranked(request, query, matcher, mask, limit)
        for d, s in zip(docs, scores):
            yield self._hit(int(d), float(s), query, False)

    def count(self, request: SearchRequest) -> int:
        """Number of results of a request."""
        query = _Query(request.q)
        mask, _ = self._match(request, query, Matcher(self.snap, query.warnings))
        return int(mask.sum())

    # -- single articles -------------------------------------------------------------------
    def get(self, article_id: str, q: str = "") -> StoredArticle | None:
        """A stored article by id (withdrawn ones too, flagged), its body highlighted for `q`."""
        docnum = self.snap.docnum_of(article_id)
        if docnum is None:
            return None
        stored = self.snap.stored(docnum)
        hl = _Query(q).highlighter
        held = hl.holds_run(self.snap.sequence("title_fold", docnum), self.snap.sequence("body_fold", docnum))
        officials = tuple((n, tuple(t)) for n, t in stored.get("official_titles", ()))
        return StoredArticle(
            id=stored["id"], title=stored.get("title"), body=stored.get("body", ""),
            url=stored.get("url"), source=(stored.get("source") or [None])[0],
            published=_parse_dt(stored.get("published")), published_how=stored.get("published_how"),
            authors=tuple(stored.get("authors", ())), officials=officials,
            organizations=tuple(stored.get("organizations", ())),
            topics=tuple(stored.get("topics", ())), tags=tuple(stored.get("tags", ())),
            category=stored.get("category"), provenance=json.loads(stored.get("provenance") or "{}"),
            duplicate_of=stored.get("duplicate_of"), ingested_at=stored.get("ingested_at"),
            withdrawn=stored.get("tombstone"),
            title_html=hl.full(stored.get("title"), run_held=held),
            body_html=hl.full(stored.get("body", ""), run_held=held),
            places=tuple(stored.get("places", ())), story=stored.get("story") or stored["id"],
        )

    def same_story(self, article_id: str, limit: int = 100) -> list[Hit]:
        """The other searchable copies of an article's story, earliest dated first (undated last)."""
        docnum = self.snap.docnum_of(article_id)
        if docnum is None:
            return []
        snap = self.snap
        others = np.flatnonzero((snap.story == snap.story[docnum]) & snap.live)
        others = others[others != docnum]
        pub = snap.published[others]
        others = others[np.lexsort((others, pub, pub == NO_DATE))][:limit]
        query = _Query("")
        return [self._hit(int(d), 0.0, query, False) for d in others]

    def related(self, article_id: str, n: int = 5) -> list[Related]:
        """Other stories (one copy each) sharing this article's officials, organizations, places and
        distinctive words, near its date, each with the reason (index/related.py)."""
        docnum = self.snap.docnum_of(article_id)
        if docnum is None:
            return []
        query = _Query("")
        return [Related(self._hit(d, score, query, False), reason)
                for d, score, reason in find_related(self.snap, docnum, n)]

    def histogram(self, request: SearchRequest, interval: str = "month"
                  ) -> list[tuple[str, int, int]]:
        """(period, matching articles, all dated articles) per year or month, oldest first."""
        if interval not in ("month", "year"):
            raise QueryError("interval must be month or year")
        query = _Query(request.q)
        mask, _ = self._match(request, query, Matcher(self.snap, query.warnings))
        labels = self.snap.month_values if interval == "month" else self.snap.year_values
        per_doc = self.snap.month if interval == "month" else self.snap.year
        live = self.snap.live
        hits = np.bincount(per_doc[mask & (per_doc >= 0)], minlength=len(labels))
        totals = np.bincount(per_doc[live & (per_doc >= 0)], minlength=len(labels))
        return [(lbl, int(hits[i]), int(totals[i])) for i, lbl in enumerate(labels)]

    def entity(self, kind: str, name: str) -> EntitySummary | None:
        """Mentions over time and co-mentions of an official or organization (titles held: `Registry`)."""
        if kind not in ("official", "organization"):
            raise QueryError("kind must be official or organization")
        column = self.snap.facets[kind]
        value = " ".join(normalize_text(name).split())
        ordinal = column.ordinal.get(value)
        if ordinal is None:
            return None
        mask = column.docs_with([ordinal], self.snap.size) & self.snap.live
        docs = np.nonzero(mask)[0]
        months = np.bincount(self.snap.month[mask & (self.snap.month >= 0)],
                             minlength=len(self.snap.month_values))
        per_month = [(m, int(months[i])) for i, m in enumerate(self.snap.month_values) if months[i]]

        def co(name_: str) -> list[FacetValue]:
            col = self.snap.facets[name_]
            counts = col.counts(mask, docs)
            order = np.argsort(-counts)[:15]
            return [FacetValue(col.values[i], int(counts[i])) for i in order
                    if counts[i] and col.values[i] != value]

        return EntitySummary(kind, value, int(len(docs)), per_month, co("official"), co("organization"))


class SnapshotHolder:
    """Holds the current snapshot; a newer generation is prepared in the background.

    Once the first snapshot exists, a watcher thread looks for a newer generation every
    CHECK_INTERVAL seconds and builds it while the old one keeps answering, so even a server
    process that no request has reached for an hour answers from the newest generation (a
    withdrawn article disappears from every process) instead of finding out on its next request.
    """

    CHECK_INTERVAL = 0.5

    def __init__(self, whoosh_index: Any, prepare: Callable[[], None] | None = None) -> None:
        self._ix = whoosh_index
        self._prepare = prepare          # writes a generation's columns elsewhere first (index/prepare.py)
        self._lock = threading.Lock()
        self._current: ArchiveSearcher | None = None
        self._stop = threading.Event()

    def _build(self) -> ArchiveSearcher:
        if self._prepare is not None:
            self._prepare()
        return ArchiveSearcher(Snapshot(self._ix))

    def _refresh_if_changed(self) -> None:
        """Build and swap in the newest generation if the index has moved on (watcher thread)."""
        with self._lock:
            current = self._current
        if current is None or self._ix.latest_generation() == current.generation:
            return
        fresh = self._build()
        with self._lock:
            if self._current is current:
                self._current = fresh
        # Searches still running on the old snapshot keep their own references; it closes its
        # files when the last of them lets go (Snapshot's finalizer).

    @staticmethod
    def _watch(holder_ref: weakref.ref, stop: threading.Event, interval: float) -> None:
        """Poll for new generations until stopped or until the holder is gone."""
        while not stop.wait(interval):
            holder = holder_ref()
            if holder is None:
                return
            try:
                holder._refresh_if_changed()
            except Exception:       # a failed build (disk error, index being replaced): try again
                _log.exception("could not open the new index generation; retrying")
            del holder

    def current(self) -> ArchiveSearcher:
        """The newest ready searcher (never blocks on a rebuild once one exists)."""
        with self._lock:
            current = self._current
        if current is not None:
            return current
        with self._lock:
            if self._current is None:
                self._current = self._build()
                threading.Thread(target=self._watch, args=(weakref.ref(self), self._stop, self.CHECK_INTERVAL),
                                 name="index-generation-watcher", daemon=True).start()
            return self._current

    def refresh_now(self) -> ArchiveSearcher:
        """The newest generation, built now if need be: read-your-writes for the caller (a CLI, a
        test, the admin's request after an upload). Other threads keep the old snapshot meanwhile."""
        current = self.current()
        if self._ix.latest_generation() == current.generation:
            return current
        fresh = self._build()
        with self._lock:
            if self._current is current or self._current.generation < fresh.generation:
                self._current = fresh
            return self._current

    def close(self) -> None:
        """Stop watching and close the current snapshot."""
        self._stop.set()
        with self._lock:
            if self._current is not None:
                self._current.snap.close()
                self._current = None
