"""The journalist's query language, parsed into a small tree that never raises on user input.

Syntax: words, "quoted phrases", -exclude, a OR b, ( … ), prefix*, fields (title:, body:, source:,
official:, organization:, topic:, author:, place:) and dates (date:2020, date:2020-03,
date:2020-01-01..2020-06-30, date:..2019, date:none). OR binds tighter than the implicit AND.
Unbalanced quotes and parentheses and stray operators degrade to plain words; length, term count
and nesting are capped (shared/research/whoosh-engineering.md §6: stock parsing can take 20–100 s
or raise RecursionError).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from .article import LOCAL_TZ
from .normalize import normalize_text
from .places import merger_note, place_facet_values
from .tokenize import join_digit_groups, tokenize, unify_decimal_marks

__all__ = [
    "Word", "Phrase", "Prefix", "FacetTerm", "DateRange", "And", "Or", "Not", "Node",
    "ParsedQuery", "parse_query", "MAX_QUERY_CHARS", "MAX_TERMS", "MAX_DEPTH", "TEXT_FIELDS",
    "FACET_FIELDS",
]

MAX_QUERY_CHARS = 512
MAX_TERMS = 64
MAX_DEPTH = 8
TEXT_FIELDS = ("title", "body")
FACET_FIELDS = {"source": "source", "official": "official", "organization": "organization",
                "org": "organization", "topic": "topic", "author": "author", "place": "place"}


@dataclass(frozen=True)
class Word:
    """One exact-form syllable; `field` None means title or body."""

    text: str
    field: str | None = None
    weight: float = 1.0


@dataclass(frozen=True)
class Phrase:
    """Adjacent syllables in order."""

    words: tuple[Word, ...]
    field: str | None = None


@dataclass(frozen=True)
class Prefix:
    """Every syllable starting with `text` (folded comparison)."""

    text: str
    field: str | None = None


@dataclass(frozen=True)
class FacetTerm:
    """An article whose facet `field` has a value matching `value`."""

    field: str
    value: str


@dataclass(frozen=True)
class DateRange:
    """Published within [start, end) (aware datetimes, either open); undated=True: no date."""

    start: datetime | None = None
    end: datetime | None = None
    undated: bool = False


@dataclass(frozen=True)
class And:
    children: tuple["Node", ...]


@dataclass(frozen=True)
class Or:
    children: tuple["Node", ...]


@dataclass(frozen=True)
class Not:
    child: "Node"


Node = Word | Phrase | Prefix | FacetTerm | DateRange | And | Or | Not


@dataclass
class ParsedQuery:
    """The parsed tree (None: match everything), the words in typed order, and warnings."""

    root: Node | None
    run: list[Word] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# Lexer: quoted strings, parentheses, OR, negation, field prefixes, bare chunks.
_LEX_RE = re.compile(
    r'(?P<field>\b(?:title|body|source|official|organization|org|topic|author|place|date):)'
    r'|(?P<quote>"[^"]*")'
    r'|(?P<lparen>\()|(?P<rparen>\))'
    r'|(?P<or>(?<!\S)(?:OR|\|)(?!\S))'
    r'|(?P<neg>(?<!\S)-(?=[^\s-]))'
    r'|(?P<chunk>[^\s()"]+)'
)
_DATE_VALUE_RE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def _lex(text: str) -> list[tuple[str, str]]:
    # An odd number of quotes: the last one is a stray character.
    if text.count('"') % 2:
        i = text.rfind('"')
        text = text[:i] + " " + text[i + 1:]
    return [(m.lastgroup or "", m.group()) for m in _LEX_RE.finditer(text)]


def _cap_nesting(tokens: list[tuple[str, str]], warnings: list[str]) -> list[tuple[str, str]]:
    """Drop parentheses nested deeper than MAX_DEPTH (and their partners): the words stay."""
    out: list[tuple[str, str]] = []
    depth = dropped = 0
    for tok in tokens:
        if tok[0] == "lparen":
            if depth >= MAX_DEPTH:
                dropped += 1
                continue
            depth += 1
        elif tok[0] == "rparen":
            if dropped:
                dropped -= 1
                continue
            depth = max(depth - 1, 0)
        out.append(tok)
    if len(out) < len(tokens):
        warnings.append(f"nesting deeper than {MAX_DEPTH} levels was flattened")
    return out


def _parse_date_bound(value: str, *, end: bool) -> datetime | None:
    m = _DATE_VALUE_RE.fullmatch(value.strip())
    if not m:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if day:
            d = date(year, int(month), int(day))
            d = d + timedelta(days=1) if end else d
        elif month:
            d = date(year, int(month), 1)
            if end:
                d = date(year + (d.month == 12), d.month % 12 + 1, 1)
        else:
            d = date(year + 1 if end else year, 1, 1)
    except (ValueError, OverflowError):     # 2021-02-30, 9999-12-31 + 1 day
        return None
    return datetime.combine(d, time.min, LOCAL_TZ)


def parse_date_value(value: str) -> DateRange | None:
    """`2020`, `2020-03`, `2020-01-01..2020-06-30`, `..2019`, `2020..`, `none` → DateRange."""
    value = value.strip().lower()
    if value in ("none", "khong", "không"):
        return DateRange(undated=True)
    if ".." in value:
        lo, hi = value.split("..", 1)
        start = _parse_date_bound(lo, end=False) if lo else None
        stop = _parse_date_bound(hi, end=True) if hi else None
        if (lo and start is None) or (hi and stop is None) or (start is None and stop is None):
            return None
        return DateRange(start, stop)
    start = _parse_date_bound(value, end=False)
    return DateRange(start, _parse_date_bound(value, end=True)) if start else None


class _Parser:
    """Recursive descent over the lexed tokens with caps; never raises on user input."""

    def __init__(self, tokens: list[tuple[str, str]], warnings: list[str]) -> None:
        self.tokens = tokens
        self.i = 0
        self.warnings = warnings
        self.terms = 0
        self.run: list[Word] = []

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def sequence(self, depth: int, *, top: bool) -> Node | None:
        clauses: list[Node] = []
        while (tok := self.peek()) is not None:
            if tok[0] == "rparen":
                if top:
                    self.i += 1        # stray ')' is ignored
                    continue
                break
            clause = self.or_clause(depth, top=top)
            if clause is not None:
                clauses.append(clause)
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else And(tuple(clauses))

    def or_clause(self, depth: int, *, top: bool) -> Node | None:
        run_length = len(self.run)
        first = self.unary(depth, top=top)
        options = [first] if first is not None else []
        while (tok := self.peek()) is not None and tok[0] == "or":
            self.i += 1
            nxt = self.unary(depth, top=False)
            if nxt is not None:
                options.append(nxt)
        if len(options) > 1:
            del self.run[run_length:]    # the words of an OR do not form one typed run
            return Or(tuple(options))
        return options[0] if options else None

    def unary(self, depth: int, *, top: bool) -> Node | None:
        tok = self.peek()
        if tok is None:
            return None
        if tok[0] == "or":           # a stray OR at a clause start is dropped
            self.i += 1
            return None
        if tok[0] == "neg":
            self.i += 1
            child = self.unit(depth, top=False)
            return Not(child) if child is not None else None
        return self.unit(depth, top=top)

    def unit(self, depth: int, *, top: bool, field: str | None = None) -> Node | None:
        tok = self.peek()
        if tok is None:
            return None
        kind, text = tok
        if kind == "lparen":
            self.i += 1
            inner = self.sequence(depth + 1, top=False)
            if self.peek() is not None and self.peek()[0] == "rparen":  # type: ignore[index]
                self.i += 1
            return inner
        if kind == "field":
            self.i += 1
            return self.fielded(text[:-1], depth, top=top)
        self.i += 1
        if kind == "quote":
            return self.text_node(text[1:-1], field, top=top, phrase=True)
        if kind == "rparen":
            return None
        return self.text_node(text, field, top=top, phrase=False)

    def fielded(self, name: str, depth: int, *, top: bool) -> Node | None:
        tok = self.peek()
        if tok is None or tok[0] in ("or", "rparen"):
            return None
        if name in TEXT_FIELDS:
            if tok[0] == "lparen":
                self.i += 1
                inner = self._restrict(self.sequence(depth + 1, top=False), name)
                if self.peek() is not None and self.peek()[0] == "rparen":  # type: ignore[index]
                    self.i += 1
                return inner
            return self.unit(depth, top=top, field=name)
        self.i += 1
        value = tok[1][1:-1] if tok[0] == "quote" else tok[1]
        if name == "date":
            rng = parse_date_value(value)
            if rng is None:
                self.warnings.append(f"date:{value} is not a date or range; ignored")
            return rng
        value = " ".join(normalize_text(value).split())
        if name == "place" and value:
            return self.place(value)
        return FacetTerm(FACET_FIELDS[name], value) if value else None

    def place(self, value: str) -> Node:
        """`place:` a unit with its renamings (Huế, Thừa Thiên Huế), its former-unit value after a merger
        ("Hải Dương (cũ)"), or in the "(gồm … cũ)" form every unit merged into it; a former unit's query
        says where its later coverage is."""
        values = place_facet_values(value)
        note = merger_note(value)
        if note and note not in self.warnings:
            self.warnings.append(note)
        terms = tuple(FacetTerm("place", v) for v in values)
        return terms[0] if len(terms) == 1 else Or(terms)

    def _restrict(self, node: Node | None, name: str) -> Node | None:
        if node is None:
            return None
        if isinstance(node, Word):
            return Word(node.text, name, node.weight)
        if isinstance(node, Phrase):
            return Phrase(tuple(Word(w.text, name, w.weight) for w in node.words), name)
        if isinstance(node, Prefix):
            return Prefix(node.text, name)
        if isinstance(node, And):
            return And(tuple(n for c in node.children if (n := self._restrict(c, name))))
        if isinstance(node, Or):
            return Or(tuple(n for c in node.children if (n := self._restrict(c, name))))
        if isinstance(node, Not):
            child = self._restrict(node.child, name)
            return Not(child) if child else None
        return node

    def text_node(self, text: str, field: str | None, *, top: bool, phrase: bool) -> Node | None:
        prefix = not phrase and text.endswith("*") and len(text.rstrip("*")) >= 1
        syllables = [t.text for t in tokenize(text)]
        if not syllables:
            return None
        room = MAX_TERMS - self.terms
        if room <= 0:
            if "too many terms" not in " ".join(self.warnings):
                self.warnings.append(f"too many terms: only the first {MAX_TERMS} were used")
            return None
        syllables = syllables[:room]
        self.terms += len(syllables)
        words = [Word(s, field) for s in syllables]
        if prefix:
            last = syllables[-1]
            if len(last) < 2:
                self.warnings.append(f"prefix {last}* is too short (2 characters at least)")
            else:
                words[-1] = Prefix(last, field)  # type: ignore[call-overload]
        if top:
            self.run.extend(w for w in words if isinstance(w, Word))
        if phrase and len(words) > 1 and all(isinstance(w, Word) for w in words):
            return Phrase(tuple(words), field)  # type: ignore[arg-type]
        if len(words) == 1:
            return words[0]
        return And(tuple(words))


def parse_query(text: str) -> ParsedQuery:
    """Parse a user query; never raises. An empty query matches everything (root None)."""
    warnings: list[str] = []
    text = join_digit_groups(unify_decimal_marks(normalize_text(text or "")))
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    if len(text) > MAX_QUERY_CHARS:
        warnings.append(f"the query was cut to {MAX_QUERY_CHARS} characters")
        text = text[:MAX_QUERY_CHARS]
    parser = _Parser(_cap_nesting(_lex(text), warnings), warnings)
    root = parser.sequence(0, top=True)
    return ParsedQuery(root, parser.run, warnings)
