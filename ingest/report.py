"""The ingest report: per-file counts, every rejected item with its location and reason, duplicates.

Every item read lands in exactly one of: added, updated, unchanged, duplicate, rejected; WARC
records that are not HTML pages are counted as skipped. "duplicate" covers an article whose body
is identical to another id's (written, linked through `duplicate_of`) and a repeat of an id
already seen in this run (not written again).

Exit codes: 0 all good; 1 some items rejected (or some inputs unreadable) while the rest was
done; 2 nothing could be done (bad arguments, no readable input, unreadable or locked index).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

__all__ = ["FileSummary", "Rejection", "Duplicate", "IngestReport"]

COUNTS = ("added", "updated", "unchanged", "duplicate", "rejected", "skipped")


@dataclass
class FileSummary:
    """Counts for one input file (`format` "missing" for an argument that named no file)."""

    file: str
    format: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicate: int = 0
    rejected: int = 0
    skipped: int = 0

    @property
    def items(self) -> int:
        """Items read from the file (every count)."""
        return sum(getattr(self, name) for name in COUNTS)


@dataclass(frozen=True)
class Rejection:
    """One rejected item (or input), where it is and why."""

    file: str
    location: str      # "line 12", "row 3 (line 4)", "record 2 (https://…)", "" = the whole file
    reason: str
    quarantined: str | None = None   # path of the quarantined copy


@dataclass(frozen=True)
class Duplicate:
    """One item counted as duplicate, and of what."""

    file: str
    location: str
    id: str
    duplicate_of: str
    kind: str          # "same-body" (linked) | "repeated-id" (not written again)


@dataclass
class IngestReport:
    """Everything one ingest run did; `to_dict()` is the JSON report, `exit_code` the command's."""

    dry_run: bool = False
    index: str | None = None
    files: list[FileSummary] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    fatal: str | None = None
    not_written: int = 0            # built articles left unwritten because of a fatal error
    elapsed_s: float = 0.0
    columns_s: float | None = None  # writing the new generation's search columns, after the ingest proper

    def summary_for(self, file: str, fmt: str) -> FileSummary:
        """The summary of `file`, created (with format `fmt`) on first use."""
        for summary in reversed(self.files):
            if summary.file == file:
                return summary
        summary = FileSummary(file, fmt)
        self.files.append(summary)
        return summary

    def reject(self, file: str, fmt: str, location: str, reason: str, quarantined: str | None = None) -> None:
        """Record one rejected item (or unreadable input)."""
        self.summary_for(file, fmt).rejected += 1
        self.rejected.append(Rejection(file, location, reason, quarantined))

    @property
    def totals(self) -> dict[str, int]:
        """Each count summed over all files."""
        return {name: sum(getattr(f, name) for f in self.files) for name in COUNTS}

    @property
    def exit_code(self) -> int:
        """2 after a fatal error, 1 when any item or input was rejected, else 0."""
        if self.fatal is not None:
            return 2
        return 1 if self.rejected else 0

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form (what `--report FILE` writes)."""
        return {
            "dry_run": self.dry_run,
            "index": self.index,
            "exit_code": self.exit_code,
            "fatal": self.fatal,
            "not_written": self.not_written,
            "elapsed_s": round(self.elapsed_s, 3),
            "columns_s": None if self.columns_s is None else round(self.columns_s, 3),
            "totals": self.totals,
            "files": [asdict(f) for f in self.files],
            "rejected": [asdict(r) for r in self.rejected],
            "duplicates": [asdict(d) for d in self.duplicates],
        }

    def summary_lines(self) -> list[str]:
        """Human-readable closing summary, one line per file plus a total."""
        lines = []
        for f in self.files:
            lines.append(f"{f.file} [{f.format}]: " + ", ".join(f"{getattr(f, n)} {n}" for n in COUNTS if n != "skipped" or f.skipped))
        t = self.totals
        verb = "would be " if self.dry_run else ""
        lines.append(f"total: {t['added']} {verb}added, {t['updated']} {verb}updated, {t['unchanged']} unchanged, "
                     f"{t['duplicate']} duplicate, {t['rejected']} rejected"
                     + (f", {t['skipped']} skipped" if t["skipped"] else "") + f" in {self.elapsed_s:.1f} s")
        if self.columns_s is not None:
            lines.append(f"search columns of this generation ready in {self.columns_s:.1f} s")
        if self.fatal:
            lines.append(f"error: {self.fatal}")
        return lines
