"""`reextract_index`: run metadata extraction again over the articles stored in the index.

The sources are not read again: each stored article is turned back into what its reader gave
(`ingest.extract.given.as_read`: source-given fields and a source date kept, extracted ones emptied)
and passed through the extractor. Articles are taken in sorted id order, `batch_size` at a time; the
changed ones of a batch are written in one atomic `ArchiveIndex.write_batch` (a withdrawn article
stays withdrawn with its tombstone, its ingest time is kept), unchanged ones (same content hash) are
not written, and an article another writer (`ingest add`) changes during the pass is left as that
writer wrote it (`write_batch(rewrite_of=...)`). After each batch the checkpoint (`ingest.checkpoint`)
records the last id done, so a run stopped by anything, `kill -9` included, continues where it
stopped; a finished pass is not repeated until the extractor's version changes (or `from_start`).
"""

from __future__ import annotations

import time
from bisect import bisect_right
from functools import partial
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from index import ArchiveIndex, Article, IndexLockedError
from ingest.checkpoint import Checkpoint, load_checkpoint, save_checkpoint
from ingest.extract import enrich
from ingest.extract.given import FILLED_FIELDS, as_read
from ingest.extract.version import extractor_version
from ingest.progress import ProgressCallback

__all__ = ["DEFAULT_REEXTRACT_BATCH", "Failure", "ReextractReport", "reextract_index"]

DEFAULT_REEXTRACT_BATCH = 1000
_COMPARED = (*FILLED_FIELDS, "published", "published_how", "published_evidence")


@dataclass(frozen=True)
class Failure:
    """An article the extractor could not process (it is left as stored)."""

    id: str
    reason: str


@dataclass
class ReextractReport:
    """What one `reextract` run did; `to_dict()` is the JSON report, `exit_code` the command's."""

    extractor: str
    dry_run: bool = False
    index: str | None = None
    articles: int = 0              # in the index when the run started
    already_done: int = 0          # done by an earlier, interrupted run with this extractor (checkpoint)
    up_to_date: bool = False       # a finished pass with this extractor: nothing to do
    resumed_after: str | None = None
    examined: int = 0
    updated: int = 0               # changed (with --dry-run: would change)
    unchanged: int = 0
    fields: Counter[str] = field(default_factory=Counter)   # field -> articles whose value changed
    failed: list[Failure] = field(default_factory=list)
    changed_meanwhile: list[str] = field(default_factory=list)   # rewritten by another writer: left as it wrote them
    fatal: str | None = None
    elapsed_s: float = 0.0

    @property
    def exit_code(self) -> int:
        """2 after a fatal error, 1 when some articles failed, else 0."""
        if self.fatal is not None:
            return 2
        return 1 if self.failed else 0

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form (what `--report FILE` writes)."""
        return {
            "dry_run": self.dry_run, "index": self.index, "extractor": self.extractor, "exit_code": self.exit_code,
            "fatal": self.fatal, "articles": self.articles, "already_done": self.already_done,
            "up_to_date": self.up_to_date, "resumed_after": self.resumed_after, "examined": self.examined,
            "updated": self.updated, "unchanged": self.unchanged, "fields": dict(sorted(self.fields.items())),
            "failed": [{"id": f.id, "reason": f.reason} for f in self.failed],
            "changed_meanwhile": self.changed_meanwhile, "elapsed_s": round(self.elapsed_s, 3),
        }

    def summary_lines(self) -> list[str]:
        """Human-readable closing summary."""
        if self.up_to_date:
            return [f"reextract: all {self.articles:,} articles already re-extracted with extractor "
                    f"{self.extractor}; nothing to do (--from-start to redo)"]
        lines = []
        if self.resumed_after is not None:
            lines.append(f"resumed after {self.resumed_after} ({self.already_done:,} articles done earlier)")
        verb = "would be updated" if self.dry_run else "updated"
        lines.append(f"total: {self.examined:,} examined, {self.updated:,} {verb}, {self.unchanged:,} unchanged, "
                     f"{len(self.failed):,} failed in {self.elapsed_s:.1f} s (extractor {self.extractor})")
        if self.changed_meanwhile:
            lines.append(f"{len(self.changed_meanwhile):,} articles were rewritten by another writer during the pass "
                         "and left as it wrote them")
        if self.fields:
            lines.append("changed fields: " + ", ".join(f"{name} {n:,}" for name, n in sorted(self.fields.items())))
        if self.fatal:
            lines.append(f"error: {self.fatal}")
        return lines


def _changed_fields(old: Article, new: Article) -> list[str]:
    return [name for name in _COMPARED if getattr(old, name) != getattr(new, name)]


def _start(ids: list[str], state: Checkpoint | None, identity: str, version: str,
           report: ReextractReport) -> int | None:
    """Index in `ids` to start at, from a checkpoint of this index and extractor; None when it is finished."""
    if state is None or state.index != identity or state.extractor != version:
        return 0
    if state.finished:
        report.up_to_date = True
        return None
    if state.last_id is None:
        return 0
    report.resumed_after = state.last_id
    return bisect_right(ids, state.last_id)


def _saved(path: Path, state: Checkpoint, report: ReextractReport) -> bool:
    """Write the checkpoint; False (and the report's fatal error set) when it cannot be written."""
    try:
        save_checkpoint(path, state)
    except OSError as exc:
        report.fatal = f"cannot write the checkpoint {path}: {exc}"
        return False
    return True


def reextract_index(
    index: ArchiveIndex,
    checkpoint: Path | None,
    *,
    extract: Callable[[Article], Article] | None = None,
    version: str | None = None,
    batch_size: int = DEFAULT_REEXTRACT_BATCH,
    dry_run: bool = False,
    from_start: bool = False,
    lock_timeout: float = 60.0,
    progress: ProgressCallback | None = None,
) -> ReextractReport:
    """Re-extract the stored articles of `index` with `extract` (default `enrich` with the index's entity registry
    as the pass starts; version `version`, default the installed extractor's); progress is `progress(examined, done in the pass, articles)`. `checkpoint` is the file that
    makes the pass resumable (None: none). A dry run writes neither articles nor the checkpoint."""
    started = time.monotonic()
    extract = extract or partial(enrich, registry=index.registry())
    version = version or extractor_version()
    report = ReextractReport(extractor=version, dry_run=dry_run)
    ids = index.article_ids()
    report.articles = len(ids)
    state = None if from_start or checkpoint is None else load_checkpoint(checkpoint)
    identity = index.identity
    first = _start(ids, state, identity, version, report)
    if first is None:
        report.elapsed_s = time.monotonic() - started
        return report
    report.already_done = first
    for begin in range(first, len(ids), max(1, batch_size)):
        chunk = ids[begin:begin + max(1, batch_size)]
        changed = []
        read = index.content_hashes(chunk)      # before the articles: a change in between is seen as one
        for old in index.get_articles(chunk).values():
            report.examined += 1
            try:
                new = extract(as_read(old)).normalized()
                unchanged = new.content_hash() == old.content_hash()
            except Exception as exc:  # noqa: BLE001 - an extractor bug on one article must not stop the pass
                report.failed.append(Failure(old.id, f"{type(exc).__name__}: {exc}"))
            else:
                if unchanged:
                    report.unchanged += 1
                else:
                    changed.append(new)
                    report.fields.update(_changed_fields(old.normalized(), new))
            if progress is not None:
                progress(report.examined, first + report.examined, len(ids))
        report.updated += len(changed)
        if dry_run:
            continue
        try:
            if changed:
                skipped = index.write_batch(changed, timeout=lock_timeout, rewrite_of=read).skipped
                report.updated -= len(skipped)
                report.changed_meanwhile.extend(skipped)
        except IndexLockedError as exc:
            report.fatal = f"the index is locked by another writer: {exc}"
        except OSError as exc:
            report.fatal = f"cannot write to the index: {exc}"
        if report.fatal:
            report.updated -= len(changed)
            break
        if checkpoint is not None and not _saved(checkpoint, Checkpoint(
                identity, version, chunk[-1], begin + len(chunk) >= len(ids)), report):
            break
    if not dry_run and checkpoint is not None and first >= len(ids):     # nothing was left: the pass is complete
        _saved(checkpoint, Checkpoint(identity, version, ids[-1] if ids else None, True), report)
    report.elapsed_s = time.monotonic() - started
    return report
