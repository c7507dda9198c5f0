"""Is a word a well-formed Vietnamese syllable? (onset + vowel cluster + final, at most one tone mark).

Used to score candidate decodings of legacy-encoded files and to decide when a crawler-glued
word ("tạiNhật") can be split safely.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["is_vietnamese_syllable"]

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}

_VOWEL_CLUSTERS = (
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ "
    "uy ưa ưi ươ ưu yê iêu oai oao oay oeo uây uôi ươi ươu uya uyê uyu yêu"
).split()

_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnpqrstvx])?"
    r"(?:" + "|".join(sorted(_VOWEL_CLUSTERS, key=len, reverse=True)) + r")"
    r"(?:ch|ng|nh|[cmnpt])?"
)


@lru_cache(maxsize=65536)
def is_vietnamese_syllable(word: str) -> bool:
    """True when `word` (any case, NFC or NFD) is one well-formed Vietnamese syllable."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for char in decomposed if char in _TONES)
    if tones > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(char for char in decomposed if char not in _TONES))
    return _SYLLABLE.fullmatch(base) is not None
