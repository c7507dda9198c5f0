"""Text hygiene: encodings (verified on shared/corpus/legacy), boilerplate lines, glued words, record fields."""

from __future__ import annotations

import codecs
import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from ingest.decoding import EncodingError, decode_bytes
from ingest.hygiene import clean_body, is_boilerplate_line, portal_tail_start, repair_glued_words
from ingest.identity import article_id, canonical_url
from ingest.records import parse_published, record_article

TEXT = "Người dân phố cổ đón Tết với nhiều hoạt động văn hóa truyền thống."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),                          # no BOM
        (unicodedata.normalize("NFD", TEXT).encode("utf-8"), "utf-8"),    # decomposed marks -> NFC
    ],
)
def test_unicode_encodings(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data)
    assert (decoded.text, decoded.encoding) == (TEXT, encoding)


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("legacy", "reference", "encoding"),
    [
        ("tcvn3/demo1-tcvn3.txt", "tcvn3/demo1-reference-utf8.txt", "tcvn3"),
        ("tcvn3/demo1-reference-utf16le.txt", "tcvn3/demo1-reference-utf8.txt", "utf-16-le"),
        ("windows-1258/vi-wikipedia-windows-1258.txt", "windows-1258/vi-wikipedia-reference-utf8.txt", "windows-1258"),
        ("viscii/vi-wikipedia-viscii.txt", "windows-1258/vi-wikipedia-reference-utf8.txt", "viscii"),
    ],
)
def test_legacy_files_match_their_references(shared_dir: Path, legacy: str, reference: str, encoding: str) -> None:
    folder = shared_dir / "corpus" / "legacy"
    decoded = decode_bytes((folder / legacy).read_bytes())
    expected = unicodedata.normalize("NFC", (folder / reference).read_bytes().decode("utf-8").lstrip("\ufeff"))
    assert decoded.encoding == encoding
    assert decoded.text.replace("\r\n", "\n") == expected.replace("\r\n", "\n")


@pytest.mark.corpus
def test_vntc_utf16_files(shared_dir: Path) -> None:
    files = sorted((shared_dir / "corpus" / "legacy" / "utf-16le").glob("*.txt"))
    assert len(files) == 3
    for path in files:
        decoded = decode_bytes(path.read_bytes())
        assert decoded.encoding == "utf-16-le"
        assert decoded.text == decoded.text.encode("utf-8").decode("utf-8")
        assert any(word in decoded.text for word in ("người", "của", "được"))


def test_binary_and_unsupported_encodings_are_refused() -> None:
    with pytest.raises(EncodingError, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(EncodingError, match="no Vietnamese legacy encoding"):
        decode_bytes("Москва - столица России, крупнейший город страны.".encode("koi8-r"))


@pytest.mark.parametrize(
    "line",
    ["Xem tiếp", "Xem tiếp tại: http://example.vn/a", ">> Những bài liên quan", "Nguồn: [Link nguồn]",
     "Ý kiến của bạn", "(Còn tiếp)", "image advertisement", "• Đang online: 12", "Hôm nay: 1.024",
     "Thống kê truy cập", "Chia sẻ"],
)
def test_boilerplate_lines(line: str) -> None:
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    ["Xem tiếp những diễn biến mới, người dân vẫn chờ đợi.", "Hôm nay: trời nắng", "Ý kiến của bạn đọc rất đa dạng."],
)
def test_article_sentences_are_not_boilerplate(line: str) -> None:
    assert not is_boilerplate_line(line)


def test_clean_body_drops_boilerplate_and_inline_source_tags() -> None:
    body = "Câu thứ nhất.\n\n\n  Câu   thứ\u00a0hai... Nguồn: [Link nguồn]Nguồn: [Link nguồn]\nXem tiếp\n\u200b\n"
    assert clean_body(body) == "Câu thứ nhất.\n\nCâu thứ hai..."


@pytest.mark.parametrize(
    ("glued", "repaired"),
    [
        ("Hội nghị tạiNhật Bản", "Hội nghị tại Nhật Bản"),
        ("phòng chống HIV/AIDS.Dự án mới", "phòng chống HIV/AIDS. Dự án mới"),
        ("T.ThủyTheo Cnet", "T.Thủy Theo Cnet"),
        ("đội bóng ởViệtNam", "đội bóng ở Việt Nam"),
        ("Xe VinFast, điện thoại iPhone, kênh YouTube", "Xe VinFast, điện thoại iPhone, kênh YouTube"),
        ("TP.Hồ Chí Minh và Tp.HCM", "TP.Hồ Chí Minh và Tp.HCM"),
        ("trang Haiphong.gov.vn", "trang Haiphong.gov.vn"),
    ],
)
def test_glued_words(glued: str, repaired: str) -> None:
    assert repair_glued_words(glued) == repaired


def test_portal_tail_starts_after_the_last_long_paragraph() -> None:
    lines = ["Tiêu đề", "x" * 200, "Liên hệ quảng cáo giữa bài", "y" * 200, "Tác Giả", "image advertisement",
             "Cổng Thông tin điện tử tỉnh", "Liên hệ"]
    assert portal_tail_start(lines) == 5
    assert portal_tail_start(["Tiêu đề", "x" * 200]) == 2


def test_published_values() -> None:
    vn = timezone(timedelta(hours=7))
    assert parse_published("2020-10-01") == datetime(2020, 10, 1, tzinfo=vn)
    assert parse_published("2025-09-10T16:30:00+07:00") == datetime(2025, 9, 10, 16, 30, tzinfo=vn)
    assert parse_published("2026-01-28T03:00:00Z") == datetime(2026, 1, 28, 3, tzinfo=timezone.utc)
    assert parse_published("10/9/2025 16:30") == datetime(2025, 9, 10, 16, 30, tzinfo=vn)
    assert parse_published("hôm qua") is None and parse_published(None) is None and parse_published(2020) is None


def test_record_mapping_keeps_unknown_keys_out_and_bad_types_harmless() -> None:
    article = record_article({"ID": 42, "Content": "Nội dung bài.", "headline": "Tiêu đề", "link": "https://a.vn/x",
                              "tags": "a|b", "author": ["Lan", "Hà"], "published": "không rõ", "dataset": "thử",
                              "category": ["Thời sự", "Hà Nội"], "extra": {"k": 1}},
                             {"file": "f.jsonl", "location": "line 1"})
    assert (article.id, article.title, article.url) == ("42", "Tiêu đề", "https://a.vn/x")
    assert article.tags == ("a", "b") and article.authors == ("Lan", "Hà") and article.category == "Thời sự"
    assert article.published is None
    assert article.provenance == {"file": "f.jsonl", "location": "line 1", "dataset": "thử", "published_raw": "không rõ"}


def test_ids_given_then_url_then_content() -> None:
    assert article_id(" x-1 ", "https://a.vn/b", "t", "b") == "x-1"
    assert article_id(None, "HTTPS://A.vn/b?utm_source=fb#c", "t", "b") == article_id(None, "https://a.vn/b", "", "z")
    assert article_id(None, None, "Tiêu  đề", "Nội dung") == article_id("", "không phải url", "Tiêu đề", " Nội dung ")
    assert article_id(None, None, "Tiêu đề", "Nội dung").startswith("sha-")
    assert canonical_url("https://a.vn:443/p?b=1&utm_medium=x") == "https://a.vn/p?b=1"
