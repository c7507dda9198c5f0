"""Highlights mapped back onto the stored (accented, canonical) text, HTML-escaped.

The stored text is normalized at write time, so the tokenizer's spans point into exactly the text
that is displayed; a token is marked when its folded form matches a query word (or prefix), so
`chu thap do` marks "Chữ thập đỏ". Everything except the <mark> elements is escaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape


from .normalize import _FOLD_TABLE, fold
from .tokenize import Token, tokenize

__all__ = ["Highlighter", "SNIPPET_CHARS"]

SNIPPET_CHARS = 320
SNIPPET_SCAN_CHARS = 20_000      # the snippet window is looked for in the first 20k characters
# Fold table that keeps every character (stray marks stay) so offsets match the original.
_SAME_LENGTH_FOLD = {k: v for k, v in _FOLD_TABLE.items() if len(v) == 1}


@dataclass(frozen=True)
class Highlighter:
    """Marks the words of one query in texts."""

    words: frozenset[str]             # folded query words
    prefixes: tuple[str, ...] = ()    # folded prefixes
    run: tuple[str, ...] = ()         # folded typed run, for choosing the snippet window

    def _is_hit(self, token: Token) -> bool:
        folded = fold(token.text)
        return folded in self.words or any(folded.startswith(p) for p in self.prefixes)

    def _render(self, text: str, tokens: list[Token], start: int, end: int) -> str:
        out: list[str] = []
        pos = start
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok.start < start or tok.end > end or not self._is_hit(tok):
                i += 1
                continue
            # Merge adjacent hits ("Chữ thập đỏ") into one <mark>.
            j = i
            while (j + 1 < len(tokens) and tokens[j + 1].end <= end and self._is_hit(tokens[j + 1])
                   and text[tokens[j].end:tokens[j + 1].start].strip() in ("", "-")):
                j += 1
            out.append(escape(text[pos:tok.start]))
            out.append("<mark>" + escape(text[tok.start:tokens[j].end]) + "</mark>")
            pos = tokens[j].end
            i = j + 1
        out.append(escape(text[pos:end]))
        return "".join(out)

    def full(self, text: str | None) -> str:
        """The whole text, escaped, with every query word marked."""
        if not text:
            return ""
        return self._render(text, tokenize(text, normalized=True), 0, len(text))

    def _pattern(self) -> re.Pattern[str] | None:
        alternatives = sorted((re.escape(w) for w in self.words), key=len, reverse=True)
        alternatives += [re.escape(p) + r"[^\W_]*" for p in self.prefixes]
        if not alternatives:
            return None
        return re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + r")(?![^\W_])")

    def _best_start(self, text: str, size: int) -> int:
        """Character offset of the window with the most (distinct, adjacent) hits."""
        pattern = self._pattern()
        head = text[:SNIPPET_SCAN_CHARS]
        folded = head.lower().translate(_SAME_LENGTH_FOLD)
        if pattern is None or len(folded) != len(head):
            return 0
        hits = [(m.start(), m.end(), m.group()) for m in pattern.finditer(folded)]
        if not hits:
            return 0
        typed_pairs = set(zip(self.run, self.run[1:]))
        adjacent = [1 if (a[2], b[2]) in typed_pairs and not folded[a[1]:b[0]].strip(" -,") else 0
                    for a, b in zip(hits, hits[1:])] + [0]
        best, best_score = 0, -1
        stop = 0
        for i, (start, _, _) in enumerate(hits):      # windows starting at each hit, two pointers
            stop = max(stop, i)
            while stop + 1 < len(hits) and hits[stop + 1][1] <= start + size:
                stop += 1
            window = hits[i:stop + 1]
            score = len(window) + 2 * len({h[2] for h in window}) + 3 * sum(adjacent[i:stop])
            if score > best_score:
                best, best_score = start, score
        return best

    def snippet(self, text: str | None, size: int = SNIPPET_CHARS) -> str:
        """About `size` characters around the densest hits, escaped and marked."""
        if not text:
            return ""
        hit = self._best_start(text, size)
        start = 0 if hit < 60 else text.rfind(" ", 0, hit - 40) + 1
        end = len(text) if start + size >= len(text) else text.rfind(" ", start, start + size)
        if end <= start:
            end = min(len(text), start + size)
        region = text[start:end]
        body = self._render(region, tokenize(region, normalized=True), 0, len(region)).replace("\n", " ")
        return ("… " if start > 0 else "") + body + (" …" if end < len(text) else "")
