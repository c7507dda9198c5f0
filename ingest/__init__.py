"""Ingest: readers (JSON Lines, CSV, scraped text, HTML, WARC) -> text hygiene -> metadata extraction
(`ingest.extract.enrich`) -> `index.ArchiveIndex.write_batch`.

Public API: `ingest_paths(paths, index, *, dry_run=False, quarantine_dir=None, progress=None,
batch_size=4000, workers=0, ...) -> IngestReport` (used by the CLI and the web admin upload).
"""

from ingest.pipeline import DEFAULT_BATCH_SIZE, ingest_paths
from ingest.report import IngestReport

__all__ = ["DEFAULT_BATCH_SIZE", "IngestReport", "ingest_paths"]
