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

_TOKEN_RE = re.compile(
    rf"""
    (?P<dc>(?<![^\W_])[đĐ]/[cC](?![^\W_]))                              # Đ/c = đồng chí
  | (?P<word>{_LETTERS}(?:'{_LETTERS})*)
  | (?P<date3>(?<![\w./-])\d{{1,2}}(?P<sep>[/.-])\d{{1,2}}(?P=sep)\d{{4}}(?![\w]|[./-]\d))
  | (?P<docno>(?<![\w/-])\d+(?:[/-][^\W_]+)+)
  | (?P<num>\d+(?:[.,]\d+)*)
    """,
    re.VERBOSE,
)
_DATE3_PARTS = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_DATE2_RE = re.compile(r"(\d{1,2})/(\d{1,2})")
_THOUSANDS_RE = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_HAS_LETTER_RE = re.compile(r"[^\W\d_]")
_PART_SPLIT_RE = re.compile(r"[/-]")

# One-token spellings of multi-syllable tokens (and the two-syllable form they stand for).
_SPLITS = {"tphcm": ("tp", "hcm"), "tp.hcm": ("tp", "hcm")}


class Token(NamedTuple):
    """One syllable of the exact form with its span in the normalized text."""

    text: str
    start: int
    end: int


def _valid_day_month(day: str, month: str) -> bool:
    return 1 <= int(day) <= 31 and 1 <= int(month) <= 12


def _emit(match: re.Match[str], out: list[Token], aliases: list[str] | None) -> None:
    """Append the exact tokens (and alias terms) for one regex match."""
    kind = match.lastgroup
    raw = match.group()
    start, end = match.span()
    if kind == "word":
        low = raw.lower()
        split = _SPLITS.get(low)
        if split:
            out.extend(Token(s, start, end) for s in split)
            return
        out.append(Token(low, start, end))
        if aliases is not None and "'" in low:
            aliases.append(low.replace("'", ""))
        return
    if kind == "dc":
        out.append(Token("đồng", start, end))
        out.append(Token("chí", start, end))
        return
    if kind == "date3":
        d, m, y = _DATE3_PARTS.fullmatch(raw).groups()  # type: ignore[union-attr]
        if _valid_day_month(d, m):
            out.append(Token(f"{int(d)}/{int(m)}/{y}", start, end))
            if aliases is not None:
                aliases.extend((f"{int(d)}/{int(m)}", y))
            return
        # Not a date (e.g. 45.12.2010): keep the parts as numbers.
        for part in re.finditer(r"\d+", raw):
            out.append(Token(part.group(), start + part.start(), start + part.end()))
        return
    if kind == "docno":
        low = raw.lower()
        if _HAS_LETTER_RE.search(low):
            out.append(Token(low, start, end))
            if aliases is not None:
                aliases.extend(p for p in _PART_SPLIT_RE.split(low) if p)
            return
        date2 = _DATE2_RE.fullmatch(raw)
        if date2 and _valid_day_month(*date2.groups()):
            out.append(Token(f"{int(date2.group(1))}/{int(date2.group(2))}", start, end))
            return
        for part in re.finditer(r"\d+", raw):
            out.append(Token(part.group(), start + part.start(), start + part.end()))
        return
    # num
    if _THOUSANDS_RE.fullmatch(raw):
        out.append(Token(raw.replace(".", ""), start, end))
    else:
        out.append(Token(raw, start, end))


def tokenize(text: str, *, normalized: bool = False) -> list[Token]:
    """Exact-form tokens of a text with spans (into the normalized text)."""
    if not normalized:
        text = normalize_text(text)
    out: list[Token] = []
    for match in _TOKEN_RE.finditer(text):
        _emit(match, out, None)
    return out


def index_terms(text: str, *, normalized: bool = False) -> tuple[list[str], list[str]]:
    """(syllable sequence, alias terms) of a text, as written to the index."""
    if not normalized:
        text = normalize_text(text)
    out: list[Token] = []
    aliases: list[str] = []
    for match in _TOKEN_RE.finditer(text):
        _emit(match, out, aliases)
    return [t.text for t in out], aliases


def syllables(text: str) -> list[str]:
    """Exact-form syllables of a text (normalizing it first)."""
    return [t.text for t in tokenize(text)]
