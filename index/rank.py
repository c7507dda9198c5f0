"""Adjacency re-ranking: syllables that stand together in the typed order outrank scattered ones.

Per shared/research/retrieval-design.md §2 (D4) and §5: adjacency acts when candidates are chosen
(a scan of the best BM25 documents for the full folded run) and again in the re-rank (the full run
in the typed reading earns most, in another reading little; without it, each adjacent pair of the
run that stands together earns its share). A run of one word earns nothing.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable
from functools import cached_property

import numpy as np

from .normalize import fold
from .query import Word
from .snapshot import Snapshot

__all__ = ["RunRanker", "POOL_SIZE", "SCAN_DEPTH"]

POOL_SIZE = 200
SCAN_DEPTH = 3000
SCAN_CHUNK = 500
TITLE_FACTOR = 1.5
EXACT_RUN_BONUS = 4.0
OTHER_READING_BONUS = 0.6
RUN_BONUS = 2.0


class RunRanker:
    """Scores documents by how much of the typed word run they hold in the typed order."""

    def __init__(self, snap: Snapshot, run: list[Word], exact_pattern: re.Pattern[bytes] | None,
                 presence: Callable[[str, str], np.ndarray]) -> None:
        """`presence(field, folded word)`: which documents hold the word (any reading) in the field;
        a column is scanned for a piece of the run only where the postings hold all its words."""
        self.snap = snap
        self.folded = [fold(w.text) for w in run]
        self.k = len(run)
        self.accented = any(fold(w.text) != w.text for w in run)
        self.exact_pattern = exact_pattern
        self._presence = presence
        self._present: dict[str, list[np.ndarray]] = {}
        self._all_present: dict[str, np.ndarray] = {}
        self._windows: dict[tuple[int, int], bytes] = {}
        self.full = self._window(0, self.k)

    def _window(self, start: int, stop: int) -> bytes:
        key = (start, stop)
        window = self._windows.get(key)
        if window is None:
            window = self._windows[key] = (" " + " ".join(self.folded[start:stop]) + " ").encode()
        return window

    def active(self) -> bool:
        """Whether there is a run to reward (two words or more)."""
        return self.k >= 2

    @cached_property
    def _whole_in(self) -> dict[str, np.ndarray]:
        """Per field and document: whether the whole run stands there (-1: not looked yet)."""
        return {f: np.full(self.snap.size, -1, dtype=np.int8) for f in ("title", "body")}

    def _word_present(self, field: str) -> list[np.ndarray]:
        """Per run word, which documents hold it (any reading) in the field."""
        present = self._present.get(field)
        if present is None:
            present = self._present[field] = [self._presence(field, w) for w in self.folded]
        return present

    def _holds_all(self, field: str) -> np.ndarray:
        """Which documents hold every run word in the field (only they can hold the whole run)."""
        held = self._all_present.get(field)
        if held is None:
            held = self._all_present[field] = np.logical_and.reduce(self._word_present(field))
        return held

    def _adjacency(self, field: str, docnum: int) -> tuple[bool, list[bool]]:
        """(whether the whole run stands in one field of a document, and if not, which adjacent
        pairs of the run do)."""
        present = [bool(p[docnum]) for p in self._word_present(field)]
        column = f"{field}_fold"
        contains = self.snap.contains
        whole = int(self._whole_in[field][docnum])
        if whole < 0:
            whole = all(present) and contains(column, docnum, self.full)
        if whole or self.k == 2:
            return bool(whole), []
        return False, [present[i] and present[i + 1] and contains(column, docnum, self._window(i, i + 2))
                       for i in range(self.k - 1)]

    def whole_run(self, docs: np.ndarray) -> np.ndarray:
        """Per document, whether the whole folded run stands in its title or body."""
        found = self._holds_all("title")[docs]
        found[found] = self.snap.contains_many("title_fold", docs[found], self.full)
        self._whole_in["title"][docs] = found
        rest = ~found
        body = self._holds_all("body")[docs]
        self._whole_in["body"][docs[rest & ~body]] = 0
        rest &= body
        found[rest] = self.snap.contains_many("body_fold", docs[rest], self.full)
        self._whole_in["body"][docs[rest]] = found[rest]
        return found

    def order(self, docs: np.ndarray, score: np.ndarray, strict: np.ndarray, depth: int
              ) -> tuple[np.ndarray, np.ndarray]:
        """The first `depth` of `docs` in final order, with their final scores.

        Groups come in this order: strict with the whole run, strict without, then the rest the same
        way; inside a group, score · (1 + bonus). Bonuses of documents without the whole run (the
        costly part) are computed best score first, only while they can still reach the page.
        """
        whole = self.whole_run(docs)
        out_idx: list[np.ndarray] = []
        out_final: list[np.ndarray] = []
        need = depth
        for want_strict, want_whole in ((True, True), (True, False), (False, True), (False, False)):
            if need <= 0:
                break
            group = np.nonzero((strict == want_strict) & (whole == want_whole))[0]
            if not len(group):
                continue
            group = group[np.argsort(-score[group], kind="stable")]
            finals = self._group_finals(docs, score, group, need, whole=want_whole)
            kept = np.argsort(-finals, kind="stable")[:need]
            out_idx.append(group[kept])
            out_final.append(finals[kept])
            need -= len(kept)
        if not out_idx:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        return np.concatenate(out_idx), np.concatenate(out_final).astype(np.float32)

    def _group_finals(self, docs: np.ndarray, score: np.ndarray, group: np.ndarray, need: int,
                      *, whole: bool) -> np.ndarray:
        """Final scores of a group sorted by score; unreachable tails keep their plain score."""
        finals = score[group].astype(np.float32)
        # The largest factor (1 + bonus) a document of this group can earn.
        ceiling = 1 + (max(EXACT_RUN_BONUS, RUN_BONUS) if whole else RUN_BONUS) * TITLE_FACTOR
        best: list[float] = []
        for n, i in enumerate(group.tolist()):
            if len(best) >= need and score[i] * ceiling <= best[0]:
                break
            finals[n] = score[i] * (1 + self.bonus(int(docs[i]))[0])
            heapq.heappush(best, float(finals[n]))
            if len(best) > need:
                heapq.heappop(best)
        return finals

    def bonus(self, docnum: int) -> tuple[float, bool]:
        """(multiplicative bonus — score · (1 + bonus) —, whether the whole run is present).

        A field holding the whole run earns the run's bonus (typed reading or another one). Without
        it, every adjacent pair of the run standing in the title or the body earns its share, so
        "chu thap do hai phong" rewards "Chữ thập đỏ" and "Hải Phòng" together, wherever each
        stands, over either alone.
        """
        best = 0.0
        full = False
        pair_weight = [0.0] * (self.k - 1)
        for column, factor in (("title", TITLE_FACTOR), ("body", 1.0)):
            whole, pairs = self._adjacency(column, docnum)
            if whole:
                full = True
                if self.accented:
                    exact = self.exact_pattern is not None and self.exact_pattern.search(
                        self.snap.sequence(column, docnum))
                    value = EXACT_RUN_BONUS if exact else OTHER_READING_BONUS
                else:
                    value = RUN_BONUS
                best = max(best, value * factor)
            for i, pair in enumerate(pairs):
                if pair:
                    pair_weight[i] = max(pair_weight[i], factor)
        return max(best, RUN_BONUS * sum(pair_weight) / (self.k - 1)), full

    def candidates(self, docs: np.ndarray, score: np.ndarray, strict: np.ndarray, depth: int
                   ) -> np.ndarray:
        """Indices (into docs) of the whole-run holders among the best SCAN_DEPTH by score of the
        documents whose postings hold every run word.

        Scanned best score first, in chunks; the scan stops once `depth` strict documents holding
        the run are certain to outrank anything left (a whole run earns at least a factor
        1 + OTHER_READING_BONUS, nothing earns more than 1 + EXACT_RUN_BONUS · TITLE_FACTOR).
        """
        if len(docs) <= POOL_SIZE or self.k < 3:
            return np.zeros(0, dtype=np.int64)
        # Only documents whose postings hold every word of the run (in title or body) can hold it.
        holders = np.flatnonzero(self._holds_all("title")[docs] | self._holds_all("body")[docs])
        if not len(holders):
            return np.zeros(0, dtype=np.int64)
        # Three words stand together by chance more often, so their pool already holds most such
        # documents; longer runs (pasted sentences) are rare and need the deep scan.
        scan = min(SCAN_DEPTH if self.k > 3 else SCAN_DEPTH // 3, len(holders))
        top = holders[np.argpartition(-score[holders], scan - 1)[:scan]]
        top = top[np.argsort(-score[top], kind="stable")]
        least = 1 + (OTHER_READING_BONUS if self.accented else RUN_BONUS)
        most = 1 + max(EXACT_RUN_BONUS, RUN_BONUS) * TITLE_FACTOR
        found: list[np.ndarray] = []
        for chunk in np.array_split(top, max(1, scan // SCAN_CHUNK)):
            if not len(chunk):
                continue
            certain = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
            certain = certain[strict[certain]]
            if len(certain) >= depth:
                threshold = np.sort(score[certain] * least)[-depth]
                if score[chunk[0]] * most < threshold:
                    break
            found.append(chunk[self.whole_run(docs[chunk])])
        return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
