"""The extractor's version: a hash of the code and data that decide what `enrich` produces.

`ingest reextract` stores it in its checkpoint: a finished pass is not repeated until it changes.
It covers every file of this package (code, lexicons, the topic model) and the place lineage of
`index/places.py` and `index/places.json`, which `places_on` reads.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import index

__all__ = ["extractor_version"]

_PACKAGE = Path(__file__).resolve().parent
_INDEX = Path(index.__file__).resolve().parent


def _files() -> list[Path]:
    package = sorted(p for p in _PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return [*package, _INDEX / "places.py", _INDEX / "places.json"]


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """SHA-1 (hex, first 16 digits) over the names and contents of the extractor's files."""
    digest = hashlib.sha1()
    for path in _files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]
