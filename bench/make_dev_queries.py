"""Write the development query file for `bench/relevance.py` from the shared corpus (seeded, deterministic).

Kinds (shared/research/retrieval-design.md §1):
- `title_exact`, `title_unaccented`, `title_nfd`, `title_partly_accented`: one 4–7-syllable window of a
  title starting on an accented word, typed exactly, without marks (đ → d), decomposed (NFD), and with
  the marks of only some of its accented words (the first kept, at least one other dropped);
- `title_tone_swapped`: a window holding an open oa/oe/uy syllable with a tone, the tone moved to the
  other vowel (hòa ↔ hoà);
- `snippet_unaccented`: 6–9 syllables of a body paragraph typed without marks, punctuation kept;
- `phrase`: a two-syllable collocation, both syllables accented (df ≥ 30, lift ≥ 5), whose unaccented
  form has another reading with df ≥ 30 (bản đồ / bán đồ); relevant = the exact syllables adjacent in
  title or body;
- `two_phrases_unaccented`: two collocations of one body (df ≥ 20, lift ≥ 5, no shared syllable)
  typed one after the other without marks, where they do not stand together ("chu thap do hai phong"
  style); relevant = both collocations' exact syllables adjacent in title or body;
- `broad`: a few very common queries, for latency only.

No window starts or ends inside a run typed without spaces (1.735, V-League, TP.HCM).
Known-item targets are drawn from the 10k subset of `_corpus.load_records`, so `--limit 10000` runs
of the benchmark can find all of them. Lines hold only kinds, ids and short query strings.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path

from _corpus import (
    SYLLABLE_RE,
    Record,
    fold_syllable,
    is_open_oa_oe_uy,
    join_tone,
    load_records,
    split_tone,
    syllables,
    take_subset,
)

SEED = 20261129
TARGET_SUBSET = 10_000
HEADLINE_N = 250
SNIPPET_N = 300
PHRASE_N = 100
TWO_PHRASES_N = 100
BROAD = ["nam", "viet nam", "ha noi", "cong an", "Việt Nam", "Hà Nội", "công an", "thành phố"]
OUT = Path(__file__).resolve().parent / "queries" / "dev.jsonl"

Span = tuple[int, int]


def strip_marks(text: str) -> str:
    """Text typed without marks: every combining mark dropped, đ/Đ → d/D, case and punctuation kept."""
    decomposed = unicodedata.normalize("NFD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.replace("đ", "d").replace("Đ", "D").replace("ð", "d").replace("Ð", "D")


def swap_tone(word: str) -> str:
    """Move the tone of an open oa/oe/uy syllable to its other vowel; other words are returned as is."""
    letters, tone, tone_at = split_tone(word)
    n = len(letters)
    if tone is None or n < 2 or tone_at not in (n - 2, n - 1):
        return word
    if not is_open_oa_oe_uy([letter.lower() for letter in letters]):
        return word
    return join_tone(letters, tone, (2 * n - 3) - tone_at)


def is_accented(word: str) -> bool:
    """True when a syllable carries any mark or đ."""
    return not word.isascii() and strip_marks(word) != word


def whole_words(text: str, spans: list[Span], i: int, j: int) -> bool:
    """The window of syllables [i, j) neither starts nor ends inside a run typed without spaces
    (1.735, V-League, TP.HCM): a user copies whole words."""
    def spaced(k: int) -> bool:
        return k <= 0 or k >= len(spans) or any(c.isspace() for c in text[spans[k - 1][1] : spans[k][0]])

    return spaced(i) and spaced(j)


def pick_window(
    rng: random.Random, text: str, lo: int, hi: int, need: Callable[[list[str]], bool]
) -> tuple[list[Span], int, int] | None:
    """Spans of a text's syllables and a window [i, j) of lo..hi whole-word syllables starting on an
    accented word whose words satisfy `need`; None when the text has no such window."""
    spans = [m.span() for m in SYLLABLE_RE.finditer(text)]
    words = [text[a:b] for a, b in spans]
    k = rng.randint(lo, hi)
    for size in (k, lo):
        starts = [
            i
            for i in range(len(words) - size + 1)
            if is_accented(words[i]) and need(words[i : i + size])
            and whole_words(text, spans, i, i + size)
        ]
        if starts:
            i = rng.choice(starts)
            return spans, i, i + size
    return None


def retype(text: str, spans: list[Span], i: int, j: int, word_fn: Callable[[int, str], str]) -> str:
    """The window text[spans[i][0]:spans[j-1][1]] with each syllable replaced by word_fn(index, word)."""
    out, pos = [], spans[i][0]
    for n in range(i, j):
        a, b = spans[n]
        out.append(text[pos:a])
        out.append(word_fn(n - i, text[a:b]))
        pos = b
    return "".join(out)


def two_accented(words: list[str]) -> bool:
    """Window condition for the shared headline windows: at least two accented syllables."""
    return sum(map(is_accented, words)) >= 2


def has_swappable(words: list[str]) -> bool:
    """Window condition for tone-swapped windows."""
    return any(swap_tone(w) != w for w in words)


def title_windows(
    rng: random.Random, pool: list[Record], need: Callable[[list[str]], bool]
) -> Iterator[tuple[Record, str, list[Span], int, int]]:
    """Titled records in a seeded order, each with one qualifying window (see `pick_window`)."""
    titled = [r for r in pool if r.get("title")]
    for rec in rng.sample(titled, len(titled)):
        title = unicodedata.normalize("NFC", rec["title"])
        found = pick_window(rng, title, 4, 7, need)
        if found is not None:
            yield (rec, title, *found)


def headline_queries(rng: random.Random, pool: list[Record]) -> Iterator[dict]:
    """Shared title windows typed four ways, then tone-swapped windows."""
    rows: dict[str, list[dict]] = {k: [] for k in ("exact", "unaccented", "nfd", "partly_accented")}
    for rec, title, spans, i, j in islice(title_windows(rng, pool, two_accented), HEADLINE_N):
        window = title[spans[i][0] : spans[j - 1][1]]
        accented = [n for n in range(j - i) if is_accented(title[slice(*spans[i + n])])]
        dropped = set(rng.sample(accented[1:], rng.randint(1, len(accented) - 1)))
        typed = {
            "exact": window,
            "unaccented": strip_marks(window),
            "nfd": unicodedata.normalize("NFD", window),
            "partly_accented": retype(
                title, spans, i, j, lambda n, w: strip_marks(w) if n in dropped else w
            ),
        }
        for kind, q in typed.items():
            rows[kind].append({"kind": f"title_{kind}", "q": q, "target": rec["id"]})
    for kind in rows:
        yield from rows[kind]
    for rec, title, spans, i, j in islice(title_windows(rng, pool, has_swappable), HEADLINE_N):
        q = retype(title, spans, i, j, lambda n, w: swap_tone(w))
        yield {"kind": "title_tone_swapped", "q": q, "target": rec["id"]}


def snippet_queries(rng: random.Random, pool: list[Record]) -> Iterator[dict]:
    """6–9 syllables of a body paragraph typed without marks."""
    made = 0
    for rec in rng.sample(pool, len(pool)):
        if made == SNIPPET_N:
            break
        paragraphs = [
            p for p in unicodedata.normalize("NFC", rec["body"]).split("\n\n")
            if len(SYLLABLE_RE.findall(p)) >= 9
        ]
        if not paragraphs:
            continue
        para = rng.choice(paragraphs)
        spans = [m.span() for m in SYLLABLE_RE.finditer(para)]
        k = rng.randint(6, 9)
        starts = [i for i in range(len(spans) - k + 1) if whole_words(para, spans, i, i + k)]
        if not starts:
            continue
        i = rng.choice(starts)
        made += 1
        yield {"kind": "snippet_unaccented", "q": strip_marks(para[spans[i][0] : spans[i + k - 1][1]]),
               "target": rec["id"]}


def doc_bigrams(rec: Record) -> set[str]:
    """Distinct adjacent canonical syllable pairs of the title and of the body."""
    out: set[str] = set()
    for text in (rec.get("title"), rec["body"]):
        s = syllables(text)
        out.update(f"{a} {b}" for a, b in zip(s, s[1:]))
    return out


def pair_counts(records: list[Record], pool_ids: set[str]) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """Document frequencies of adjacent syllable pairs, of single syllables, and of pairs in the pool."""
    word_df: Counter[str] = Counter()
    pair_df: Counter[str] = Counter()
    pair_df_pool: Counter[str] = Counter()
    for rec in records:
        pairs = doc_bigrams(rec)
        pair_df.update(pairs)
        word_df.update({w for p in pairs for w in p.split(" ")})
        if rec["id"] in pool_ids:
            pair_df_pool.update(pairs)
    return pair_df, word_df, pair_df_pool


def lift(pair: str, pair_df: Counter[str], word_df: Counter[str], n_docs: int) -> float:
    """How much more often the two syllables stand together than chance would have it."""
    a, b = pair.split(" ")
    return pair_df[pair] * n_docs / (word_df[a] * word_df[b])


_ALPHA_PAIR = re.compile(r"^[^\W\d_]+ [^\W\d_]+$")


def phrase_queries(rng: random.Random, records: list[Record], counts: tuple[Counter[str], ...]) -> Iterator[dict]:
    """Accented collocations whose unaccented form has another common reading."""
    pair_df, word_df, pair_df_pool = counts
    n_docs = len(records)
    readings: dict[str, list[str]] = {}
    for pair, df in pair_df.items():
        if df >= 30:
            readings.setdefault(" ".join(map(fold_syllable, pair.split(" "))), []).append(pair)
    candidates = []
    for forms in readings.values():
        if len(forms) < 2:
            continue
        for pair in forms:
            a, b = pair.split(" ")
            if (_ALPHA_PAIR.match(pair) and all(map(is_accented, (a, b)))
                    and lift(pair, pair_df, word_df, n_docs) >= 5 and pair_df_pool[pair] >= 10):
                candidates.append(pair)
    for pair in rng.sample(sorted(candidates), min(PHRASE_N, len(candidates))):
        yield {"kind": "phrase", "q": pair, "exact": pair}


def two_phrase_queries(rng: random.Random, records: list[Record], pool: list[Record],
                       counts: tuple[Counter[str], ...]) -> Iterator[dict]:
    """Two collocations of one pool article, typed one after the other without marks."""
    pair_df, word_df, _ = counts
    n_docs = len(records)
    made = 0
    for rec in rng.sample(pool, len(pool)):
        if made == TWO_PHRASES_N:
            break
        mine = sorted(p for p in doc_bigrams(rec) if pair_df[p] >= 20 and _ALPHA_PAIR.match(p)
                      and len(set(p.split(" "))) == 2 and lift(p, pair_df, word_df, n_docs) >= 5)
        if len(mine) < 2:
            continue
        first, second = rng.sample(mine, 2)
        together = f" {first} {second} "
        if set(first.split(" ")) & set(second.split(" ")) or any(
                together in f" {' '.join(syllables(text))} " for text in (rec.get("title"), rec["body"])):
            continue
        made += 1
        yield {"kind": "two_phrases_unaccented", "q": strip_marks(f"{first} {second}"),
               "pieces": [first, second]}


def generate(records: list[Record]) -> list[dict]:
    """Every dev query, in kind order."""
    rng = random.Random(SEED)
    pool = take_subset(records, TARGET_SUBSET)
    rows = list(headline_queries(rng, pool))
    rows += snippet_queries(rng, pool)
    counts = pair_counts(records, {r["id"] for r in pool})
    rows += phrase_queries(rng, records, counts)
    rows += two_phrase_queries(rng, records, pool, counts)
    rows += ({"kind": "broad", "q": q} for q in BROAD)
    return rows


def main(argv: list[str] | None = None) -> int:
    """CLI entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=OUT, help="query file to write (JSON lines)")
    args = ap.parse_args(argv)
    rows = generate(load_records())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    counts = Counter(r["kind"] for r in rows)
    print(json.dumps({"out": str(args.out), "queries": len(rows), "kinds": counts}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
