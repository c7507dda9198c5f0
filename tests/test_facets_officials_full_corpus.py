"""The official facet over the whole archive (issue 11): its 100 most frequent values are people's names.

The index is the full corpus as the real ingest builds it (`full_index`); the values are the facet counts the
search page shows for an empty query (`ArchiveSearcher.search`). General checks, each failure listing every
offending value: not a place (`index.canonical_place`), a country, an organization or a building ("Nhà
Trắng"), nor a title or generic word; at least two words unless the registry shows the one word as a
complete name; and no value a short form of another value ("Putin" beside "Vladimir Putin", "Bashar" beside
"Bashar al-Assad").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from index import ArchiveIndex, Registry, SearchRequest, canonical_place, entity_key
from ingest.extract.lexicon import BUILDINGS, COUNTRIES, NAME_PARTICLES, ORG_HEADS, TITLE_WORDS, phrase_pattern

pytestmark = pytest.mark.corpus

TOP = 100
_TITLE_OR_HEAD = phrase_pattern([*TITLE_WORDS, *ORG_HEADS, *BUILDINGS], ignore_case=True)
_COUNTRY = phrase_pattern(COUNTRIES)
_PARTICLES = {p.casefold() for p in NAME_PARTICLES}


@pytest.fixture(scope="module")
def top_officials(full_index: Path) -> tuple[list[str], Registry]:
    """The archive's TOP most frequent official facet values, and its registry."""
    ix = ArchiveIndex.open(full_index)
    page = ix.searcher().search(SearchRequest(q="", facet_limit=TOP, page_size=1))
    values = [v.value for v in page.facets["official"]]
    assert len(values) == TOP
    return values, ix.registry()


def tokens(name: str) -> tuple[str, ...]:
    """A name's words for comparing forms: case-folded, hyphens split, dots dropped ("Jong-un" → jong, un)."""
    return tuple(w for w in re.split(r"[\s\-‐]+", entity_key(name).replace(".", " ")) if w)


def is_place_or_body(value: str, registry: Registry) -> bool:
    """A province, city, country, organization or building rather than a person (or a value starting with a
    position word, an organization head or a building: no name does)."""
    return (canonical_place(value) is not None or _COUNTRY.fullmatch(value) is not None
            or registry.lookup("organization", value) is not None
            or _TITLE_OR_HEAD.match(value) is not None)


def is_name_shaped(value: str) -> bool:
    """Every word capitalized except name particles ("bin", "al-Assad"), no digits."""
    for word in value.split():
        head = word.split("-")[0]
        if not (word[:1].isupper() or head.casefold() in _PARTICLES) or any(c.isdigit() for c in word):
            return False
    return True


def complete_single(value: str, registry: Registry) -> bool:
    """A one-word value the registry shows as a complete name: no titled official's longer name has it as its
    first or last word."""
    key = entity_key(value)
    return registry.lookup("official", value) is not None and not any(
        tokens(name)[0] == key or tokens(name)[-1] == key
        for name in registry.titled_officials() if len(tokens(name)) > 1)


def is_short_form(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """``short`` is a proper leading or trailing part of ``full`` ("Putin" of "Vladimir Putin")."""
    n = len(short)
    return n < len(full) and (full[:n] == short or full[-n:] == short)


def test_top_officials_are_not_places_bodies_or_titles(top_officials: tuple[list[str], Registry]) -> None:
    values, registry = top_officials
    bad = [v for v in values if is_place_or_body(v, registry)]
    assert not bad, f"places, organizations, buildings or titles among the top {TOP} officials: {bad}"


def test_top_officials_are_name_shaped(top_officials: tuple[list[str], Registry]) -> None:
    values, _ = top_officials
    bad = [v for v in values if not is_name_shaped(v)]
    assert not bad, f"values that are not written as a name among the top {TOP} officials: {bad}"


def test_top_officials_have_two_words_unless_complete(top_officials: tuple[list[str], Registry]) -> None:
    values, registry = top_officials
    bad = [v for v in values if len(tokens(v)) < 2 and not complete_single(v, registry)]
    assert not bad, f"one-word values that are not complete names among the top {TOP} officials: {bad}"


def test_no_top_official_is_a_short_form_of_another(top_officials: tuple[list[str], Registry]) -> None:
    values, _ = top_officials
    forms = {v: tokens(v) for v in values}
    bad = sorted({f"{a!r} of {b!r}" for a, ta in forms.items() for b, tb in forms.items() if is_short_form(ta, tb)})
    assert not bad, f"short forms beside the full name among the top {TOP} officials: {bad}"
