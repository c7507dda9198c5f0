"""Adjacency re-ranking: syllables that stand together in the typed order outrank scattered ones.

Per shared/research/retrieval-design.md §2 (D4) and §5, refined by the typed reading. The documents
holding the whole run in one field come from the adjacent-pair postings (every one of them, not
only the best scored), and documents come in tiers: the whole run in the typed reading (for a
query with marks: marked words as typed, unmarked ones with the level tone), then in the typed
reading with other tones on the unmarked words, then in any other reading, then documents without
the whole run (typed readings present first, by the matcher's strict flag). Inside a tier,
score · (1 + bonus): the run in the title earns more than in the body, and without the run each
adjacent pair of it standing together earns its share. A run of one word earns nothing.
"""

from __future__ import annotations

import heapq
import re
from functools import cached_property, reduce

import numpy as np

from .normalize import fold
from .query import Word
from .schema import pair_term, run_regex
from .snapshot import Snapshot

__all__ = ["RunRanker", "POOL_SIZE", "TIER_SCAN_LIMIT"]

POOL_SIZE = 200
TIER_SCAN_LIMIT = 1500       # whole-run holders whose reading is looked at, best score first
TIER_CHUNK = 100
TITLE_FACTOR = 1.5
EXACT_RUN_BONUS = 4.0
OTHER_READING_BONUS = 0.6
RUN_BONUS = 2.0
FIELDS = ("title", "body")


class RunRanker:
    """Scores documents by how much of the typed word run they hold in the typed order."""

    def __init__(self, snap: Snapshot, run: list[Word], patterns: list[re.Pattern[bytes]]) -> None:
        """`patterns`: the typed readings of the run over the exact columns, strictest first
        (empty for a run without marks)."""
        self.snap = snap
        self.folded = [fold(w.text) for w in run]
        self.k = len(run)
        self.accented = bool(patterns)
        self.patterns = patterns
        self._tier: dict[tuple[int, str], int] = {}
        # The whole folded run; a run that starts or ends with a number may start or end inside a
        # number or date token ("5 hoàn thành" in "30/5 hoàn thành").
        self.full = re.compile(run_regex([re.escape(w.encode()) for w in self.folded],
                                         starts_inside=bool(run) and self.folded[0].isdigit(),
                                         ends_inside=bool(run) and self.folded[-1].isdigit()))

    def active(self) -> bool:
        """Whether there is a run to reward (two words or more)."""
        return self.k >= 2

    @cached_property
    def _pairs(self) -> dict[str, list[np.ndarray]]:
        """Per field, for each adjacent pair of the run: which documents hold it (dense bools)."""
        out: dict[str, list[np.ndarray]] = {}
        for field in FIELDS:
            out[field] = []
            for a, b in zip(self.folded, self.folded[1:]):
                dense = np.zeros(self.snap.size, dtype=bool)
                dense[self.snap.postings(f"{field}_pairs", pair_term(a, b)).ids] = True
                out[field].append(dense)
        return out

    @cached_property
    def _whole(self) -> dict[str, np.ndarray]:
        """Per field: which documents hold the whole folded run (pairs, then the column for k > 2)."""
        out: dict[str, np.ndarray] = {}
        for field in FIELDS:
            held = reduce(np.logical_and, self._pairs[field])
            if self.k > 2:
                ids = np.flatnonzero(held)
                held[ids[~self.snap.search_many(f"{field}_fold", ids, self.full)]] = False
            out[field] = held
        return out

    def whole_run(self, docs: np.ndarray) -> np.ndarray:
        """Per document, whether the whole folded run stands in its title or body."""
        return self._whole["title"][docs] | self._whole["body"][docs]

    def whole_tiers(self, docs: np.ndarray, whole: np.ndarray) -> np.ndarray:
        """Per document holding the whole folded run: the index of the first typed reading it
        holds in such a field (len(patterns) for none); -1 for the others."""
        tiers = np.full(len(docs), -1, dtype=np.int8)
        if not self.patterns:
            tiers[whole] = 0
            return tiers
        for i in np.flatnonzero(whole).tolist():
            docnum = int(docs[i])
            tiers[i] = min(self._field_tier(docnum, f) for f in FIELDS if self._whole[f][docnum])
        return tiers

    def _field_tier(self, docnum: int, field: str) -> int:
        """The index of the first typed reading of the run in one field of a document holding the
        folded run there (len(patterns) for none)."""
        key = (docnum, field)
        tier = self._tier.get(key)
        if tier is None:
            sequence = self.snap.sequence(field, docnum)
            tier = self._tier[key] = next(
                (n for n, p in enumerate(self.patterns) if p.search(sequence)), len(self.patterns))
        return tier

    def order(self, docs: np.ndarray, score: np.ndarray, strict: np.ndarray, depth: int
              ) -> tuple[np.ndarray, np.ndarray]:
        """The first `depth` of `docs` in final order, with their final scores.

        Tiers (module docstring) in order; inside one, score · (1 + bonus). Bonuses of documents
        without the whole run are computed best score first, only while they can still reach the
        page.
        """
        whole = self.whole_run(docs)
        tiers = self.whole_tiers(docs, whole)
        groups = [(tiers == t, True) for t in range(len(self.patterns) + 1)]
        groups += [(~whole & strict, False), (~whole & ~strict, False)]
        out_idx: list[np.ndarray] = []
        out_final: list[np.ndarray] = []
        need = depth
        for members, want_whole in groups:
            if need <= 0:
                break
            group = np.flatnonzero(members)
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
        for field, factor in (("title", TITLE_FACTOR), ("body", 1.0)):
            if self._whole[field][docnum]:
                full = True
                if self.accented:
                    typed = self._field_tier(docnum, field) < len(self.patterns)
                    value = EXACT_RUN_BONUS if typed else OTHER_READING_BONUS
                else:
                    value = RUN_BONUS
                best = max(best, value * factor)
            elif self.k > 2:
                for i, held in enumerate(self._pairs[field]):
                    if held[docnum]:
                        pair_weight[i] = max(pair_weight[i], factor)
        return max(best, RUN_BONUS * sum(pair_weight) / (self.k - 1)), full

    def candidates(self, docs: np.ndarray, score: np.ndarray, depth: int) -> np.ndarray:
        """Indices (into docs) of the whole-run holders that can reach the first `depth` results.

        Every holder comes from the pair postings. Without marks, those whose score times the
        largest factor reaches the depth-th best times the smallest; with marks, their reading is looked at best
        score first, in chunks, until `depth` holders of the strictest reading are certain to
        outrank the rest (they earn at least a factor 1 + EXACT_RUN_BONUS, nothing earns more than
        1 + EXACT_RUN_BONUS · TITLE_FACTOR), or TIER_SCAN_LIMIT were looked at.
        """
        holders = np.flatnonzero(self.whole_run(docs))
        if len(holders) <= depth:
            return holders
        holders = holders[np.argsort(-score[holders], kind="stable")]
        if not self.accented:      # one tier: a holder below this score cannot reach the page
            floor = score[holders[depth - 1]] * (1 + RUN_BONUS) / (1 + RUN_BONUS * TITLE_FACTOR)
            return holders[score[holders] >= floor]
        least = 1 + EXACT_RUN_BONUS
        most = 1 + EXACT_RUN_BONUS * TITLE_FACTOR
        certain: list[float] = []
        looked = 0
        while looked < min(len(holders), TIER_SCAN_LIMIT):
            chunk = holders[looked:looked + TIER_CHUNK]
            if len(certain) >= depth and score[chunk[0]] * most < sorted(certain)[-depth] * least:
                break
            tiers = self.whole_tiers(docs[chunk], np.ones(len(chunk), dtype=bool))
            certain += score[chunk[tiers == 0]].tolist()
            looked += len(chunk)
        return holders[:looked]
