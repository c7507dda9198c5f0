"""`python -m index.prepare DIR`: write the search columns of DIR's newest generation (index/columns.py), then exit.

A server process runs it before it opens a new generation, so the arrays are computed in a short-lived
process and the server only maps them: computing them in a long-running server left about 110 MB of
freed but still held heap in it (full corpus).
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

from .store import ArchiveIndex

PREPARE_TIMEOUT_S = 1800

_log = logging.getLogger(__name__)


def prepare_in_subprocess(index_dir: Path) -> None:
    """Run this module on `index_dir`; on failure log it (the caller then computes the columns itself)."""
    try:
        done = subprocess.run([sys.executable, "-m", __name__, str(index_dir)], capture_output=True, text=True,
                              timeout=PREPARE_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        _log.warning("could not prepare the search columns in a subprocess: %s", exc)
        return
    if done.returncode != 0:
        _log.warning("preparing the search columns failed (exit %s): %s", done.returncode, done.stderr[-2000:])


def main(argv: list[str]) -> int:
    """Open the index in argv[0] and its newest generation's searcher (which writes the columns)."""
    if len(argv) != 1:
        print("usage: python -m index.prepare INDEX_DIR", file=sys.stderr)
        return 2
    ix = ArchiveIndex.open(argv[0])
    try:
        ix.searcher()
    finally:
        ix.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
