"""The app's handle on the index: opened once per process, one searcher per request."""
from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from flask import Response, current_app, g, make_response, request

from index import ArchiveIndex, resolve_index_dir

from .i18n import current_lang

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


def conditional(view):
    """ETag from (index content version, language, URL): a repeat request (feed readers polling,
    back button) gets 304 without searching again until a commit, rebuild or restore changes the
    content. The version comes from the segment ids, so two timelines never share an ETag."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        key = f"{get_searcher().version}|{current_lang()}|{request.full_path}"
        etag = hashlib.blake2b(key.encode(), digest_size=12).hexdigest()
        if etag in request.if_none_match:
            response = Response(status=304)
        else:
            response = make_response(view(*args, **kwargs))
            if response.status_code != 200:
                return response
        response.set_etag(etag)
        response.headers["Cache-Control"] = "no-cache"
        return response

    return wrapped
