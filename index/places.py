"""Province-level places and their lineage: canonical names, spellings, and who became whom when.

The data is `places.json` next to this module (units with the spellings news text uses, and each
change with its effective day and resolution: Hà Tây into Hà Nội 2008, Thừa Thiên Huế renamed Huế
2025, the 63 → 34 reorganisation of Nghị quyết 202/2025/QH15 from 1 July 2025).

What the rest of the archive asks of it:

- `place_on(name, day)`: the name a mentioned unit had on an article's day, and, when the unit had
  been merged into another by then, its "former" facet value ("Hải Dương (cũ)").
- `place_facet_values(value)`: the facet values a `place:` query value stands for — a name with
  its renamings (Huế ↔ Thừa Thiên Huế), or, written "Hải Phòng (gồm Hải Dương cũ)", a unit with
  every former unit merged into it.
- `with_predecessors_label(name)`: that "(gồm … cũ)" form, for units that absorbed others.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from .normalize import fold_text, normalize_text

__all__ = ["PlaceChange", "PLACE_NAMES", "PLACE_CHANGES", "FORMER_SUFFIX", "canonical_place", "place_aliases",
           "place_on", "place_facet_values", "with_predecessors_label", "merged_predecessors", "units_in_force",
           "is_central_city", "place_filter_values", "merger_note"]

DATA_FILE = Path(__file__).with_name("places.json")
FORMER_SUFFIX = " (cũ)"
# "Hải Phòng (gồm Hải Dương cũ)", "hai phong (gom cu)": the value asks for the merged-in units too.
_WITH_PREDECESSORS = re.compile(r"^(?P<name>.*?)\s*\(\s*(?:gồm|gom)\b[^()]*\)\s*$", re.IGNORECASE)
_LEVEL_WORDS = re.compile(r"^(?:tinh|thanh pho|tp\.?|tp)\s+")


@dataclass(frozen=True)
class PlaceChange:
    """One unit formed (or renamed) from former units on `effective`, by `resolution`."""

    effective: date
    successor: str
    predecessors: tuple[str, ...]
    resolution: str

    @property
    def is_rename(self) -> bool:
        """One former unit under a new name (the same territory)."""
        return len(self.predecessors) == 1 and self.predecessors[0] != self.successor

    @property
    def absorbed(self) -> tuple[str, ...]:
        """The former units that ceased to exist (every predecessor but the successor's own name)."""
        return tuple(p for p in self.predecessors if p != self.successor)


def _load() -> tuple[dict[str, dict], tuple[PlaceChange, ...]]:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    units = {normalize_text(name): info for name, info in data["units"].items()}
    changes = []
    for change in data["changes"]:
        day = date.fromisoformat(change["effective"])
        for successor, predecessors in change["successors"].items():
            changes.append(PlaceChange(day, normalize_text(successor),
                                       tuple(normalize_text(p) for p in predecessors), change["resolution"]))
    changes.sort(key=lambda c: c.effective)
    return units, tuple(changes)


_UNITS, PLACE_CHANGES = _load()
PLACE_NAMES: tuple[str, ...] = tuple(_UNITS)


def place_aliases() -> dict[str, str]:
    """Every spelling of the data file (canonical names included) → canonical name."""
    out = {name: name for name in _UNITS}
    for name, info in _UNITS.items():
        out.update({normalize_text(alias): name for alias in info["aliases"]})
    return out


def is_central_city(name: str) -> bool:
    """Whether the unit is (or was) a centrally-run city."""
    return bool(_UNITS.get(name, {}).get("central"))


@lru_cache(maxsize=1)
def _folded_names() -> dict[str, str]:
    """Folded spelling → canonical name, also without the "TP." of a city's canonical name."""
    out: dict[str, str] = {}
    for spelling, name in place_aliases().items():
        folded = " ".join(fold_text(spelling).split())
        out[folded] = name
        out[_LEVEL_WORDS.sub("", folded)] = name
    out["ho chi minh"] = "TP. Hồ Chí Minh"     # unambiguous once the user asks for a place
    return out


def canonical_place(text: str) -> str | None:
    """The canonical unit a user-typed name stands for ("tphcm", "tỉnh Hải Dương"), or None."""
    folded = " ".join(fold_text(text).split())
    names = _folded_names()
    return names.get(folded) or names.get(_LEVEL_WORDS.sub("", folded))


def units_in_force(day: date) -> set[str]:
    """The units that existed on `day` (from the data file's changes; earlier history is not modelled)."""
    ended = {p for c in PLACE_CHANGES if c.effective <= day for p in c.absorbed}
    created = {c.successor for c in PLACE_CHANGES if c.effective > day and c.successor not in c.predecessors}
    return set(_UNITS) - ended - created


def place_on(name: str, day: date | None) -> tuple[str, str | None]:
    """(the name the unit had on `day`, its former-unit facet value or None).

    Forward: a unit merged into another by `day` takes the successor's name, and keeps a former value
    ("Hải Dương (cũ)"); a renamed one only takes the new name. Backward: a name given before its
    unit existed under it ("Huế" in 2019) is the name of its day ("Thừa Thiên Huế"). Undated
    (`day` None): the name as the text gives it.
    """
    if day is None:
        return name, None
    current, former = name, None
    for change in PLACE_CHANGES:
        if change.effective <= day and current in change.absorbed:
            if not change.is_rename:
                former = current + FORMER_SUFFIX
            current = change.successor
    for change in reversed(PLACE_CHANGES):
        if change.effective > day and change.is_rename and current == change.successor:
            current = change.predecessors[0]
    return current, former


def _renamings(name: str) -> set[str]:
    """The name and every name its own territory had or took by renaming."""
    names = {name}
    grew = True
    while grew:
        grew = False
        for change in PLACE_CHANGES:
            if change.is_rename and (change.successor in names) != (change.predecessors[0] in names):
                names |= {change.successor, change.predecessors[0]}
                grew = True
    return names


def merged_predecessors(name: str) -> tuple[str, ...]:
    """Former units merged into `name` (or into a unit it was renamed to), oldest change first."""
    names = _renamings(name)
    out: list[str] = []
    for change in PLACE_CHANGES:
        if change.successor in names and not change.is_rename:
            out.extend(p for p in change.absorbed if p not in out)
    return tuple(out)


def with_predecessors_label(name: str) -> str | None:
    """ "Hải Phòng (gồm Hải Dương cũ)" for a unit that absorbed others, else None."""
    former = merged_predecessors(name)
    return f"{name} (gồm {', '.join(former)} cũ)" if former else None


def place_facet_values(value: str) -> tuple[str, ...]:
    """The facet values a `place:` value stands for.

    A known name stands for itself and its renamings; in the "(gồm … cũ)" form also for every unit
    merged into it and those units' former values. An unknown value stands for itself, as typed.
    """
    value = " ".join(normalize_text(value).split())
    wide = _WITH_PREDECESSORS.match(value)
    name = canonical_place(wide.group("name") if wide else value)
    if name is None:
        return (value,)
    values = set(_renamings(name))
    if wide:
        for former in merged_predecessors(name):
            values |= {former, former + FORMER_SUFFIX}
    return tuple(sorted(values))


def place_filter_values(value: str) -> tuple[str, ...]:
    """Exact facet values a sidebar filter selects: the value itself, or for the "(gồm … cũ)" form the
    unit with everything merged into it (a plain value stays exact, so its count is what it selects)."""
    value = " ".join(normalize_text(value).split())
    return place_facet_values(value) if _WITH_PREDECESSORS.match(value) else (value,)


def merger_note(value: str) -> str | None:
    """For a former unit merged into another: which, since when, by which resolution, and the query for both."""
    name = canonical_place(value)
    for change in PLACE_CHANGES:
        if name in change.absorbed and not change.is_rename:
            return (f"{name} became part of {change.successor} on {change.effective.isoformat()} "
                    f"({change.resolution.split(' của ')[0]}); its later coverage is under {change.successor}: "
                    f'place:"{with_predecessors_label(change.successor)}" covers both')
    return None
