"""Writing a large batch with two processes: Whoosh's MpWriter, made safe for crashes.

Stock `MpWriter` has two traps for an archive that must never be half-written:

- its sub-writer processes are forked while the parent holds the index lock, so they share the
  lock's open file; if the parent is killed (`kill -9`), a sub-writer left waiting on its job queue
  keeps the index locked for ever. Here each sub-writer closes its copy of the lock at start and is
  killed by the kernel when the parent dies (PR_SET_PDEATHSIG);
- at commit it waits one second for each sub-writer's segment and silently commits without the ones
  that did not come (documents lost without a word). Here a missing segment is an error, raised
  before the TOC is written, so the batch is not committed at all.
"""

from __future__ import annotations

import ctypes
import os
import queue
import signal
from typing import Any

from whoosh.multiproc import MpWriter, SubWriterTask

__all__ = ["SafeMpWriter", "PARALLEL_MIN_DOCS"]

PARALLEL_MIN_DOCS = 500            # smaller batches are written by one process
_PR_SET_PDEATHSIG = 1
_RESULT_TIMEOUT_S = 60.0


def _die_with_parent() -> None:
    """Ask the kernel to kill this process when its parent dies (Linux; elsewhere a no-op)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


class _SubWriter(SubWriterTask):
    """A sub-writer that never outlives its parent nor keeps the index lock."""

    def __init__(self, *args: Any, lock_fd: int | None) -> None:
        super().__init__(*args)
        self._lock_fd = lock_fd

    def run(self) -> None:
        _die_with_parent()
        if self._lock_fd is not None:
            try:
                os.close(self._lock_fd)     # the lock now dies with the parent alone
            except OSError:
                pass
        super().run()


class _StrictResults:
    """The parent's view of the result queue: a missing segment raises instead of vanishing."""

    def __init__(self, results: Any) -> None:
        self._results = results

    def get(self, timeout: float | None = None) -> Any:
        try:
            return self._results.get(timeout=_RESULT_TIMEOUT_S)
        except queue.Empty:
            raise RuntimeError("a writer process ended without its segment; the batch was not "
                               "committed") from None


class SafeMpWriter(MpWriter):
    """MpWriter whose sub-writers die with it and whose commit is all or nothing."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self._raw_results = self.resultqueue
        self.resultqueue = _StrictResults(self._raw_results)

    def _new_task(self) -> SubWriterTask:
        lock = getattr(self, "writelock", None)
        task = _SubWriter(self.storage, self.indexname, self.jobqueue, self._raw_results,
                          self.subargs, self.multisegment, lock_fd=getattr(lock, "fd", None))
        self.tasks.append(task)
        task.start()
        return task
