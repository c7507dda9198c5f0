"""Read replicas behind HAProxy (scripts/replicas, scripts/replicate, scripts/haproxy.cfg.in).

Two replica servers, each on its own rsync'ed copy of a small index built here, behind a real
HAProxy on free loopback ports: one replica is killed with SIGKILL under load and HAProxy routes
around it; a generation committed on the primary and replicated reaches the serving replicas.
"""
from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pytest

from index import ArchiveIndex, Article
from index.columns import COLUMNS_DIR

ROOT = Path(__file__).resolve().parents[1]
REPLICAS = ROOT / "scripts" / "replicas"
REPLICATE = ROOT / "scripts" / "replicate"
# The template's health check: `fall 2` checks `inter 500ms` apart, each allowed `timeout check 2s`
# (a killed replica refuses at once, so about 1 s); the window below leaves a margin for a busy host.
HEALTH_WINDOW = 2.5
PLACES = ("Hà Nội", "Huế", "Đà Nẵng", "Cần Thơ", "Hải Phòng", "Nha Trang")
QUERIES = ("mua lu", "Huế", "cầu mới", "hoi nghi", "Cần Thơ", "nông dân")


def _articles(prefix: str, count: int) -> list[Article]:
    """Short invented articles, `count` of them, ids `<prefix>-<n>`."""
    return [Article(id=f"{prefix}-{n}", title=f"{PLACES[n % len(PLACES)]} khánh thành cầu mới số {n}",
                    body=f"Người dân {PLACES[(n + 1) % len(PLACES)]} dự hội nghị về mùa lũ và nông dân "
                         f"trồng lúa, bài số {n} của đợt {prefix}.",
                    source="Báo thử")
            for n in range(count)]


def _free_ports(count: int) -> list[int]:
    """Ports free on loopback right now (all bound at once, so they differ)."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def _get(port: int, path: str) -> tuple[int, dict, str]:
    """One GET on a fresh connection: (status, JSON body, replica that answered)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, json.loads(response.read()), response.getheader("X-Replica", "")
    finally:
        conn.close()


@dataclass
class Site:
    """Replicas started by scripts/replicas: the HAProxy port, each replica's port, the state folder."""

    port: int
    replica_ports: list[int]
    run: Path

    def replica_pid(self, number: int) -> int:
        return int((self.run / f"replica-{number}.pid").read_text())

    def script(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(REPLICAS), *args, "--run", str(self.run)], capture_output=True,
                              text=True, timeout=120, cwd=ROOT)


def _kill_leftovers(run: Path) -> None:
    """SIGKILL whatever a failed `stop` left running, by the pid files the script wrote."""
    for pidfile in run.glob("*.pid"):
        try:
            pid = int(pidfile.read_text())
            if str(run) in Path(f"/proc/{pid}/cmdline").read_text(errors="replace"):
                os.kill(pid, signal.SIGKILL)
        except (OSError, ValueError):
            pass


@pytest.fixture
def primary(tmp_path: Path) -> Path:
    """A primary index with one committed batch of 30 articles."""
    path = tmp_path / "primary"
    ix = ArchiveIndex.open(path, create=True)
    ix.write_batch(_articles("dau", 30))
    ix.close()
    return path


@pytest.fixture
def site(primary: Path, tmp_path: Path) -> Iterator[Site]:
    """Two replicas of `primary` behind HAProxy, stopped (and killed if need be) afterwards."""
    port, *replica_ports = _free_ports(3)
    run = tmp_path / "run"
    started = subprocess.run(
        [str(REPLICAS), "start", "--index", str(primary), "--run", str(run), "--port", str(port),
         "--replica-ports", ",".join(map(str, replica_ports)), "--workers", "1", "--threads", "2"],
        capture_output=True, text=True, timeout=180, cwd=ROOT)
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        yield Site(port, replica_ports, run)
    finally:
        subprocess.run([str(REPLICAS), "stop", "--run", str(run)], capture_output=True, timeout=60, cwd=ROOT)
        _kill_leftovers(run)


@dataclass
class Load:
    """Client threads sending GETs through HAProxy, each on its own keep-alive connection."""

    port: int
    clients: int = 4
    outcomes: list[tuple[float, str, str]] = field(default_factory=list)   # (time, "ok"/error, replica)
    stop: threading.Event = field(default_factory=threading.Event)
    threads: list[threading.Thread] = field(default_factory=list)

    def _client(self, number: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        sent = 0
        while not self.stop.is_set():
            path = "/api/search?" + urlencode({"q": QUERIES[(number + sent) % len(QUERIES)], "size": 5})
            sent += 1
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                body = response.read()
                ok = response.status == 200 and json.loads(body)["total"] > 0
                outcome = "ok" if ok else f"HTTP {response.status}"
                replica = response.getheader("X-Replica", "")
            except (OSError, http.client.HTTPException, ValueError) as exc:
                outcome, replica = f"{type(exc).__name__}: {exc}", ""
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            self.outcomes.append((time.monotonic(), outcome, replica))
            time.sleep(0.005)
        conn.close()

    def __enter__(self) -> Load:
        self.threads = [threading.Thread(target=self._client, args=(n,), daemon=True) for n in range(self.clients)]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=15)


def test_health_endpoint_names_the_served_generation(site_app) -> None:
    ix = site_app.extensions["archive_index"]
    response = site_app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.get_json() == {"status": "ok", "index": ix.identity, "generation": ix.generation(),
                                   "articles": ix.doc_count()}


@pytest.mark.stress
def test_a_replica_killed_under_load_is_routed_around(site: Site) -> None:
    with Load(site.port) as load:
        time.sleep(2.0)
        killed_at = time.monotonic()
        os.kill(site.replica_pid(1), signal.SIGKILL)
        time.sleep(HEALTH_WINDOW + 2.5)
    outcomes = list(load.outcomes)
    before = [o for o in outcomes if o[0] < killed_at]
    after_window = [o for o in outcomes if o[0] > killed_at + HEALTH_WINDOW]
    assert len(before) > 50 and len(after_window) > 50, (len(before), len(after_window))
    assert {o[2] for o in before} == {"replica-1", "replica-2"}          # both served before the kill
    assert not [o for o in outcomes if o[0] < killed_at and o[1] != "ok"]
    assert not [o for o in after_window if o[1] != "ok"]
    assert {o[2] for o in after_window} == {"replica-2"}                 # the survivor served the rest
    # Requests sent to the dead replica before its health check failed were retried elsewhere. The
    # one thing no proxy can retry is a response the replica had begun to send (waitress sends the
    # header before the body): at most one per client, truncated, and right at the kill.
    truncated = [o for o in outcomes if o[1] != "ok"]
    assert all(o[1].startswith("IncompleteRead") and o[0] < killed_at + 0.5 for o in truncated), truncated
    assert len(truncated) <= load.clients, truncated
    status = site.script("status")
    assert f"replica-1 port {site.replica_ports[0]}: not running" in status.stdout, status.stdout
    assert "replica-1: DOWN" in status.stdout and "replica-2: UP" in status.stdout, status.stdout
    retried = re.search(r"replica-1: DOWN, \d+ requests, .*?, (\d+) retried, (\d+) redispatched", status.stdout)
    assert retried and int(retried[1]) + int(retried[2]) > 0, status.stdout


def _replica_state(site: Site) -> list[dict]:
    return [_get(port, "/healthz")[1] for port in site.replica_ports]


@pytest.mark.stress
def test_replicated_generations_reach_the_serving_replicas(site: Site, primary: Path) -> None:
    ix = ArchiveIndex.open(primary)
    counts = {ix.doc_count()}
    seen: list[dict] = []
    with Load(site.port, clients=2) as load:
        def watch() -> None:                 # what each replica serves, while generations arrive
            while not load.stop.is_set():
                seen.extend(_replica_state(site))
                time.sleep(0.05)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        for batch in range(3):
            ix.write_batch(_articles(f"dot{batch}", 7))
            counts.add(ix.doc_count())
            synced = site.script("sync")
            assert synced.returncode == 0, synced.stdout + synced.stderr
        generation = ix.generation()
        deadline = time.monotonic() + 10
        while {s["generation"] for s in _replica_state(site)} != {generation}:
            assert time.monotonic() < deadline, _replica_state(site)
            time.sleep(0.1)
        time.sleep(0.3)
    watcher.join(timeout=10)
    assert not [o for o in load.outcomes if o[1] != "ok"]
    assert seen and {s["articles"] for s in seen} <= counts            # only whole generations, ever
    for port in site.replica_ports:                     # every title says "cầu mới"
        assert _get(port, "/api/search?" + urlencode({"q": "cầu mới", "all": 1}))[1]["total"] == ix.doc_count()
        assert _get(port, "/api/articles/dot2-6")[0] == 200
    primary_files = {p.name for p in primary.iterdir() if p.name not in ("MAIN_WRITELOCK", COLUMNS_DIR)}
    for number in (1, 2):
        replica = site.run / f"replica-{number}"
        assert {p.name for p in replica.iterdir() if p.name != COLUMNS_DIR} == primary_files  # old generations removed
        assert "could not open" not in (site.run / f"replica-{number}.log").read_text()
    ix.close()


def test_replicate_refuses_what_is_not_an_older_copy_of_the_primary(primary: Path, tmp_path: Path) -> None:
    replica = tmp_path / "replica"
    first = subprocess.run([str(REPLICATE), str(primary), str(replica)], capture_output=True, text=True, timeout=60)
    assert first.returncode == 0, first.stderr
    again = subprocess.run([str(REPLICATE), str(primary), str(replica)], capture_output=True, text=True, timeout=60)
    assert again.returncode == 0 and "already at generation" in again.stdout
    rebuilt = tmp_path / "rebuilt"
    other = ArchiveIndex.open(rebuilt, create=True)
    other.write_batch(_articles("khac", 3))
    other.close()
    before = {p.name: p.stat().st_mtime_ns for p in replica.iterdir()}
    refused = subprocess.run([str(REPLICATE), str(rebuilt), str(replica)], capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2 and "another index" in refused.stderr
    assert {p.name: p.stat().st_mtime_ns for p in replica.iterdir()} == before
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "holiday.jpg").write_bytes(b"not an index")
    refused = subprocess.run([str(REPLICATE), str(primary), str(foreign)], capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2 and [p.name for p in foreign.iterdir()] == ["holiday.jpg"]
    assert not list(tmp_path.glob(".primary.replicate.*"))               # the snapshot is removed
    assert ArchiveIndex.open(replica).doc_count() == 30
    for folder, prefix in ((replica, "tai-cho"), (primary, "moi")):     # same generation, other content
        ix = ArchiveIndex.open(folder)
        ix.write_batch(_articles(prefix, 2))
        ix.close()
    refused = subprocess.run([str(REPLICATE), str(primary), str(replica)], capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2 and "written to locally" in refused.stderr
