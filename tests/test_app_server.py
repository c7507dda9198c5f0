"""`python -m search_app`: the production server (waitress) on loopback, and its refusal of a missing index."""
from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

from search_app.serving import ConnectionLedger, freeze_startup_heap


def test_server_answers_over_http(site_server):
    with urllib.request.urlopen(site_server + "/?q=bao+lu") as response:
        assert response.status == 200
        assert response.headers["Server"] == "archive"          # waitress, not the Flask dev server
        html = response.read().decode()
    assert "Bão lũ miền Trung gây thiệt hại nặng" in html.replace("<mark>", "").replace("</mark>", "")
    with urllib.request.urlopen(site_server + "/api/search?q=bao+lu") as response:
        assert json.load(response)["total"] >= 1


def test_missing_index_is_a_clear_error(tmp_path: Path):
    result = subprocess.run([sys.executable, "-m", "search_app", "--index", str(tmp_path / "none"),
                             "--port", "1"], capture_output=True, text=True, timeout=60,
                            cwd=Path(__file__).resolve().parents[1],
                            env=dict(os.environ, ARCHIVE_SECRET_KEY="test"))
    assert result.returncode == 2
    assert "search_app:" in result.stderr and "none" in result.stderr


def _open_sockets(pid: int) -> int:
    """Number of socket file descriptors a process holds."""
    fds = Path(f"/proc/{pid}/fd")
    return sum(1 for fd in fds.iterdir() if os.readlink(fd).startswith("socket:"))


def test_startup_heap_leaves_the_collectors_sight() -> None:
    import gc

    try:
        freeze_startup_heap()
        assert gc.get_freeze_count() > 1000          # modules, the app: never walked again
    finally:
        gc.unfreeze()


def test_ledger_lets_only_the_least_loaded_processes_accept():
    ledger = ConnectionLedger(3)
    assert ledger.may_accept(0, 0)                  # all empty: everyone may accept
    assert not ledger.may_accept(0, 1)              # one more than the others: wait
    assert ledger.may_accept(1, 0) and ledger.may_accept(2, 0)      # counts 1/0/0
    assert not ledger.may_accept(1, 2)                              # counts 1/2/0
    assert ledger.may_accept(2, 1)                                  # counts 1/2/1: the 1s accept
    assert ledger.may_accept(0, 1) and not ledger.may_accept(1, 2)


def test_worker_processes_share_the_port_and_stop_together(site_index_dir: Path):
    import signal
    import socket
    import time

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "search_app", "--index", str(site_index_dir), "--port",
                             str(port), "--workers", "2", "--threads", "2"],
                            env=dict(os.environ, ARCHIVE_SECRET_KEY="test"), stdout=subprocess.DEVNULL,
                            cwd=Path(__file__).resolve().parents[1])
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q=bao", timeout=5) as response:
                    assert json.load(response)["total"] >= 1
                    break
            except OSError:
                assert time.monotonic() < deadline and proc.poll() is None
                time.sleep(0.2)
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
        assert len(children) == 2
        for _ in range(6):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/?q=lu", timeout=5) as response:
                assert response.status == 200
        # Keep-alive connections opened one after another are shared evenly between the processes.
        connections = [http.client.HTTPConnection("127.0.0.1", port, timeout=5) for _ in range(6)]
        for conn in connections:
            conn.request("GET", "/api/search?q=lu")
            assert conn.getresponse().read()
        held = sorted(_open_sockets(int(pid)) - 1 for pid in children)      # minus the listener
        for conn in connections:
            conn.close()
        assert held == [3, 3]
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    assert all(not Path(f"/proc/{pid}").exists() for pid in children)
