"""Serving memory: PSS of the whole server tree after a request warm-up, and time to first answer.

    .venv/bin/python bench/memory.py --index DIR [--workers 2] [--requests 400] [--repo PATH]

Starts `python -m search_app` (from --repo, default this checkout: pass an exported older commit to get
a baseline in the same run) on a free loopback port, times the first answer, sends the scale bench's
request mix, then sums Pss from /proc/PID/smaps_rollup over the server and its workers. Prints one JSON line.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from load import server_pids  # noqa: E402
from scale import request_mix  # noqa: E402


def pss_kib(pid: int, kind: str = "Pss") -> int:
    """Proportional set size of one process in KiB (`kind` "Pss_Anon": its heap share, "Pss_File": mapped files)."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith(kind + ":"):
            return int(line.split()[1])
    raise ValueError(f"no {kind} for {pid}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", required=True, type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--repo", type=Path, default=BENCH.parent, help="checkout whose server to run")
    args = parser.parse_args()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ, ARCHIVE_SECRET_KEY="bench-memory", ARCHIVE_INDEX="")
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "search_app", "--index", str(args.index.resolve()),
                             "--port", str(port), "--workers", str(args.workers)],
                            cwd=args.repo, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                urllib.request.urlopen(base + "/api/search?size=1", timeout=600).read()
                break
            except OSError:
                if proc.poll() is not None:
                    raise SystemExit("the server did not start")
                time.sleep(0.1)
        first_answer_s = time.perf_counter() - started
        for url in request_mix(args.requests, random.Random(6)):
            urllib.request.urlopen(base + url, timeout=600).read()
        pids = server_pids(proc.pid)
        per_process = [pss_kib(pid) for pid in pids]
        anon = [pss_kib(pid, "Pss_Anon") for pid in pids]
        total = sum(per_process)
        articles = json.loads(urllib.request.urlopen(base + "/api/search?size=1&all=1", timeout=600).read())["total"]
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    print(json.dumps({"repo": str(args.repo), "processes": len(pids), "articles": articles,
                      "first_answer_s": round(first_answer_s, 2), "pss_mb": round(total / 1024, 1),
                      "pss_mb_per_process": [round(kib / 1024, 1) for kib in per_process],
                      "anon_mb_per_process": [round(kib / 1024, 1) for kib in anon],
                      "pss_kb_per_article": round(total * 1.024 / articles, 1)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
