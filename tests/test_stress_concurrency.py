"""Concurrency: the real server answers continuously while the real `ingest` commits batches, and two
`ingest` processes run at once on one index.

- Searches during ingest: 0 errors; every total the server reports is a whole number of committed
  batches (it never sees half a batch); the new articles become visible without a restart.
- A withdrawal or restore by `ingest withdraw/restore` reaches every running worker without a restart.
- Two writers: both finish (the second waits for the lock between the other's commits) or one exits
  cleanly with code 2; the index ends exact — every article once, none lost.
"""
from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from index import ArchiveIndex

pytestmark = pytest.mark.stress      # heavy but lean: runs in CI; deselect locally with -m "not stress"

REPO = Path(__file__).resolve().parents[1]
BATCH = 50
NEW_WORD = "khinhkhícầu"            # a made-up word only the ingested articles contain


def write_records(path: Path, prefix: str, count: int, start: int = 0) -> list[str]:
    """`count` distinct articles as JSON Lines, all containing NEW_WORD; returns their ids."""
    ids = []
    with path.open("w", encoding="utf-8") as out:
        for i in range(start, start + count):
            ids.append(f"{prefix}-{i:05d}")
            out.write(json.dumps({
                "id": ids[-1], "title": f"Lễ hội {NEW_WORD} lần thứ {i}", "source": "Báo Thử",
                "published": f"2024-0{1 + i % 9}-2{i % 8}",
                "body": f"Hàng nghìn người xem {NEW_WORD} bay trên bầu trời thành phố trong đêm thứ {i}.\n\n"
                        f"Đây là lần thứ {i} lễ hội được tổ chức."}, ensure_ascii=False) + "\n")
    return ids


def ingest(index_dir: Path, source: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "ingest", "--index", str(index_dir), "--batch-size", str(BATCH),
                             "--workers", "0", "--no-quarantine", "-q", *extra, str(source)],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def fetch(url: str) -> tuple[int, bytes]:
    """Status and whole body of a GET (exports stream: read to the end)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


@pytest.fixture(params=[1, 2], ids=["1-process", "2-workers"])
def live_server(request: pytest.FixtureRequest, site_writable_index: Path, tmp_path: Path
                ) -> Iterator[tuple[str, Path]]:
    """`python -m search_app` (waitress; one process, or two forked workers on one socket) over a
    writable index copy; yields (base URL, index folder)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = (tmp_path / "server.log").open("wb")
    env = dict(os.environ, ARCHIVE_SECRET_KEY=secrets.token_hex(16), ARCHIVE_INDEX="")
    proc = subprocess.Popen([sys.executable, "-m", "search_app", "--index", str(site_writable_index),
                             "--port", str(port), "--workers", str(request.param)], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if fetch(base + "/api/search?size=1")[0] == 200:
                break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the server did not start: " + (tmp_path / "server.log").read_text(errors="replace"))
        time.sleep(0.2)
    try:
        yield base, site_writable_index
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def test_server_answers_throughout_an_ingest_and_shows_new_articles(live_server, tmp_path: Path) -> None:
    base, index_dir = live_server
    total = 600
    source = tmp_path / "new.jsonl"
    write_records(source, "live", total)
    urls = [base + "/api/search?" + urllib.parse.urlencode({"q": NEW_WORD, "size": 5, "all": 1}),  # articles
            base + "/api/search?" + urllib.parse.urlencode({"q": "chữ thập đỏ", "source": "VnExpress"}),
            base + "/?" + urllib.parse.urlencode({"q": f"{NEW_WORD} lễ hội", "sort": "newest"}),
            base + "/api/search?" + urllib.parse.urlencode({"q": "date:2024", "size": 1}),
            base + "/article/t-001?q=ch%E1%BB%AF+th%E1%BA%ADp", base + "/official/" + urllib.parse.quote("Nguyễn Văn Bình"),
            base + "/export.csv?" + urllib.parse.urlencode({"q": NEW_WORD}), base + "/feed.atom?q=l%C3%AA",
            base + "/attention?" + urllib.parse.urlencode({"compare": f"{NEW_WORD},bão"})]
    errors: list[str] = []
    seen: list[int] = []
    stop = threading.Event()

    def client(offset: int) -> None:
        i = offset
        while not stop.is_set():
            url = urls[i % len(urls)]
            i += 1
            try:
                status, body = fetch(url)
            except OSError as exc:
                errors.append(f"{url}: {exc}")
                continue
            if status != 200:
                errors.append(f"{url}: HTTP {status}")
            elif url == urls[0]:
                seen.append(json.loads(body)["total"])

    threads = [threading.Thread(target=client, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    try:
        writer = ingest(index_dir, source)
        _, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (not seen or seen[-1] != total):
            time.sleep(0.2)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    assert errors == []
    assert seen and seen[-1] == total, "the committed articles never became visible without a restart"
    assert all(n % BATCH == 0 for n in seen), "the server saw part of a batch"
    assert len(seen) > 10 and seen[0] < total     # searches really ran while the batches landed
    # Every server process picks the new generation up on its own, within a few watcher turns:
    # after that, no request (on whichever process it lands) misses the last article.
    time.sleep(3)
    for _ in range(12):
        status, body = fetch(base + "/api/articles/live-00599")
        assert status == 200 and json.loads(body)["title"] == f"Lễ hội {NEW_WORD} lần thứ 599"


def test_two_ingest_processes_at_once_leave_an_exact_index(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    ArchiveIndex.open(index_dir, create=True).close()
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    ids_a = write_records(first, "two", 400)
    ids_b = write_records(second, "two", 400, start=300)      # 100 articles in both files, identical
    expected = sorted(set(ids_a) | set(ids_b))
    writers = [ingest(index_dir, first, "--lock-timeout", "120"), ingest(index_dir, second, "--lock-timeout", "120")]
    outcomes = [(w.wait(timeout=300), *w.communicate()) for w in writers]
    for code, _out, err in outcomes:
        assert code in (0, 2), err
        assert "Traceback" not in err
        if code == 2:
            assert "locked by another writer" in err
    assert any(code == 0 for code, _, _ in outcomes)
    ix = ArchiveIndex.open(index_dir)
    present = ix.content_hashes(expected)
    finished = [ids for ids, (code, _, _) in zip((ids_a, ids_b), outcomes) if code == 0]
    assert {i for ids in finished for i in ids} <= set(present)
    assert ix.doc_count() == len(present)       # each id once: no duplicate documents
    ix.close()
    if all(code == 0 for code, _, _ in outcomes):
        assert sorted(present) == expected


def wait_for(check, seconds: float = 30.0) -> bool:
    """Poll `check()` until it is true or the time is up."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def test_withdraw_and_restore_from_the_cli_reach_a_running_server(live_server) -> None:
    base, index_dir = live_server
    search = base + "/api/search?q=b%C3%B3ng+%C4%91%C3%A1+m%E1%BB%9F+m%C3%A0n"

    def total() -> int:
        return json.loads(fetch(search)[1])["total"]

    assert total() == 1 and fetch(base + "/article/t-003")[0] == 200
    command = [sys.executable, "-m", "ingest", "withdraw", "t-003", "--reason", "Thử gỡ bài", "--index", str(index_dir)]
    assert subprocess.run(command, cwd=REPO, capture_output=True, timeout=120, check=False).returncode == 0
    # every worker must notice (a few requests, so both forked workers are asked)
    assert wait_for(lambda: all(total() == 0 and fetch(base + "/article/t-003")[0] == 410 for _ in range(6)))
    restore = [sys.executable, "-m", "ingest", "restore", "t-003", "--index", str(index_dir)]
    assert subprocess.run(restore, cwd=REPO, capture_output=True, timeout=120, check=False).returncode == 0
    assert wait_for(lambda: all(total() == 1 and fetch(base + "/article/t-003")[0] == 200 for _ in range(6)))
