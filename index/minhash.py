"""MinHash signatures of article bodies, for finding copies of one story (index/stories.py).

A body is reduced to what two reprints of a story share: lines that are credits or boilerplate
("Theo TTXVN", "(Nguồn: VnExpress)", "Ảnh: …", bylines, short labels), links to other articles (a list of
headlines each ending with its date: "U23 VN thua Thái Lan(06/12/2005)") and contact footers (a line with
an e-mail or web address) are dropped — two different reports under one outlet's list of related links
or one footer would otherwise share a long passage word for word — the rest is
folded (no marks, đ → d) and cut into overlapping runs of SHINGLE_SIZE words. Each run is hashed
to 32 bits from its words' CRC-32s (numpy, stable across processes, unlike Python's `hash`), and
datasketch's MinHash (maintained and vectorised; it avalanches the input hashes itself, and its
fixed permutation seed makes signatures written by one run comparable with another's) turns the set
into NUM_PERM 32-bit values whose agreement estimates the sets' Jaccard similarity.
"""

from __future__ import annotations

import re
import zlib
from difflib import SequenceMatcher

import numpy as np
from datasketch import MinHash

from .normalize import fold_normalized

__all__ = ["NUM_PERM", "SHINGLE_SIZE", "MIN_SHINGLES", "SEED", "SIGNING", "kept_words", "body_shingles",
           "signature", "longest_shared_run", "similarity"]

NUM_PERM = 64             # 64 values: ±0.06 on a Jaccard estimate near 0.5, 256 bytes per article
SHINGLE_SIZE = 3          # three folded syllables: word order matters, a swapped word spoils only 3 shingles
MIN_SHINGLES = 12         # fewer shingles (a caption, a score line) is too little text to call two articles one story
SEED = 1
SIGNING = 2               # version of the rule of what is signed: signatures of another version are recomputed
SHORT_LINE = 8            # lines of fewer syllables are labels, bylines or credits ("Trả lời:", "Trang Phạm")
# A credit or source line: "Theo TTXVN", "(Theo báo Nhân Dân)", "Nguồn: VOV", "Ảnh: Vĩnh Ngọc" — short: a longer
# line opening with "Theo …" is usually a lead sentence ("Theo Sở Y tế, …"), which is content.
_CREDIT_START = frozenset({"theo", "nguon", "anh", "video", "clip", "bai", "tin", "pv", "ctv", "ttxvn"})
_CREDIT_MAX = 12
# A link to another article: a line ending with a date in parentheses ("…(17/08/2004)", "… (05/12)").
_LINKED_HEADLINE = re.compile(r"\(\s*\d{1,2}/\d{1,2}(?:/\d{2,4})?\s*\)\W*$")
# A contact or submission footer: a line of at most _FOOTER_MAX words with an e-mail or web address
# ("giaoduc@dantri.com.vn", "www.…", "http…"); a longer paragraph citing a site is content.
_ADDRESS = re.compile(r"\w@\w|\bwww\.|https?://|\.(?:com|vn|net|org)\b")
_FOOTER_MAX = 40
_WORD = re.compile(r"\w+")
_MIX = (np.uint64(0x9E3779B1), np.uint64(0x85EBCA77))      # odd multipliers: word order changes the hash
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED).permutations   # drawn once, not per article
_WORD_HASHES: dict[str, int] = {}
_WORD_HASHES_MAX = 500_000


def _word_hash(word: str) -> int:
    """CRC-32 of a word (memoized: news vocabulary repeats)."""
    value = _WORD_HASHES.get(word)
    if value is None:
        value = zlib.crc32(word.encode("utf-8"))
        if len(_WORD_HASHES) < _WORD_HASHES_MAX:
            _WORD_HASHES[word] = value
    return value


def kept_words(body: str) -> list[str]:
    """The folded, lower-case words of the lines of a normalized body that are not credits or boilerplate."""
    kept: list[str] = []
    for line in fold_normalized(body).split("\n"):
        words = _WORD.findall(line)
        if (len(words) < SHORT_LINE or (words[0] in _CREDIT_START and len(words) <= _CREDIT_MAX)
                or _LINKED_HEADLINE.search(line) or (len(words) <= _FOOTER_MAX and _ADDRESS.search(line))):
            continue
        kept.extend(words)
    return kept


def body_shingles(body: str) -> np.ndarray:
    """The distinct 32-bit hashes (uint64 array) of the SHINGLE_SIZE-word runs of a body's kept lines."""
    words = kept_words(body)
    if len(words) < SHINGLE_SIZE:
        return np.zeros(0, dtype=np.uint64)
    word_hash = np.fromiter(map(_word_hash, words), dtype=np.uint64, count=len(words))
    run = word_hash[: len(words) - SHINGLE_SIZE + 1].copy()
    for offset in range(1, SHINGLE_SIZE):
        run = (run * _MIX[offset % 2]) ^ word_hash[offset: len(words) - SHINGLE_SIZE + 1 + offset]
    return np.unique(run & np.uint64(0xFFFFFFFF))


def signature(body: str) -> tuple[np.ndarray, int]:
    """(MinHash values as uint32[NUM_PERM], number of shingles) of a normalized body."""
    shingles = body_shingles(body)
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int, permutations=_PERMUTATIONS, scheme="affine32")
    if len(shingles):
        minhash.update_batch(shingles.tolist())
    return np.asarray(minhash.hashvalues, dtype=np.uint32), len(shingles)


def longest_shared_run(first: str, second: str) -> int:
    """Length in words of the longest passage two normalized bodies' kept lines share word for word."""
    a, b = kept_words(first), kept_words(second)
    return SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size


def similarity(first: np.ndarray, second: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures (share of equal values)."""
    return float(np.count_nonzero(first == second)) / len(first)
