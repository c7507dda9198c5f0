"""Idempotent, atomic, resumable ingest: re-runs, updates, body duplicates, dry runs, the lock, kill -9."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from index import ArchiveIndex, SearchRequest
from ingest import ingest_paths
from test_ingest_bad_input import jsonl, record

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture()
def ix(tmp_path: Path) -> ArchiveIndex:
    return ArchiveIndex.open(tmp_path / "index", create=True)


def write(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_bytes(jsonl(records))
    return path


def test_rerun_changes_nothing_and_edits_update_in_place(ix: ArchiveIndex, tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", [record(i) for i in range(6)])
    first = ingest_paths([path], ix)
    assert first.totals["added"] == 6
    generation = ix.generation()
    again = ingest_paths([path], ix)
    assert again.totals == {"added": 0, "updated": 0, "unchanged": 6, "duplicate": 0, "rejected": 0, "skipped": 0}
    assert ix.generation() == generation            # nothing was committed
    write(path, [record(i, title="Đã sửa") if i == 2 else record(i) for i in range(6)] + [record(6)])
    third = ingest_paths([path], ix)
    assert (third.totals["added"], third.totals["updated"], third.totals["unchanged"]) == (1, 1, 5)
    assert ix.doc_count() == 7 and ix.get_article("bad-002").title == "Đã sửa"


def test_each_batch_looks_its_ids_up_once(ix: ArchiveIndex, tmp_path: Path, monkeypatch) -> None:
    looked_up: list[str] = []
    lookup = ArchiveIndex._stored_by_id

    def counting(self, searcher, ids):  # noqa: ANN001, ANN202 - wraps ArchiveIndex._stored_by_id
        ids = list(ids)
        looked_up.extend(ids)
        return lookup(self, searcher, ids)

    monkeypatch.setattr(ArchiveIndex, "_stored_by_id", counting)
    path = write(tmp_path / "a.jsonl", [record(i) for i in range(4)])
    assert ingest_paths([path], ix).totals["added"] == 4
    assert sorted(looked_up) == [f"bad-{i:03d}" for i in range(4)]       # once each, not twice
    looked_up.clear()
    write(path, [record(0, title="Đã sửa")] + [record(i) for i in range(1, 5)])
    totals = ingest_paths([path], ix).totals
    assert (totals["updated"], totals["unchanged"], totals["added"]) == (1, 3, 1)
    # the edited article is read again by the write (its tombstone, if any, must be kept)
    assert sorted(looked_up) == sorted([f"bad-{i:03d}" for i in range(5)] + ["bad-000"])


def test_identical_bodies_under_other_ids_are_linked(ix: ArchiveIndex, tmp_path: Path) -> None:
    ingest_paths([write(tmp_path / "a.jsonl", [record(1), record(2)])], ix)
    copy = record(1, id="syndicated-1", source="Báo Khác", title="Tin đăng lại")
    path = write(tmp_path / "b.jsonl", [copy, record(3)])
    report = ingest_paths([path], ix)
    assert (report.totals["added"], report.totals["duplicate"]) == (1, 1)
    (dup,) = report.duplicates
    assert (dup.id, dup.duplicate_of, dup.kind) == ("syndicated-1", "bad-001", "same-body")
    assert ix.get_article("syndicated-1").duplicate_of == "bad-001"
    assert ix.get_article("bad-001").duplicate_of is None
    assert ingest_paths([path], ix).totals["unchanged"] == 2        # re-run: still linked, unchanged
    # the original, edited and re-ingested, is updated and never linked to its copy
    edited = ingest_paths([write(tmp_path / "a.jsonl", [record(1, title="Sửa tiêu đề")])], ix)
    assert edited.totals["updated"] == 1 and ix.get_article("bad-001").duplicate_of is None


def test_dry_run_reports_without_writing(ix: ArchiveIndex, tmp_path: Path) -> None:
    ingest_paths([write(tmp_path / "a.jsonl", [record(1)])], ix)
    generation = ix.generation()
    path = write(tmp_path / "b.jsonl", [record(1), record(2, title="Khác"), record(1, id="copy")])
    report = ingest_paths([path], ix, dry_run=True)
    assert report.dry_run
    assert (report.totals["unchanged"], report.totals["added"], report.totals["duplicate"]) == (1, 1, 1)
    assert ix.generation() == generation and ix.doc_count() == 1
    assert ingest_paths([path], None, dry_run=True).totals["added"] == 2   # no index yet


def test_batches_commit_separately(ix: ArchiveIndex, tmp_path: Path) -> None:
    generation = ix.generation()
    ingest_paths([write(tmp_path / "a.jsonl", [record(i) for i in range(25)])], ix, batch_size=10)
    assert ix.generation() == generation + 3 and ix.doc_count() == 25


def _hold_write_lock(index_dir: Path):
    """Take the index's write lock the way a second writer would (Whoosh's flock on MAIN_WRITELOCK)."""
    handle = (index_dir / "MAIN_WRITELOCK").open("a")
    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return handle


@pytest.mark.parametrize(("workers", "count", "batch"), [(0, 2, 2000), (1, 400, 10)])
def test_second_writer_waits_then_fails_cleanly(ix: ArchiveIndex, tmp_path: Path, workers: int, count: int,
                                                batch: int) -> None:
    # with a worker pool and more records than its in-flight window, the stop must not hang the pool
    path = write(tmp_path / "a.jsonl", [record(i) for i in range(count)])
    messages: list[str] = []
    handle = _hold_write_lock(tmp_path / "index")
    try:
        report = ingest_paths([path], ix, lock_timeout=1.5, notify=messages.append, workers=workers, batch_size=batch)
    finally:
        handle.close()
    assert report.exit_code == 2
    assert "locked by another writer" in report.fatal and report.not_written == min(count, batch)
    assert messages == ["the index is locked by another writer; waiting up to 2 s"]
    assert ix.doc_count() == 0


def test_second_writer_waits_for_the_lock_to_be_released(ix: ArchiveIndex, tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", [record(1), record(2)])
    handle = _hold_write_lock(tmp_path / "index")
    threading.Timer(1.0, handle.close).start()
    report = ingest_paths([path], ix, lock_timeout=20)
    assert report.exit_code == 0 and ix.doc_count() == 2


def test_kill_9_leaves_whole_batches_and_a_rerun_completes(tmp_path: Path) -> None:
    total, batch = 3000, 250
    path = write(tmp_path / "big.jsonl", [record(i, id=f"k-{i:05d}") for i in range(total)])
    index_dir = tmp_path / "index"
    ArchiveIndex.open(index_dir, create=True)
    proc = subprocess.Popen([sys.executable, "-m", "ingest", "--index", str(index_dir), "--batch-size", str(batch),
                             "--workers", "0", "-q", str(path)], cwd=REPO, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        searched = 0
        while time.monotonic() < deadline and proc.poll() is None:
            live = ArchiveIndex.open(index_dir)
            count = live.doc_count()
            page = live.searcher().search(SearchRequest(q="lễ hội"))   # searching keeps working meanwhile
            assert page.total == count
            searched += 1
            live.close()
            if count >= 2 * batch:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "ingest finished before it could be killed; make the input bigger"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    after = ArchiveIndex.open(index_dir)
    assert after.doc_count() % batch == 0 and 0 < after.doc_count() < total
    assert searched > 0
    landed = after.doc_count()
    report = ingest_paths([path], after)
    assert report.exit_code == 0
    assert (report.totals["unchanged"], report.totals["added"]) == (landed, total - landed)
    assert after.doc_count() == total


def test_report_file_and_exit_code_from_the_cli(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", [record(1)])
    path.write_bytes(path.read_bytes() + b"not json\n")
    out = tmp_path / "report.json"
    run = subprocess.run([sys.executable, "-m", "ingest", "--index", str(tmp_path / "ix"), "--report", str(out),
                          "--quarantine", str(tmp_path / "q"), "-q", str(path)],
                         cwd=REPO, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["exit_code"] == 1 and data["totals"]["added"] == 1
    assert data["rejected"][0]["location"] == "line 2"
    assert data["rejected"][0]["quarantined"] == str(tmp_path / "q" / "a.rejected.jsonl")
    assert "rejected: " in run.stderr and "line 2" in run.stderr
    # The search columns of the new generation are written by the command and timed apart from the ingest.
    assert data["columns_s"] > 0 and "search columns of this generation ready in" in run.stdout + run.stderr
    assert any(p.is_dir() for p in (tmp_path / "ix" / "columns").iterdir())


def test_disk_errors_stop_the_run_with_exit_2(ix: ArchiveIndex, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(articles, timeout, known_new=()):  # noqa: ANN001, ANN202 - stands in for ArchiveIndex.write_batch
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ix, "write_batch", full)
    report = ingest_paths([write(tmp_path / "a.jsonl", [record(1), record(2)])], ix)
    assert report.exit_code == 2
    assert report.fatal == "cannot write to the index: [Errno 28] No space left on device"
    assert report.not_written == 2 and report.totals["added"] == 0
