"""Adjacency re-ranking: syllables that stand together in the typed order outrank scattered ones.

Per shared/research/retrieval-design.md §2 (D4) and §5: adjacency acts when candidates are chosen
(a scan of the best BM25 documents for the full folded run) and again in the re-rank (bonus for the
longest contiguous run; the full run in the typed reading earns most, in another reading little).
A run of one word earns nothing.
"""

from __future__ import annotations

import re

import numpy as np

from .normalize import fold
from .query import Word
from .snapshot import Snapshot

__all__ = ["RunRanker", "POOL_SIZE", "SCAN_DEPTH"]

POOL_SIZE = 200
SCAN_DEPTH = 3000
TITLE_FACTOR = 1.5
EXACT_RUN_BONUS = 4.0
OTHER_READING_BONUS = 0.6
RUN_BONUS = 2.0


class RunRanker:
    """Scores documents by how much of the typed word run they contain contiguously."""

    def __init__(self, snap: Snapshot, run: list[Word], exact_pattern: re.Pattern[bytes] | None) -> None:
        self.snap = snap
        self.folded = [fold(w.text) for w in run]
        self.k = len(run)
        self.accented = any(fold(w.text) != w.text for w in run)
        self.exact_pattern = exact_pattern
        self.full = self._window(0, self.k)

    def _window(self, start: int, stop: int) -> bytes:
        return (" " + " ".join(self.folded[start:stop]) + " ").encode()

    def active(self) -> bool:
        """Whether there is a run to reward (two words or more)."""
        return self.k >= 2

    def has_full_run(self, docnum: int) -> bool:
        """The folded run appears contiguously in the title or body."""
        contains = self.snap.contains
        return contains("title_fold", docnum, self.full) or contains("body_fold", docnum, self.full)

    def _longest(self, text: bytes) -> int:
        for length in range(self.k, 1, -1):
            for start in range(0, self.k - length + 1):
                if self._window(start, start + length) in text:
                    return length
        return 1

    def bonus(self, docnum: int) -> float:
        """Multiplicative bonus (score · (1 + bonus)) for one document."""
        seq = self.snap.sequence
        best = 0.0
        for column, factor in (("title", TITLE_FACTOR), ("body", 1.0)):
            text = seq(f"{column}_fold", docnum)
            length = self._longest(text)
            if length == self.k and self.accented:
                exact = self.exact_pattern is not None and self.exact_pattern.search(seq(column, docnum))
                value = EXACT_RUN_BONUS if exact else OTHER_READING_BONUS
            else:
                value = RUN_BONUS * (length - 1) / (self.k - 1)
            best = max(best, value * factor)
        return best

    def candidates(self, docs: np.ndarray, score: np.ndarray) -> np.ndarray:
        """Indices (into docs) of the best SCAN_DEPTH by score that contain the full run."""
        if len(docs) <= POOL_SIZE or self.k < 3:
            return np.zeros(0, dtype=np.int64)
        depth = min(SCAN_DEPTH, len(docs))
        top = np.argpartition(-score, depth - 1)[:depth]
        top_docs = docs[top].tolist()
        return np.asarray([i for i, d in zip(top.tolist(), top_docs) if self.has_full_run(d)],
                          dtype=np.int64)
