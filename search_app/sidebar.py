"""The facet sidebar: facet values with include/exclude links, expansion and a no-JS filter box."""
from __future__ import annotations

from dataclasses import dataclass

from index import fold_text

from .params import LIST_FACETS, NONE_BUCKET, SearchState


@dataclass(frozen=True)
class Entry:
    """One facet value as shown: counts and the links that toggle it."""

    value: str
    count: int
    selected: bool
    excluded: bool
    include_qs: str     # query string that toggles selection
    exclude_qs: str     # query string that toggles exclusion


@dataclass(frozen=True)
class Box:
    """One facet section of the sidebar."""

    name: str
    entries: tuple[Entry, ...]
    more: bool           # there are values beyond those shown
    expanded: bool
    filter_text: str
    max_count: int


def _entry(state: SearchState, name: str, fv) -> Entry:
    """Entry for one FacetValue."""
    return Entry(fv.value, fv.count, fv.selected, fv.excluded,
                 state.toggled(name, fv.value).query_string(),
                 state.toggled(name, fv.value, exclude=True).query_string())


def _chronological(values: list) -> list:
    """Date buckets in time order with the 'no date' bucket last."""
    return sorted(values, key=lambda fv: (fv.value == NONE_BUCKET, fv.value))


def build_sidebar(state: SearchState, facets: dict[str, list], shown: int,
                  expanded: set[str], filters: dict[str, str]) -> list[Box]:
    """Boxes for the list facets plus year (and month once one year is chosen)."""
    boxes = []
    for name in LIST_FACETS:
        values = list(facets.get(name, ()))
        text = filters.get(name, "")
        if text:
            needle = fold_text(text).casefold()
            values = [fv for fv in values if needle in fold_text(fv.value).casefold()]
        is_open = name in expanded or bool(text)
        visible = values if is_open else _visible(values, shown)
        boxes.append(Box(name, tuple(_entry(state, name, fv) for fv in visible),
                         len(visible) < len(values), is_open, text,
                         max((fv.count for fv in visible), default=0)))
    for name in ("year", "month"):
        if name == "month" and not _single_year(state):
            continue
        values = _chronological(list(facets.get(name, ())))
        boxes.append(Box(name, tuple(_entry(state, name, fv) for fv in values), False, True, "",
                         max((fv.count for fv in values), default=0)))
    return boxes


def _visible(values: list, shown: int) -> list:
    """The first `shown` values, plus any selected or excluded value further down."""
    head = values[:shown]
    return head + [fv for fv in values[shown:] if fv.selected or fv.excluded]


def _single_year(state: SearchState) -> bool:
    """Months are listed once exactly one dated year is selected."""
    years = state.filters.get("year", ())
    return len(years) == 1 and years[0] != NONE_BUCKET
