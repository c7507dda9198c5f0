"""The facet sidebar: facet values with include/exclude links, expansion and a no-JS filter box.

Links are built by editing the current state's encoded parameter list rather than through
SearchState objects: a page lists a few hundred of them, and this keeps the page cheap to render.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote_plus

from index import fold_text, with_predecessors_label

from . import i18n
from .params import LIST_FACETS, NONE_BUCKET, SearchState

BAR_WIDTH = 60


@dataclass(frozen=True)
class Entry:
    """One facet value as shown: label, count and the links that toggle it."""

    value: str
    label: str
    count: str
    selected: bool
    excluded: bool
    include_href: str
    exclude_href: str
    bar: float           # bar length for date buckets, 0 for the others
    wide_label: str = ""  # places: "Hải Phòng (gồm Hải Dương cũ)", the unit with its merged former units
    wide_href: str = ""


@dataclass(frozen=True)
class Box:
    """One facet section of the sidebar."""

    name: str
    entries: tuple[Entry, ...]
    more: bool           # there are values beyond those shown
    expanded: bool
    filter_text: str


@lru_cache(maxsize=8192)
def _quoted(text: str) -> str:
    """quote_plus, remembered: the same facet values and names recur on every page."""
    return quote_plus(text)


class Toggler:
    """Search-page links that add or remove one facet value from the current state (page reset)."""

    def __init__(self, state: SearchState, path: str) -> None:
        self.path = path
        self.pairs = [(k, v, f"{quote_plus(k)}={quote_plus(v)}") for k, v in state.pairs() if k != "page"]
        self._present = {(k, v) for k, v, _ in self.pairs}
        base = "&".join(enc for _, _, enc in self.pairs)
        self._prefix = f"{path}?{base}&" if base else f"{path}?"

    def href(self, facet: str, value: str, exclude: bool = False) -> str:
        """Link toggling the value in the facet's filters (or exclusions)."""
        key = f"not_{facet}" if exclude else facet
        other = facet if exclude else f"not_{facet}"
        if (key, value) not in self._present and (other, value) not in self._present:
            return f"{self._prefix}{_quoted(key)}={_quoted(value)}"      # the usual case: add it
        present = (key, value) in self._present
        kept = [enc for k, v, enc in self.pairs if v != value or k not in (key, other)]
        if not present:
            kept.append(f"{_quoted(key)}={_quoted(value)}")
        return f"{self.path}?{'&'.join(kept)}" if kept else self.path


def _chronological(values: list) -> list:
    """Date buckets in time order with the 'no date' bucket last."""
    return sorted(values, key=lambda fv: (fv.value == NONE_BUCKET, fv.value))


def _entries(toggler: Toggler, name: str, values: list) -> tuple[Entry, ...]:
    """Entries for FacetValues, with formatted labels and counts."""
    dated = name in ("year", "month")
    top = max((fv.count for fv in values), default=0) or 1
    wide = {fv.value: with_predecessors_label(fv.value) or "" for fv in values} if name == "place" else {}
    return tuple(Entry(fv.value, i18n.format_period(fv.value) if dated else fv.value,
                       i18n.format_number(fv.count), fv.selected, fv.excluded,
                       toggler.href(name, fv.value), toggler.href(name, fv.value, exclude=True),
                       round(BAR_WIDTH * fv.count / top, 1) if dated else 0.0,
                       wide.get(fv.value, ""), toggler.href(name, wide[fv.value]) if wide.get(fv.value) else "")
                 for fv in values)


def build_sidebar(state: SearchState, facets: dict[str, list], shown: int, expanded: set[str],
                  filters: dict[str, str], path: str) -> list[Box]:
    """Boxes for the list facets plus year (and month once one year is chosen)."""
    toggler = Toggler(state, path)
    boxes = []
    for name in LIST_FACETS:
        values = list(facets.get(name, ()))
        text = filters.get(name, "")
        if text:
            needle = fold_text(text).casefold()
            values = [fv for fv in values if needle in fold_text(fv.value).casefold()]
        is_open = name in expanded or bool(text)
        visible = values if is_open else _visible(values, shown)
        boxes.append(Box(name, _entries(toggler, name, visible), len(visible) < len(values), is_open, text))
    for name in ("year", "month"):
        if name == "month" and not _single_year(state):
            continue
        boxes.append(Box(name, _entries(toggler, name, _chronological(list(facets.get(name, ())))),
                         False, True, ""))
    return boxes


def _visible(values: list, shown: int) -> list:
    """The first `shown` values, plus any selected or excluded value further down."""
    head = values[:shown]
    return head + [fv for fv in values[shown:] if fv.selected or fv.excluded]


def _single_year(state: SearchState) -> bool:
    """Months are listed once exactly one dated year is selected."""
    years = state.filters.get("year", ())
    return len(years) == 1 and years[0] != NONE_BUCKET
