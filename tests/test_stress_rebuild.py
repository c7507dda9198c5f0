"""The operations procedures of docs/operations.md under load: a locked online backup taken while
`ingest` commits, and a restored or rebuilt index served by the app.
"""
from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import _site_app

from index import ArchiveIndex, Article, SearchRequest

pytestmark = pytest.mark.stress      # heavy but lean: runs in CI; deselect locally with -m "not stress"

REPO = Path(__file__).resolve().parents[1]
BATCH = 40


def locked_copy(index_dir: Path, target: Path) -> None:
    """`flock index/MAIN_WRITELOCK cp -a index target`, as docs/operations.md prescribes."""
    with (index_dir / "MAIN_WRITELOCK").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            shutil.copytree(index_dir, target)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


MAX_BACKUPS = 30


def test_locked_backups_during_ingest_are_whole_generations(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    ids = [f"bk-{i:05d}" for i in range(1200)]
    source.write_text("".join(json.dumps({"id": i, "title": f"Tin sao lưu {n}", "body": f"Bản tin {n} về "
                                          f"việc sao lưu kho lưu trữ báo chí lần thứ {n}."}, ensure_ascii=False)
                              + "\n" for n, i in enumerate(ids)), encoding="utf-8")
    index_dir = tmp_path / "index"
    ArchiveIndex.open(index_dir, create=True).close()
    writer = subprocess.Popen([sys.executable, "-m", "ingest", "--index", str(index_dir), "--batch-size", str(BATCH),
                               "--workers", "0", "-q", "--no-quarantine", str(source)], cwd=REPO,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    copies, generations = [], set()
    # Copies until the ingest ends (a loaded machine takes seconds to start it); one kept per generation.
    while writer.poll() is None and len(copies) < MAX_BACKUPS:
        target = tmp_path / f"backup-{len(copies)}"
        locked_copy(index_dir, target)
        generation = tuple(sorted(p.name for p in target.glob("_MAIN_*.toc")))
        if generation in generations:
            shutil.rmtree(target)
        else:
            generations.add(generation)
            copies.append(target)
        time.sleep(0.05)
    assert writer.wait(timeout=300) == 0, writer.stderr.read()
    counts = []
    for copy in copies:
        backup = ArchiveIndex.open(copy)
        count = backup.doc_count()
        assert count % BATCH == 0 and set(backup.content_hashes(ids)) == set(ids[:count])
        assert backup.searcher().search(SearchRequest(q="sao lưu", page_size=1)).total == count
        backup.close()
        counts.append(count)
    assert len(copies) >= 3 and any(0 < c < len(ids) for c in counts), counts   # taken mid-ingest


def article(i: int, body: str) -> Article:
    return Article(id="rb-1", title=f"Bài {i}", body=body)


def test_a_rebuilt_index_never_answers_304_for_the_old_content(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    for folder, body in ((old, "Bản cũ: thông tin sai về lễ hội."), (new, "Bản mới đã đính chính thông tin lễ hội.")):
        ix = ArchiveIndex.open(folder / "index", create=True)
        ix.write_batch([article(1, body)])
        ix.close()
    apps = [_site_app(folder / "index", folder / "instance") for folder in (old, new)]
    try:
        first = apps[0].test_client().get("/article/rb-1")
        assert first.status_code == 200 and "Bản cũ" in first.get_data(as_text=True)
        again = apps[1].test_client().get("/article/rb-1", headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 200 and "Bản mới" in again.get_data(as_text=True)
    finally:
        for app in apps:
            app.extensions["archive_index"].close()


def test_a_restored_backup_never_answers_304_for_the_abandoned_timeline(tmp_path: Path) -> None:
    live = tmp_path / "live" / "index"
    ix = ArchiveIndex.open(live, create=True)
    ix.write_batch([article(1, "Bản đầu tiên về lễ hội.")])
    ix.close()
    backup = tmp_path / "backup"
    locked_copy(live, backup)
    ix = ArchiveIndex.open(live)
    ix.write_batch([article(2, "Bản sửa lần hai, sau bản sao lưu.")])        # the timeline that is lost
    ix.close()
    app = _site_app(live, tmp_path / "instance")
    cached = app.test_client().get("/article/rb-1")
    app.extensions["archive_index"].close()
    assert "sau bản sao lưu" in cached.get_data(as_text=True)
    shutil.rmtree(live)
    shutil.copytree(backup, live)                                              # restore
    ix = ArchiveIndex.open(live)
    ix.write_batch([article(3, "Bản sửa khác, viết sau khi khôi phục.")])      # same generation number again
    ix.close()
    app = _site_app(live, tmp_path / "instance2")
    try:
        again = app.test_client().get("/article/rb-1", headers={"If-None-Match": cached.headers["ETag"]})
        assert again.status_code == 200 and "sau khi khôi phục" in again.get_data(as_text=True)
    finally:
        app.extensions["archive_index"].close()
