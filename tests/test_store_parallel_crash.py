"""kill -9 while large batches are written by two processes: whole batches only, lock never stuck."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index import ArchiveIndex, SearchRequest
from index.parallel import PARALLEL_MIN_DOCS

pytestmark = pytest.mark.stress

BATCH = PARALLEL_MIN_DOCS + 100
WRITER = f"""
import sys
from index import ArchiveIndex, Article
ix = ArchiveIndex.open(sys.argv[1], create=True)
for b in range(1000):
    batch = [Article(id=f"p{{b}}-{{i}}", body=f"Tin số {{i}} của đợt {{b}} về Hà Nội và Huế")
             for i in range({BATCH})]
    ix.write_batch(batch, timeout=30)
    print(b, flush=True)
"""


def test_kill_9_during_parallel_batches(tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    ArchiveIndex.open(index_dir, create=True).close()     # the kills are meant for batches, not for creation
    rng = random.Random(20261129)
    for _ in range(6):
        child = subprocess.Popen([sys.executable, "-c", WRITER, str(index_dir)],
                                 stdout=subprocess.PIPE, text=True,
                                 env={**os.environ, "ARCHIVE_WRITER_PROCS": "2"})
        time.sleep(rng.uniform(1.0, 4.0))
        child.send_signal(signal.SIGKILL)
        child.wait()
        ix = ArchiveIndex.open(index_dir)
        count = ix.doc_count()
        assert count % BATCH == 0, f"{count} articles is not a whole number of {BATCH}-article batches"
        assert ix.searcher().search(SearchRequest(q="ha noi hue")).total == count
        # No orphaned writer process keeps the index locked.
        started = time.monotonic()
        writer = ix._ix.writer(timeout=5.0)
        writer.cancel()
        assert time.monotonic() - started < 5.0
        ix.close()
