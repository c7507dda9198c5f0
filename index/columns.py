"""A generation's search columns as files beside the index, memory-mapped by every process that searches it.

`open_or_build(index_dir, version, build)`: when `columns/<version>/` is complete, its arrays are mapped
read-only (`np.load(mmap_mode="r")`), so the server's processes share one copy in the page cache instead
of each holding its own. Otherwise `build()` computes them, in one process at a time (an flock), and they
are written to a temporary folder, fsynced and renamed into place: a half-written set is never opened.
Once a set lands, the sets of other versions are removed; a process still searching an older generation
keeps reading its mapped files (POSIX unlink), and no new process opens them. When the folder cannot be
written (read-only copy, full disk) the built arrays are used from memory and a warning is logged.
"""

from __future__ import annotations

import fcntl
import logging
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["COLUMNS_DIR", "ColumnSet", "open_or_build"]

COLUMNS_DIR = "columns"
LOCK_FILE = ".lock"
OBJECTS_FILE = "objects.pickle"
COMPLETE_FILE = "COMPLETE"
TEMP_PREFIX = ".building-"

_log = logging.getLogger(__name__)

Built = tuple[dict[str, np.ndarray], dict[str, Any]]


@dataclass(frozen=True)
class ColumnSet:
    """Named arrays (memory-mapped when `mapped`) and the small Python objects that go with them."""

    arrays: dict[str, np.ndarray]
    objects: dict[str, Any]
    mapped: bool


def open_or_build(index_dir: Path, version: str, build: Callable[[], Built]) -> ColumnSet:
    """The column set of one generation `version`: mapped from disk, built and written first if need be."""
    root = index_dir / COLUMNS_DIR
    target = root / version
    if (target / COMPLETE_FILE).exists():
        return _open(target)
    try:
        root.mkdir(exist_ok=True)
        lock = open(root / LOCK_FILE, "ab")
    except OSError as exc:
        _log.warning("search columns kept in memory: cannot write %s (%s)", root, exc)
        return ColumnSet(*build(), mapped=False)
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (target / COMPLETE_FILE).exists():        # another process built it while this one waited
            return _open(target)
        arrays, objects = build()
        try:
            _write(root, target, arrays, objects)
        except OSError as exc:
            _log.warning("search columns kept in memory: cannot write %s (%s)", target, exc)
            return ColumnSet(arrays, objects, mapped=False)
        _remove_other_sets(root, keep=version)
    del arrays, objects
    return _open(target)


def _open(folder: Path) -> ColumnSet:
    arrays = {}
    for path in folder.glob("*.npy"):
        try:
            arrays[path.stem] = np.load(path, mmap_mode="r")
        except ValueError:                            # a zero-length array cannot be mapped
            arrays[path.stem] = np.load(path)
    with open(folder / OBJECTS_FILE, "rb") as fh:
        objects = pickle.load(fh)
    return ColumnSet(arrays, objects, mapped=True)


def _write(root: Path, target: Path, arrays: dict[str, np.ndarray], objects: dict[str, Any]) -> None:
    temp = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=root))
    try:
        for name, array in arrays.items():
            with open(temp / f"{name}.npy", "wb") as fh:
                np.save(fh, np.ascontiguousarray(array), allow_pickle=False)
                _flush(fh)
        with open(temp / OBJECTS_FILE, "wb") as fh:
            pickle.dump(objects, fh, protocol=pickle.HIGHEST_PROTOCOL)
            _flush(fh)
        with open(temp / COMPLETE_FILE, "wb") as fh:
            _flush(fh)
        _fsync_dir(temp)
        os.replace(temp, target)
        _fsync_dir(root)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def _remove_other_sets(root: Path, keep: str) -> None:
    """Remove column sets of other versions and builds left by killed processes (called under the lock)."""
    for path in root.iterdir():
        if path.is_dir() and path.name != keep:
            shutil.rmtree(path, ignore_errors=True)


def _flush(fh: Any) -> None:
    fh.flush()
    os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
