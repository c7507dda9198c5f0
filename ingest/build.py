"""Build one unit into an enriched Article (runs in the main process or in pool workers).

Every article, whatever its format, passes through `ingest.extract.enrich` after reading and
cleaning. A unit that cannot be built becomes an `Outcome` with the reason; exceptions never
escape, so one bad item cannot stop a run.
"""

from __future__ import annotations

import dataclasses
import json

from index import ArchiveIndex, Article, Registry
from ingest.decoding import EncodingError, decode_bytes
from ingest.extract import enrich
from ingest.readers.base import Outcome, Unit
from ingest.readers.html_page import html_article
from ingest.readers.scraped_text import scraped_text_article
from ingest.records import record_article

__all__ = ["build_unit", "load_registry"]

_worker_registry: Registry | None = None      # the registry a pool worker's extraction uses (`load_registry`)


def _provenance(unit: Unit) -> dict[str, str]:
    prov = {"file": unit.file, "format": unit.fmt}
    if unit.location:
        prov["location"] = unit.location
    return prov


def _jsonl(unit: Unit) -> Article:
    try:
        text = unit.raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not valid UTF-8 (byte 0x{unit.raw[exc.start]:02x} at offset {exc.start})") from exc
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON: {exc.msg} at column {exc.colno}") from exc
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, got {type(record).__name__}")
    return record_article(record, _provenance(unit))


def _csv(unit: Unit) -> Article:
    return record_article(unit.fields, _provenance(unit))


def _text(unit: Unit) -> Article:
    try:
        decoded = decode_bytes(unit.raw)
    except EncodingError as exc:
        raise ValueError(str(exc)) from exc
    prov = _provenance(unit)
    if decoded.encoding != "utf-8":
        prov["encoding"] = decoded.encoding
    return scraped_text_article(decoded.text, provenance=prov)


def _html(unit: Unit) -> Article:
    fields = {k: str(v) for k, v in unit.fields.items() if v}
    url = fields.pop("url", None)
    charset = fields.pop("charset", None)
    return html_article(unit.raw, url=url, charset=charset, provenance={**_provenance(unit), **fields})


_BUILDERS = {"jsonl": _jsonl, "csv": _csv, "text": _text, "html": _html}


def load_registry(index_dir: str) -> None:
    """Pool initializer: this worker's extraction uses the entity registry of the index in ``index_dir``."""
    global _worker_registry
    _worker_registry = ArchiveIndex.open(index_dir).registry()


def build_unit(unit: Unit, registry: Registry | None = None) -> Outcome:
    """Outcome for one unit: the enriched article (officials resolved with ``registry``, in a pool worker the
    one `load_registry` read), or the rejection reason (raw bytes kept)."""
    if unit.error or unit.skipped:
        return Outcome(unit, error=unit.error)
    try:
        article = _BUILDERS[unit.fmt](unit)
    except ValueError as exc:
        return Outcome(unit, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - a parser bug on odd input must reject one item, not stop the run
        return Outcome(unit, error=f"could not read the item: {type(exc).__name__}: {exc}")
    try:
        article = enrich(article, registry or _worker_registry)
    except Exception as exc:  # noqa: BLE001 - an extractor bug must reject one item, not stop the run
        return Outcome(unit, error=f"metadata extraction failed: {type(exc).__name__}: {exc}")
    try:
        # Normalized here, in the worker: the index recognises a normalized article and does not
        # redo it in the single writer process (the bottleneck of a big ingest).
        article = article.normalized()
        hashes = article.content_hash(), article.body_hash()
    except (ValueError, UnicodeError) as exc:
        return Outcome(unit, error=f"the article cannot be stored: {exc}")
    slim = dataclasses.replace(unit, raw=b"", fields={})
    return Outcome(slim, article=article, content_hash=hashes[0], body_hash=hashes[1])
