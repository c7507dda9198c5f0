"""The scraped page text reader: title, body, captions, byline; portal chrome never reaches the body."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.readers.scraped_text import is_byline, parse_scraped_text, scraped_text_article

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


@pytest.fixture()
def page_text() -> str:
    return (FIXTURES / "portal_page.txt").read_text(encoding="utf-8")


def test_title_lead_captions_and_byline(page_text: str) -> None:
    page = parse_scraped_text(page_text)
    assert page.title == "Quận Lê Chân khánh thành nhà văn hóa mới cho tổ dân phố số 5"
    assert page.paragraphs[0].startswith("(Haiphong.gov.vn) - Sáng 12/5,")
    assert page.captions == ("Ông Phạm Văn Hòa, Chủ tịch UBND quận phát biểu tại buổi lễ",)
    assert page.byline == "Minh Châu - Đức Anh"
    assert len(page.paragraphs) == 3


def test_boilerplate_never_reaches_body(page_text: str) -> None:
    body = parse_scraped_text(page_text).body
    for chrome in ("advertisement", "Thống kê truy cập", "Đang online", "90210", "Cơ quan quản lý",
                   "Tô Hiệu", "Xem tiếp", "Cổng Thông tin", "Minh Châu"):
        assert chrome not in body


def test_glued_words_repaired_in_body(page_text: str) -> None:
    assert "tại Nhật Tân" in parse_scraped_text(page_text).body


def test_article_fields(page_text: str) -> None:
    article = scraped_text_article(page_text, provenance={"file": "portal_page.txt"})
    assert article.title.startswith("Quận Lê Chân")
    assert article.authors == ("Minh Châu - Đức Anh",)
    assert article.id.startswith("sha-")
    assert article.id == scraped_text_article(page_text).id          # deterministic
    assert "Ông Phạm Văn Hòa, Chủ tịch UBND" in article.body         # captions stay searchable
    assert article.provenance == {"file": "portal_page.txt"}


def test_given_url_gives_url_id(page_text: str) -> None:
    a = scraped_text_article(page_text, url="https://Example.vn/bai-viet#top")
    b = scraped_text_article(page_text, url="https://example.vn/bai-viet")
    assert a.id == b.id and a.id.startswith("url-")


def test_page_without_body_is_rejected() -> None:
    with pytest.raises(ValueError, match="no article text"):
        scraped_text_article("Chỉ có tiêu đề\n\nimage advertisement\n")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Hoàng Tùng - Đàm Thanh", True),
        ("Minh Châu", True),
        ("Theo Reuters", False),
        ("Đoàn kiểm tra phát biểu tại cuộc làm việc", False),
        ("Người dân góp 400 triệu đồng.", False),
    ],
)
def test_byline_recognition(line: str, expected: bool) -> None:
    assert is_byline(line) is expected


@pytest.mark.corpus
def test_seed_page(shared_dir: Path) -> None:
    text = (shared_dir / "seed" / "000_23144a80935ab8fa.txt").read_text(encoding="utf-8")
    page = parse_scraped_text(text)
    assert page.title.startswith("Hải Phòng thực hiện Chỉ thị 43-CT/TW")
    assert page.byline == "Hoàng Tùng - Đàm Thanh"
    assert page.paragraphs[0].startswith("(Haiphong.gov.vn) - Chiều 3/12")
    assert len(page.captions) == 5
    assert all(c.startswith(("Đồng chí", "Đoàn kiểm tra")) for c in page.captions)
    for chrome in ("advertisement", "Đang online", "Trần Huy Kiên", "congthongtindientu"):
        assert chrome not in page.body
    assert page.body.rstrip().endswith(page.paragraphs[-1])


def test_long_first_line_is_body_split_at_a_dateline() -> None:
    text = "Khánh thành bệnh viện mới ở huyện đảo (NLĐ)- " + "Bệnh viện có 200 giường và khu cấp cứu hiện đại. " * 8
    page = parse_scraped_text(text)
    assert page.title == "Khánh thành bệnh viện mới ở huyện đảo"
    assert page.paragraphs[0].startswith("(NLĐ)- Bệnh viện có 200 giường")
    plain = parse_scraped_text("Người dân vui mừng vì con đường mới đã hoàn thành sau nhiều năm chờ đợi. " * 5)
    assert plain.title is None and len(plain.paragraphs) == 1


@pytest.mark.corpus
def test_vntc_single_line_file(shared_dir: Path) -> None:
    raw = (shared_dir / "corpus" / "legacy" / "utf-16le" / "vntc-XH_NLD_3672.txt").read_bytes()
    article = scraped_text_article(raw.decode("utf-16"))
    assert article.title == "Thành lập dự án POLICY phòng chống HIV/AIDS ở VN"
    assert article.body.startswith("(NLĐ)- Quỹ hỗ trợ khẩn cấp về AIDS")
    assert "HIV/AIDS. Dự án có nhiệm vụ" in article.body
