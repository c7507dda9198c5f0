"""Related coverage: the other stories sharing an article's officials, organizations and places near its
date, with the distinctive words both use as a secondary signal.

Every step is numpy over the snapshot's facet columns and a dozen posting arrays; no stored document
is read except the article's own word sequence (and the chosen results, by the caller).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .schema import NO_DATE
from .snapshot import FacetColumn, Snapshot

if TYPE_CHECKING:          # the searcher builds on this module; its Hit is only named here
    from .searcher import Hit

__all__ = ["Reason", "Related", "find_related", "ENTITY_WEIGHTS", "WORD_WEIGHT", "WINDOWS_DAYS"]

# Weight of one shared value per kind, times its IDF: people and bodies say more than a province.
ENTITY_WEIGHTS = {"official": 1.0, "organization": 0.8, "place": 0.4}
# Weight of each shared distinctive word's IDF. With at most MAX_WORDS words this stays below an
# official and an organization of the same rarity (12 × 0.1 < 1.8): words only order what entities tie.
WORD_WEIGHT = 0.1
MAX_WORDS = 12
# ± days around the article's date, widened in turn while fewer than the wanted stories are found.
WINDOWS_DAYS = (7, 30, 90, 365)
DAY = 86_400


@dataclass(frozen=True)
class Reason:
    """What a related story shares with the article, and the date window it was found in."""

    officials: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    window_days: int | None = None      # ± days around the article's date; None: found without a window


@dataclass(frozen=True)
class Related:
    """One related story (as one of its copies) and why it is related."""

    hit: Hit
    reason: Reason


def _values(column: FacetColumn, docnum: int) -> np.ndarray:
    """The value ordinals of one document."""
    return np.unique(column.ord[column.doc_start[docnum]:column.doc_start[docnum + 1]])


def _idf(docs: int, total: int) -> float:
    return float(np.log(max(total, 1) / max(docs, 1)))


def _distinctive_words(snap: Snapshot, docnum: int, total: int) -> list[tuple[str, float]]:
    """Up to MAX_WORDS (word, IDF) of the article, most distinctive first: in under 5 % of the documents
    yet in another story's, weighted by frequency in the article times IDF."""
    counts: dict[str, int] = {}
    for word in (snap.sequence("title", docnum) + snap.sequence("body", docnum)).decode().split():
        if not word[0].isdigit():
            counts[word] = counts.get(word, 0) + 1
    own = snap.story[docnum]
    weighted = []
    for word, count in counts.items():
        ids = snap.postings("body", word).ids
        if 1 < len(ids) < max(3.0, total * 0.05) and np.any(snap.story[ids] != own):
            idf = _idf(len(ids), total)
            weighted.append((count * idf, word, idf))
    return [(word, idf) for _, word, idf in sorted(weighted, reverse=True)[:MAX_WORDS]]


def _scores(snap: Snapshot, docnum: int, words: list[tuple[str, float]], total: int
            ) -> tuple[np.ndarray, np.ndarray]:
    """Per document: the IDF-weighted officials, organizations and places it shares with the article plus
    WORD_WEIGHT times the IDF of the distinctive words it shares; and whether it shares a person or body."""
    score = np.zeros(snap.size, dtype=np.float64)
    named = np.zeros(snap.size, dtype=bool)
    for name, weight in ENTITY_WEIGHTS.items():
        column = snap.facets[name]
        for o in _values(column, docnum):
            docs = column.docs_by_value[column.value_start[o]:column.value_start[o + 1]]
            score[docs] += weight * _idf(int(column.total[o]), total)
            if name != "place":
                named[docs] = True
    for word, idf in words:
        score[snap.postings("body", word).ids] += WORD_WEIGHT * idf
    return score, named


def _story_date(snap: Snapshot, docnum: int) -> int:
    """The article's timestamp, else its story's earliest dated copy's, else NO_DATE."""
    if snap.published[docnum] != NO_DATE:
        return int(snap.published[docnum])
    pub = snap.published[(snap.story == snap.story[docnum]) & snap.live]
    pub = pub[pub != NO_DATE]
    return int(pub.min()) if len(pub) else NO_DATE


def _best_per_story(snap: Snapshot, docs: np.ndarray, score: np.ndarray, limit: int,
                    taken: np.ndarray) -> np.ndarray:
    """The best copy (highest score, then earliest dated) of each story not in `taken`, best first."""
    docs = docs[~np.isin(snap.story[docs], taken)]
    pub = snap.published[docs]
    docs = docs[np.lexsort((docs, pub, pub == NO_DATE, -score[docs]))]
    _, first = np.unique(snap.story[docs], return_index=True)
    return docs[np.sort(first)][:limit]


def _holds(ids: np.ndarray, docnum: int) -> bool:
    """Whether sorted posting ids hold a document."""
    i = int(np.searchsorted(ids, docnum))
    return i < len(ids) and int(ids[i]) == docnum


def _reason(snap: Snapshot, docnum: int, other: int, words: list[tuple[str, float]],
            window: int | None) -> Reason:
    """The values and words `other` shares with `docnum`, rarest value first."""
    shared = {}
    for name in ENTITY_WEIGHTS:
        column = snap.facets[name]
        common = np.intersect1d(_values(column, docnum), _values(column, other))
        shared[name] = tuple(column.values[o] for o in common[np.argsort(column.total[common], kind="stable")])
    found = tuple(w for w, _ in words if _holds(snap.postings("body", w).ids, other))
    return Reason(shared["official"], shared["organization"], shared["place"], found, window)


def find_related(snap: Snapshot, docnum: int, n: int) -> list[tuple[int, float, Reason]]:
    """Up to `n` other stories related to a document, as (docnum of one copy, score, reason).

    Candidates are the live documents outside the article's story that share an entity or a distinctive
    word. A dated article (or one whose story has a dated copy) takes them from the narrowest window of
    WINDOWS_DAYS holding `n` stories that share a person or body with it (any candidate counts when none
    does anywhere), else the widest, best first, then fills up from outside it; an undated one has no window.
    """
    total = max(snap.live_count, 1)
    words = _distinctive_words(snap, docnum, total)
    score, named = _scores(snap, docnum, words, total)
    score[~snap.live] = 0
    candidates = np.flatnonzero(score > 0)
    candidates = candidates[snap.story[candidates] != snap.story[docnum]]     # never a copy of itself
    strong = named[candidates] if named[candidates].any() else np.ones(len(candidates), dtype=bool)
    when = _story_date(snap, docnum)
    chosen: list[tuple[np.ndarray, int | None]] = []
    taken = np.zeros(0, dtype=snap.story.dtype)
    if when != NO_DATE:
        pub = snap.published[candidates]
        near = pub != NO_DATE
        distance = np.abs(pub - when)
        for days in WINDOWS_DAYS:
            inside = near & (distance <= days * DAY)
            if len(_best_per_story(snap, candidates[inside & strong], score, n, taken)) >= n:
                break
        best = _best_per_story(snap, candidates[inside], score, n, taken)
        chosen.append((best, days))
        taken = np.concatenate([taken, snap.story[best]])
    rest = n - sum(len(docs) for docs, _ in chosen)
    if rest > 0:
        chosen.append((_best_per_story(snap, candidates, score, rest, taken), None))
    return [(int(d), float(score[d]), _reason(snap, docnum, int(d), words, window))
            for docs, window in chosen for d in docs]
