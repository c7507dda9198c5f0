"""Sources from the URL host or the "(Outlet) -" lead; authors split from bylines, boilerplate skipped."""

from __future__ import annotations

from ingest.extract.bylines import (article_text, find_byline, resolve_authors, source_from_lead, source_from_url,
                                    split_authors)


def test_source_from_url_host() -> None:
    assert source_from_url("https://vnexpress.net/bai-viet-123.html") == "VnExpress"
    assert source_from_url("https://www.dantri.com.vn/xa-hoi/tin.htm") == "Dân Trí"
    assert source_from_url("https://baohaiphong.example.vn/a") == "baohaiphong.example.vn"
    assert source_from_url(None) is None and source_from_url("not a url") is None


def test_source_from_lead() -> None:
    assert source_from_lead("(Haiphong.gov.vn) - Chiều 3/12, đoàn công tác …") == "Haiphong.gov.vn"
    assert source_from_lead("(NLĐ)- Sáng nay, công nhân nhận lương.") == "Người Lao Động"
    assert source_from_lead("(Ảnh minh họa) - Người dân đi bầu cử.") is None
    assert source_from_lead("Người dân (ảnh) - đi bầu cử.") is None


def test_split_authors() -> None:
    assert split_authors("Hoàng Tùng - Đàm Thanh") == ("Hoàng Tùng", "Đàm Thanh")
    assert split_authors("Minh Anh, Bá Khải và Thu Hà") == ("Minh Anh", "Bá Khải", "Thu Hà")
    assert resolve_authors(("Lê Văn Nam - Trần Mai",), "Bài viết.") == ("Lê Văn Nam", "Trần Mai")


def test_byline_found_before_trailing_boilerplate() -> None:
    body = ("Hội nghị đã thống nhất nhiều nội dung quan trọng về phát triển kinh tế của địa phương trong năm tới.\n\n"
            "Minh Châu - Đức Anh\n\nimage advertisement\n\nThống kê truy cập\n\nLiên hệ")
    byline, start = find_byline(body)
    assert byline == "Minh Châu - Đức Anh"
    assert article_text(body).endswith("năm tới.\n\n") and "Liên hệ" not in article_text(body)
    assert resolve_authors((), body) == ("Minh Châu", "Đức Anh")


def test_no_byline_when_the_article_ends_in_prose() -> None:
    body = "Sáng nay, người dân phường Lê Lợi đã dọn vệ sinh đường phố và trồng thêm nhiều cây xanh mới."
    assert find_byline(body) is None and resolve_authors((), body) == ()


def test_attribution_is_not_an_author() -> None:
    body = ("Giá dầu thế giới tăng mạnh trong phiên giao dịch hôm qua do lo ngại nguồn cung bị gián đoạn kéo dài.\n\n"
            "Theo Reuters")
    assert resolve_authors((), body) == ()
