"""`ingest_paths`: read inputs -> build articles (optionally in worker processes) -> classify -> write.

Writing goes only through `ArchiveIndex.write_batch` (one commit per batch, all or nothing), so an
interrupted run leaves the index as it was before the current batch, and running the same command
again completes the work: unchanged articles are recognised by their content hash and skipped.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from functools import partial
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import BinaryIO

from index import ArchiveIndex, Registry
from ingest.alert_config import AlertConfig
from ingest.alerts import AddedIds, run_digests
from ingest.build import build_unit, load_registry
from ingest.progress import ProgressCallback
from ingest.quarantine import Quarantine
from ingest.batches import DEFAULT_BATCH_SIZE, BatchWriter, Fatal
from ingest.readers.base import Outcome, Unit
from ingest.readers.inputs import Source, expand_inputs, open_payload, spooled_stdin
from ingest.readers.units import DEFAULT_MAX_RECORD_BYTES, iter_units
from ingest.report import IngestReport

__all__ = ["DEFAULT_BATCH_SIZE", "ingest_paths"]

_POOL_CHUNK = 64


class _Feeder:
    """Yields the units of all sources in order and tracks how many input bytes were read."""

    def __init__(self, sources: Sequence[Source], max_record_bytes: int) -> None:
        self.sources = sources
        self.max_record_bytes = max_record_bytes
        self.bytes_total = sum(s.path.stat().st_size for s in sources)
        self._done_before = 0
        self._raw: BinaryIO | None = None

    @property
    def bytes_done(self) -> int:
        """Input bytes read so far (of the files as stored, compressed or not)."""
        raw = self._raw
        try:
            return self._done_before + (raw.tell() if raw is not None and not raw.closed else 0)
        except (OSError, ValueError):
            return self._done_before

    def units(self) -> Iterator[Unit]:
        """Every unit of every source, in order."""
        for source in self.sources:
            try:
                with open_payload(source) as (stream, raw):
                    self._raw = raw
                    yield from iter_units(source, stream, self.max_record_bytes)
            except OSError as exc:
                yield Unit(source.name, source.fmt, "", error=f"cannot read: {exc.strerror or exc}")
            finally:
                self._raw = None
                self._done_before += source.path.stat().st_size if source.path.exists() else 0


class _Window:
    """Backpressure for the worker pool: at most `size` units in flight (read but not yet consumed).

    Pool.imap reads its input in a feeder thread as fast as the workers go; without a bound, a
    slow writer would let built articles pile up in memory. `close()` unblocks the feeder.
    """

    def __init__(self, size: int) -> None:
        self._slots = threading.Semaphore(size)
        self._closed = threading.Event()

    def gate(self, units: Iterable[Unit]) -> Iterator[Unit]:
        """Pass units through, waiting for a free slot before each one."""
        for unit in units:
            while not self._slots.acquire(timeout=0.2):
                if self._closed.is_set():
                    return
            yield unit

    def done(self) -> None:
        """One unit was consumed: free its slot."""
        self._slots.release()

    def close(self) -> None:
        """Stop feeding (the feeder thread returns at its next wait)."""
        self._closed.set()


@contextmanager
def _outcomes(units: Iterable[Unit], workers: int, window: int, index: ArchiveIndex | None
              ) -> Iterator[Iterator[Outcome]]:
    """Build units in order, in `workers` spawned processes (0 = in this process); extraction uses the entity
    registry of `index` as it was when the run started (none without an index)."""
    if workers <= 0:
        registry: Registry | None = index.registry() if index is not None else None
        yield map(partial(build_unit, registry=registry), units)
        return
    gate = _Window(window)

    def consumed(results: Iterator[Outcome]) -> Iterator[Outcome]:
        """Free a window slot for every result handed on."""
        for outcome in results:
            gate.done()
            yield outcome

    setup = {"initializer": load_registry, "initargs": (str(index.path),)} if index is not None else {}
    with multiprocessing.get_context("spawn").Pool(workers, **setup) as pool:
        try:
            yield consumed(pool.imap(build_unit, gate.gate(units), chunksize=_POOL_CHUNK))
        finally:
            gate.close()


def ingest_paths(
    paths: Iterable[str | Path],
    index: ArchiveIndex | None,
    *,
    dry_run: bool = False,
    quarantine_dir: str | Path | None = None,
    progress: ProgressCallback | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = 0,
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
    lock_timeout: float = 60.0,
    notify: Callable[[str], None] | None = None,
    alerts: AlertConfig | None = None,
) -> IngestReport:
    """Ingest files, directories, globs or "-" (stdin) into `index`; return the full report.

    `index` may be None only with `dry_run=True` (nothing exists yet: everything would be added).
    `workers` > 0 builds articles in that many worker processes (the CLI's choice for big inputs);
    the library default builds in the calling process, which is safe from threads (web upload).
    `notify` receives one-line messages such as "waiting for the lock".
    After the committed batches, watchlist digests of the added articles are sent when a relay is
    configured (`alerts`, default: instance/config.py and ARCHIVE_* variables; `ingest.alerts`).
    """
    if index is None and not dry_run:
        raise ValueError("an index is required unless dry_run=True")
    started = time.monotonic()
    report = IngestReport(dry_run=dry_run)
    paths = [str(p) for p in paths]
    with ExitStack() as stack:
        stdin_path = stack.enter_context(spooled_stdin()) if "-" in paths else None
        sources, errors = expand_inputs(paths, stdin_path)
        for error in errors:
            report.reject(error.name, "missing", "", error.reason)
        if not sources:
            report.fatal = "no readable input"
            report.elapsed_s = time.monotonic() - started
            return report
        for source in sources:
            report.summary_for(source.name, source.fmt)
        added = AddedIds(index) if index is not None and not dry_run else None
        writer = BatchWriter(added or index, report, dry_run=dry_run, batch_size=batch_size, lock_timeout=lock_timeout,
                              notify=notify or (lambda message: None))
        quarantine = Quarantine(Path(quarantine_dir)) if quarantine_dir else None
        feeder = _Feeder(sources, max_record_bytes)
        outcomes = stack.enter_context(_outcomes(feeder.units(), workers, window=2 * batch_size + 4 * _POOL_CHUNK,
                                                  index=index))
        items = 0
        try:
            for outcome in outcomes:
                items += 1
                unit = outcome.unit
                if unit.skipped:
                    report.summary_for(unit.file, unit.fmt).skipped += 1
                elif outcome.article is None:
                    where = quarantine.add(unit) if quarantine else None
                    report.reject(unit.file, unit.fmt, unit.location, outcome.error or "rejected", where)
                else:
                    writer.add(outcome)
                if progress is not None:
                    progress(items, feeder.bytes_done, feeder.bytes_total)
            writer.flush()
        except Fatal as exc:
            report.fatal = str(exc)
        if progress is not None:
            progress(items, feeder.bytes_total, feeder.bytes_total)
        if added is not None and added.ids:
            run_digests(index, added.ids, alerts, notify or (lambda message: None))
    report.elapsed_s = time.monotonic() - started
    return report
