"""Publication dates: source first, then datelines and lead dates (day first), inferred years, never invented."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from ingest.extract import enrich
from ingest.extract.dates import NO_DATE, VN_TZ, date_from_text, resolve_published
from ingest.records import parse_published, record_article

_BODY = "Hội nghị tổng kết công tác năm được tổ chức tại hội trường của thành phố."


def test_source_date_is_kept_and_made_local() -> None:
    published, how, evidence = resolve_published(datetime(2020, 10, 1, 8, 30), None, None, "Nội dung.", None)
    assert (published, how, evidence) == (datetime(2020, 10, 1, 8, 30, tzinfo=VN_TZ), "source", None)
    utc = datetime(2026, 2, 5, 23, 47, tzinfo=timezone.utc)
    found = resolve_published(utc, "source", "published: x", "Chiều 3/12, họp.", None)
    assert found.published.tzinfo is VN_TZ and found.published.date() == date(2026, 2, 6)
    assert found.how == "source" and found.evidence == "published: x"


@pytest.mark.parametrize(("value", "day"), [
    ("2021-03-05T23:47:00Z", date(2021, 3, 6)),                 # late evening UTC: next day in Vietnam
    ("2021-03-05T23:47:00+00:00", date(2021, 3, 6)),
    ("2021-03-05T16:59:59+00:00", date(2021, 3, 5)),            # 23:59:59 in Vietnam: same day
    ("2021-03-05T17:00:00+00:00", date(2021, 3, 6)),
    ("2021-03-05T10:00:00-05:00", date(2021, 3, 5)),            # 22:00 in Vietnam
    ("2021-03-05T20:00:00-05:00", date(2021, 3, 6)),
    ("2021-03-05 23:47:00 UTC", date(2021, 3, 6)),
    ("Fri, 05 Mar 2021 23:47:00 GMT", date(2021, 3, 6)),        # RFC 2822
    ("Fri, 05 Mar 2021 23:47:00 +0000", date(2021, 3, 6)),
    ("Thứ sáu, 5/3/2021, 23:47 (GMT+7)", date(2021, 3, 5)),
    (1614988020, date(2021, 3, 6)),                             # epoch seconds of 2021-03-05T23:47Z
    ("1614988020", date(2021, 3, 6)),
    (1614988020000, date(2021, 3, 6)),                          # epoch milliseconds
    ("2021-03-05T23:47:00", date(2021, 3, 5)),                  # naive: Vietnam local time
    ("05/03/2021 23:47", date(2021, 3, 5)),
    ("2021-03-05", date(2021, 3, 5)),
])
def test_source_timestamps_are_read_in_vietnam_time(value: object, day: date) -> None:
    published = parse_published(value)
    assert published.utcoffset() == timedelta(hours=7) and published.date() == day


def test_unreadable_source_values_give_no_date() -> None:
    for value in ("hôm qua", "2020", 2020, True, "2021-02-30", "10:30", None, ""):
        assert parse_published(value) is None


def test_a_utc_record_is_stored_on_the_vietnam_day_with_its_field_as_evidence() -> None:
    record = {"id": "a1", "body": _BODY, "published_at": "2021-03-05T23:47:00Z"}
    article = enrich(record_article(record, {}))
    assert article.published.date() == date(2021, 3, 6) and article.published.utcoffset() == timedelta(hours=7)
    assert article.published_how == "source"
    assert article.published_evidence == "published_at: 2021-03-05T23:47:00Z"
    assert article.normalized().published.isoformat() == "2021-03-06T06:47:00+07:00"


def test_text_dates_carry_their_snippet() -> None:
    article = enrich(record_article({"id": "a2", "body": "Chiều 3/12, hội nghị tổng kết mùa thi 2006 diễn ra."}, {}))
    assert article.published.date() == date(2006, 12, 3) and article.published_how == "inferred"
    assert article.published_evidence == "Chiều 3/12 + mùa thi 2006"
    dateline = date_from_text("Thứ hai, 8/6/2010, 10:30\n\nHội nghị bàn về giao thông.")
    assert dateline.evidence.startswith("Thứ hai, 8/6/2010") and dateline.how == "text"


def test_weekday_dateline_with_time() -> None:
    published, how, _ = date_from_text("Thứ hai, 8/6/2010, 10:30 (GMT+7)\n\nHội nghị bàn về giao thông.")
    assert published == datetime(2010, 6, 8, 10, 30, tzinfo=VN_TZ) and how == "text"


def test_lead_date_is_day_first() -> None:
    published, how, _ = date_from_text("Ngày 5/6/2020, UBND tỉnh Quảng Nam tổ chức hội nghị tổng kết.")
    assert published.date().isoformat() == "2020-06-05" and how == "text"
    assert published.utcoffset() == timedelta(hours=7)


def test_year_inferred_from_a_period_ending_shortly_before() -> None:
    body = ("(Haiphong.gov.vn) - Chiều 3/12, đoàn công tác làm việc với thành phố.\n\n"
            "Trong hơn 10 năm (2010 - 6/2021), hội đã trợ giúp nhiều người.")
    published, how, _ = date_from_text(body)
    assert published.date().isoformat() == "2021-12-03" and how == "inferred"


def test_no_year_no_date() -> None:
    assert date_from_text("Sáng 10/4, công an xã tiếp nhận tin báo của người dân.") == NO_DATE


def test_year_not_inferred_from_an_old_or_later_date() -> None:
    old = "Sáng 10/4, hội nghị diễn ra. Trước đó, vào tháng 1/2014, dự án được phê duyệt."
    later = "Sáng 10/4, hội nghị diễn ra. Công trình hoàn thành vào tháng 9/2016."
    earlier_month = "Sáng 10/11, hội nghị diễn ra. Công trình sẽ hoàn thành vào tháng 3/2017."
    assert date_from_text(old) == NO_DATE
    assert date_from_text(later) == NO_DATE
    assert date_from_text(earlier_month) == NO_DATE


def test_year_inferred_from_a_date_announced_for_later_that_year() -> None:
    body = "Ngày 1/6, hầm đường sắt được khánh thành. Hầm sẽ đưa vào khai thác thương mại tháng 12/2016."
    published, how, _ = date_from_text(body)
    assert published.date().isoformat() == "2016-06-01" and how == "inferred"


def test_a_date_deep_in_the_text_is_not_the_publication_date() -> None:
    body = ("Hội Chữ thập đỏ tỉnh vừa tổng kết hoạt động nhân đạo của năm.\n\n"
            "Chỉ thị số 43-CT/TW ngày 8/6/2010 của Ban Bí thư được quán triệt.")
    assert date_from_text(body) == NO_DATE


def test_impossible_dates_are_ignored() -> None:
    assert date_from_text("Ngày 31/2/2020, một sự kiện không thể có.") == NO_DATE
    assert date_from_text("Ngày 12/13/2020, tháng không tồn tại.") == NO_DATE


@pytest.mark.parametrize(("body", "day", "evidence"), [
    ("Chiều 3/12, hội nghị tổng kết mùa thi 2006 diễn ra tại Hà Nội.", date(2006, 12, 3), "Chiều 3/12 + mùa thi 2006"),
    ("(NLĐ)- Hôm nay (8/3), các trường tổ chức mít tinh. Năm 2006, ngành giáo dục đặt nhiều mục tiêu.",
     date(2006, 3, 8), "Hôm nay (8/3) + Năm 2006"),
    ("Sáng 5/9, các trường khai giảng năm học 2006-2007.", date(2006, 9, 5), "Sáng 5/9 + năm học 2006-2007"),
    ("Sáng 5/3, học sinh lớp 12 ôn tập cho năm học 2006-2007.", date(2007, 3, 5), "Sáng 5/3 + năm học 2006-2007"),
    ("Hôm qua, 2-10, Ban Tổ chức giải U21 (2005) ra thông báo số 4.", date(2005, 10, 2), "Hôm qua, 2-10 + 2005"),
    ("15h chiều 2/1, lửa bốc lên tại kho thuốc. Thiệt hại của năm 2005 chưa thống kê.", date(2005, 1, 2),
     "15h chiều 2/1 + năm 2005"),
])
def test_a_year_stated_on_its_own_completes_the_lead(body: str, day: date, evidence: str) -> None:
    found = date_from_text(body)
    assert (found.published.date(), found.how, found.evidence) == (day, "inferred", evidence)


@pytest.mark.parametrize("body", [
    "Sáng 10/5, hội nghị diễn ra. Nhà máy được xây dựng từ năm 1999 và mở rộng hồi 2004.",    # history cues
    "Chiều 3/12, họp bàn. Mục tiêu đến năm 2010 đạt 3 tỷ thuê bao.",                         # a target
    "Chiều 3/12, bàn về World Cup 2006 mùa hè năm sau.",                                     # next year's event
    "Chiều 3/12, ông Nguyễn Văn A (sinh năm 1960) phát biểu tại hội nghị.",                  # a birth year
    "Sáng 27-5, Bộ trình Thủ tướng dừng dự án. Giai đoạn 2004-2009 đã khảo sát.",            # a plain range
    "Ngày 10/5, ông nhận chức. Năm 1985, ông dạy học. Năm 1997, ông làm giám đốc Sở.",       # years disagree
    "Sáng 10/4, hội nghị diễn ra.\n\n" + "Nội dung bàn về quy hoạch đô thị và giao thông. " * 5
    + "Năm 2014, dự án được phê duyệt.",                                                     # far from the lead
    "Sáng 10/4, hội nghị năm 2015 diễn ra. Dự án được duyệt hồi tháng 1/2017.",       # older than a date
    "Sáng 10/4, hội nghị năm 2015 diễn ra; dự án sẽ hoàn thành trong năm 2014 như kế hoạch.",  # later than a plan
])
def test_false_years_are_kept_out(body: str) -> None:
    assert date_from_text(body) == NO_DATE


def test_a_closer_explicit_year_wins_over_a_history_year() -> None:
    body = "Chiều 6-1, lễ xuất quân mùa giải mới 2006 diễn ra. Đội từng vô địch năm 1998."
    found = date_from_text(body)
    assert found.published.date() == date(2006, 1, 6) and found.evidence == "Chiều 6-1 + mùa giải mới 2006"
    bare_and_explicit = "Sáng 5/9, lễ khai giảng năm học 2006-2007 có 2005 học sinh tham dự."
    assert date_from_text(bare_and_explicit).published.date() == date(2006, 9, 5)


@pytest.mark.parametrize(("body", "day", "evidence"), [
    # a full date a few days after the lead's day, whatever its cue, is in the lead's year
    ("Ngày 28-3, công ty cấp nước cho biết sẽ súc xả đường ống từ 19 giờ ngày 29-3 đến 24 giờ ngày 1-4-2006.",
     date(2006, 3, 28), "Ngày 28-3 + 1-4-2006"),
    # ... and one the day before; "sáng nay (…)" names the writing day and wins over earlier days
    ("Con tàu trôi từ ngày 12-5, đến 19 giờ ngày 18-5-2004 đã trôi rất xa.\n\n"
     "Trung tâm cứu nạn cho biết sáng nay (19-5) đã liên lạc được với tàu.", date(2004, 5, 19),
     "sáng nay (19-5) + 18-5-2004"),
    # day.month and day.month.year with dots
    ("Nhà máy cho biết vào hồi 20h45 ngày 30.5, một thiết bị phát nổ. Xưởng dự kiến chạy từ ngày 1.6.2017.",
     date(2017, 5, 30), "20h45 ngày 30.5 + 1.6.2017"),
    ("Cuộc thi được phát động. Sáng 28.2, ban tổ chức cho biết cuộc thi sẽ diễn ra từ tháng 3 đến tháng 8.2006.",
     date(2006, 2, 28), "Sáng 28.2 + 8.2006"),
])
def test_the_year_from_a_nearby_date(body: str, day: date, evidence: str) -> None:
    found = date_from_text(body)
    assert (found.published.date(), found.how, found.evidence) == (day, "inferred", evidence)


@pytest.mark.parametrize(("body", "day", "evidence"), [
    ("Ngày 3 – 4/6/2016, hội đồng chung khảo họp tại Hà Nội.", date(2016, 6, 3), "Ngày 3 – 4/6/2016"),
    ("Hội đồng sẽ họp trong 2 ngày 3 – 4/6/2016 tại Hà Nội.", date(2016, 6, 3), "ngày 3 – 4/6/2016"),
    ("Sáng ngày 8 tháng 3 năm 2010, hội phụ nữ tổ chức mít tinh.", date(2010, 3, 8), "Sáng ngày 8 tháng 3 năm 2010"),
    ("Từ 15h chiều thứ bảy 6/8/2005, hội thảo du học sẽ diễn ra.", date(2005, 8, 6), "thứ bảy 6/8/2005"),
    ("Triển lãm ô tô sẽ khai mạc ngày 14/9/2005 tới tại Hà Nội.", date(2005, 9, 14), "ngày 14/9/2005"),
    ("Giới thiệu sách mới.\n\nẢnh tư liệu.\n\nTT - Chiều 13-3-2006, thư viện mở cửa trở lại.",
     date(2006, 3, 13), "Chiều 13-3-2006"),
])
def test_lead_days_in_more_shapes_and_places(body: str, day: date, evidence: str) -> None:
    found = date_from_text(body)
    assert (found.published.date(), found.how, found.evidence) == (day, "text", evidence)


def test_a_span_of_days_is_its_first_day() -> None:
    found = date_from_text("Tuần lễ thời trang năm nay 2005 sẽ diễn ra từ ngày 21 đến 24/12 tại khách sạn.")
    assert found.published.date() == date(2005, 12, 21) and found.evidence == "ngày 21 đến 24/12 + năm nay 2005"


def test_a_weekday_moves_the_year_to_the_one_it_fits() -> None:
    # 2/1/2024 was a Tuesday, 2/1/2025 a Thursday: the edition year of a cup played at the turn of the year
    found = date_from_text("Trận chung kết diễn ra lúc 20h thứ Năm 2/1 trong khuôn khổ ASEAN Cup 2024.")
    assert found.published.date() == date(2025, 1, 2) and found.evidence == "20h thứ Năm 2/1 + 2024 → 2025"
    assert date_from_text("Chiều thứ Sáu 2/1, họp tổng kết mùa giải 2024.") == NO_DATE   # fits no neighbour


@pytest.mark.parametrize("body", [
    "Bà nộp đơn ngày 20/9. Chiều 30-9, cán bộ cho biết bà đã nghỉ việc từ ngày 23-9-2016.",    # a reference date
    "Tối 20/5, đội bị phạt. Cầu thủ bị gạch tên giống như trường hợp hồi tháng 3/2016.",      # "hồi": back then
    "Ngày 6/4, ngân hàng tăng lãi suất; tiền gửi tăng 28 tỷ so với tháng 2 năm 2005.",       # a comparison base
    "Ngày 31/5, tờ báo đưa tin Hoa hậu Thổ Nhĩ Kỳ 2006 bị kết án tù treo.",                  # a title won
    "Công ty kháng cáo bản án của phiên tòa sơ thẩm ngày 21/6/2004 tại tỉnh.",               # another event's day
    "Chiều 1/12/1998, công an bắt một phụ nữ bán ma túy. Năm 2003, cô ta khai tên giả.",     # a flashback
    "Kết quả trận đấu là 5-3 cho đội chủ nhà.\n\n08:00 01/01/1970",                          # a template's stamp
    "Sáng 26/4, lễ kỷ niệm ngày giải phóng 30/4/1975 được tổ chức. Năm 2021, thành phố đổi mới.",  # older than 2021
])
def test_more_false_dates_are_kept_out(body: str) -> None:
    assert date_from_text(body) == NO_DATE


def test_a_day_deep_in_the_article_is_background() -> None:
    body = ("Hồ sơ bệnh án được công bố hôm qua.\n\n" + "Các chuyên gia xem xét hồ sơ. " * 25
            + "Chiều 27/10/2004, ông nhập viện.")
    assert date_from_text(body) == NO_DATE


def test_a_year_named_as_the_present_period_or_near_the_headline() -> None:
    found = date_from_text("Sáng 10/7, sở công bố số liệu. Trong 6 tháng đầu năm 2019, thu ngân sách tăng.")
    assert found.published.date() == date(2019, 7, 10) and found.evidence == "Sáng 10/7 + tháng đầu năm 2019"
    body = "Nội dung chương trình rất phong phú. " * 8 + "\n\nSáng 12/8, lễ khai mạc diễn ra tại sân vận động."
    found = date_from_text(body, title="Thành phố sống theo nhịp Olympic 2004")
    assert found.published.date() == date(2004, 8, 12) and found.evidence == "Sáng 12/8 + 2004"


def test_the_headline_day_when_the_lead_names_none() -> None:
    found = date_from_text("Đội tuyển tập luyện cho mùa giải 2024 tại sân Mỹ Đình.", title="Bản tin thể thao sáng 7/2")
    assert found.published.date() == date(2024, 2, 7) and found.evidence == "sáng 7/2 + mùa giải 2024"
    dated_lead = date_from_text("Chiều 3/12, đội tập luyện. Mùa giải 2024 sắp khởi tranh.", title="Bản tin sáng 7/2")
    assert dated_lead.evidence.startswith("Chiều 3/12")
