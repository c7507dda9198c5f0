"""The app's handle on the index: opened once per process, one searcher per request."""
from __future__ import annotations

from pathlib import Path

from flask import current_app, g

from index import ArchiveIndex, resolve_index_dir

EXTENSION = "archive_index"


def open_index(index_dir: str | Path | None) -> ArchiveIndex:
    """Open the archive index (`--index DIR` > $ARCHIVE_INDEX > instance/index); it must exist."""
    return ArchiveIndex.open(resolve_index_dir(index_dir))


def get_index() -> ArchiveIndex:
    """The ArchiveIndex of the current app."""
    return current_app.extensions[EXTENSION]


def get_searcher():
    """The searcher for this request (the index layer reopens it when a new generation lands)."""
    if "searcher" not in g:
        g.searcher = get_index().searcher()
    return g.searcher
