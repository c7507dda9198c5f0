"""Progress display for the ingest command.

`ingest_paths(progress=...)` calls `progress(items_done, bytes_done, bytes_total)` as it goes
(bytes of the input files, compressed size for .gz, so the ETA covers the whole run).
`ProgressPrinter` renders those calls: a redrawn bar with items/s and ETA on a terminal, a plain
line every `interval` seconds otherwise (logs, CI, pipes).
"""

from __future__ import annotations

import sys
import time
from typing import Protocol, TextIO

__all__ = ["ProgressCallback", "ProgressPrinter"]


class ProgressCallback(Protocol):
    """What `ingest_paths(progress=...)` calls after every item."""

    def __call__(self, items_done: int, bytes_done: int, bytes_total: int) -> None: ...


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class ProgressPrinter:
    """Writes progress to `stream`; redraws a bar when it is a terminal."""

    def __init__(self, stream: TextIO | None = None, *, interval: float | None = None, width: int = 30) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.interval = interval if interval is not None else (0.2 if self.tty else 5.0)
        self.width = width
        self.start = time.monotonic()
        self._last = 0.0
        self._drawn = False

    def line(self, items: int, bytes_done: int, bytes_total: int) -> str:
        """The progress text for these figures (bar form on a terminal)."""
        elapsed = max(time.monotonic() - self.start, 1e-6)
        rate = items / elapsed
        fraction = min(bytes_done / bytes_total, 1.0) if bytes_total else 0.0
        eta = elapsed * (1 - fraction) / fraction if fraction > 0 else None
        eta_text = _clock(eta) if eta is not None else "?"
        if self.tty:
            filled = int(fraction * self.width)
            bar = "#" * filled + "-" * (self.width - filled)
            return f"[{bar}] {fraction:4.0%} {items:,} items {rate:,.0f}/s ETA {eta_text}"
        return f"ingest: {items:,} items, {fraction:.0%} of input read, {rate:,.0f} items/s, ETA {eta_text}"

    def __call__(self, items_done: int, bytes_done: int, bytes_total: int) -> None:
        now = time.monotonic()
        if now - self._last < self.interval:
            return
        self._last = now
        text = self.line(items_done, bytes_done, bytes_total)
        if self.tty:
            self.stream.write("\r\x1b[2K" + text)
            self._drawn = True
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def close(self) -> None:
        """End the redrawn line (terminal only)."""
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False
