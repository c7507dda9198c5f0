"""MinHash signatures of article bodies, for finding copies of one story (index/stories.py).

A body is reduced to what two reprints of a story share: lines that are credits or boilerplate
("Theo TTXVN", "(Nguồn: VnExpress)", "Ảnh: …", bylines, short labels) are dropped, the rest is
folded (no marks, đ → d) and cut into overlapping runs of SHINGLE_SIZE syllables. datasketch's
MinHash (a maintained, vectorised implementation with a fixed permutation seed, so signatures
written by one run compare with another's) turns that set into NUM_PERM 32-bit values whose
agreement estimates the sets' Jaccard similarity.
"""

from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash

from .normalize import fold
from .tokenize import index_terms

__all__ = ["NUM_PERM", "SHINGLE_SIZE", "MIN_SHINGLES", "body_shingles", "signature", "similarity"]

NUM_PERM = 64             # 64 values: ±0.06 on a Jaccard estimate near 0.5, 256 bytes per article
SHINGLE_SIZE = 3          # three folded syllables: word order matters, a swapped word spoils only 3 shingles
MIN_SHINGLES = 12         # fewer shingles (a caption, a score line) is too little text to call two articles one story
SEED = 1
SHORT_LINE = 8            # lines of fewer syllables are labels, bylines or credits ("Trả lời:", "Trang Phạm")
# A credit or source line: "Theo TTXVN", "(Theo báo Nhân Dân)", "Nguồn: VOV", "Ảnh: Vĩnh Ngọc".
_CREDIT_START = frozenset({"theo", "nguon", "anh", "video", "clip", "bai", "tin", "pv", "ctv", "ttxvn"})
_CREDIT_MAX = 20
_LINE_SPLIT = re.compile(r"\n+")


def _kept_tokens(body: str) -> list[str]:
    """The folded syllables of the lines of `body` that are not credits or boilerplate."""
    kept: list[str] = []
    for line in _LINE_SPLIT.split(body):
        tokens = [fold(t) for t in index_terms(line)[0]]
        if len(tokens) < SHORT_LINE:
            continue
        if tokens[0] in _CREDIT_START and len(tokens) <= _CREDIT_MAX:
            continue
        kept.extend(tokens)
    return kept


def body_shingles(body: str) -> set[bytes]:
    """The set of SHINGLE_SIZE-syllable runs of a body's kept lines, as UTF-8 bytes."""
    tokens = _kept_tokens(body)
    return {" ".join(tokens[i:i + SHINGLE_SIZE]).encode("utf-8")
            for i in range(len(tokens) - SHINGLE_SIZE + 1)}


def signature(body: str) -> tuple[np.ndarray, int]:
    """(MinHash values as uint32[NUM_PERM], number of shingles) of a body."""
    shingles = body_shingles(body)
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED)
    if shingles:
        minhash.update_batch(list(shingles))
    return np.asarray(minhash.hashvalues, dtype=np.uint32), len(shingles)


def similarity(first: np.ndarray, second: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures (share of equal values)."""
    return float(np.count_nonzero(first == second)) / len(first)
