"""`python -m search_app [--index DIR] [--host 127.0.0.1] [--port 8000] [--workers N] [--threads N]`: serve.

With --workers N > 1 the listening socket is opened once and N forked processes serve it, each with
its own searcher (the Python interpreter runs one thread at a time, so processes use more cores);
they share keep-alive connections evenly (search_app/serving.py).
"""
from __future__ import annotations

import argparse
import os
import signal
import socket
import sys

from index import ForeignIndexError, IndexNotFoundError

from .serving import ConnectionLedger, freeze_startup_heap, serve

# Searching is CPU-bound Python: processes give cores, threads mostly wait for the interpreter lock
# (docs/operations.md has the measurements). Each process holds its own snapshot in memory.
MAX_DEFAULT_WORKERS = 4
DEFAULT_WORKERS = str(min(len(os.sched_getaffinity(0)), MAX_DEFAULT_WORKERS))


def main(argv: list[str] | None = None) -> int:
    """Open the index and serve the site until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m search_app", description=__doc__)
    parser.add_argument("--index", help="index folder (default: $ARCHIVE_INDEX, else instance/index)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("ARCHIVE_THREADS", "2")),
                        help="waitress threads per process (default: $ARCHIVE_THREADS or 2)")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("ARCHIVE_WORKERS", DEFAULT_WORKERS)),
                        help="server processes sharing the socket (default: $ARCHIVE_WORKERS, else one "
                             f"per CPU up to {MAX_DEFAULT_WORKERS})")
    args = parser.parse_args(argv)

    from . import create_app

    try:
        app = create_app(overrides={"INDEX_DIR": args.index} if args.index else None)
    except (IndexNotFoundError, ForeignIndexError) as exc:
        print(f"search_app: {exc}", file=sys.stderr)
        return 2
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    sock.listen(1024)
    print(f"Serving on http://{args.host}:{args.port}/ ({args.workers} process(es) × {args.threads} threads)",
          flush=True)
    freeze_startup_heap()
    if args.workers <= 1:
        serve(app, sock, args.threads)
        return 0
    ledger = ConnectionLedger(args.workers)
    return _supervise([_fork(app, sock, args.threads, ledger, slot) for slot in range(args.workers)])


def _fork(app, sock: socket.socket, threads: int, ledger: ConnectionLedger, slot: int) -> int:
    """Start one serving child process; returns its pid."""
    pid = os.fork()
    if pid == 0:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        try:
            serve(app, sock, threads, ledger, slot)
        finally:
            os._exit(0)
    return pid


def _supervise(children: list[int]) -> int:
    """Wait for the children; stop them all on SIGTERM/SIGINT or when one dies."""

    stopping = []

    def stop(*_: object) -> None:
        stopping.append(True)
        for pid in children:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    os.wait()
    # A child ending on its own is a failure; children ending because we were told to stop are not.
    failed = not stopping
    stop()
    for _ in children[1:]:
        try:
            os.wait()
        except ChildProcessError:
            break
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
