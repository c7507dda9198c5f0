"""Canonical Vietnamese text: NFC, one tone-mark placement, look-alike letters, invisible characters.

Every text is normalized before it is tokenized *and* before it is stored, so that stored text,
analysed text and highlight offsets always agree (shared/research/vietnamese-analysis.md §7 gaps 1–3).
Case is kept; the exact index form is the lower-cased canonical text.

Canonical tone placement is the "tone on the 1st vowel" style of open oa/oe/uy syllables (hòa, khỏe,
thủy), the style most Vietnamese news uses; qu/gi onset misplacements (qúy, gìa) are corrected.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["normalize_text", "canonical_syllable", "fold", "fold_text", "has_marks", "has_tone", "is_vietnamese_syllable"]

# Combining tone marks (the five tones besides level) and the Vietnamese shape marks.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_SHAPED = set("ăâêôơư")
_VOWELS = set("aăâeêioôơuưy")
_ONSETS = {
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh",
    "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
}
_CODAS = {"", "c", "ch", "m", "n", "ng", "nh", "p", "t"}
# The vowel nuclei that occur (tone marks aside): the strict test of a well-formed syllable.
_NUCLEI = (
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ "
    "uy ưa ưi ươ ưu yê iêu oai oao oay oeo uây uôi ươi ươu uya uyê uyu yêu"
).split()


def _longest_first(parts: set[str] | list[str]) -> str:
    return "|".join(sorted((p for p in parts if p), key=len, reverse=True))


_SYLLABLE_RE = re.compile(f"(?:{_longest_first(_ONSETS)})?(?:{_longest_first(_NUCLEI)})(?:{_longest_first(_CODAS)})?")

# Characters removed outright (invisible inside words), and characters that separate words.
_REMOVE = dict.fromkeys(map(ord, "\u00ad\u200c\u200d\u2060\ufeff"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
                            "\u2009\u200a\u200b\u202f\u205f\u3000"), " ")
# Look-alikes of Đ/đ seen in real pages (U+00D0 ETH on baotayninh.vn), and typographic apostrophes.
_LOOKALIKES = {0x00D0: "Đ", 0x00F0: "đ", 0x0189: "Đ", 0x0256: "đ", 0x2019: "'", 0x02BC: "'"}
# Full-width ASCII forms (ＵＢＮＤ) map to ASCII.
_FULLWIDTH = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
_TABLE = {**_REMOVE, **_SPACES, **_LOOKALIKES, **_FULLWIDTH}

# Only syllables that can carry a misplaced tone need the rule engine: a tone on the 2nd vowel of
# oa/oe/uy, or on the u/i of a qu/gi onset. Everything else is already canonical after NFC.
_TRIGGER_RE = re.compile(r"(?i)o[àáảãạèéẻẽẹ]|u[ỳýỷỹỵ]|q[ùúủũụ]|g[ìíỉĩị]")
_NEEDS_TABLE_RE = re.compile("[" + re.escape("".join(map(chr, _TABLE))) + "]")


def _strip_tone(syllable: str) -> tuple[str, str | None]:
    """Split an NFC syllable into its tone-less letters (shape marks kept) and its tone mark."""
    tone = None
    letters = []
    for ch in syllable:
        decomposed = unicodedata.normalize("NFD", ch)
        marks = [m for m in decomposed[1:] if m in _TONES]
        if marks:
            tone = marks[0]
            ch = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
        letters.append(ch)
    return "".join(letters), tone


def _tone_index(base: str) -> int | None:
    """Index of the vowel that carries the tone in canonical placement, or None if not Vietnamese."""
    lower = base.lower()
    i = 0
    while i < len(lower) and lower[i] not in _VOWELS:
        i += 1
    onset = lower[:i]
    # qu and gi: the u / i belongs to the onset when a vowel follows.
    if onset == "q" and lower[i:i + 1] == "u" and i + 1 < len(lower) and lower[i + 1] in _VOWELS:
        onset, i = "qu", i + 1
    elif onset == "g" and lower[i:i + 1] == "i" and i + 1 < len(lower) and lower[i + 1] in _VOWELS:
        onset, i = "gi", i + 1
    j = i
    while j < len(lower) and lower[j] in _VOWELS:
        j += 1
    nucleus, coda = lower[i:j], lower[j:]
    if onset not in _ONSETS or coda not in _CODAS or not 1 <= len(nucleus) <= 3:
        return None
    shaped = [k for k, v in enumerate(nucleus) if v in _SHAPED]
    if shaped:
        return i + shaped[-1]          # người → ờ, thuở → ở, giữa → ữ
    if len(nucleus) == 1:
        return i
    if coda:
        return i + len(nucleus) - 1    # hoàn, toán: tone on the last vowel before the coda
    if len(nucleus) == 3:
        return i + 1                   # ngoài, khuỷu, ngoẹo
    return i                           # hòa, khỏe, thủy, mía, múa (tone on the 1st vowel)


@lru_cache(maxsize=65536)
def is_vietnamese_syllable(word: str) -> bool:
    """True when `word` (any case, NFC or NFD) is one well-formed Vietnamese syllable: onset,
    vowel nucleus, final, at most one tone mark (scores legacy decodings, splits glued words)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(1 for char in decomposed if char in _TONES) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(char for char in decomposed if char not in _TONES))
    return _SYLLABLE_RE.fullmatch(base) is not None


def canonical_syllable(syllable: str) -> str:
    """Re-place the tone mark of one NFC syllable canonically; non-Vietnamese words are unchanged."""
    base, tone = _strip_tone(syllable)
    if tone is None:
        return syllable
    k = _tone_index(base)
    if k is None:
        return syllable
    return unicodedata.normalize("NFC", base[:k] + base[k] + tone + base[k + 1:])


def _canonical_words(text: str) -> str:
    """Re-place tones in the words that contain a trigger (the rest is copied as is)."""
    out: list[str] = []
    pos = 0
    for match in _TRIGGER_RE.finditer(text):
        start = match.start()
        if start < pos:
            continue
        while start > 0 and (text[start - 1].isalpha()):
            start -= 1
        end = match.end()
        while end < len(text) and text[end].isalpha():
            end += 1
        out.append(text[pos:start])
        out.append(canonical_syllable(text[start:end]))
        pos = end
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


def normalize_text(text: str) -> str:
    """Canonical form of a text: NFC, canonical tone placement, đ look-alikes, no invisible chars.

    Case and all visible characters are kept, so the result is what gets stored and displayed.
    """
    if not text:
        return ""
    if _NEEDS_TABLE_RE.search(text):
        text = text.translate(_TABLE)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return _canonical_words(text)


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {ord("đ"): "d", ord("Đ"): "D"}
    for cp in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        if base != ch and len(base) == 1:
            table[cp] = base
    for cp in range(0x300, 0x370):     # stray combining marks
        table[cp] = ""
    return table


_FOLD_TABLE = _build_fold_table()
_FOLD_CACHE: dict[str, str] = {}


def fold(token: str) -> str:
    """Unaccented form of one exact (lower-case, canonical) token: marks removed, đ → d."""
    folded = _FOLD_CACHE.get(token)
    if folded is None:
        folded = token.translate(_FOLD_TABLE)
        if len(_FOLD_CACHE) < 500_000:
            _FOLD_CACHE[token] = folded
    return folded


def fold_text(text: str) -> str:
    """Unaccented, lower-case form of any text (normalized first)."""
    return normalize_text(text).lower().translate(_FOLD_TABLE)


def fold_normalized(text: str) -> str:
    """fold_text() of a text already in canonical form (what the index stores): no normalizing again."""
    return text.lower().translate(_FOLD_TABLE)


def has_marks(token: str) -> bool:
    """True when a token carries any Vietnamese mark (tone, shape or đ)."""
    return fold(token) != token


def has_tone(token: str) -> bool:
    """True when a token carries a tone mark (huyền, sắc, ngã, hỏi, nặng); `tiên` has none."""
    return any(m in _TONES for m in unicodedata.normalize("NFD", token))
