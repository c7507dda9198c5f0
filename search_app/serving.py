"""Serving the app with waitress, and sharing keep-alive connections evenly among forked processes.

Processes that accept() on one shared socket take new connections in whatever order the kernel
wakes them, so 16 keep-alive clients can end up split 10/6: the busier process then answers each
of its clients more slowly while the other has spare turns. Each process publishes how many
connections it holds in shared memory and listens only while no sibling holds fewer, so
connections spread evenly. A process with the fewest connections always listens, so a new
connection is never left waiting for a count to change.
"""
from __future__ import annotations

import gc
import logging
import multiprocessing
import socket

from flask import Flask
from waitress.server import create_server

from index.prepare import prepare_in_subprocess

from .backend import EXTENSION

SERVER_IDENT = "archive"


class ConnectionLedger:
    """Open-connection counts of the server processes, in memory shared across fork()."""

    def __init__(self, processes: int) -> None:
        self.counts = multiprocessing.RawArray("i", processes)

    def may_accept(self, slot: int, open_now: int) -> bool:
        """Publish this process's count; True while no process holds fewer connections."""
        self.counts[slot] = open_now
        return open_now <= min(self.counts)


def freeze_startup_heap() -> None:
    """Put everything alive now (modules, the app) out of the garbage collector's sight.

    A full collection walks every tracked object while holding the interpreter: with the
    libraries and the app in view it paused a server process for about 30 ms every few hundred
    requests. Call once the app exists, before the searcher is opened and before forking (the
    children then also leave those pages shared). Snapshots are never frozen, so a replaced
    generation is still collected.
    """
    gc.collect()
    gc.freeze()


def serve(app: Flask, sock: socket.socket, threads: int, ledger: ConnectionLedger | None = None,
          slot: int = 0) -> None:
    """Open the searcher before the first request arrives, then serve on the socket until stopped.

    Each generation's search columns are computed in a short-lived subprocess, so this long-running
    process only maps them (index/prepare.py).
    """
    archive = app.extensions[EXTENSION]
    archive.prepare_columns = prepare_in_subprocess
    archive.searcher()
    logging.basicConfig()
    server = create_server(app, sockets=[sock], threads=threads, ident=SERVER_IDENT)
    if ledger is not None:
        listening = server.readable          # waitress's own check (connection limit, upkeep)

        def readable() -> bool:
            fair = ledger.may_accept(slot, len(server.active_channels))
            return listening() and fair

        server.readable = readable           # asyncore asks the dispatcher on every loop turn
    server.run()
