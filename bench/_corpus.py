"""Shared corpus access for the benchmarks.

Reads `../shared/corpus/articles.jsonl.gz`, picks nested seeded subsets (the first N of one fixed
pseudo-random order, so the 10k subset is inside every larger one), turns records into
`index.Article`s, and splits text into canonical syllables for relevance judgements.

The canonical syllable form here is deliberately independent of `index/`: a measuring instrument
must not share the code it measures. It is: NFC, lowercase, Ð/ð → đ, the tone of an open oa/oe/uy
syllable on its first vowel, and qu/gi tone misplacements fixed (shared/research/vietnamese-analysis.md
§4.1). The folded form drops every mark and maps đ → d.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "articles.jsonl.gz"
SUBSET_SEED = "20261129"
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng
SHAPED_VOWELS = frozenset("ăâêôơư")
VOWELS = frozenset("aeiouy") | SHAPED_VOWELS
SYLLABLE_RE = re.compile(r"\w+")
_OPEN_OA_OE_UY = re.compile(r"^(?:b|c|ch|d|đ|g|gh|h|k|kh|l|m|n|ng|ngh|nh|p|ph|r|s|t|th|tr|v|x)?(?:oa|oe|uy)$")

Record = dict[str, Any]


def iter_records(path: Path = CORPUS) -> Iterator[Record]:
    """Yield the corpus records in file order."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def subset_rank(record_id: str) -> str:
    """The record's place in the fixed pseudo-random order that defines every subset."""
    return hashlib.blake2b(f"{SUBSET_SEED}:{record_id}".encode(), digest_size=8).hexdigest()


def take_subset(records: list[Record], limit: int | None) -> list[Record]:
    """The nested seeded subset of `limit` records (all of them when `limit` is None), in input order."""
    if limit is None or limit >= len(records):
        return records
    keep = {r["id"] for r in sorted(records, key=lambda r: subset_rank(r["id"]))[:limit]}
    return [r for r in records if r["id"] in keep]


def load_records(limit: int | None = None, path: Path = CORPUS) -> list[Record]:
    """All records, or the nested seeded subset of `limit` records, in file order."""
    return take_subset(list(iter_records(path)), limit)


def parse_published(value: str | None) -> datetime | None:
    """ISO 8601 date or datetime → aware datetime (naive values are Asia/Ho_Chi_Minh)."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=LOCAL_TZ)


def to_article(record: Record) -> Any:
    """Build the `index.Article` the benchmarks write for one corpus record."""
    from index import Article  # imported lazily: the peers and the query generator do not need it

    author = record.get("author")
    return Article(
        id=record["id"],
        body=record["body"],
        title=record.get("title"),
        url=record.get("url"),
        source=record.get("source"),
        published=parse_published(record.get("published")),
        authors=(author,) if author else (),
        category=record.get("category"),
        tags=tuple(record.get("tags") or ()),
    )


def split_tone(syllable: str) -> tuple[list[str], str | None, int | None]:
    """Split a lowercase syllable into NFC letters without tone, the tone mark and its letter index."""
    letters: list[str] = []
    tone: str | None = None
    tone_at: int | None = None
    for ch in unicodedata.normalize("NFD", syllable):
        if ch in TONE_MARKS and letters:
            tone, tone_at = ch, len(letters) - 1
        elif unicodedata.combining(ch) and letters:
            letters[-1] += ch
        else:
            letters.append(ch)
    return [unicodedata.normalize("NFC", letter) for letter in letters], tone, tone_at


def join_tone(letters: list[str], tone: str | None, tone_at: int | None) -> str:
    """Inverse of `split_tone`."""
    out = list(letters)
    if tone is not None and tone_at is not None:
        out[tone_at] = out[tone_at] + tone
    return unicodedata.normalize("NFC", "".join(out))


def is_open_oa_oe_uy(letters: list[str]) -> bool:
    """True for a toneless syllable whose nucleus is an open oa, oe or uy (hoa, khoe, thuy; not quy)."""
    return bool(_OPEN_OA_OE_UY.match("".join(letters)))


def _canonical_tone_at(letters: list[str], tone_at: int) -> int:
    """Where the canonical spelling puts a tone currently on letter `tone_at`."""
    if is_open_oa_oe_uy(letters):
        return len(letters) - 2
    word = "".join(letters)
    if tone_at == 1 and word[:2] in ("qu", "gi") and len(letters) > 2 and letters[2] in VOWELS:
        rest = range(2, len(letters))
        shaped = [i for i in rest if letters[i] in SHAPED_VOWELS]
        return shaped[-1] if shaped else 2
    return tone_at


@lru_cache(maxsize=500_000)
def exact_syllable(token: str) -> str:
    """Canonical exact form of one syllable token (NFC, lowercase, canonical tone place)."""
    word = unicodedata.normalize("NFC", token).lower().replace("ð", "đ")
    if word.isascii():
        return word
    letters, tone, tone_at = split_tone(word)
    if tone is None or tone_at is None:
        return word
    return join_tone(letters, tone, _canonical_tone_at(letters, tone_at))


@lru_cache(maxsize=500_000)
def fold_syllable(token: str) -> str:
    """Unaccented form of one syllable: every mark removed, đ → d."""
    word = exact_syllable(token)
    if word.isascii():
        return word
    stripped = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    return stripped.replace("đ", "d")


def syllables(text: str | None) -> list[str]:
    """Canonical exact syllables of a text, in order."""
    if not text:
        return []
    return [exact_syllable(t) for t in SYLLABLE_RE.findall(unicodedata.normalize("NFC", text))]


def contains_run(text: str | None, run: list[str]) -> bool:
    """True when the text holds the exact syllables `run` adjacently (punctuation between is ignored)."""
    if not text or not run:
        return False
    return f" {' '.join(run)} " in f" {' '.join(syllables(text))} "
