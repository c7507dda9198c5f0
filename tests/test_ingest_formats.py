"""Every input format lands with the fields its source provides (JSONL, JSON, CSV, text, HTML, WARC, stdin)."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from index import ArchiveIndex, SearchRequest
from ingest import ingest_paths

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture()
def ix(tmp_path: Path) -> ArchiveIndex:
    return ArchiveIndex.open(tmp_path / "index", create=True)


def test_jsonl_fields_and_hygiene(ix: ArchiveIndex) -> None:
    report = ingest_paths([FIXTURES / "articles.jsonl"], ix)
    assert report.exit_code == 0
    assert report.totals["added"] == 4
    a = ix.get_article("fx-001")
    assert a.title == "Khởi công cầu mới qua sông Cấm"
    assert a.url == "https://baomau.vn/thoi-su/cau-moi-qua-song-cam-001.html"
    assert a.source == "Báo Mẫu"
    assert a.published == datetime(2024, 3, 5, 8, 30, tzinfo=timezone(timedelta(hours=7)))
    assert a.published_how == "source"
    assert a.authors == ("Lan Anh",)
    assert a.category == "Thời sự"
    assert set(a.tags) == {"giao thông", "Hải Phòng"}
    assert "Xem tiếp" not in a.body
    assert a.provenance["file"].endswith("articles.jsonl") and a.provenance["location"] == "line 1"
    assert "tại Nhật Tân" in ix.get_article("fx-002").body
    assert ix.get_article("fx-002").published.date().isoformat() == "2024-03-06"
    assert "Nguồn" not in ix.get_article("fx-003").body


def test_gzipped_jsonl_and_json_array(ix: ArchiveIndex, tmp_path: Path) -> None:
    lines = (FIXTURES / "articles.jsonl").read_bytes()
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(lines))
    records = [json.loads(line) for line in lines.splitlines()]
    for r in records:
        r["id"] = r["id"] + "-arr"
    (tmp_path / "b.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    report = ingest_paths([tmp_path / "a.jsonl.gz", tmp_path / "b.json"], ix)
    assert [(f.format, f.added, f.duplicate) for f in report.files] == [("jsonl", 4, 0), ("json", 0, 4)]
    assert {d.kind for d in report.duplicates} == {"same-body"}
    assert ix.get_article("fx-004-arr").duplicate_of == "fx-004"


def test_json_lines_named_json(ix: ArchiveIndex, tmp_path: Path) -> None:
    (tmp_path / "lines.json").write_bytes((FIXTURES / "articles.jsonl").read_bytes())
    report = ingest_paths([tmp_path / "lines.json"], ix)
    assert report.exit_code == 0 and report.totals["added"] == 4
    assert ix.get_article("fx-002").provenance["location"] == "line 2"


def test_csv_columns_and_aliases(ix: ArchiveIndex) -> None:
    report = ingest_paths([FIXTURES / "articles.csv"], ix)
    assert report.exit_code == 0 and report.totals["added"] == 3
    a = ix.get_article("csv-001")
    assert a.title == "Thư viện số mở cửa miễn phí"
    assert a.tags == ("sách", "thư viện")
    assert a.published == datetime(2024, 4, 1, 9, 0, tzinfo=timezone(timedelta(hours=7)))
    assert a.body.split("\n\n") == ["Thư viện số của thành phố mở cửa miễn phí cho học sinh từ tháng Tư.",
                                    "Bạn đọc có thể mượn sách điện tử bằng thẻ căn cước."]
    assert ix.get_article("csv-002").published.date().isoformat() == "2024-04-01"   # dd/mm/yyyy
    assert report.files[0].format == "csv"


def test_scraped_text_file(ix: ArchiveIndex) -> None:
    report = ingest_paths([FIXTURES / "portal_page.txt"], ix)
    assert report.exit_code == 0 and report.totals["added"] == 1
    (article_id,) = _ids(ix)
    a = ix.get_article(article_id)
    assert a.title.startswith("Quận Lê Chân")
    assert "advertisement" not in a.body and "Đang online" not in a.body
    assert "Minh Châu" in a.authors or any("Minh Châu" in x for x in a.authors)
    assert a.source == "Haiphong.gov.vn"      # the extractor reads the lead


def test_html_page(ix: ArchiveIndex) -> None:
    report = ingest_paths([FIXTURES / "page.html"], ix)
    assert report.exit_code == 0 and report.totals["added"] == 1
    (article_id,) = _ids(ix)
    a = ix.get_article(article_id)
    assert a.url == "https://baomau.vn/du-lich/lang-nghe-gom-don-khach-777.html"
    assert a.title == "Làng nghề gốm đón khách du lịch"
    assert a.source == "Báo Mẫu"
    assert a.published == datetime(2024, 5, 2, 7, 15, tzinfo=timezone(timedelta(hours=7)))
    assert "Thu Hà" in a.authors
    assert a.body.startswith("Làng gốm ven sông đón hàng nghìn lượt khách")   # the summary is kept
    assert "Bản quyền" not in a.body and "Trang chủ" not in a.body


def _warc(path: Path, pages: list[tuple[str, bytes, str]], *, gz: bool) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for uri, payload, ctype in pages:
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=http,
                                               warc_headers_dict={"WARC-Date": "2024-06-01T10:20:30Z"})
            writer.write_record(record)


@pytest.mark.parametrize("gz", [False, True])
def test_warc_records(ix: ArchiveIndex, tmp_path: Path, gz: bool) -> None:
    page = (FIXTURES / "page.html").read_bytes().replace(b'<link rel="canonical" href="https://baomau.vn/du-lich/lang-nghe-gom-don-khach-777.html">', b"")
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    _warc(path, [("https://baomau.vn/a-1.html", page, "text/html; charset=utf-8"),
                 ("https://baomau.vn/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png")], gz=gz)
    report = ingest_paths([path], ix)
    assert report.exit_code == 0
    assert report.files[0].format == "warc"
    assert (report.files[0].added, report.files[0].skipped) == (1, 2)   # warcinfo + image skipped
    (article_id,) = _ids(ix)
    a = ix.get_article(article_id)
    assert a.url == "https://baomau.vn/a-1.html"
    assert a.provenance["warc_target_uri"] == "https://baomau.vn/a-1.html"
    assert a.provenance["warc_date"] == "2024-06-01T10:20:30Z"
    assert a.provenance["warc_record_id"].startswith("<urn:uuid:")


def test_directory_and_glob(ix: ArchiveIndex, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("articles.jsonl", "articles.csv", "page.html"):
        (folder / name).write_bytes((FIXTURES / name).read_bytes())
    (folder / ".hidden.jsonl").write_text("not read", encoding="utf-8")
    report = ingest_paths([folder], ix)
    assert report.exit_code == 0 and report.totals["added"] == 8
    again = ingest_paths([str(folder / "*.jsonl")], ix)
    assert again.totals == {"added": 0, "updated": 0, "unchanged": 4, "duplicate": 0, "rejected": 0, "skipped": 0}


def test_stdin_through_the_cli(tmp_path: Path) -> None:
    data = (FIXTURES / "articles.jsonl").read_bytes()
    run = subprocess.run([sys.executable, "-m", "ingest", "--index", str(tmp_path / "ix"), "-q", "-"],
                         input=data, capture_output=True, cwd=REPO, timeout=120)
    assert run.returncode == 0, run.stderr.decode()
    assert "4 added" in run.stdout.decode()
    assert ArchiveIndex.open(tmp_path / "ix").doc_count() == 4


@pytest.mark.corpus
def test_vnexpress_page_matches_fundus_reference(ix: ArchiveIndex, shared_dir: Path) -> None:
    html = shared_dir / "corpus" / "html" / "vnexpress-4954454.html"
    expected = json.loads((shared_dir / "corpus" / "html" / "vnexpress-fundus-expected.json").read_text())["V1"]
    report = ingest_paths([html], ix)
    assert report.exit_code == 0
    (article_id,) = _ids(ix)
    a = ix.get_article(article_id)
    assert a.title == expected["title"]
    assert a.published == datetime.fromisoformat(expected["publishing_date"])
    assert a.authors == tuple(expected["authors"])
    assert set(expected["topics"]) <= set(a.tags)
    paragraphs = a.body.split("\n\n")
    assert paragraphs[0] == expected["body"]["summary"][0]
    body_text = [p for p in expected["body"]["sections"][0]["paragraphs"] if "Ảnh:" not in p]
    assert paragraphs[1:] == body_text


def _ids(ix: ArchiveIndex) -> list[str]:
    return [hit.id for hit in ix.searcher().iter_hits(SearchRequest(), 1000)]
