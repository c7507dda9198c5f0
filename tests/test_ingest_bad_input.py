"""Bad input: every bad item gets its own clear error, every good item lands, exit code and report exact."""

from __future__ import annotations

import codecs
import gzip
import json
import unicodedata
from pathlib import Path

import pytest

from index import ArchiveIndex
from ingest import ingest_paths

PLACES = ["Hà Nội", "Huế", "Đà Nẵng", "Cần Thơ", "Vinh", "Nha Trang", "Đà Lạt", "Hạ Long", "Sơn La", "Cà Mau"]


def record(i: int, **changes: object) -> dict[str, object]:
    place = PLACES[i % len(PLACES)]
    rec: dict[str, object] = {
        "id": f"bad-{i:03d}", "title": f"Tin số {i} từ {place}", "source": "Báo Thử",
        "published": f"2023-0{1 + i % 9}-1{i % 10}", "author": None, "category": "Xã hội", "tags": [],
        "body": f"Bản tin số {i}: người dân {place} chuẩn bị cho mùa lễ hội thứ {i} của thành phố.\n\n"
                f"Ban tổ chức dự kiến đón {100 + i} nghìn lượt khách.",
    }
    rec.update(changes)
    return rec


def jsonl(records: list[object]) -> bytes:
    return b"".join((r if isinstance(r, bytes) else json.dumps(r, ensure_ascii=False).encode()) + b"\n"
                    for r in records)


@pytest.fixture()
def ix(tmp_path: Path) -> ArchiveIndex:
    return ArchiveIndex.open(tmp_path / "index", create=True)


def rejections(report) -> list[tuple[str, str]]:
    return [(Path(r.file).name, r.location) for r in report.rejected]


def test_truncated_gzip_keeps_the_records_before_the_cut(ix: ArchiveIndex, tmp_path: Path) -> None:
    data = gzip.compress(jsonl([record(i) for i in range(400)]))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) * 2 // 3])
    report = ingest_paths([path], ix, quarantine_dir=tmp_path / "q")
    assert report.exit_code == 1
    (rej,) = report.rejected
    assert "truncated or corrupt gzip data" in rej.reason
    summary = report.files[0]
    assert summary.added > 100 and summary.rejected == 1
    added = summary.added
    # every record before the cut landed, in order, and nothing else
    assert ix.doc_count() == added
    assert all(ix.get_article(f"bad-{i:03d}") is not None for i in range(added))
    assert ix.get_article(f"bad-{added:03d}") is None


def test_non_json_line_among_good_ones(ix: ArchiveIndex, tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(jsonl([record(1), b'{"id": "broken", "body": "unterminated', record(2), b"[1, 2, 3]", record(3)]))
    report = ingest_paths([path], ix, quarantine_dir=tmp_path / "q")
    assert report.exit_code == 1
    assert rejections(report) == [("mixed.jsonl", "line 2"), ("mixed.jsonl", "line 4")]
    assert report.rejected[0].reason.startswith("not valid JSON")
    assert report.rejected[1].reason == "expected a JSON object, got list"
    assert report.totals["added"] == 3 and ix.doc_count() == 3
    quarantined = (tmp_path / "q" / "mixed.rejected.jsonl").read_bytes().splitlines()
    assert quarantined == [b'{"id": "broken", "body": "unterminated', b"[1, 2, 3]"]


def test_record_without_body(ix: ArchiveIndex, tmp_path: Path) -> None:
    path = tmp_path / "nobody.jsonl"
    path.write_bytes(jsonl([record(1), record(2, body=None), record(3, body="   "), record(4, body="Xem tiếp"),
                            record(5, body={"text": "x"})]))
    report = ingest_paths([path], ix)
    assert [r.reason for r in report.rejected] == [
        "record has no body", "record has no body", "record body is empty after removing boilerplate",
        "record body is a dict, not text"]
    assert rejections(report) == [("nobody.jsonl", f"line {n}") for n in (2, 3, 4, 5)]
    assert report.totals["added"] == 1 and report.exit_code == 1


def test_empty_files(ix: ArchiveIndex, tmp_path: Path) -> None:
    for name in ("empty.jsonl", "empty.txt", "empty.csv"):
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "blank.jsonl").write_bytes(b"\n\n  \n")
    (tmp_path / "good.jsonl").write_bytes(jsonl([record(1)]))
    names = ["empty.jsonl", "empty.txt", "empty.csv", "blank.jsonl", "good.jsonl"]
    report = ingest_paths([tmp_path / n for n in names], ix)
    assert report.exit_code == 1
    assert rejections(report) == [(n, "") for n in names[:4]]
    assert all("empty" in r.reason for r in report.rejected)
    assert report.totals["added"] == 1


def test_binary_file(ix: ArchiveIndex, tmp_path: Path) -> None:
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 40)
    (tmp_path / "data.jsonl").write_bytes(b"\x00\x01\x02" * 500)
    (tmp_path / "good.jsonl").write_bytes(jsonl([record(1)]))
    report = ingest_paths([tmp_path / "photo.jpg", tmp_path / "data.jsonl", tmp_path / "good.jsonl"], ix,
                          quarantine_dir=tmp_path / "q")
    assert rejections(report) == [("photo.jpg", ""), ("data.jsonl", "")]
    assert all(r.reason.startswith("binary data") for r in report.rejected)
    assert (tmp_path / "q" / "photo.jpg").read_bytes() == (tmp_path / "photo.jpg").read_bytes()
    assert report.totals["added"] == 1 and report.exit_code == 1


def test_fifty_megabyte_line_is_rejected_without_losing_neighbours(ix: ArchiveIndex, tmp_path: Path) -> None:
    huge = json.dumps(record(9, body="Rất dài. " * (50 * 1024 * 1024 // 9))).encode()
    assert len(huge) > 50 * 1024 * 1024
    path = tmp_path / "huge.jsonl"
    path.write_bytes(jsonl([record(1), huge, record(2)]))
    report = ingest_paths([path], ix, quarantine_dir=tmp_path / "q")
    assert rejections(report) == [("huge.jsonl", "line 2")]
    assert f"record is {len(huge) + 1:,} bytes, over the 8,388,608-byte limit" in report.rejected[0].reason
    assert report.totals["added"] == 2 and report.exit_code == 1
    assert (tmp_path / "q" / "huge.rejected.jsonl").stat().st_size == 8 * 1024 * 1024 + 1


def to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes: letters it lacks precomposed are written base (+ shape) + combining tone."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            marks = unicodedata.normalize("NFD", char)
            tone = next(m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", marks.replace(tone, ""))
            out += base.encode("cp1258") + tone.encode("cp1258")
    return out


def test_wrong_encoding(ix: ArchiveIndex, tmp_path: Path) -> None:
    good_text = "Tin mới\n\nNgười dân phố cổ đón Tết với nhiều hoạt động văn hóa truyền thống.\n"
    (tmp_path / "legacy.txt").write_bytes(to_cp1258(good_text))          # detected and decoded
    (tmp_path / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + good_text.replace("Tin mới", "Tin khác").encode("utf-16-le"))
    (tmp_path / "japanese.txt").write_bytes("東京の天気は晴れです。明日も晴れるでしょう。".encode("shift_jis"))
    lines = jsonl([record(1)]) + to_cp1258(json.dumps(record(2), ensure_ascii=False)) + b"\n" + jsonl([record(3)])
    (tmp_path / "mixed.jsonl").write_bytes(lines)
    report = ingest_paths([tmp_path / n for n in ("legacy.txt", "utf16.txt", "japanese.txt", "mixed.jsonl")], ix)
    assert rejections(report) == [("japanese.txt", ""), ("mixed.jsonl", "line 2")]
    assert "no Vietnamese legacy encoding" in report.rejected[0].reason
    assert report.rejected[1].reason.startswith("not valid UTF-8")
    assert report.totals["added"] == 3 and report.totals["duplicate"] == 1 and report.exit_code == 1
    assert [(Path(f.file).name, f.format, f.added, f.duplicate) for f in report.files[:2]] == [
        ("legacy.txt", "text", 1, 0), ("utf16.txt", "text", 0, 1)]    # same body, decoded alike


def test_duplicate_ids_in_one_batch(ix: ArchiveIndex, tmp_path: Path) -> None:
    path = tmp_path / "dups.jsonl"
    path.write_bytes(jsonl([record(1), record(2), record(1), record(2, title="Tin số 2 (đã sửa)"), record(3)]))
    report = ingest_paths([path], ix)
    assert report.exit_code == 0
    assert report.totals == {"added": 3, "updated": 0, "unchanged": 0, "duplicate": 2, "rejected": 0, "skipped": 0}
    assert ix.doc_count() == 3
    assert ix.get_article("bad-002").title == "Tin số 2 (đã sửa)"     # the later version wins
    assert [(d.location, d.kind) for d in report.duplicates] == [("line 3", "repeated-id"), ("line 2", "repeated-id")]


def test_missing_path(ix: ArchiveIndex, tmp_path: Path) -> None:
    (tmp_path / "good.jsonl").write_bytes(jsonl([record(1)]))
    report = ingest_paths([tmp_path / "nope.jsonl", tmp_path / "good.jsonl", str(tmp_path / "*.csv")], ix)
    assert [(r.file, r.reason) for r in report.rejected] == [
        (str(tmp_path / "nope.jsonl"), "no such file or directory"),
        (str(tmp_path / "*.csv"), "pattern matches no files")]
    assert report.totals["added"] == 1 and report.exit_code == 1
    nothing = ingest_paths([tmp_path / "nope.jsonl"], ix)
    assert nothing.exit_code == 2 and nothing.fatal == "no readable input"


def test_directory_of_mixed_formats(ix: ArchiveIndex, tmp_path: Path) -> None:
    fixtures = Path(__file__).parent / "fixtures" / "ingest"
    folder = tmp_path / "drop"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.jsonl").write_bytes(jsonl([record(1), b"oops", record(2)]))
    (folder / "b.csv").write_bytes((fixtures / "articles.csv").read_bytes())
    (folder / "c.html").write_bytes((fixtures / "page.html").read_bytes())
    (folder / "sub" / "d.txt").write_bytes((fixtures / "portal_page.txt").read_bytes())
    (folder / "sub" / "e.bin").write_bytes(bytes(range(256)) * 8)
    (folder / "f.csv").write_text("name,age\nAn,3\n", encoding="utf-8")
    report = ingest_paths([folder], ix, quarantine_dir=tmp_path / "q")
    by_file = {Path(f.file).name: (f.format, f.added, f.rejected) for f in report.files}
    assert by_file == {"a.jsonl": ("jsonl", 2, 1), "b.csv": ("csv", 3, 0), "c.html": ("html", 1, 0),
                       "f.csv": ("csv", 0, 1), "d.txt": ("text", 1, 0), "e.bin": ("binary", 0, 1)}
    assert rejections(report) == [("a.jsonl", "line 2"), ("f.csv", "line 1"), ("e.bin", "")]
    assert "names no body column" in report.rejected[1].reason
    assert report.exit_code == 1 and ix.doc_count() == 7
    assert sorted(p.name for p in (tmp_path / "q").iterdir()) == ["a.rejected.jsonl", "e.bin", "f.rejected.csv"]
    assert (tmp_path / "q" / "f.rejected.csv").read_text(encoding="utf-8") == "name,age\n"


def test_report_dict_is_complete_json(ix: ArchiveIndex, tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_bytes(jsonl([record(1), b"nope"]))
    data = json.loads(json.dumps(ingest_paths([path], ix).to_dict()))
    assert data["exit_code"] == 1
    assert data["totals"]["added"] == 1 and data["totals"]["rejected"] == 1
    assert data["rejected"] == [{"file": str(path), "location": "line 2",
                                 "reason": "not valid JSON: Expecting value at column 1", "quarantined": None}]


def test_stray_control_bytes_and_lone_surrogates_are_cleaned(ix: ArchiveIndex, tmp_path: Path) -> None:
    csv_path = tmp_path / "nul.csv"
    csv_path.write_bytes("id,title,body\nn-1,Tin\x00 một,Nội dung thứ nhất.\nn-2,Tin hai,Nội dung thứ hai.\n".encode())
    json_path = tmp_path / "surrogate.jsonl"
    json_path.write_bytes(jsonl([record(1, title="Tiêu đề \\ud800lỗi")]).replace(b"\\\\ud800", b"\\ud800"))
    report = ingest_paths([csv_path, json_path], ix)
    assert report.exit_code == 0 and report.totals["added"] == 3
    assert ix.get_article("n-1").title == "Tin một"
    assert ix.get_article("bad-001").title == "Tiêu đề lỗi"


def test_odd_files_end_with_one_rejection_each(ix: ArchiveIndex, tmp_path: Path) -> None:
    (tmp_path / "bom.csv").write_bytes(b"\xef\xbb\xbf")                        # decodes to nothing
    (tmp_path / "cut.warc").write_bytes(b"WARC/1.0\r\nWARC-Type: response")   # cut inside the header
    (tmp_path / "good.jsonl").write_bytes(jsonl([record(1)]))
    report = ingest_paths([tmp_path / n for n in ("bom.csv", "cut.warc", "good.jsonl")], ix)
    assert report.fatal is None and report.exit_code == 1
    assert rejections(report) == [("bom.csv", ""), ("cut.warc", "at the start")]
    assert report.rejected[0].reason == "empty file (only a byte-order mark or blanks)"
    assert report.rejected[1].reason.startswith("unreadable warc data at the start (")
    assert report.totals["added"] == 1
