"""The `ingest` command (also `python -m ingest`).

    ingest [OPTIONS] PATH...            files, directories, globs, "-" for stdin
    ingest withdraw ID --reason TEXT    remove an article from search, keep a tombstone
    ingest restore ID                   undo a withdrawal
    ingest reextract                    run metadata extraction again over the stored articles

The index is `--index DIR`, else $ARCHIVE_INDEX, else the default (`index.resolve_index_dir`).
Exit codes: 0 all good, 1 some items rejected, 2 nothing could be done.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import NoReturn

import click

from index import ArchiveIndex, ForeignIndexError, IndexLockedError, IndexNotFoundError, resolve_index_dir
from ingest.checkpoint import checkpoint_path
from ingest.pipeline import DEFAULT_BATCH_SIZE, ingest_paths
from ingest.progress import ProgressPrinter
from ingest.readers.units import DEFAULT_MAX_RECORD_BYTES
from ingest.reextract import DEFAULT_REEXTRACT_BATCH, reextract_index

__all__ = ["cli"]

_BIG_INPUT = 4 * 1024 * 1024       # bytes of input (as stored) above which articles are built in worker processes
_MIB = 1024 * 1024


class _DefaultGroup(click.Group):
    """A group whose first argument, when it is not a subcommand, goes to the `add` command."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Insert "add" unless the first argument names a subcommand (or asks for help)."""
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h")):
            args = ["add", *args]
        return super().parse_args(ctx, args)


def _index_option(func):  # noqa: ANN001, ANN202 - click decorator
    return click.option("--index", "index_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                        help="Index directory (default: $ARCHIVE_INDEX, else instance/index).")(func)


def _fail(message: str) -> NoReturn:
    click.echo(f"ingest: error: {message}", err=True)
    sys.exit(2)


def _open(index_dir: Path | None, *, create: bool) -> tuple[Path, ArchiveIndex | None]:
    """(folder, index); the index is None when it is missing and not `create`. Exits 2 when the
    folder holds something that is not our index, or cannot be read."""
    path = Path(resolve_index_dir(index_dir))
    try:
        return path, ArchiveIndex.open(path, create=create)
    except IndexNotFoundError:
        return path, None
    except ForeignIndexError as exc:
        _fail(f"{path} is not an archive index: {exc}")
    except OSError as exc:
        _fail(f"cannot open the index at {path}: {exc}")


def _default_workers(paths: tuple[str, ...]) -> int:
    size = 0
    for p in paths:
        path = Path(p)
        if path.is_file():
            size += path.stat().st_size
        elif path.is_dir():
            size += sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    # One core stays with the writer (the index commit is single-threaded), the rest parse and extract.
    return min(4, max(1, (os.cpu_count() or 1) - 1)) if size >= _BIG_INPUT else 0


def _summarize(summary: list[str], printer: ProgressPrinter | None, what: str, problems: list[str]) -> None:
    """End the progress display, print the summary, then the first 20 problems on stderr."""
    if printer is not None:
        printer.close()
    for line in summary:
        click.echo(line)
    for problem in problems[:20]:
        click.echo(problem, err=True)
    if len(problems) > 20:
        click.echo(f"... and {len(problems) - 20} more {what} (see --report)", err=True)


@click.group(cls=_DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Feed articles into the archive index (JSON Lines, CSV, scraped text, HTML, WARC).

    \b
    ingest [OPTIONS] PATH...          same as `ingest add`; options: `ingest add --help`
    ingest withdraw ID --reason TEXT
    ingest restore ID
    ingest reextract [--dry-run]     extraction again over the stored articles (resumable)
    ingest compact [--all]           the segment merges batches leave for a quiet hour
    """


@cli.command("add")
@click.argument("paths", nargs=-1, required=True)
@_index_option
@click.option("--dry-run", is_flag=True, help="Parse and report without writing.")
@click.option("--if-empty", is_flag=True, help="Only ingest when the index is missing or holds no articles.")
@click.option("--report", "report_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the full JSON report (every rejected item, location, reason) here.")
@click.option("--quarantine", "quarantine_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for copies of rejected items (default: quarantine/<time> next to the index).")
@click.option("--no-quarantine", is_flag=True, help="Do not copy rejected items anywhere.")
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=DEFAULT_BATCH_SIZE, show_default=True,
              help="Articles per atomic commit.")
@click.option("--workers", type=click.IntRange(0, 64), default=None,
              help="Worker processes for parsing and extraction (default: CPUs - 1, 1 to 4, for inputs over 4 MiB; else 0).")
@click.option("--lock-timeout", type=click.FloatRange(0), default=60.0, show_default=True,
              help="Seconds to wait for another writer to release the index.")
@click.option("--max-record-mb", type=click.FloatRange(0.001), default=DEFAULT_MAX_RECORD_BYTES / _MIB,
              show_default=True, help="Largest single item accepted, in MiB.")
@click.option("--quiet", "-q", is_flag=True, help="No progress display.")
def add(paths: tuple[str, ...], index_dir: Path | None, dry_run: bool, if_empty: bool, report_file: Path | None,
        quarantine_dir: Path | None, no_quarantine: bool, batch_size: int, workers: int | None,
        lock_timeout: float, max_record_mb: float, quiet: bool) -> None:
    """Ingest PATHS (files, directories, globs, "-" for stdin) into the index."""
    path, ix = _open(index_dir, create=False)
    if if_empty and ix is not None and not ix.is_empty():
        click.echo(f"ingest: the index at {path} already holds {ix.doc_count():,} articles; skipping (--if-empty)")
        return
    if ix is None and not dry_run:
        path, ix = _open(path, create=True)
    if quarantine_dir is None and not no_quarantine and not dry_run:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        quarantine_dir = path.parent / "quarantine" / stamp
    printer = None if quiet else ProgressPrinter()
    report = ingest_paths(
        paths, ix, dry_run=dry_run, quarantine_dir=None if no_quarantine else quarantine_dir,
        progress=printer, batch_size=batch_size,
        workers=_default_workers(paths) if workers is None else workers,
        max_record_bytes=int(max_record_mb * _MIB), lock_timeout=lock_timeout,
        notify=lambda message: click.echo(f"ingest: {message}", err=True),
    )
    report.index = str(path)
    if ix is not None and not dry_run and report.exit_code != 2:
        started = time.perf_counter()
        ix.searcher()       # writes this generation's search columns, so a server starts by mapping them
        report.columns_s = time.perf_counter() - started
    _summarize(report.summary_lines(), printer, "rejected items",
               [f"rejected: {r.file}{f' {r.location}' if r.location else ''}: {r.reason}" for r in report.rejected])
    if any(r.quarantined for r in report.rejected):
        click.echo(f"rejected items copied to {quarantine_dir}", err=True)
    if report_file is not None:
        report_file.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    sys.exit(report.exit_code)


@cli.command()
@click.argument("article_id")
@click.option("--reason", required=True, help="Why it is withdrawn (shown on the tombstone).")
@_index_option
def withdraw(article_id: str, reason: str, index_dir: Path | None) -> None:
    """Remove ARTICLE_ID from search, keeping a tombstone (id, reason, date)."""
    _change(index_dir, lambda ix: ix.withdraw(article_id, reason), f"withdrew {article_id}")


@cli.command()
@click.argument("article_id")
@_index_option
def restore(article_id: str, index_dir: Path | None) -> None:
    """Put a withdrawn ARTICLE_ID back into search."""
    _change(index_dir, lambda ix: ix.restore(article_id), f"restored {article_id}")


@cli.command()
@_index_option
@click.option("--dry-run", is_flag=True, help="Count what would change without writing.")
@click.option("--report", "report_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the JSON report (counts, changed fields, every failed article) here.")
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=DEFAULT_REEXTRACT_BATCH, show_default=True,
              help="Articles read per batch; the changed ones are written in one atomic commit.")
@click.option("--from-start", is_flag=True, help="Ignore the checkpoint: examine every article again.")
@click.option("--lock-timeout", type=click.FloatRange(0), default=60.0, show_default=True,
              help="Seconds to wait for another writer to release the index.")
@click.option("--quiet", "-q", is_flag=True, help="No progress display.")
def reextract(index_dir: Path | None, dry_run: bool, report_file: Path | None, batch_size: int, from_start: bool,
              lock_timeout: float, quiet: bool) -> None:
    """Run metadata extraction again over the stored articles (sources are not re-read).

    Fields the source gave are kept; extracted ones are recomputed. Resumable: a checkpoint beside
    the index (<folder>.reextract.json) records the last article done after each committed batch.
    """
    path, ix = _open(index_dir, create=False)
    if ix is None:
        _fail(f"no index at {path}")
    printer = None if quiet else ProgressPrinter()
    report = reextract_index(ix, checkpoint_path(path), batch_size=batch_size, dry_run=dry_run,
                             from_start=from_start, lock_timeout=lock_timeout, progress=printer)
    report.index = str(path)
    _summarize(report.summary_lines(), printer, "failed articles",
               [f"failed: {f.id}: {f.reason}" for f in report.failed])
    if report_file is not None:
        report_file.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    sys.exit(report.exit_code)


@cli.command()
@_index_option
@click.option("--all", "everything", is_flag=True, help="Merge every segment into one (longest run, fastest search).")
@click.option("--lock-timeout", type=click.FloatRange(0), default=60.0, show_default=True,
              help="Seconds to wait for another writer to release the index.")
def compact(index_dir: Path | None, everything: bool, lock_timeout: float) -> None:
    """Merge the segments that ingest batches leave unmerged (each batch merges only within a budget of its own
    size, so that it costs the same into a big index). Searches go on meanwhile; other writers wait."""
    path, ix = _open(index_dir, create=False)
    if ix is None:
        _fail(f"no index at {path}")
    started = time.perf_counter()
    try:
        before, after = ix.compact(everything=everything, timeout=lock_timeout)
    except IndexLockedError as exc:
        _fail(f"the index is locked by another writer: {exc}")
    if before == after:
        click.echo(f"ingest: nothing to merge ({len(before)} segments, {sum(before):,} documents)")
        return
    merged_s = time.perf_counter() - started
    ix.searcher()       # the new generation's search columns, as after `ingest add`
    click.echo(f"ingest: {len(before)} segments became {len(after)} ({sum(after):,} documents) in {merged_s:.1f} s; "
               f"search columns ready in {time.perf_counter() - started - merged_s:.1f} s")


def _change(index_dir: Path | None, action, done: str) -> None:  # noqa: ANN001
    path, ix = _open(index_dir, create=False)
    if ix is None:
        _fail(f"no index at {path}")
    try:
        action(ix)
    except KeyError as exc:
        _fail(str(exc.args[0]) if exc.args else "no such article")
    except ValueError as exc:
        _fail(str(exc))
    except IndexLockedError as exc:
        _fail(f"the index is locked by another writer: {exc}")
    click.echo(f"ingest: {done}")
