"""Corpus evidence for where an organization name ends: the words that recur after a head word as a unit.

Counted over the corpus once (``python -m ingest.extract.span_train --corpus ../shared/corpus/articles.jsonl.gz``),
as the ingest reads it: every capitalized head word ("Trung tâm", "Viện", "Bộ") and the words after it up to
a sentence mark. A written prefix ("Trung tâm Dự") that occurs at least ``MIN_COUNT`` times and is followed by
one word in more than ``DOMINANT`` of its occurrences ("báo") continues with it: the table maps the prefix
(case-folded words, hyphens and "&" as words) to that word. `extend_span` lengthens a span found in a text
while the text goes on with the table's word ("Viện Vệ sinh" → "Viện Vệ sinh dịch tễ Trung ương").
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

TABLE_PATH = Path(__file__).with_name("org_spans.json.gz")
MIN_COUNT = 5             # occurrences of a prefix before its continuation is trusted
DOMINANT = 0.5            # share of those occurrences the continuation must hold (more than any other word)
MAX_WORDS = 10            # words after the head word that are counted
_WORD = re.compile(r"\w+|[-–&]|[^\w\s]")
_JOINERS = frozenset({"-", "–", "&", "và"})       # a span never ends on one
_NEXT = re.compile(r"[ ]?(\w+|[-–&])")

__all__ = ["TABLE_PATH", "span_key", "continuations", "extend_span", "count_prefixes"]


def span_key(span: str) -> str:
    """The table key of written text: its words case-folded, single-spaced, hyphens and "&" as words."""
    return " ".join(_WORD.findall(span.casefold()))


@lru_cache(maxsize=1)
def continuations() -> dict[str, str]:
    """The shipped table (prefix key -> the word that follows it); empty when the file is missing."""
    try:
        with gzip.open(TABLE_PATH, "rt", encoding="utf-8") as fh:
            return json.load(fh)
    except FileNotFoundError:
        return {}


def extend_span(text: str, start: int, end: int, stop: Callable[[str, int], bool]) -> int:
    """The end of the span ``text[start:end]`` lengthened while the text goes on with the word the corpus
    writes after it; ``stop(text, pos)`` refuses a word (a person's name starting there). Never ends on a
    hyphen."""
    table = continuations()
    key, pos, best = span_key(text[start:end]), end, end
    while (word := table.get(key)) is not None:
        m = _NEXT.match(text, pos)
        if not m or m.group(1).casefold() != word or stop(text, m.start(1)):
            break
        key, pos = f"{key} {word}", m.end()
        if word not in _JOINERS:
            best = pos
    return best


def count_prefixes(texts: Iterable[str], heads: re.Pattern[str]) -> dict[str, str]:
    """The table of ``texts``: for each capitalized head match, the words after it up to a sentence mark."""
    prefixes: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for text in texts:
        for head in heads.finditer(text):
            if not text[head.start()].isupper():
                continue
            line_end = text.find("\n", head.end())
            words = _WORD.findall(text[head.end():line_end if line_end >= 0 else len(text)][:200].casefold())
            key = span_key(head.group(0))
            for word in words[:MAX_WORDS]:
                if not (word[0].isalnum() or word in _JOINERS):
                    break
                prefixes[key] += 1
                pairs[key, word] += 1
                key = f"{key} {word}"
    return {key: word for (key, word), n in pairs.items()
            if prefixes[key] >= MIN_COUNT and n > DOMINANT * prefixes[key]}
