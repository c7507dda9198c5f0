"""Peer search systems for `bench/relevance.py`: what a team would get from stock tools.

Every system (ours included) offers the same small interface, `SearchSystem`. A search returns the
ids of the top 10 after doing the whole job a results page needs: the match count, five facets over
the whole match set and highlighted title and body excerpts of the top 10.

The corpus records carry no officials, organizations or topic taxonomy, so the peers facet on the
record fields that stand in for them: source, category (≈ topic), author (≈ official), and the
publication year and month (the date histogram).
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from _corpus import LOCAL_TZ, Record, parse_published

FACET_FIELDS = ("source", "category", "author", "year", "month")


class SearchSystem(Protocol):
    """A system under measurement, stored in one folder."""

    name: str

    def build(self, records: Sequence[Record], batch_size: int) -> None:
        """Index the records from scratch, committing once per batch."""

    def open(self) -> None:
        """Open the index for searching (the warm-up is done by the caller)."""

    def doc_count(self) -> int:
        """Number of searchable documents (opens the index if needed)."""

    def search(self, q: str) -> list[str]:
        """Run one full results-page search; return the top-10 article ids, best first."""

    def close(self) -> None:
        """Release the index."""


def facet_values(record: Record) -> dict[str, str | None]:
    """The facet fields of one record; year/month are local (Asia/Ho_Chi_Minh) dates."""
    published = parse_published(record.get("published"))
    local = published.astimezone(LOCAL_TZ) if published else None
    return {
        "source": record.get("source") or None,
        "category": record.get("category") or None,
        "author": record.get("author") or None,
        "year": f"{local:%Y}" if local else None,
        "month": f"{local:%Y-%m}" if local else None,
    }


def batches(records: Sequence[Record], size: int) -> list[Sequence[Record]]:
    """Consecutive slices of at most `size` records."""
    return [records[i : i + size] for i in range(0, len(records), size)]


def fresh_dir(path: Path) -> Path:
    """Remove a previous build at `path` and return it as an empty folder."""
    if path.exists():
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    path.mkdir(parents=True)
    return path
