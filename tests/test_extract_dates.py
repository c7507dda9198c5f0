"""Publication dates: source first, then datelines and lead dates (day first), inferred years, never invented."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from ingest.extract.dates import VN_TZ, date_from_text, resolve_published


def test_source_date_is_kept_and_made_local() -> None:
    published, how = resolve_published(datetime(2020, 10, 1, 8, 30), None, "Nội dung.", None)
    assert (published, how) == (datetime(2020, 10, 1, 8, 30, tzinfo=VN_TZ), "source")
    utc = datetime(2026, 2, 6, 1, 47, tzinfo=timezone.utc)
    assert resolve_published(utc, "source", "Chiều 3/12, họp.", None) == (utc, "source")


def test_weekday_dateline_with_time() -> None:
    published, how = date_from_text("Thứ hai, 8/6/2010, 10:30 (GMT+7)\n\nHội nghị bàn về giao thông.")
    assert published == datetime(2010, 6, 8, 10, 30, tzinfo=VN_TZ) and how == "text"


def test_lead_date_is_day_first() -> None:
    published, how = date_from_text("Ngày 5/6/2020, UBND tỉnh Quảng Nam tổ chức hội nghị tổng kết.")
    assert published.date().isoformat() == "2020-06-05" and how == "text"
    assert published.utcoffset() == timedelta(hours=7)


def test_year_inferred_from_a_period_ending_shortly_before() -> None:
    body = ("(Haiphong.gov.vn) - Chiều 3/12, đoàn công tác làm việc với thành phố.\n\n"
            "Trong hơn 10 năm (2010 - 6/2021), hội đã trợ giúp nhiều người.")
    published, how = date_from_text(body)
    assert published.date().isoformat() == "2021-12-03" and how == "inferred"


def test_no_year_no_date() -> None:
    assert date_from_text("Sáng 10/4, công an xã tiếp nhận tin báo của người dân.") == (None, None)


def test_year_not_inferred_from_an_old_or_later_date() -> None:
    old = "Sáng 10/4, hội nghị diễn ra. Trước đó, vào tháng 1/2014, dự án được phê duyệt."
    later = "Sáng 10/4, hội nghị diễn ra. Công trình hoàn thành vào tháng 9/2016."
    earlier_month = "Sáng 10/11, hội nghị diễn ra. Công trình sẽ hoàn thành vào tháng 3/2017."
    assert date_from_text(old) == (None, None)
    assert date_from_text(later) == (None, None)
    assert date_from_text(earlier_month) == (None, None)


def test_year_inferred_from_a_date_announced_for_later_that_year() -> None:
    body = "Ngày 1/6, hầm đường sắt được khánh thành. Hầm sẽ đưa vào khai thác thương mại tháng 12/2016."
    published, how = date_from_text(body)
    assert published.date().isoformat() == "2016-06-01" and how == "inferred"


def test_a_date_deep_in_the_text_is_not_the_publication_date() -> None:
    body = ("Hội Chữ thập đỏ tỉnh vừa tổng kết hoạt động nhân đạo của năm.\n\n"
            "Chỉ thị số 43-CT/TW ngày 8/6/2010 của Ban Bí thư được quán triệt.")
    assert date_from_text(body) == (None, None)


def test_impossible_dates_are_ignored() -> None:
    assert date_from_text("Ngày 31/2/2020, một sự kiện không thể có.") == (None, None)
    assert date_from_text("Ngày 12/13/2020, tháng không tồn tại.") == (None, None)
