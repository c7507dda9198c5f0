"""Which metadata the source itself gave, so that re-extraction can tell it from what `enrich` extracted.

`enrich` fills source, authors, officials, organizations, places and topics only where the reader left them
empty, and reads the date from the text unless the reader gave one (``published_how == "source"``). It records
the fields the reader gave in the article's provenance under ``GIVEN_KEY`` (e.g. ``"source,authors"``, ``""``
when none), outside the content hash. `as_read` turns a stored article back into what its reader produced:
the given fields kept, every other filled field emptied, a date that did not come from the source dropped.

Articles stored before the key existed are read with ``LEGACY_GIVEN``: their source and authors are kept
(the only filled fields a reader has ever supplied, so they may be the source's), the rest is re-extracted.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from index import Article

__all__ = ["FILLED_FIELDS", "GIVEN_KEY", "LEGACY_GIVEN", "as_read", "given_fields", "mark_given"]

FILLED_FIELDS = ("source", "authors", "officials", "organizations", "places", "topics")
GIVEN_KEY = "given_fields"
LEGACY_GIVEN = ("source", "authors")


def given_fields(article: Article) -> tuple[str, ...]:
    """The fields of FILLED_FIELDS that `article` (as a reader built it) already holds."""
    return tuple(name for name in FILLED_FIELDS if getattr(article, name))


def mark_given(provenance: Mapping[str, str], given: tuple[str, ...]) -> dict[str, str]:
    """`provenance` with the list of source-given fields recorded under GIVEN_KEY."""
    return {**provenance, GIVEN_KEY: ",".join(given)}


def as_read(article: Article) -> Article:
    """The stored `article` as its reader gave it, before extraction (the input `enrich` expects)."""
    provenance = dict(article.provenance)
    marker = provenance.pop(GIVEN_KEY, None)
    given = LEGACY_GIVEN if marker is None else tuple(name for name in marker.split(",") if name)
    cleared: dict[str, object] = {name: None if name == "source" else () for name in FILLED_FIELDS
                                  if name not in given}
    if article.published_how != "source":
        cleared.update(published=None, published_how=None, published_evidence=None)
    return dataclasses.replace(article, provenance=provenance, **cleared)
