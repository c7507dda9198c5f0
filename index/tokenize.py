"""Syllable tokenizer for normalized Vietnamese news text.

Produces the exact index form (lower-case canonical syllables) with character spans into the
normalized text, plus alias terms. News tokens that users type as one stay one token:

- dates `8/6/2010`, `08/06/2010`, `8-6-2010`, `8.6.2010` → `8/6/2010` (aliases `8/6`, `2010`);
  `3/12` → `3/12` (never `3` + `12`, so "3 người, 12 xe" does not match);
- document numbers `43-CT/TW`, `30/2020/NĐ-CP` → kept whole (aliases: each part);
- numbers as people type them: thousands with dots or spaces `11.000`, `11 000` → `11000`; the
  decimal comma `2,4` kept, and a decimal dot read as one where no date can be meant (`2.7 tỷ`,
  `7.24%`, `3.45` → `2,7`, `7,24`, `3,45`); a dotted pair that may be a day and month (`2.7`,
  `iPad 10.5`) stays as written, with the comma form as an alias (and `2,7` has `2.7`);
- every number or date written without spaces also indexes its digit groups as aliases (`30/5` →
  `30`, `5`; `11.000` → `11`, `000`), so a query that starts or ends inside it still matches;
- `TP.HCM`, `TP HCM`, `TPHCM` → `tp`, `hcm` (one-token spellings are split); `Đ/c` → `đồng chí`;
- letter/digit boundaries split (`48h` → `48`, `h`; `COVID-19`, `covid19` → `covid`, `19`);
- hyphens and dashes split (`Bà Rịa-Vũng Tàu`, `Mát-xcơ-va`); apostrophes kept (`h'hen`, alias `hhen`).

No stop words and no minimum length: `ở`, `Á`, `an` are real words.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .normalize import normalize_text

__all__ = ["Token", "tokenize", "index_terms", "syllables", "join_digit_groups", "unify_decimal_marks",
           "digit_edges"]

_LETTERS = r"(?:[^\W\d_]|[\u0300-\u036f])+"

_PATTERN = rf"""
    (?P<dc>[đĐ]/[cC](?![^\W_]))                                             # Đ/c = đồng chí
  | (?P<word>{_LETTERS}(?:'{_LETTERS})*)
  | (?P<date3>(?=\d)(?<![\w./-])(?:\d{{1,2}}/\d{{1,2}}/\d{{4}}|\d{{1,2}}-\d{{1,2}}-\d{{4}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}})
      (?![\w]|[./-]\d))
  | (?P<docno>(?=\d)(?<![\w/-])\d+(?:[/-][^\W_]+)+)
  | (?P<spaced>(?<![\d.,])\d{{1,3}}(?:[ \u00a0\u2009\u202f]\d{{3}})+(?:,\d+)?(?![\d]|[.,]\d))
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
_GROUP_SPACES_RE = re.compile(r"[ \u00a0\u2009\u202f]")
_DOTTED_PAIR_RE = re.compile(r"(\d+)\.(\d{1,2})")
# A dotted pair is a decimal before a unit or a percent sign (the length of the text is kept).
_UNITS = ("tỷ|tỉ|triệu|nghìn|ngàn|trăm|vạn|usd|đô|đồng|vnd|vnđ|euro|eur|yên|tệ|bảng|km|m|cm|mm|kg|"
          "g|tấn|tạ|ha|lít|lần|điểm|độ|inch|ghz|mhz|gb|mb|tb|mp|%")
_DECIMAL_DOT_RE = re.compile(
    rf"(?<![\w.,/-])(\d+)\.(\d{{1,2}})(?=\s*(?:%|(?:{_UNITS})(?![^\W_])))", re.IGNORECASE)
_SPACED_QUERY_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?:,\d+)?(?![\d]|[.,]\d)")

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


def unify_decimal_marks(text: str) -> str:
    """The text with each decimal dot that cannot start a date turned into a comma (same length)."""
    if "." not in text:
        return text
    return _DECIMAL_DOT_RE.sub(r"\1,\2", text)


def join_digit_groups(text: str) -> str:
    """A query with thousands typed with spaces (`11 000 tỷ`) written as one number (`11000 tỷ`)."""
    return _SPACED_QUERY_RE.sub(lambda m: _GROUP_SPACES_RE.sub("", m.group()), text)


def _number(raw: str, aliases: list[str]) -> str:
    """Index form of a number (thousands joined, decimal readings aliased); its digit groups and
    other readings go to `aliases`."""
    digits = _DIGITS_RE.findall(raw)
    if len(digits) > 1:
        aliases.extend(digits)
    if _THOUSANDS_RE.fullmatch(raw):
        return raw.replace(".", "")
    pair = _DOTTED_PAIR_RE.fullmatch(raw)
    if pair:
        day, month = pair.groups()
        if not _valid_day_month(day, month):
            return f"{day},{month}"
        aliases.append(f"{day},{month}")
    elif "," in raw and "." not in raw:
        aliases.append(raw.replace(",", "."))
    return raw


_GROUPED_NUMBER_RE = re.compile(r"\d+(?:[/.,-]\d+)+")


def digit_edges(token: str) -> tuple[str, str] | None:
    """(first, last) digit group of a number or date token of the index sequence, where a window
    typed from the middle of a text may cut it: `9/7` → (9, 7), `50000` (from 50.000) → (50, 000),
    `2,7` → (2, 7). None for words, short numbers and years (`2010` is not 2 + 010)."""
    if _GROUPED_NUMBER_RE.fullmatch(token):
        parts = _DIGITS_RE.findall(token)
        return parts[0], parts[-1]
    if token.isdigit() and len(token) >= 4 and not (len(token) == 4 and token[:2] in ("19", "20")):
        head = len(token) % 3 or 3
        return token[:head], token[-3:]
    return None


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
            aliases.extend((f"{int(d)}/{int(m)}", y, d, m))
            return [(f"{int(d)}/{int(m)}/{y}", 0, n)]
        return _digit_parts(raw)      # not a date (e.g. 45.12.2010): numbers
    if kind == "docno":
        low = raw.lower()
        if _HAS_LETTER_RE.search(low):
            aliases.extend(p for p in _PART_SPLIT_RE.split(low) if p)
            return [(low, 0, n)]
        date2 = _DATE2_RE.fullmatch(raw)
        if date2 and _valid_day_month(*date2.groups()):
            aliases.extend(date2.groups())
            return [(f"{int(date2.group(1))}/{int(date2.group(2))}", 0, n)]
        return _digit_parts(raw)
    if kind == "spaced":
        aliases.extend(_DIGITS_RE.findall(raw))
        return [(_number(_GROUP_SPACES_RE.sub(".", raw), []), 0, n)]
    return [(_number(raw, aliases), 0, n)]


def tokenize(text: str, *, normalized: bool = False) -> list[Token]:
    """Exact-form tokens of a text with spans (into the normalized text)."""
    if not normalized:
        text = normalize_text(text)
    text = unify_decimal_marks(text)
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
    raw_tokens = _FLAT_RE.findall(unify_decimal_marks(text).lower())
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
