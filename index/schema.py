"""The Whoosh schema of an article and the custom field types it needs.

Design D4 (shared/research/retrieval-design.md §7): title and body are indexed once, in their exact
canonical syllable form, with frequency postings and no positions. Each text field also keeps two
per-document columns — the exact and the folded syllable sequence (" w1 w2 … ") — which the
searcher reads for adjacency ranking, phrase checks and highlights, and a postings-only field of
its adjacent folded syllable pairs ("nhung gio"), so the documents where a typed run stands
together are found from postings instead of by scanning the best-scored ones. Facet values live in columns so
a searcher can load them as arrays in one pass.

The schema is pickled into the index's TOC by module path: keep this module at `index.schema`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from whoosh import columns, fields, formats
from whoosh.system import pack_uint

from .normalize import fold
from .tokenize import digit_edges, index_terms

__all__ = ["SCHEMA_VERSION", "build_schema", "LIST_SEPARATOR", "NO_DATE", "SyllableField",
           "FoldedSequenceField", "PairField", "analyze_cached", "pair_term", "run_regex"]

SCHEMA_VERSION = 2          # 2: adjacent-pair fields; digit groups and decimal marks unified
LIST_SEPARATOR = "\x1f"
NO_DATE = -(2**62)          # value of the published_ts column for an undated article

_CACHE: dict[str, tuple[list[str], list[str]]] = {}


def analyze_cached(text: str) -> tuple[list[str], list[str]]:
    """index_terms() of a normalized text, memoized for the few fields of the document in hand."""
    hit = _CACHE.get(text)
    if hit is None:
        if len(_CACHE) > 8:
            _CACHE.clear()
        hit = _CACHE[text] = index_terms(text, normalized=True)
    return hit


def sequence_bytes(tokens: list[str]) -> bytes:
    """Column form of a syllable sequence: space-separated with a space at both ends."""
    return (" " + " ".join(tokens) + " ").encode("utf-8")


class SyllableField(fields.FieldType):
    """Exact-form syllables with frequency postings; its column holds the exact sequence."""

    indexed = True
    scorable = True
    analyzer = None

    def __init__(self, stored: bool = True) -> None:
        self.format = formats.Frequency()
        self.stored = stored
        self.column_type = columns.VarBytesColumn()
        self.vector = None

    def index(self, value: str, **kwargs: object) -> Iterator[tuple[bytes, int, float, bytes]]:
        tokens, aliases = analyze_cached(value)
        counts = Counter(tokens)
        counts.update(aliases)
        for term, freq in counts.items():
            yield term.encode("utf-8"), freq, float(freq), pack_uint(freq)

    def to_column_value(self, value: str) -> bytes:
        return sequence_bytes(analyze_cached(value)[0])

    def from_column_value(self, value: bytes) -> bytes:
        return value

    def self_parsing(self) -> bool:
        return True


class FoldedSequenceField(fields.COLUMN):
    """Column-only field: the folded (unaccented) syllable sequence of a text."""

    def __init__(self) -> None:
        super().__init__(columns.VarBytesColumn())

    def to_column_value(self, value: str) -> bytes:
        return sequence_bytes([fold(t) for t in analyze_cached(value)[0]])


# A run typed from inside a number or date token: its first number may be that token's last digit
# group (after a separator, or the last thousands group), its last number the token's first group.
_INSIDE_START = rb"(?:(?<=[ /.,-])|(?<=\d)(?=\d{3} ))"
_INSIDE_END = rb"(?= |[/.,-]\d|(?:\d{3})+ )"


def run_regex(parts: list[bytes], *, starts_inside: bool, ends_inside: bool) -> bytes:
    """Regex source over a sequence column for a run of syllables (each part an escaped regex);
    `starts_inside`/`ends_inside` let its first/last number be a digit group of a longer token."""
    return ((_INSIDE_START if starts_inside else b" ") + b" ".join(parts)
            + (_INSIDE_END if ends_inside else b" "))


def pair_term(first: str, second: str) -> str:
    """The term of two adjacent folded syllables in a pair field."""
    return f"{first} {second}"


class PairField(fields.FieldType):
    """Postings (presence only) of the adjacent folded syllable pairs of a text; nothing stored.

    Scorable only so that Whoosh keeps its per-document lengths: without a lengths column its writer
    looks for that file on disk once per posting (a third of the pair field's writing time).
    """

    indexed = True
    scorable = True

    def __init__(self) -> None:
        self.format = formats.Existence()
        self.analyzer = None
        self.stored = False
        self.column_type = None
        self.vector = None

    def index(self, value: str, **kwargs: object) -> Iterator[tuple[bytes, int, float, bytes]]:
        """Each adjacent pair, and beside a number or date token also the pair with its nearer digit
        group ("ngày 9/7" → "ngay 9/7", "ngay 9"), for windows that start or end inside it."""
        folded = [fold(t) for t in analyze_cached(value)[0]]
        pairs = {pair_term(a, b) for a, b in zip(folded, folded[1:])}
        for i, token in enumerate(folded):
            edges = digit_edges(token) if token[:1].isdigit() else None
            if edges is None:
                continue
            if i > 0:
                pairs.add(pair_term(folded[i - 1], edges[0]))
            if i + 1 < len(folded):
                pairs.add(pair_term(edges[1], folded[i + 1]))
        for pair in pairs:
            yield pair.encode("utf-8"), 1, 1.0, b""

    def self_parsing(self) -> bool:
        return True


class ListColumnField(fields.FieldType):
    """Stored list of strings with a column of the values joined by LIST_SEPARATOR (facets)."""

    indexed = False
    scorable = False

    def __init__(self) -> None:
        self.format = None
        self.analyzer = None
        self.stored = True
        self.column_type = columns.VarBytesColumn()
        self.vector = None

    def to_column_value(self, value: list[str] | tuple[str, ...]) -> bytes:
        return LIST_SEPARATOR.join(value).encode("utf-8")

    def from_column_value(self, value: bytes) -> bytes:
        return value


def build_schema() -> fields.Schema:
    """The schema of one article."""
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        url=fields.ID(stored=True),
        title=SyllableField(stored=True),
        title_fold=FoldedSequenceField(),
        title_pairs=PairField(),
        body=SyllableField(stored=True),
        body_fold=FoldedSequenceField(),
        body_pairs=PairField(),
        source=ListColumnField(),             # [outlet] or []
        published=fields.STORED(),            # ISO 8601, aware, or None
        published_how=fields.STORED(),
        published_ts=fields.COLUMN(columns.NumericColumn("q", default=NO_DATE)),
        authors=ListColumnField(),
        officials=ListColumnField(),          # names (facet values)
        official_titles=fields.STORED(),      # [[name, [titles...]], ...]
        organizations=ListColumnField(),
        places=ListColumnField(),             # documents written before it have no column: no place
        topics=ListColumnField(),
        tags=fields.STORED(),
        category=fields.STORED(),
        provenance=fields.STORED(),
        duplicate_of=fields.STORED(),
        story=fields.ID(stored=True, sortable=True),   # id of the story's head (index/stories.py); none: its own
        content_hash=fields.STORED(),
        body_hash=fields.ID(stored=True),
        ingested_at=fields.STORED(),
        withdrawn=fields.COLUMN(columns.NumericColumn("b", default=0)),
        tombstone=fields.STORED(),            # {"reason", "date"} while withdrawn
        schema_version=fields.STORED(),
    )
