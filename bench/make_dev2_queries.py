"""Write the second development query file (`bench/queries/dev2.jsonl`) from the shared corpus.

Deliberately unlike `make_dev_queries.py` (other windows, lengths and samplings; its own seed), to
check that what the first set measures holds for what users type:
- `title_mid_exact`: 5–12 syllables of a title starting after its first word, typed exactly;
- `title_end_unaccented`: the last 4–10 syllables of a title, typed without marks;
- `title_mid_partly`: 4–9 syllables starting after the first word, marks kept on a random part of the
  accented words (any of them, not the first one by rule), at least one accented word typed bare;
- `user_short`: 1–3 adjacent syllables of a body, as a user types in a hurry: marks on some words
  only (a bare word is one whose syllable has the level tone in the text, so "what was typed" is
  unambiguous); scored by RP@10 on the syllables as written;
- `phrase_banded`: two adjacent accented syllables of bodies, whatever their collocation strength,
  sampled evenly from four document-frequency bands (10–29, 30–99, 100–999, ≥ 1000) among pairs whose
  unaccented form has another reading ("những giờ" type); scored by P@10;
- `phrase_mixed`: an accented syllable next to a level-tone one whose bare form also has a common
  toned reading, the level-tone one typed without marks ("một giai" for "một giai đoạn", not "một
  giải"), sampled from the same bands; scored by RP@10 on the syllables as written.

Known-item targets come from the 10k subset of `_corpus.load_records` (as in the first set). Lines
hold only kinds, ids and short query strings.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path

from _corpus import SYLLABLE_RE, Record, fold_syllable, load_records, split_tone, syllables, take_subset
from make_dev_queries import _ALPHA_PAIR, Span, is_accented, retype, strip_marks, whole_words

SEED = 20261206
TARGET_SUBSET = 10_000
HEADLINE_N = 120
NUMBER_N = 80
CUT_N = 60
USER_SHORT_N = 120
PHRASE_PER_BAND = 30
BANDS = ((10, 30), (30, 100), (100, 1000), (1000, 10**9))
OTHER_READING_DF = 30          # the other reading of a bare form must be this common to mislead
OUT = Path(__file__).resolve().parent / "queries" / "dev2.jsonl"


def is_level(word: str) -> bool:
    """True for an alphabetic syllable without a tone mark (vowel shapes allowed: tiên, giai)."""
    return word.isalpha() and split_tone(word.lower())[1] is None


def titles(rng: random.Random, pool: list[Record]) -> list[tuple[Record, str, list[Span]]]:
    """Titled records in a seeded order, with their NFC title and its syllable spans."""
    out = []
    for rec in rng.sample(pool, len(pool)):
        if rec.get("title"):
            title = unicodedata.normalize("NFC", rec["title"])
            out.append((rec, title, [m.span() for m in SYLLABLE_RE.finditer(title)]))
    return out


def window(rng: random.Random, title: str, spans: list[Span], lo: int, hi: int, *, at_end: bool,
           need: Callable[[list[str]], bool]) -> tuple[int, int] | None:
    """A whole-word window [i, j) of lo..hi syllables: the title's tail (at_end) or one starting
    after the first word; None when the title has none satisfying `need`."""
    words = [title[a:b] for a, b in spans]
    size = rng.randint(lo, hi)
    if at_end:
        options = [(len(words) - size, len(words))] if len(words) > size else []
    else:
        options = [(i, i + size) for i in range(1, len(words) - size + 1)]
    options = [(i, j) for i, j in options if whole_words(title, spans, i, j) and need(words[i:j])]
    return rng.choice(options) if options else None


def some_accented(words: list[str]) -> bool:
    """At least two accented syllables (so partial typing has something to drop and to keep)."""
    return sum(map(is_accented, words)) >= 2


def headline_queries(rng: random.Random, pool: list[Record]) -> Iterator[dict]:
    """Mid-title windows typed exactly, title tails typed bare, mid windows typed partly marked."""
    ordered = titles(rng, pool)

    def kind(name: str, lo: int, hi: int, at_end: bool, typed: Callable[..., str]) -> Iterator[dict]:
        made = 0
        for rec, title, spans in ordered:
            found = window(rng, title, spans, lo, hi, at_end=at_end, need=some_accented)
            if found is None:
                continue
            yield {"kind": name, "q": typed(title, spans, *found), "target": rec["id"]}
            made += 1
            if made == HEADLINE_N:
                return

    def partly(title: str, spans: list[Span], i: int, j: int) -> str:
        accented = [n for n in range(j - i) if is_accented(title[slice(*spans[i + n])])]
        bare = set(rng.sample(accented, rng.randint(1, len(accented) - 1)))
        return retype(title, spans, i, j, lambda n, w: strip_marks(w) if n in bare else w)

    yield from kind("title_mid_exact", 5, 12, False,
                    lambda t, s, i, j: t[s[i][0] : s[j - 1][1]])
    yield from kind("title_end_unaccented", 4, 10, True,
                    lambda t, s, i, j: strip_marks(t[s[i][0] : s[j - 1][1]]))
    yield from kind("title_mid_partly", 4, 9, False, partly)


def user_short_queries(rng: random.Random, pool: list[Record]) -> Iterator[dict]:
    """1–3 adjacent body syllables, some typed with marks, level-tone ones possibly bare."""
    made = 0
    for rec in rng.sample(pool, len(pool)):
        if made == USER_SHORT_N:
            return
        words = syllables(rec["body"])
        size = rng.randint(1, 3)
        if len(words) < size:
            continue
        i = rng.randrange(len(words) - size + 1)
        run = words[i : i + size]
        if not all(w.isalpha() for w in run) or not any(map(is_accented, run)):
            continue
        bare = [n for n, w in enumerate(run) if is_level(w) and is_accented(w) and rng.random() < 0.5]
        marked = [w for n, w in enumerate(run) if n not in bare and is_accented(w)]
        if not marked:
            continue
        typed = " ".join(strip_marks(w) if n in bare else w for n, w in enumerate(run))
        made += 1
        yield {"kind": "user_short", "q": typed, "pieces": [" ".join(run)]}


def body_pairs(records: list[Record]) -> Counter[str]:
    """Document frequency of adjacent alphabetic syllable pairs in bodies."""
    df: Counter[str] = Counter()
    for rec in records:
        s = syllables(rec["body"])
        df.update({f"{a} {b}" for a, b in zip(s, s[1:])})
    return Counter({p: n for p, n in df.items() if n >= BANDS[0][0] and _ALPHA_PAIR.match(p)})


def banded(rng: random.Random, pairs: list[str], df: Counter[str]) -> Iterator[str]:
    """PHRASE_PER_BAND pairs of each document-frequency band, seeded."""
    for lo, hi in BANDS:
        band = sorted(p for p in pairs if lo <= df[p] < hi)
        yield from rng.sample(band, min(PHRASE_PER_BAND, len(band)))


def phrase_queries(rng: random.Random, records: list[Record]) -> Iterator[dict]:
    """Accented pairs with a misleading other reading, and marked + bare level-tone pairs."""
    df = body_pairs(records)
    readings: dict[str, list[str]] = defaultdict(list)
    word_df: Counter[str] = Counter()
    for pair, n in df.items():
        readings[" ".join(map(fold_syllable, pair.split(" ")))].append(pair)
        for w in pair.split(" "):
            word_df[w] += n

    def misleading(pair: str) -> bool:
        return any(o != pair and df[o] >= OTHER_READING_DF
                   for o in readings[" ".join(map(fold_syllable, pair.split(" ")))])

    accented = [p for p in df if all(map(is_accented, p.split(" "))) and misleading(p)]
    for pair in banded(rng, accented, df):
        yield {"kind": "phrase_banded", "q": pair, "exact": pair}

    # A level-tone syllable whose bare form has a toned reading at least as common (giai / giải).
    by_fold: dict[str, list[str]] = defaultdict(list)
    for w in word_df:
        by_fold[fold_syllable(w)].append(w)

    def bare_misleads(w: str) -> bool:
        return is_level(w) and any(o != w and not is_level(o) and word_df[o] >= word_df[w]
                                   for o in by_fold[fold_syllable(w)])

    mixed: dict[str, str] = {}
    for pair in df:
        a, b = pair.split(" ")
        if is_accented(a) and not is_level(a) and bare_misleads(b):
            mixed[pair] = f"{a} {strip_marks(b)}"
        elif is_accented(b) and not is_level(b) and bare_misleads(a):
            mixed[pair] = f"{strip_marks(a)} {b}"
    for pair in banded(rng, sorted(mixed), df):
        yield {"kind": "phrase_mixed", "q": mixed[pair], "pieces": [pair]}


_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+")
_DECIMAL_COMMA = re.compile(r"\d+,\d+")
_DECIMAL_DOT = re.compile(r"\d+\.\d{1,2}")
_PLAIN = re.compile(r"\d{4,}")
_COMPOUND = re.compile(r"\d+(?:[/.,-]\d+)+")
_EDGE_PUNCT = "\"'“”‘’()[],:;!?…"


def retyped_number(rng: random.Random, token: str) -> str | None:
    """The number of one whitespace word typed another way, or None when it holds no such number."""
    core = token.strip(_EDGE_PUNCT + "%")
    if _GROUPED.fullmatch(core):
        other = core.replace(".", rng.choice(("", " ")))
    elif _DECIMAL_COMMA.fullmatch(core):
        other = core.replace(",", ".")
    elif _DECIMAL_DOT.fullmatch(core):
        other = core.replace(".", ",")
    elif _PLAIN.fullmatch(core) and not 1900 <= int(core) <= 2100:
        digits = core.lstrip("0") or "0"
        groups = [digits[max(0, k - 3):k] for k in range(len(digits), 0, -3)][::-1]
        other = rng.choice((".", " ")).join(groups)
    else:
        return None
    return token.replace(core, other, 1)


def number_queries(rng: random.Random, pool: list[Record]) -> Iterator[dict]:
    """Title windows around a number typed another way; windows cut inside a number or date."""
    retyped = cut = 0
    for rec in rng.sample(pool, len(pool)):
        words = unicodedata.normalize("NFC", rec.get("title") or "").split()
        if len(words) < 4:
            continue
        size = rng.randint(3, min(8, len(words)))
        starts = list(range(len(words) - size + 1))
        i = rng.choice(starts)
        window = words[i:i + size]
        if retyped < NUMBER_N:
            at = [n for n, w in enumerate(window) if retyped_number(random.Random(0), w)]
            if at:
                n = rng.choice(at)
                window[n] = retyped_number(rng, window[n])  # type: ignore[assignment]
                retyped += 1
                yield {"kind": "title_number_retyped", "q": " ".join(window), "target": rec["id"]}
                continue
        if cut < CUT_N and len(words) > size:
            j = next((n for n in range(len(words)) if _COMPOUND.search(words[n])), None)
            if j is None:
                continue
            part = _COMPOUND.search(words[j]).group()  # type: ignore[union-attr]
            pieces = re.split(r"[/.,-]", part)
            if j + size <= len(words) and rng.random() < 0.6:      # start inside: keep the tail
                q = [pieces[-1]] + words[j + 1:j + size]
            elif j + 1 >= size:                                  # end inside: keep the head
                q = words[j + 1 - size:j] + [pieces[0]]
            else:
                continue
            cut += 1
            yield {"kind": "title_cut_in_number", "q": " ".join(q), "target": rec["id"]}
        if retyped >= NUMBER_N and cut >= CUT_N:
            return


def generate(records: list[Record]) -> list[dict]:
    """Every query of the second development set, in kind order."""
    rng = random.Random(SEED)
    pool = take_subset(records, TARGET_SUBSET)
    rows = list(headline_queries(rng, pool))
    rows += islice(user_short_queries(rng, pool), USER_SHORT_N)
    rows += phrase_queries(rng, records)
    rows += number_queries(random.Random(SEED + 1), pool)
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
