"""Crash safety of the real `ingest` CLI: 20 kill -9 at random moments, and a full disk.

After every kill the index opens, searches work, the articles present are exactly a whole number of
committed batches (a prefix of the input, no duplicates), and a final re-run finishes with 0
duplicates and 0 lost articles. Half the kills hit the parallel build (`--workers 2`, the default for
big inputs): its worker processes must exit by themselves. A full disk gives a clear error (exit 2) and leaves the last
committed generation intact; once space is back a re-run completes.

The full disk is a 1 MiB tmpfs mounted over a temporary folder when this runs as root and the kernel
allows the mount (a real ENOSPC, exactly what a full data volume gives); otherwise the child runs
under RLIMIT_FSIZE (any file past the limit fails with EFBIG), the closest unprivileged equivalent.
"""
from __future__ import annotations

import contextlib
import json
import os
import random
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from index import ArchiveIndex, SearchRequest
from index.columns import COLUMNS_DIR
from index.registry import REGISTRY_FILE
from index.stories import SIDECAR

pytestmark = pytest.mark.stress      # heavy but lean: runs in CI; deselect locally with -m "not stress"

REPO = Path(__file__).resolve().parents[1]
PLACES = ["Hà Nội", "Huế", "Đà Nẵng", "Cần Thơ", "Vinh", "Nha Trang", "Đà Lạt", "Hạ Long", "Sơn La", "Cà Mau"]
KILLS = 20
TOTAL, BATCH = 4000, 25


def write_input(path: Path, total: int) -> list[str]:
    """`total` distinct short articles as JSON Lines; returns their ids in input order."""
    ids = [f"crash-{i:05d}" for i in range(total)]
    with path.open("w", encoding="utf-8") as out:
        for i, article_id in enumerate(ids):
            place = PLACES[i % len(PLACES)]
            out.write(json.dumps({
                "id": article_id, "title": f"Bản tin {i} từ {place}", "source": "Báo Thử",
                "published": f"2023-0{1 + i % 9}-1{i % 10}",
                "body": f"Bản tin số {i}: người dân {place} đón mùa lễ hội thứ {i}.\n\n"
                        f"Ban tổ chức dự kiến đón {100 + i} nghìn lượt khách trong {2 + i % 7} ngày."},
                ensure_ascii=False) + "\n")
    return ids


def ingest_command(index_dir: Path, source: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "ingest", "--index", str(index_dir), "--batch-size", str(BATCH),
            "--workers", "0", "--no-quarantine", "-q", *extra, str(source)]


def committed_prefix(index_dir: Path, ids: list[str]) -> int:
    """Check the index holds exactly the first N input articles, N a multiple of BATCH; return N."""
    ix = ArchiveIndex.open(index_dir)
    try:
        count = ix.doc_count()
        present = ix.content_hashes(ids)
        assert count % BATCH == 0, f"{count} articles is not a whole number of {BATCH}-article batches"
        assert set(present) == set(ids[:count]), "the articles present are not the committed batches"
        assert ix.searcher().search(SearchRequest(q="lễ hội", page_size=1)).total == count
        return count
    finally:
        ix.close()


def child_pids(pid: int) -> list[int]:
    """Direct children of a process (Linux /proc)."""
    tasks = Path(f"/proc/{pid}/task")
    return [int(c) for t in tasks.iterdir() for c in (t / "children").read_text().split()] if tasks.exists() else []


def assert_gone(pids: list[int], seconds: float = 20.0) -> None:
    """The killed writer's worker processes exit by themselves: none is left running."""
    deadline = time.monotonic() + seconds
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if Path(f"/proc/{p}").exists()
                 and Path(f"/proc/{p}/stat").read_text().split(") ")[-1][:1] not in "ZX"]
        time.sleep(0.1)
    assert not alive, f"worker processes {alive} outlived the killed ingest"


def test_twenty_kill_9_during_ingest_leave_whole_batches(tmp_path: Path) -> None:
    rng = random.Random(20)
    source = tmp_path / "batch.jsonl"
    ids = write_input(source, TOTAL)
    index_dir = tmp_path / "index"
    kills = completed = 0
    landed_before = 0
    for _attempt in range(3 * KILLS):
        if kills == KILLS:
            break
        workers = "2" if kills % 2 else "0"       # half the kills hit the parallel build (the big-input default)
        command = ingest_command(index_dir, source)
        command[command.index("--workers") + 1] = workers
        proc = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            proc.wait(timeout=rng.uniform(0.3, 2.5))
        except subprocess.TimeoutExpired:
            children = child_pids(proc.pid)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
            kills += 1
            assert_gone(children)
        else:       # it finished before its kill moment: check it, then start over on a new index
            assert proc.returncode == 0, proc.stderr.read().decode(errors="replace")
            assert committed_prefix(index_dir, ids) == TOTAL
            completed += 1
            index_dir = tmp_path / f"index-{completed}"
            landed_before = 0
            proc.stderr.close()
            continue
        proc.stderr.close()
        if not index_dir.exists():     # killed before the index was created
            continue
        landed = committed_prefix(index_dir, ids)
        assert landed >= landed_before, "a kill lost committed articles"
        landed_before = landed
    assert kills == KILLS
    if not index_dir.exists():
        ArchiveIndex.open(index_dir, create=True).close()
    report_file = tmp_path / "final.json"
    run = subprocess.run(ingest_command(index_dir, source, "--report", str(report_file)), cwd=REPO,
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    totals = json.loads(report_file.read_text(encoding="utf-8"))["totals"]
    assert totals["duplicate"] == 0 and totals["rejected"] == 0
    assert (totals["unchanged"], totals["added"]) == (landed_before, TOTAL - landed_before)
    assert committed_prefix(index_dir, ids) == TOTAL


@contextlib.contextmanager
def small_volume(folder: Path) -> Iterator[tuple[Callable[[], None] | None, Callable[[], None]]]:
    """A folder that fills up: yields (preexec_fn for the writing child, make_room)."""
    folder.mkdir()
    mounted = os.geteuid() == 0 and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], capture_output=True, check=False).returncode == 0
    if mounted:
        def make_room() -> None:
            subprocess.run(["mount", "-o", "remount,size=64m", str(folder)], check=True)
        try:
            yield None, make_room
        finally:
            subprocess.run(["umount", "-l", str(folder)], check=False)
        return
    limit = {"bytes": 150_000}

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)       # a write past the limit fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit["bytes"], limit["bytes"]))

    def make_room_rlimit() -> None:
        limit["bytes"] = resource.RLIM_INFINITY

    yield limited, make_room_rlimit


def test_full_disk_gives_a_clear_error_and_an_intact_index(tmp_path: Path) -> None:
    source = tmp_path / "batch.jsonl"
    ids = write_input(source, 1500)
    with small_volume(tmp_path / "volume") as (preexec, make_room):
        index_dir = tmp_path / "volume" / "index"
        command = ingest_command(index_dir, source)
        command[command.index("--batch-size") + 1] = "100"
        full = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300, check=False,
                              preexec_fn=preexec)
        assert full.returncode == 2, full.stderr
        assert "error: cannot write to the index" in full.stdout + full.stderr
        assert ("No space left on device" in full.stdout + full.stderr
                or "File too large" in full.stdout + full.stderr)
        assert "Traceback" not in full.stderr
        ix = ArchiveIndex.open(index_dir)
        landed = ix.doc_count()
        assert landed % 100 == 0 and landed < len(ids)
        assert set(ix.content_hashes(ids)) == set(ids[:landed])
        assert ix.searcher().search(SearchRequest(q="lễ hội", page_size=1)).total == landed
        ix.close()
        make_room()
        again = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300, check=False,
                               preexec_fn=preexec)
        assert again.returncode == 0, again.stderr
        ix = ArchiveIndex.open(index_dir)
        assert ix.doc_count() == len(ids) and set(ix.content_hashes(ids)) == set(ids)
        ix.close()
        leftovers = [p.name for p in index_dir.iterdir() if p.suffix not in (".seg", ".toc")
                     and p.name not in ("MAIN_WRITELOCK", "archive.json", SIDECAR, REGISTRY_FILE, COLUMNS_DIR)]
        assert leftovers == [], "the failed batch's partial files were not cleaned up"
