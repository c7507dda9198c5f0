"""Highlights mapped back onto the stored (accented, canonical) text, HTML-escaped.

The stored text is normalized at write time and folding keeps every character's position, so a
match found in the folded copy of a text marks exactly the same characters of the displayed text:
`chu thap do` marks "Chữ thập đỏ". A word typed with marks marks its own reading where the text
has it (`tình` does not mark "tỉnh" beside "tình"). Everything but the <mark> elements is escaped.
The snippet window is chosen on the folded syllable column the searcher already holds in memory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from html import escape

from .normalize import _FOLD_TABLE, fold
from .tokenize import tokenize

__all__ = ["Highlighter", "SNIPPET_CHARS"]

SNIPPET_CHARS = 320
SNIPPET_TOKENS = 60          # window (in syllables) in which hits are counted
LEAD_TOKENS = 6              # words shown before the first hit of the window
LEAD_CHARS = 80              # how far back those words are looked for
NEXT_MATCH_CHARS = 400       # text looked at first for the hit a syllable count points near
# Fold table that keeps every character (stray marks stay) so offsets match the original.
_SAME_LENGTH_FOLD = {k: v for k, v in _FOLD_TABLE.items() if len(v) == 1}
_JOINERS = frozenset(" -–")
# Words as the tokenizer sees them, roughly: letters and digits apart ("1m69" is three).
_WORD = r"(?:[^\W\d_]++|\d++)"
_WORD_RE = re.compile(_WORD)
# Skip n words (each with what follows it) from a word start, or from the text's start.
_WORD_SKIPS = tuple((n, re.compile(r"[\W_]*+(?:%s[\W_]*+){%d}" % (_WORD, n))) for n in (64, 8, 1))


_NUMBER_WORD_RE = re.compile(r"(\d+)(?:,(\d+))?")


def _number_pattern(word: str) -> str | None:
    """Regex source for a number query word written with any separators: `11000` also matches
    "11.000" and "11 000", `2,7` also "2.7"; None for other words."""
    m = _NUMBER_WORD_RE.fullmatch(word)
    if not m or (len(m.group(1)) <= 3 and m.group(2) is None):
        return None
    digits = m.group(1)
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    out = r"[.\u00a0\u2009\u202f ]?".join(groups)
    return out + (r"[.,]" + m.group(2) if m.group(2) else "") + r"(?![\d]|[.,]\d)"


@dataclass(frozen=True)
class Highlighter:
    """Marks the words of one query in texts."""

    words: frozenset[str]                         # folded query words
    prefixes: tuple[str, ...] = ()                # folded prefixes
    run: tuple[str, ...] = ()                     # folded typed run, for choosing the snippet
    typed: dict[str, str] = field(default_factory=dict)   # folded → reading typed with marks

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        """The query words over lower-cased, same-length folded text (plain words: cheap to compile,
        where classes of every accented form of each letter cost milliseconds per query)."""
        alternatives = [_number_pattern(w) or re.escape(w) for w in sorted(self.words, key=len, reverse=True)]
        alternatives += [re.escape(p) + r"[^\W_]*" for p in self.prefixes]
        if not alternatives:
            return None
        return re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + r")(?![^\W_])")

    def holds_run(self, *folded_columns: bytes | None) -> bool:
        """Whether any of a document's folded syllable columns holds the whole typed run (two
        words or more) together."""
        if len(self.run) < 2:
            return False
        needle = (" " + " ".join(self.run) + " ").encode()
        return any(column is not None and needle in column for column in folded_columns)

    def _spans(self, text: str, run_held: bool = False) -> list[tuple[int, int]]:
        """Character spans to mark in `text`: pieces of the typed run as one mark each.

        Where two or more adjacent words of the text repeat the typed run (or a part of it, two
        words at least) they are marked as one run ("Chữ thập đỏ"); a run word is then not marked
        alone elsewhere in the text — lone syllables are marked only for the parts of the run the
        text does not hold together, and not at all when `run_held` (the document holds the whole
        run somewhere else: its title, or a part of the body outside a snippet). Other adjacent
        hits are merged as before.
        """
        matches = self._matches(text)
        if len(self.run) < 2 or (len(matches) < 2 and not run_held):
            spans: list[tuple[int, int]] = []
            for start, end, _ in matches:
                self._add_span(spans, text, start, end)
            return spans
        pieces, covered, inside = self._run_pieces(text, matches)
        lone_ok = set() if run_held else {w for n, w in enumerate(self.run) if n not in covered}
        marks = sorted(pieces + [(a, b) for i, (a, b, w) in enumerate(matches)
                                 if i not in inside and (w not in self._run_words or w in lone_ok)])
        spans = []
        for start, end in marks:
            self._add_span(spans, text, start, end)
        return spans

    @cached_property
    def _run_words(self) -> frozenset[str]:
        return frozenset(self.run)

    def _run_pieces(self, text: str, matches: list[tuple[int, int, str]]
                    ) -> tuple[list[tuple[int, int]], set[int], set[int]]:
        """(spans of the run pieces in the text, run positions they cover, indices of the matches
        inside them). A piece is the longest stretch of adjacent matches, from each match on,
        equal to two or more consecutive words of the run."""
        run, k = self.run, len(self.run)
        pieces: list[tuple[int, int]] = []
        covered: set[int] = set()
        inside: set[int] = set()
        i = 0
        while i < len(matches):
            best_len, best_at = 1, -1
            for j in range(k - 1):
                if run[j] != matches[i][2]:
                    continue
                length = 1
                while (i + length < len(matches) and j + length < k
                       and run[j + length] == matches[i + length][2]
                       and all(ch in _JOINERS for ch in text[matches[i + length - 1][1]:matches[i + length][0]])):
                    length += 1
                if length > best_len:
                    best_len, best_at = length, j
            if best_at < 0:
                i += 1
                continue
            pieces.append((matches[i][0], matches[i + best_len - 1][1]))
            covered.update(range(best_at, best_at + best_len))
            inside.update(range(i, i + best_len))
            i += best_len
        return pieces, covered, inside

    def _matches(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, folded word) of every query word or prefix in `text`, in order; where the
        reading typed with marks is in the text, the other readings of that word are left out."""
        pattern = self._pattern
        if pattern is None:
            return []
        lowered = text.lower()
        if len(lowered) != len(text):
            return self._token_matches(text)
        present = {f for f, exact in self.typed.items() if exact in lowered}
        out: list[tuple[int, int, str]] = []
        for m in pattern.finditer(lowered.translate(_SAME_LENGTH_FOLD)):
            folded = m.group()
            word = lowered[m.start():m.end()]
            if word[:1].isdigit():
                folded = "".join(t.text for t in tokenize(word, normalized=True))
            if present and folded in present and word != self.typed[folded]:
                continue          # the typed reading is in this text: mark only that one
            out.append((m.start(), m.end(), folded))
        return out

    def _token_matches(self, text: str) -> list[tuple[int, int, str]]:
        """Slow path for the rare text whose case or fold changes its length (e.g. "İ")."""
        out: list[tuple[int, int, str]] = []
        for tok in tokenize(text, normalized=True):
            folded = fold(tok.text)
            if folded in self.words or any(folded.startswith(p) for p in self.prefixes):
                out.append((tok.start, tok.end, folded))
        return out

    @staticmethod
    def _add_span(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
        """Append a span, merging it with the previous one when only a space or dash separates them."""
        if spans and all(ch in _JOINERS for ch in text[spans[-1][1]:start]):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))

    @staticmethod
    def _render(text: str, spans: list[tuple[int, int]]) -> str:
        out: list[str] = []
        pos = 0
        for start, end in spans:
            out.append(escape(text[pos:start]))
            out.append("<mark>" + escape(text[start:end]) + "</mark>")
            pos = end
        out.append(escape(text[pos:]))
        return "".join(out)

    def full(self, text: str | None, *, run_held: bool = False) -> str:
        """The whole text, escaped, with the query words marked (see `_spans` for `run_held`)."""
        if not text:
            return ""
        return self._render(text, self._spans(text, run_held))

    @cached_property
    def _column_words(self) -> tuple[bytes, ...]:
        """The query words as whole syllables of a folded column: b" word "."""
        return tuple(b" " + w.encode() + b" " for w in self.words)

    @cached_property
    def _column_prefix_pattern(self) -> re.Pattern[bytes] | None:
        """The query prefixes as syllable starts of a folded column."""
        if not self.prefixes:
            return None
        alternatives = b"|".join(re.escape(p.encode()) for p in self.prefixes)
        return re.compile(rb"(?<= )(?:" + alternatives + rb")[^ ]*(?= )")

    def _column_hits(self, folded_column: bytes) -> list[tuple[int, bytes]]:
        """(byte offset, syllable) of every query word or prefix in a folded column, in order.

        Whole words are found with bytes.find (a C scan, several times faster than a regex
        alternation over the column); only prefixes need the regex.
        """
        found: list[tuple[int, bytes]] = []
        find = folded_column.find
        for needle in self._column_words:
            word = needle[1:-1]
            step = len(needle) - 1            # the closing space may open the next hit
            at = find(needle)
            while at != -1:
                found.append((at + 1, word))
                at = find(needle, at + step)
        pattern = self._column_prefix_pattern
        if pattern is not None:
            found.extend((m.start(), m.group()) for m in pattern.finditer(folded_column))
            found = sorted(set(found))
        elif len(self._column_words) > 1:
            found.sort()
        return found

    def _best_token(self, folded_column: bytes) -> int:
        """Index of the first syllable of the window with the most (distinct, adjacent) hits."""
        hits: list[int] = []          # syllable index of each hit
        words: list[bytes] = []
        index, previous = -1, 0       # the column starts with a space
        count = folded_column.count
        for start, word in self._column_hits(folded_column):
            index += count(b" ", previous, start)
            previous = start
            hits.append(index)
            words.append(word)
        if not hits:
            return 0
        typed_pairs = {(a.encode(), b.encode()) for a, b in zip(self.run, self.run[1:])}
        # adjacent[j]: typed pairs among the first j hits (prefix sums).
        adjacent = [0]
        for j in range(len(hits) - 1):
            pair = hits[j + 1] == hits[j] + 1 and (words[j], words[j + 1]) in typed_pairs
            adjacent.append(adjacent[-1] + pair)
        adjacent.append(adjacent[-1])
        most_distinct = 2 * (len(self.words) + len(self.prefixes))
        best, best_score, stop = hits[0], -1, 0
        for n, i in enumerate(hits):                 # windows starting at each hit, two pointers
            stop = max(stop, n)
            while stop + 1 < len(hits) and hits[stop + 1] < i + SNIPPET_TOKENS:
                stop += 1
            partial = (stop - n + 1) + 3 * (adjacent[stop] - adjacent[n])
            if partial + most_distinct <= best_score:
                continue
            score = partial + 2 * len(set(words[n:stop + 1]))
            if score > best_score:
                best, best_score = i, score
        return best

    def _next_match(self, text: str, start: int) -> int | None:
        """Character offset of the first query-word match at or after `start` (a word start)."""
        if self._pattern is None:
            return None
        # Lower-casing is costly: a piece of text first (ending at a space, so that no word is
        # cut into a false match), then the rest.
        cut = text.find(" ", start + NEXT_MATCH_CHARS)
        for stop in ((cut, len(text)) if cut != -1 else (len(text),)):
            piece = text[start:stop]
            lowered = piece.lower()
            if len(lowered) != len(piece):
                return None
            match = self._pattern.search(lowered.translate(_SAME_LENGTH_FOLD))
            if match:
                return start + match.start()
        return None

    @staticmethod
    def _lead_start(text: str, hit: int) -> int:
        """Where a snippet starts: LEAD_TOKENS words before the hit (fewer at the text's start)."""
        window = max(0, hit - LEAD_CHARS)
        starts = [m.start() for m in _WORD_RE.finditer(text, window, hit)]
        if window > 0 and starts and starts[0] == window and text[window - 1].isalnum():
            starts = starts[1:]           # the window cut a word in two
        if len(starts) >= LEAD_TOKENS:
            return starts[-LEAD_TOKENS]
        return starts[0] if window > 0 and starts else 0

    @staticmethod
    def _char_of_token(text: str, index: int) -> int:
        """Character offset of about the index-th syllable (0 when the text has fewer).

        Words are counted at every non-letter and between letters and digits, so dates, numbers
        and codes ("8/6/2010" counts three) put the offset a little before the syllable, hardly
        ever after it. Words are skipped in runs of 64, 8 and 1 inside the regex engine.
        """
        if index <= 0:
            return 0
        at = 0
        for size, skip in _WORD_SKIPS:
            while index >= size:
                match = skip.match(text, at)
                if match is None:
                    return 0
                at = match.end()
                index -= size
        return at if _WORD_RE.match(text, at) else 0

    def snippet(self, text: str | None, folded_column: bytes | None = None,
                size: int = SNIPPET_CHARS, *, run_held: bool = False) -> str:
        """About `size` characters around the densest hits, escaped and marked.

        The window is chosen on the folded syllable column; the snippet then starts LEAD_TOKENS
        words before the window's first hit, found in the text itself from about where it stands.
        """
        if not text:
            return ""
        if folded_column is None:
            folded_column = (" " + " ".join(fold(t.text) for t in tokenize(text, normalized=True)) + " ").encode()
        index = self._best_token(folded_column)
        approx = self._char_of_token(text, index)
        hit = self._next_match(text, approx)
        first = self._lead_start(text, hit) if hit is not None else self._char_of_token(text, index - LEAD_TOKENS)
        start, end, spans = self._region(text, first, size, run_held)
        region = text[start:end]
        body = self._render(region, spans).replace("\n", " ")
        return ("… " if start > 0 else "") + body + (" …" if end < len(text) else "")

    def _region(self, text: str, hit: int, size: int, run_held: bool
                ) -> tuple[int, int, list[tuple[int, int]]]:
        """(start, end, spans in the region) of a snippet starting at the word around `hit`."""
        start = 0 if hit < 40 else text.rfind(" ", 0, hit) + 1
        end = len(text) if start + size >= len(text) else text.rfind(" ", start, start + size)
        if end <= start:
            end = min(len(text), start + size)
        return start, end, self._spans(text[start:end], run_held)
