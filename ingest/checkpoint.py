"""The checkpoint of `ingest reextract`: a small JSON file beside the index, replaced atomically.

It says how far a pass over the archive got: for which index (its identity) and extractor version,
the last article id done in sorted id order, and whether the pass finished. It is written after each
committed batch (temporary file, fsync, `os.replace`), so after `kill -9` it names either the last
committed batch or the one before it; redoing that batch changes nothing (its articles are unchanged).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

__all__ = ["Checkpoint", "checkpoint_path", "load_checkpoint", "save_checkpoint"]


@dataclass(frozen=True)
class Checkpoint:
    """How far a re-extraction pass got."""

    index: str              # ArchiveIndex.identity: a rebuilt index in the same folder starts afresh
    extractor: str          # extractor_version() of the pass
    last_id: str | None     # the last article id done (ids are taken in sorted order)
    finished: bool = False


def checkpoint_path(index_dir: Path) -> Path:
    """Where the checkpoint of the index in `index_dir` lives: beside it, `<folder>.reextract.json`."""
    index_dir = Path(index_dir).resolve()
    return index_dir.parent / f"{index_dir.name}.reextract.json"


def load_checkpoint(path: Path) -> Checkpoint | None:
    """The checkpoint in `path`, or None when there is none (or it is unreadable: the pass starts over)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Checkpoint(str(data["index"]), str(data["extractor"]), data.get("last_id"), bool(data.get("finished")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_checkpoint(path: Path, checkpoint: Checkpoint) -> None:
    """Write `checkpoint` to `path` atomically (the old one stays whole until the new one replaces it)."""
    temporary = path.with_name(f".{path.name}.tmp")
    with open(temporary, "w", encoding="utf-8") as fh:
        json.dump(asdict(checkpoint), fh, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(temporary, path)
