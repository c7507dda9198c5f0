"""Command-line inputs -> sources: files, directories (recursive), globs and "-" (stdin).

Formats are detected from the extension (a trailing ".gz" is looked through) and, when the
extension says nothing, from the first bytes: "WARC/" -> warc, "{" -> jsonl, "[" -> json (an
array of records), "<html"/"<!doctype" -> html, a header line naming a body column -> csv, other
text -> text (scraped page), anything binary -> "binary" (rejected by the reader).
"""

from __future__ import annotations

import glob
import gzip
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ingest.decoding import looks_binary
from ingest.records import BODY_KEYS

__all__ = ["Source", "InputError", "expand_inputs", "open_payload", "spooled_stdin", "detect_format"]

_EXTENSIONS = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".csv": "csv", ".tsv": "csv",
    ".txt": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".warc": "warc",
}
_GZIP_MAGIC = b"\x1f\x8b"
_HEAD = 65536


@dataclass(frozen=True)
class Source:
    """One input file. `name` is what reports show (the path as given, or "-" for stdin)."""

    name: str
    path: Path
    fmt: str
    gzipped: bool


@dataclass(frozen=True)
class InputError:
    """An argument that names no readable file."""

    name: str
    reason: str


def _is_gzip(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(2) == _GZIP_MAGIC


def _head(path: Path, gzipped: bool) -> bytes:
    try:
        with (gzip.open(path, "rb") if gzipped else path.open("rb")) as fh:
            return fh.read(_HEAD)
    except (OSError, EOFError):
        return b""


def _sniff(head: bytes) -> str:
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if looks_binary(head):
        return "binary"
    if stripped.startswith(b"WARC/"):
        return "warc"
    if stripped.startswith(b"{"):
        return "jsonl"
    if stripped.startswith(b"["):
        return "json"
    lowered = stripped[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in lowered:
        return "html"
    first = stripped.split(b"\n", 1)[0].decode("utf-8", "replace").lower()
    if any(sep in first for sep in (",", ";", "\t")):
        columns = {c.strip().strip('"') for c in first.replace(";", ",").replace("\t", ",").split(",")}
        if columns & set(BODY_KEYS):
            return "csv"
    return "text"


def detect_format(path: Path, gzipped: bool) -> str:
    """Format of the file at `path` (see the module docstring)."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    if suffixes and suffixes[-1] in _EXTENSIONS:
        fmt = _EXTENSIONS[suffixes[-1]]
        return "binary" if fmt != "warc" and looks_binary(_head(path, gzipped)) else fmt
    return _sniff(_head(path, gzipped))


def _source(path: Path, name: str) -> Source:
    gzipped = _is_gzip(path)
    return Source(name, path, detect_format(path, gzipped), gzipped)


def _walk(directory: Path) -> Iterator[Path]:
    for path in sorted(directory.rglob("*")):
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(directory).parts):
            yield path


def expand_inputs(args: Iterable[str | Path], stdin_path: Path | None = None) -> tuple[list[Source], list[InputError]]:
    """Sources for the arguments, in order, without duplicates; errors for unreadable ones.

    "-" means standard input, already spooled to `stdin_path` by the caller.
    """
    sources: list[Source] = []
    errors: list[InputError] = []
    seen: set[Path] = set()

    def add(path: Path, name: str) -> None:
        """Append the source at `path` unless the same file was already named."""
        key = path.resolve()
        if key in seen:
            return
        seen.add(key)
        try:
            sources.append(_source(path, name))
        except OSError as exc:
            errors.append(InputError(name, f"cannot read: {exc.strerror or exc}"))

    for arg in args:
        name = str(arg)
        if name == "-":
            if stdin_path is None:
                errors.append(InputError("-", "standard input is not available"))
            else:
                sources.append(_source(stdin_path, "-"))
            continue
        path = Path(name)
        if path.is_dir():
            files = list(_walk(path))
            if not files:
                errors.append(InputError(name, "directory holds no files"))
            for file in files:
                add(file, str(file))
        elif path.is_file():
            add(path, name)
        elif glob.has_magic(name):
            matches = sorted(Path(m) for m in glob.glob(name, recursive=True))
            if not matches:
                errors.append(InputError(name, "pattern matches no files"))
            for match in matches:
                for file in (_walk(match) if match.is_dir() else [match]):
                    add(file, str(file))
        elif path.exists():
            errors.append(InputError(name, "not a regular file or directory"))
        else:
            errors.append(InputError(name, "no such file or directory"))
    return sources, errors


@contextmanager
def open_payload(source: Source) -> Iterator[tuple[BinaryIO, BinaryIO]]:
    """(decompressed stream, underlying file) for a source; the file's tell() measures progress."""
    with source.path.open("rb") as raw:
        if source.gzipped and source.fmt != "warc":
            with gzip.GzipFile(fileobj=raw, mode="rb") as stream:
                yield stream, raw
        else:
            yield raw, raw


@contextmanager
def spooled_stdin() -> Iterator[Path]:
    """Standard input copied to a temporary file (formats are detected from its bytes)."""
    with tempfile.TemporaryDirectory(prefix="ingest-stdin-") as tmp:
        path = Path(tmp) / "stdin"
        with path.open("wb") as out:
            shutil.copyfileobj(sys.stdin.buffer, out)
        yield path
