"""Search state <-> URL parameters: parsing, validation and link building.

Every state of the search page lives in the query string, so a URL is a complete, shareable search.
The same parameters drive the JSON API, exports, the feed and the attention chart.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

from index import SORTS, SearchRequest

LIST_FACETS = ("source", "topic", "official", "organization", "place")
DATE_FACETS = ("year", "month")
FACETS = LIST_FACETS + DATE_FACETS
INTERVALS = ("month", "year")
NONE_BUCKET = "none"

DEFAULT_PAGE_SIZE = 20
MAX_QUERY_CHARS = 2000
MAX_VALUE_CHARS = 300
MAX_VALUES = 50
_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class BadParameter(ValueError):
    """A request parameter that cannot be honoured; answered with 400."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


@dataclass(frozen=True)
class SearchState:
    """Everything a search URL says: query, filters, exclusions, dates, sort and page."""

    q: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    exclude: dict[str, tuple[str, ...]] = field(default_factory=dict)
    date_from: date | None = None
    date_to: date | None = None
    undated: bool = False
    sort: str = "relevance"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    all_copies: bool = False          # every copy of a story is its own result (`all=1`), not one per story
    story: str | None = None          # only the copies of one story (`story=ID`: "Xem N bản đăng lại")

    @property
    def is_blank(self) -> bool:
        """True when nothing narrows the archive (the home page)."""
        return not (self.q.strip() or self.has_filters)

    @property
    def has_filters(self) -> bool:
        """True when any facet, exclusion or date limit is set."""
        return bool(self.filters or self.exclude or self.date_from or self.date_to or self.undated or self.story)

    def to_request(self, facet_limit: int = 50, **changes: object) -> SearchRequest:
        """The index request for this state."""
        filters = {k: list(v) for k, v in self.filters.items()}
        exclude = {k: list(v) for k, v in self.exclude.items()}
        args = dict(q=self.q, filters=filters, exclude=exclude, date_from=self.date_from,
                    date_to=self.date_to, undated=self.undated, sort=self.sort, page=self.page,
                    page_size=self.page_size, facet_limit=facet_limit,
                    collapse=not self.all_copies, story=self.story)
        args.update(changes)
        return SearchRequest(**args)

    def pairs(self) -> list[tuple[str, str]]:
        """Canonical URL parameters, defaults left out."""
        out: list[tuple[str, str]] = []
        if self.q:
            out.append(("q", self.q))
        for name in FACETS:
            out.extend((name, v) for v in self.filters.get(name, ()))
            out.extend((f"not_{name}", v) for v in self.exclude.get(name, ()))
        if self.date_from:
            out.append(("from", self.date_from.isoformat()))
        if self.date_to:
            out.append(("to", self.date_to.isoformat()))
        if self.undated:
            out.append(("undated", "1"))
        if self.story:
            out.append(("story", self.story))
        if self.all_copies:
            out.append(("all", "1"))
        if self.sort != "relevance":
            out.append(("sort", self.sort))
        if self.page_size != DEFAULT_PAGE_SIZE:
            out.append(("size", str(self.page_size)))
        if self.page != 1:
            out.append(("page", str(self.page)))
        return out

    def query_string(self, extra: list[tuple[str, str]] | None = None) -> str:
        """URL-encoded parameters for this state (plus `extra`), without the leading '?'."""
        return urlencode(self.pairs() + (extra or []))

    def with_changes(self, **changes: object) -> "SearchState":
        """A copy with fields replaced; any change other than `page` returns to page 1."""
        if "page" not in changes:
            changes["page"] = 1
        return replace(self, **changes)

    def toggled(self, facet: str, value: str, exclude: bool = False) -> "SearchState":
        """Add the value to (or remove it from) the facet's filters or exclusions."""
        target = self.exclude if exclude else self.filters
        other = self.filters if exclude else self.exclude
        values = target.get(facet, ())
        new_values = tuple(v for v in values if v != value) if value in values else values + (value,)
        new_target = _set(target, facet, new_values)
        # A value is never both required and excluded: choosing one side drops the other.
        new_other = _set(other, facet, tuple(v for v in other.get(facet, ()) if v != value))
        if exclude:
            return self.with_changes(filters=new_other, exclude=new_target)
        return self.with_changes(filters=new_target, exclude=new_other)

    def chips(self) -> list[tuple[str, str, str, "SearchState"]]:
        """Removable filter chips: (kind, label facet/param, value, state without it)."""
        out: list[tuple[str, str, str, SearchState]] = []
        for name in FACETS:
            out.extend(("include", name, v, self.toggled(name, v)) for v in self.filters.get(name, ()))
            out.extend(("exclude", name, v, self.toggled(name, v, exclude=True))
                       for v in self.exclude.get(name, ()))
        if self.date_from:
            out.append(("include", "from", self.date_from.isoformat(), self.with_changes(date_from=None)))
        if self.date_to:
            out.append(("include", "to", self.date_to.isoformat(), self.with_changes(date_to=None)))
        if self.undated:
            out.append(("include", "undated", "", self.with_changes(undated=False)))
        if self.story:
            out.append(("include", "story", self.story, self.with_changes(story=None)))
        return out


def _set(mapping: dict[str, tuple[str, ...]], key: str, values: tuple[str, ...]) -> dict:
    """Copy of mapping with key set to values (dropped when empty)."""
    out = dict(mapping)
    if values:
        out[key] = values
    else:
        out.pop(key, None)
    return out


def clean_text(value: str) -> str:
    """Drop control characters (they never belong in a query or a facet value)."""
    return _CONTROL.sub("", value)


def _values(args: MultiDict, name: str) -> tuple[str, ...]:
    """The distinct non-empty values of a repeatable parameter, validated for size."""
    raw = args.getlist(name)
    if len(raw) > MAX_VALUES:
        raise BadParameter(name, f"at most {MAX_VALUES} values")
    out: list[str] = []
    for value in raw:
        value = clean_text(value).strip()
        if len(value) > MAX_VALUE_CHARS:
            raise BadParameter(name, f"values are at most {MAX_VALUE_CHARS} characters")
        if value and value not in out:
            out.append(value)
    if name.removeprefix("not_") in DATE_FACETS:
        pattern = _YEAR if name.endswith("year") else _MONTH
        for value in out:
            if value != NONE_BUCKET and not pattern.fullmatch(value):
                raise BadParameter(name, f"expected {'YYYY' if pattern is _YEAR else 'YYYY-MM'} or 'none'")
    return tuple(out)


def parse_date(name: str, value: str | None, end: bool = False) -> date | None:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD; a partial date means its first (or, for `end`, last) day."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    try:
        if _YEAR.fullmatch(value):
            return date(int(value), 12, 31) if end else date(int(value), 1, 1)
        if _MONTH.fullmatch(value):
            year, month = int(value[:4]), int(value[5:])
            if not end:
                return date(year, month, 1)
            following = date(year + month // 12, month % 12 + 1, 1)
            return date.fromordinal(following.toordinal() - 1)
        return date.fromisoformat(value)
    except ValueError:
        pass
    raise BadParameter(name, "expected a date YYYY-MM-DD (or YYYY, YYYY-MM)")


def parse_int(args: MultiDict, name: str, default: int, low: int, high: int) -> int:
    """An integer parameter within [low, high]."""
    raw = args.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise BadParameter(name, "expected a whole number") from None
    if not low <= value <= high:
        raise BadParameter(name, f"must be between {low} and {high}")
    return value


def parse_choice(args: MultiDict, name: str, choices: tuple[str, ...], default: str) -> str:
    """A parameter restricted to a fixed set of words."""
    value = (args.get(name) or "").strip() or default
    if value not in choices:
        raise BadParameter(name, "expected one of " + ", ".join(choices))
    return value


def parse_query(args: MultiDict, name: str = "q") -> str:
    """The query text, stripped of control characters and capped."""
    q = clean_text(args.get(name, "")).strip()
    if len(q) > MAX_QUERY_CHARS:
        raise BadParameter(name, f"at most {MAX_QUERY_CHARS} characters")
    return q


def parse_state(args: MultiDict, page_size: int = DEFAULT_PAGE_SIZE, max_page_size: int = 100,
                max_page: int = 500) -> SearchState:
    """Build a SearchState from request arguments; raises BadParameter on anything invalid."""
    filters = {n: v for n in FACETS if (v := _values(args, n))}
    exclude = {n: v for n in FACETS if (v := _values(args, f"not_{n}"))}
    date_from = parse_date("from", args.get("from"))
    date_to = parse_date("to", args.get("to"), end=True)
    if date_from and date_to and date_from > date_to:
        raise BadParameter("from", "must not be after 'to'")
    undated = parse_choice(args, "undated", ("0", "1"), "0") == "1"
    return SearchState(
        q=parse_query(args),
        filters=filters,
        exclude=exclude,
        date_from=date_from,
        date_to=date_to,
        undated=undated,
        sort=parse_choice(args, "sort", SORTS, "relevance"),
        page=parse_int(args, "page", 1, 1, max_page),
        page_size=parse_int(args, "size", page_size, 1, max_page_size),
        all_copies=parse_choice(args, "all", ("0", "1"), "0") == "1",
        story=_story(args),
    )


def _story(args: MultiDict) -> str | None:
    """The `story` parameter: an article id (the story's, or any of its copies'), or None."""
    value = clean_text(args.get("story", "")).strip()
    if len(value) > MAX_VALUE_CHARS:
        raise BadParameter("story", f"at most {MAX_VALUE_CHARS} characters")
    return value or None


def split_queries(text: str, limit: int) -> list[str]:
    """Split comma-separated queries for comparison; commas inside double quotes do not split."""
    parts, current, quoted = [], [], False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == "," and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    queries = [p.strip() for p in parts if p.strip()]
    if len(queries) > limit:
        raise BadParameter("compare", f"at most {limit} queries")
    return queries
