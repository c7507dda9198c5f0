"""Evaluate a parsed query over a Snapshot: boolean match masks and BM25 scores in numpy.

A word typed without marks matches every reading of its folded form (looked up in the lexicon);
a word typed with marks matches the same set but scores its own reading higher and defines the
"strict" set that ranks first (shared/research/vietnamese-analysis.md §7 gap 4).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .normalize import fold, has_tone
from .query import DateRange, FacetTerm, Node, Not, Or, Phrase, Prefix, Word
from .schema import NO_DATE, pair_term, run_regex
from .snapshot import Snapshot

__all__ = ["Matcher", "ScoringTerm", "FIELD_BOOST", "MAX_PREFIX_TERMS", "iy_variant"]

K1 = 1.2
B = 0.75
FIELD_BOOST = {"title": 2.5, "body": 1.0}
EXACT_WEIGHT = 2.0       # extra weight of the typed reading for an accented word
FOLDED_WEIGHT_ACCENTED = 0.6
MAX_PREFIX_TERMS = 200
PHRASE_CHECK_LIMIT = 200_000


@dataclass
class ScoringTerm:
    """A positive query word (or prefix) that contributes to the score."""

    key: str                  # folded form (prefix: "pre*")
    fields: tuple[str, ...]
    weight: float
    exact: str | None         # the typed reading when the word carries marks


# Open syllables spelled with either i or y (kĩ/kỹ, lí/lý, Mĩ/Mỹ, quí/quý): a query for one
# also matches the other (shared/research/vietnamese-analysis.md §4.3, coccoc i_and_y.txt).
_IY_RE = re.compile(r"(b|ch|d|h|k|kh|l|m|n|ph|qu|s|t|th|tr|v|x)([iy])")


def iy_variant(folded: str) -> str | None:
    """The other i/y spelling of a folded open syllable (ki → ky), or None."""
    m = _IY_RE.fullmatch(folded)
    if not m:
        return None
    return m.group(1) + ("y" if m.group(2) == "i" else "i")


@dataclass(frozen=True)
class TermVector:
    """One word over the documents of a field: frequencies, presence and document frequency."""

    tf: np.ndarray            # float32 per document
    present: np.ndarray       # bool per document
    df: int                   # live documents holding it
    capped: bool = False      # a prefix whose expansion was cut at MAX_PREFIX_TERMS


def _fields(field: str | None) -> tuple[str, ...]:
    return (field,) if field else ("title", "body")


class Matcher:
    """Computes masks and scores for one query over one snapshot (memoizing dense arrays)."""

    def __init__(self, snap: Snapshot, warnings: list[str]) -> None:
        self.snap = snap
        self.n = snap.size
        self.warnings = warnings
        self._vectors: dict[tuple[str, str, bool], TermVector] = {}
        self.terms: dict[tuple[str, tuple[str, ...], str | None], ScoringTerm] = {}

    # -- term vectors ----------------------------------------------------------------------
    def _union(self, fieldname: str, terms: tuple[str, ...]) -> np.ndarray:
        parts = [self.snap.postings(fieldname, t) for t in terms]
        parts = [p for p in parts if len(p.ids)]
        if not parts:
            return np.zeros(self.n, dtype=np.float32)
        if len(parts) == 1:
            out = np.zeros(self.n, dtype=np.float32)
            out[parts[0].ids] = parts[0].tf
            return out
        ids = np.concatenate([p.ids for p in parts])
        tf = np.concatenate([p.tf for p in parts])
        return np.bincount(ids, weights=tf, minlength=self.n).astype(np.float32)

    def vector(self, fieldname: str, key: str, *, exact: bool = False) -> TermVector:
        """A folded key (all readings) or one exact term over the documents of a field (cached)."""
        cache_key = (fieldname, key, exact)
        hit = self._vectors.get(cache_key)
        if hit is not None:
            return hit
        hit = self.snap.term_vectors.get(cache_key)
        if hit is None:
            hit = self._build_vector(fieldname, key, exact)
            self.snap.term_vectors.put(cache_key, hit)
        if hit.capped:
            self.warnings.append(
                f"{key} matches too many words: only the first {MAX_PREFIX_TERMS} were used")
        self._vectors[cache_key] = hit
        return hit

    def present(self, fieldname: str, key: str) -> np.ndarray:
        """Which documents hold a folded key (any reading) in a field."""
        return self.vector(fieldname, key).present

    def _build_vector(self, fieldname: str, key: str, exact: bool) -> TermVector:
        capped = False
        if exact:
            terms = self.snap.exact_terms(fieldname, key)
        elif key.endswith("*"):
            keys, capped = self.snap.folded_with_prefix(key[:-1], MAX_PREFIX_TERMS)
            terms = tuple(t for k in keys for t in self.snap.readings_of(fieldname, k))
        else:
            terms = self.snap.readings_of(fieldname, key)
            variant = iy_variant(key)
            if variant:
                terms = terms + self.snap.readings_of(fieldname, variant)
        tf = self._union(fieldname, terms)
        present = tf > 0
        live = self.snap.live
        df = int(np.count_nonzero(present if self.snap.live_count == self.n else present & live))
        return TermVector(tf, present, df, capped)

    # -- masks -----------------------------------------------------------------------------
    def _word_mask(self, key: str, fields: tuple[str, ...]) -> np.ndarray:
        mask = np.zeros(self.n, dtype=bool)
        for f in fields:
            mask |= self.present(f, key)
        return mask

    def _register(self, key: str, fields: tuple[str, ...], weight: float, exact: str | None) -> None:
        ident = (key, fields, exact)
        term = self.terms.get(ident)
        if term is None or term.weight < weight:
            self.terms[ident] = ScoringTerm(key, fields, weight, exact)

    def _word(self, word: Word, positive: bool) -> np.ndarray:
        folded = fold(word.text)
        fields = _fields(word.field)
        if positive:
            self._register(folded, fields, word.weight, word.text if folded != word.text else None)
        return self._word_mask(folded, fields)

    def _phrase(self, phrase: Phrase, positive: bool) -> np.ndarray:
        mask = np.ones(self.n, dtype=bool)
        for word in phrase.words:
            mask &= self._word(word, positive)
        return mask & self.phrase_filter(phrase, mask)

    def phrase_filter(self, phrase: Phrase, candidates: np.ndarray) -> np.ndarray:
        """Documents among `candidates` where the phrase's syllables stand adjacent, in order.

        Adjacency is checked on the folded forms, so "Việt Nam" also finds an unaccented source;
        the typed reading still ranks first through the scores. The adjacent-pair postings answer
        a two-syllable phrase outright and narrow a longer one to the documents holding each of its
        pairs, whose folded column is then searched for the whole phrase. A phrase that starts or
        ends with a number may start or end inside a number or date token, as a typed run may.
        """
        words = [fold(w.text) for w in phrase.words]
        whole = re.compile(run_regex([re.escape(w.encode()) for w in words], starts_inside=words[0].isdigit(),
                                     ends_inside=words[-1].isdigit()))
        out = np.zeros(self.n, dtype=bool)
        for field in ([phrase.field] if phrase.field else ["title", "body"]):
            held = candidates & ~out
            for a, b in zip(words, words[1:]):
                pair = np.zeros(self.n, dtype=bool)
                pair[self.snap.postings(f"{field}_pairs", pair_term(a, b)).ids] = True
                held &= pair
            if len(words) == 2:
                out |= held
                continue
            docs = np.flatnonzero(held)
            if len(docs) > PHRASE_CHECK_LIMIT:
                self.warnings.append("phrase checked on the first %d candidates only" % PHRASE_CHECK_LIMIT)
                docs = docs[:PHRASE_CHECK_LIMIT]
            out[docs[self.snap.search_many(f"{field}_fold", docs, whole)]] = True
        return out

    def run_patterns(self, words: list[Word]) -> list[re.Pattern[bytes]]:
        """Regexes over the exact columns for the typed readings of a run, strictest first.

        Empty when no word carries marks. Otherwise the marked words keep their reading, and the
        unmarked ones are read first with the level tone (`một giai` → "một giai", not "một giải"),
        then in any reading; the second pattern is dropped when it would equal the first.
        """
        if all(fold(w.text) == w.text for w in words):
            return []
        level = self._run_pattern(words, lambda readings: {r for r in readings if not has_tone(r)})
        anyhow = self._run_pattern(words, lambda readings: readings)
        return [level] if level.pattern == anyhow.pattern else [level, anyhow]

    def _run_pattern(self, words: list[Word],
                     choose: Callable[[set[str]], set[str]]) -> re.Pattern[bytes]:
        parts = []
        for w in words:
            if fold(w.text) != w.text:
                parts.append(re.escape(w.text.encode()))
                continue
            readings = set(self.snap.readings_of("title", w.text)) | set(self.snap.readings_of("body", w.text))
            chosen = choose(readings) or {w.text}
            parts.append(b"(?:" + b"|".join(re.escape(r.encode()) for r in sorted(chosen)) + b")")
        return re.compile(run_regex(parts, starts_inside=words[0].text.isdigit(),
                                    ends_inside=words[-1].text.isdigit()))

    def _prefix(self, prefix: Prefix, positive: bool) -> np.ndarray:
        key = fold(prefix.text) + "*"
        fields = _fields(prefix.field)
        if positive:
            self._register(key, fields, 1.0, None)
        return self._word_mask(key, fields)

    def _facet(self, term: FacetTerm) -> np.ndarray:
        if term.field not in self.snap.facets:
            return np.zeros(self.n, dtype=bool)
        column = self.snap.facets[term.field]
        return column.docs_with(column.matching(term.value), self.n)

    def date_mask(self, rng: DateRange) -> np.ndarray:
        """Documents published in the range (or undated ones for undated=True)."""
        pub = self.snap.published
        if rng.undated:
            return pub == NO_DATE
        mask = pub != NO_DATE
        if rng.start is not None:
            mask &= pub >= int(rng.start.timestamp())
        if rng.end is not None:
            mask &= pub < int(rng.end.timestamp())
        return mask

    def mask(self, node: Node | None, positive: bool = True) -> np.ndarray:
        """Boolean match mask of a query node (None matches every document)."""
        if node is None:
            return np.ones(self.n, dtype=bool)
        if isinstance(node, Word):
            return self._word(node, positive)
        if isinstance(node, Phrase):
            return self._phrase(node, positive)
        if isinstance(node, Prefix):
            return self._prefix(node, positive)
        if isinstance(node, FacetTerm):
            return self._facet(node)
        if isinstance(node, DateRange):
            return self.date_mask(node)
        if isinstance(node, Not):
            return ~self.mask(node.child, not positive)
        if isinstance(node, Or):
            out = np.zeros(self.n, dtype=bool)
            for child in node.children:
                out |= self.mask(child, positive)
            return out
        out = np.ones(self.n, dtype=bool)
        for child in node.children:  # And
            out &= self.mask(child, positive)
        return out

    # -- scoring ---------------------------------------------------------------------------
    def _bm25(self, fieldname: str, tf: np.ndarray, df: int, docs: np.ndarray) -> np.ndarray:
        n = max(self.snap.live_count, 1)
        idf = np.log1p((n - df + 0.5) / (df + 0.5))
        length = self.snap.lengths[fieldname][docs]
        norm = K1 * (1 - B + B * length / self.snap.avg_length[fieldname])
        return (idf * tf * (K1 + 1) / (tf + norm)).astype(np.float32)

    def scores(self, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(BM25 score, strict flag) for each document in `docs`."""
        score = np.zeros(len(docs), dtype=np.float32)
        strict = np.ones(len(docs), dtype=bool)
        for term in self.terms.values():
            has_exact = np.zeros(len(docs), dtype=bool)
            for f in term.fields:
                vector = self.vector(f, term.key)
                bm = self._bm25(f, vector.tf[docs], vector.df, docs)
                boost = FIELD_BOOST[f] * term.weight
                if term.exact is None:
                    score += boost * bm
                    continue
                exact = self.vector(f, term.exact, exact=True)
                etf = exact.tf[docs]
                has_exact |= etf > 0
                score += boost * (FOLDED_WEIGHT_ACCENTED * bm + EXACT_WEIGHT * self._bm25(f, etf, exact.df, docs))
            if term.exact is not None and term.weight >= 1.0:
                strict &= has_exact
        return score, strict
