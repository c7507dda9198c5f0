"""Syllable tokenizer for normalized Vietnamese news text.

Produces the exact index form (lower-case canonical syllables) with character spans into the
normalized text, plus alias terms. News tokens that users type as one stay one token:

- dates `8/6/2010`, `08/06/2010`, `8-6-2010`, `8.6.2010` → `8/6/2010` (aliases `8/6`, `2010`);
  `3/12` → `3/12` (never `3` + `12`, so "3 người, 12 xe" does not match);
- document numbers `43-CT/TW`, `30/2020/NĐ-CP` → kept whole (aliases: each part);
- numbers with thousands dots `959.561`, `1.000.000` → `959561`, `1000000`; decimals `2,4` kept;
- `TP.HCM`, `TP HCM`, `TPHCM` → `tp`, `hcm` (one-token spellings are split); `Đ/c` → `đồng chí`;
- letter/digit boundaries split (`48h` → `48`, `h`; `COVID-19`, `covid19` → `covid`, `19`);
- hyphens and dashes split (`Bà Rịa-Vũng Tàu`, `Mát-xcơ-va`); apostrophes kept (`h'hen`, alias `hhen`).

No stop words and no minimum length: `ở`, `Á`, `an` are real words.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .normalize import normalize_text

__all__ = ["Token", "tokenize", "index_terms", "syllables"]

_LETTERS = r"(?:[^\W\d_]|[\u0300-\u036f])+"

_PATTERN = rf"""
    (?P<dc>[đĐ]/[cC](?![^\W_]))                                             # Đ/c = đồng chí
  | (?P<word>{_LETTERS}(?:'{_LETTERS})*)
  | (?P<date3>(?=\d)(?<![\w./-])(?:\d{{1,2}}/\d{{1,2}}/\d{{4}}|\d{{1,2}}-\d{{1,2}}-\d{{4}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}})
      (?![\w]|[./-]\d))
  | (?P<docno>(?=\d)(?<![\w/-])\d+(?:[/-][^\W_]+)+)
  | (?P<num>\d+(?:[.,]\d+)*)
"""
# Named groups tell the kind of a token; the flat twin (same alternatives, no groups) lets
# re.findall return plain strings at C speed for indexing.
_TOKEN_RE = re.compile(_PATTERN, re.VERBOSE)
_FLAT_RE = re.compile(re.sub(r"\(\?P<\w+>", "(?:", _PATTERN), re.VERBOSE)
_DATE3_PARTS = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_DATE2_RE = re.compile(r"(\d{1,2})/(\d{1,2})")
_THOUSANDS_RE = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_HAS_LETTER_RE = re.compile(r"[^\W\d_]")
_PART_SPLIT_RE = re.compile(r"[/-]")
_DIGITS_RE = re.compile(r"\d+")

# One-token spellings of multi-syllable tokens (and the syllables they stand for).
_SPLITS = {"tphcm": ("tp", "hcm")}


class Token(NamedTuple):
    """One syllable of the exact form with its span in the normalized text."""

    text: str
    start: int
    end: int


Form = tuple[str, int, int]   # token text and its span relative to the raw match


def _valid_day_month(day: str, month: str) -> bool:
    return 1 <= int(day) <= 31 and 1 <= int(month) <= 12


def _digit_parts(raw: str) -> list[Form]:
    return [(m.group(), m.start(), m.end()) for m in _DIGITS_RE.finditer(raw)]


def _forms(kind: str | None, raw: str, aliases: list[str]) -> list[Form]:
    """Exact tokens (with spans relative to `raw`) of one match; alias terms go to `aliases`."""
    n = len(raw)
    if kind == "word":
        low = raw.lower()
        split = _SPLITS.get(low)
        if split:
            return [(s, 0, n) for s in split]
        if "'" in low:
            aliases.append(low.replace("'", ""))
        return [(low, 0, n)]
    if kind == "dc":
        return [("đồng", 0, n), ("chí", 0, n)]
    if kind == "date3":
        d, m, y = _DATE3_PARTS.fullmatch(raw).groups()  # type: ignore[union-attr]
        if _valid_day_month(d, m):
            aliases.extend((f"{int(d)}/{int(m)}", y))
            return [(f"{int(d)}/{int(m)}/{y}", 0, n)]
        return _digit_parts(raw)      # not a date (e.g. 45.12.2010): numbers
    if kind == "docno":
        low = raw.lower()
        if _HAS_LETTER_RE.search(low):
            aliases.extend(p for p in _PART_SPLIT_RE.split(low) if p)
            return [(low, 0, n)]
        date2 = _DATE2_RE.fullmatch(raw)
        if date2 and _valid_day_month(*date2.groups()):
            return [(f"{int(date2.group(1))}/{int(date2.group(2))}", 0, n)]
        return _digit_parts(raw)
    if _THOUSANDS_RE.fullmatch(raw):
        return [(raw.replace(".", ""), 0, n)]
    return [(raw, 0, n)]


def tokenize(text: str, *, normalized: bool = False) -> list[Token]:
    """Exact-form tokens of a text with spans (into the normalized text)."""
    if not normalized:
        text = normalize_text(text)
    out: list[Token] = []
    aliases: list[str] = []
    for match in _TOKEN_RE.finditer(text):
        start = match.start()
        out.extend(Token(t, start + a, start + b) for t, a, b in _forms(match.lastgroup, match.group(), aliases))
    return out


def index_terms(text: str, *, normalized: bool = False) -> tuple[list[str], list[str]]:
    """(syllable sequence, alias terms) of a text, as written to the index."""
    if not normalized:
        text = normalize_text(text)
    raw_tokens = _FLAT_RE.findall(text.lower())
    aliases: list[str] = []
    if all(t.isalpha() for t in raw_tokens) and not _SPLITS.keys() & set(raw_tokens):
        return raw_tokens, aliases
    out: list[str] = []
    for raw in raw_tokens:
        if raw.isalpha() and raw not in _SPLITS:
            out.append(raw)
            continue
        match = _TOKEN_RE.fullmatch(raw)
        out.extend(t for t, _, _ in _forms(match.lastgroup if match else None, raw, aliases))
    return out, aliases


def syllables(text: str) -> list[str]:
    """Exact-form syllables of a text (normalizing it first)."""
    return [t.text for t in tokenize(text)]
