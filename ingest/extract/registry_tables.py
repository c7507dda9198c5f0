"""Lookup tables derived from an entity registry (`index.Registry`), built once per registry object: a batch or a
re-extraction reuses them for every article, and a new generation's registry gets its own."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from weakref import WeakKeyDictionary

from index import Registry

__all__ = ["per_registry"]

T = TypeVar("T")


def per_registry(build: Callable[[Registry], T]) -> Callable[[Registry], T]:
    """`build(registry)`, computed on the first call for a registry and remembered while the registry lives."""
    tables: WeakKeyDictionary[Registry, T] = WeakKeyDictionary()

    def table(registry: Registry) -> T:
        found = tables.get(registry)
        if found is None:
            found = tables[registry] = build(registry)
        return found

    return table
