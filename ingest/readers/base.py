"""What readers hand to the pipeline: `Unit` (one raw item, cheap to read) and `Outcome` (built).

Readers run in the main process and only do I/O and splitting; building an article from a unit
(JSON parsing, decoding, HTML extraction, hygiene, metadata extraction) is CPU work that
`ingest.build.build_unit` may run in worker processes. Units therefore carry bytes and plain
values only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from index import Article

__all__ = ["Unit", "Outcome"]


@dataclass(frozen=True)
class Unit:
    """One raw input item.

    `fmt` names the builder ("jsonl", "csv", "text", "html"); `location` is "line 12", "row 3",
    "record 7 (https://…)" or "" for a whole file. Exactly one of these holds: `error` is set
    (the reader already knows the item is bad), `skipped` is set (not an article, e.g. a WARC
    request record), or the item is to be built from `raw`/`fields`. `preamble` is written once
    at the top of the quarantine copy (the CSV header).
    """

    file: str
    fmt: str
    location: str
    raw: bytes = b""
    fields: Mapping[str, object] = field(default_factory=dict)
    error: str | None = None
    skipped: str | None = None
    preamble: bytes = b""


@dataclass(frozen=True)
class Outcome:
    """A built unit: an article with its hashes (computed where it was built), or the rejection reason
    (the unit keeps its raw bytes for the quarantine)."""

    unit: Unit
    article: Article | None = None
    error: str | None = None
    content_hash: str = ""
    body_hash: str = ""
