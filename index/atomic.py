"""Replacing a sidecar file atomically: written beside it, synced, renamed over it; no partial file is left."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def replace_atomically(target: Path, write: Callable[[BinaryIO], None]) -> None:
    """Call `write` on a temporary file beside `target`, fsync it and rename it over `target`."""
    tmp = target.with_name(target.name + ".tmp")
    try:
        with open(tmp, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
