"""Copies of rejected raw items, so an archivist can fix them and feed them in again.

Layout under the quarantine folder: rejected JSON Lines / CSV items of one input go to one file
in the same format (`<input>.rejected.jsonl`, `<input>.rejected.csv` with the header first);
a rejected whole file (text, HTML, empty, binary) is copied under its own name; a rejected WARC
record's payload goes to `<input>.record-<n>.html`. `<input>` is the input's file name (with a
hash suffix when two inputs share a name), sanitised; nothing is written outside the folder.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ingest.readers.base import Unit

__all__ = ["Quarantine"]

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _safe(name: str) -> str:
    cleaned = _UNSAFE.sub("_", name).lstrip(".")
    return (cleaned or "stdin")[-120:]


class Quarantine:
    """Writes rejected items under `root` (created on first use)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._started: set[Path] = set()
        self._names: dict[str, str] = {}

    def _base(self, file: str) -> str:
        """The input's file name, made unique when two inputs share one (suffix: hash of the path)."""
        if file not in self._names:
            base = _safe(Path(file).name).removesuffix(".gz")
            if base in self._names.values():
                stem, dot, ext = base.rpartition(".")
                tag = hashlib.sha1(file.encode()).hexdigest()[:8]
                base = f"{stem}-{tag}.{ext}" if dot else f"{base}-{tag}"
            self._names[file] = base
        return self._names[file]

    def _target(self, unit: Unit) -> tuple[Path, bool]:
        base = self._base(unit.file)
        if unit.fmt in ("jsonl", "csv") and unit.location:
            stem = base.rsplit(".", 1)[0] if "." in base else base
            return self.root / f"{stem}.rejected.{unit.fmt}", True
        if unit.location.startswith("record "):
            number = unit.location.split()[1]
            return self.root / f"{base}.record-{number}.html", False
        return self.root / base, False

    def add(self, unit: Unit) -> str | None:
        """Quarantine the unit's raw bytes; returns the path written (None when there is nothing)."""
        if not unit.raw:
            return None
        self.root.mkdir(parents=True, exist_ok=True)
        target, append = self._target(unit)
        if append:
            first = target not in self._started and not target.exists()
            self._started.add(target)
            with target.open("ab") as out:
                if first and unit.preamble:
                    out.write(unit.preamble)
                out.write(unit.raw if unit.raw.endswith(b"\n") else unit.raw + b"\n")
        else:
            target.write_bytes(unit.raw)
        return str(target)
