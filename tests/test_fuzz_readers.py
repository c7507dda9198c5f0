"""Property-based fuzzing of the ingest readers: mutated records and mutated files.

Every failure must be a per-item rejection (with a location), never a crash of the batch: the
pipeline returns a report, no fatal error, every record accounted for exactly once, and every
untouched record lands in the index.

Case budget (with test_fuzz_query.py and test_fuzz_http.py: 10,000 in all): 600 record-level cases
written to a real index, 400 byte-level file mutations across the formats (dry run).
"""
from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index import ArchiveIndex
from ingest import ingest_paths

RECORD_CASES = 600
FILE_CASES = 400
SETTINGS = {"deadline": None, "suppress_health_check": list(HealthCheck)}

FIELDS = ["id", "title", "body", "published", "source", "url", "author", "category", "tags", "content",
          "date", "keywords", "link", "headline", "BODY", " Body ", "doc_id", "extra"]
junk = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(allow_nan=True),
                 st.text(max_size=80), st.lists(st.text(max_size=10), max_size=4),
                 st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3),
                 st.sampled_from(["", " ", "\u200b", "\x00\x01", "2020-02-30", "31/12/2020 25:61",
                                  "99999-01-01", "<script>alert(1)</script>", "javascript:alert(1)",
                                  "Ðà Nẵng", "a" * 5000]))
mutation = st.dictionaries(st.sampled_from(FIELDS), junk, min_size=1, max_size=4)


def good_record(case: int, i: int) -> dict[str, object]:
    """A valid record; ids are unique per hypothesis case so every case's good records are new."""
    return {"id": f"fz-{case}-{i}", "title": f"Tin thử nghiệm số {i}", "source": "Báo Thử",
            "published": f"2022-05-0{1 + i % 9}",
            "body": f"Người dân phường {i} tham gia ngày hội đọc sách lần thứ {case}.\n\nBan tổ chức cảm ơn."}


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory) -> ArchiveIndex:
    index = ArchiveIndex.open(tmp_path_factory.mktemp("fuzz-readers") / "index", create=True)
    yield index
    index.close()


def assert_accounted(report, items: int) -> None:
    """No fatal error and every item read lands in exactly one count."""
    assert report.fatal is None, report.fatal
    assert report.exit_code in (0, 1)
    assert sum(report.totals.values()) == items, (report.totals, items)
    assert all(r.location for r in report.rejected if Path(r.file).exists())


_case = iter(range(10**9))


@settings(max_examples=RECORD_CASES, **SETTINGS)
@given(mutations=st.lists(st.none() | mutation, min_size=1, max_size=6), fmt=st.sampled_from(["jsonl", "csv"]))
def test_mutated_records_are_rejected_one_by_one(ix: ArchiveIndex, tmp_path_factory, mutations, fmt) -> None:
    case = next(_case)
    records = []
    for i, change in enumerate(mutations):
        record = good_record(case, i)
        record.update(change or {})
        records.append(record)
    path = tmp_path_factory.mktemp("rec") / f"batch.{fmt}"
    if fmt == "jsonl":
        path.write_text("".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in records),
                        encoding="utf-8")
    else:
        buffer = io.StringIO()
        columns = sorted({k for r in records for k in r})
        writer = csv.DictWriter(buffer, fieldnames=columns)
        writer.writeheader()
        writer.writerows({k: "" if r.get(k) is None else str(r[k]) for k in columns} for r in records)
        path.write_text(buffer.getvalue(), encoding="utf-8")
    report = ingest_paths([path], ix, quarantine_dir=path.parent / "q")
    assert_accounted(report, len(records))
    for i, change in enumerate(mutations):
        if change is None:         # untouched records always land
            assert ix.get_article(f"fz-{case}-{i}") is not None


def html_page(record: dict[str, object]) -> bytes:
    return (f"<!doctype html><html><head><title>{record['title']}</title></head><body><article>"
            f"<h1>{record['title']}</h1><p>{record['body']}</p></article></body></html>").encode()


def warc_file(pages: list[bytes]) -> bytes:
    """An uncompressed WARC with one HTML response per page, plus a request record (skipped)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    for n, page in enumerate(pages):
        uri = f"https://bao-thu.example.vn/tin-{n}.html"
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(page), http_headers=http))
        writer.write_record(writer.create_warc_record(uri, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
    return out.getvalue()


def valid_file(fmt: str) -> bytes:
    """A small valid input of each format."""
    records = [good_record(-1, i) for i in range(4)]
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False).encode()
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows(records)
        return buffer.getvalue().encode()
    if fmt == "warc":
        return warc_file([html_page(records[0]), html_page(records[1])])
    if fmt == "html":
        return ("<!doctype html><html><head><title>Tin thử</title><meta name='author' content='A'></head>"
                "<body><article><h1>Lễ hội đọc sách</h1><p>" + records[0]["body"] + "</p><p>"
                + records[1]["body"] + "</p></article></body></html>").encode()
    return ("Lễ hội đọc sách ở Huế\n\n" + records[0]["body"] + "\n\n" + records[1]["body"]).encode()


@st.composite
def mutated_file(draw) -> tuple[str, bytes]:
    fmt = draw(st.sampled_from(["jsonl", "json", "csv", "html", "txt", "warc"]))
    data = bytearray(valid_file(fmt))
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "encode"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64) | st.sampled_from(
                [b"\xff\xfe", b"\x1f\x8b", b"\x00" * 10, b"\n\n\n", b'"', b"{", b"<", b"WARC/1.0\r\n", b"\r"]))
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 32))]
        elif kind == "truncate":
            del data[at:]
        else:
            data = bytearray(bytes(data).decode("utf-8", "replace").encode(
                draw(st.sampled_from(["utf-16", "cp1258", "latin-1"])), "replace"))
    suffix = draw(st.sampled_from([f".{fmt}", f".{fmt}.gz", "", ".bin"]))
    payload = gzip.compress(bytes(data)) if suffix.endswith(".gz") else bytes(data)
    return suffix, payload


@settings(max_examples=FILE_CASES, **SETTINGS)
@given(case=mutated_file())
def test_mutated_files_never_crash_the_batch(tmp_path_factory, case) -> None:
    suffix, payload = case
    path = tmp_path_factory.mktemp("file") / f"input{suffix}"
    path.write_bytes(payload)
    report = ingest_paths([path], None, dry_run=True)
    assert report.fatal is None, report.fatal
    assert report.exit_code in (0, 1)
    assert all(f.items >= 0 for f in report.files) and report.files


def test_a_csv_holding_only_a_bom_is_rejected_not_fatal(ix: ArchiveIndex, tmp_path: Path) -> None:
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf")
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(good_record(-2, 0), ensure_ascii=False) + "\n", encoding="utf-8")
    report = ingest_paths([bom, good], ix, quarantine_dir=tmp_path / "q")
    assert report.fatal is None and report.totals["rejected"] == 1
    assert ix.get_article("fz--2-0") is not None


def test_a_warc_record_without_target_uri_is_rejected_not_fatal(ix: ArchiveIndex, tmp_path: Path) -> None:
    cut = tmp_path / "cut.warc"
    cut.write_bytes(b"WARC/1.0\r\nWARC-Type: response")
    good = tmp_path / "good.warc"
    good.write_bytes(warc_file([html_page(good_record(-3, 0) | {"title": "Lễ hội đọc sách ở Huế"})]))
    report = ingest_paths([cut, good], ix, quarantine_dir=tmp_path / "q")
    assert report.fatal is None and report.totals["rejected"] == 1 and report.totals["added"] == 1
