"""Split each source into units (one raw item each), streaming, with bounded memory.

- jsonl: one unit per non-blank line ("line N"); a line over `max_record_bytes` is skipped
  without being held in memory and rejected.
- json: a JSON array of records ("record N"), a single record, or JSON Lines named .json.
- csv: one unit per row ("row N (line L)"); the header must name a body column.
- text / html: the whole file is one unit.
- warc: one unit per HTML `response`/`resource` record ("record N (target URI)"), with the target
  URI, capture date and record id; other records are skipped (and counted).

Truncated or corrupt gzip/WARC data (or anything else a reader library raises on odd bytes) ends
the file with one error unit naming where it stopped; everything read before that point is kept.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ingest.decoding import EncodingError, decode_bytes
from ingest.readers.base import Unit
from ingest.readers.inputs import Source
from ingest.records import ALIASES, BODY_KEYS

__all__ = ["iter_units", "DEFAULT_MAX_RECORD_BYTES"]

DEFAULT_MAX_RECORD_BYTES = 8 * 1024 * 1024
_STREAM_ERRORS = (EOFError, gzip.BadGzipFile, zlib.error, ArchiveLoadFailed)
_CHUNK = 1 << 20


def _skip_rest_of_line(stream: BinaryIO) -> int:
    skipped = 0
    while True:
        chunk = stream.readline(_CHUNK)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def _jsonl(source: Source, stream: BinaryIO, max_bytes: int) -> Iterator[Unit]:
    number = records = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            break
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            size = len(line) + _skip_rest_of_line(stream)
            yield Unit(source.name, "jsonl", f"line {number}", raw=line[:max_bytes],
                       error=f"record is {size:,} bytes, over the {max_bytes:,}-byte limit "
                             "(the quarantined copy is cut at the limit)")
            records += 1
            continue
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        if line.strip():
            records += 1
            yield Unit(source.name, "jsonl", f"line {number}", raw=line.rstrip(b"\r\n"))
    if records == 0:
        yield Unit(source.name, "jsonl", "", error="no records (the file is empty or blank)")


def _read_all(source: Source, stream: BinaryIO, max_bytes: int, fmt: str) -> bytes | Unit:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        return Unit(source.name, fmt, "", raw=data[:max_bytes],
                    error=f"file is over the {max_bytes:,}-byte limit for one {fmt} item")
    if not data.strip():
        return Unit(source.name, fmt, "", error="empty file")
    return data


def _decoded_file(source: Source, stream: BinaryIO, max_bytes: int, fmt: str) -> tuple[bytes, str] | Unit:
    """(raw bytes, decoded text) of a whole-file format, or the error unit that rejects the file."""
    data = _read_all(source, stream, max_bytes * 64, fmt)
    if isinstance(data, Unit):
        return data
    try:
        return data, decode_bytes(data).text
    except EncodingError as exc:
        return Unit(source.name, fmt, "", raw=data, error=str(exc))


def _json_array(source: Source, stream: BinaryIO, max_bytes: int) -> Iterator[Unit]:
    decoded = _decoded_file(source, stream, max_bytes, "json")
    if isinstance(decoded, Unit):
        yield decoded
        return
    data, text = decoded
    try:
        records = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and text.lstrip().startswith("{"):   # JSON Lines named .json
            yield from _jsonl(source, io.BytesIO(text.encode("utf-8")), max_bytes)
            return
        yield Unit(source.name, "json", "", raw=data, error=f"not a JSON document: {exc}")
        return
    if isinstance(records, dict):
        records = [records]
    if not isinstance(records, list) or not records:
        yield Unit(source.name, "json", "", raw=data, error="expected a JSON array of article records")
        return
    for number, record in enumerate(records, 1):
        yield Unit(source.name, "jsonl", f"record {number}", raw=json.dumps(record, ensure_ascii=False).encode())


def _csv(source: Source, stream: BinaryIO, max_bytes: int) -> Iterator[Unit]:
    decoded = _decoded_file(source, stream, max_bytes, "csv")
    if isinstance(decoded, Unit):
        yield decoded
        return
    text = decoded[1]
    if not text.strip():
        yield Unit(source.name, "csv", "", raw=decoded[0], error="empty file (only a byte-order mark or blanks)")
        return
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    csv.field_size_limit(max_bytes)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, [])
    keys = [ALIASES.get(h.strip().lower(), h.strip().lower()) for h in header]
    if "body" not in keys:
        yield Unit(source.name, "csv", "line 1", raw=first.encode(),
                   error=f"CSV header names no body column (expected one of: {', '.join(BODY_KEYS)})")
        return
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    preamble = out.getvalue().encode()
    row_number = 0
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield Unit(source.name, "csv", f"line {start}", error=f"CSV syntax error: {exc}; the rest of the file was not read")
            return
        if not any(cell.strip() for cell in row):
            continue
        row_number += 1
        out.seek(0)
        out.truncate()
        writer.writerow(row)
        yield Unit(source.name, "csv", f"row {row_number} (line {start})", raw=out.getvalue().encode(),
                   fields=dict(zip(header, row)), preamble=preamble)
    if row_number == 0:
        yield Unit(source.name, "csv", "", error="no rows after the header")


def _warc(source: Source, stream: BinaryIO, max_bytes: int) -> Iterator[Unit]:
    number = 0
    for record in ArchiveIterator(stream):
        number += 1
        uri = record.rec_headers.get_header("WARC-Target-URI")
        location = f"record {number}" + (f" ({uri})" if uri else "")
        if record.rec_type not in ("response", "resource"):
            yield Unit(source.name, "html", location, skipped=f"{record.rec_type} record")
            continue
        headers = record.http_headers if record.rec_type == "response" else record.rec_headers
        status = record.http_headers.get_statuscode() if record.http_headers else "200"
        content_type = (headers.get_header("Content-Type") if headers else None) or ""
        if status != "200":
            yield Unit(source.name, "html", location, skipped=f"HTTP {status} response")
            continue
        if "html" not in content_type.lower():
            yield Unit(source.name, "html", location, skipped=f"{content_type or 'untyped'} content, not HTML")
            continue
        payload = record.content_stream().read(max_bytes + 1)
        if len(payload) > max_bytes:
            yield Unit(source.name, "html", location, raw=payload[:max_bytes],
                       error=f"page is over the {max_bytes:,}-byte limit")
            continue
        charset = content_type.lower().partition("charset=")[2].split(";")[0].strip().strip('"') or None
        yield Unit(source.name, "html", location, raw=payload, fields={
            "url": uri or "",
            "charset": charset or "",
            "warc_target_uri": uri or "",
            "warc_date": record.rec_headers.get_header("WARC-Date") or "",
            "warc_record_id": record.rec_headers.get_header("WARC-Record-ID") or "",
        })
    if number == 0:
        yield Unit(source.name, "html", "", error="no WARC records (empty file)")


def _whole_file(source: Source, stream: BinaryIO, max_bytes: int) -> Iterator[Unit]:
    data = _read_all(source, stream, max_bytes, source.fmt)
    yield data if isinstance(data, Unit) else Unit(source.name, source.fmt, "", raw=data)


def _binary(source: Source, stream: BinaryIO, max_bytes: int) -> Iterator[Unit]:
    yield Unit(source.name, "binary", "", raw=stream.read(max_bytes),
               error="binary data, not a supported input format (JSON Lines, CSV, text, HTML, WARC)")


_READERS = {"jsonl": _jsonl, "json": _json_array, "csv": _csv, "text": _whole_file, "html": _whole_file,
            "warc": _warc, "binary": _binary}


def iter_units(source: Source, stream: BinaryIO, max_bytes: int = DEFAULT_MAX_RECORD_BYTES) -> Iterator[Unit]:
    """Units of one source read from `stream` (see the module docstring)."""
    count = 0
    try:
        for unit in _READERS[source.fmt](source, stream, max_bytes):
            count += 1
            yield unit
    except _STREAM_ERRORS as exc:
        where = f"after item {count}" if count else "at the start"
        yield Unit(source.name, source.fmt, where,
                   error=f"truncated or corrupt {'gzip ' if source.gzipped else ''}data {where}: {exc}; "
                         "items before this point were read")
    except Exception as exc:  # noqa: BLE001 - a reader library choking on odd bytes must not stop the run
        where = f"after item {count}" if count else "at the start"
        yield Unit(source.name, source.fmt, where,
                   error=f"unreadable {source.fmt} data {where} ({type(exc).__name__}: {exc}); "
                         "items before this point were read")
