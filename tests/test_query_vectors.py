"""The query → match / must-not-match vectors of shared/research/vietnamese-analysis.md §4.3,
run against a small index of hand-written articles."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import pytest

from index import ArchiveIndex, Article, SearchRequest

DOCS = {
    "chu-thap-do": "Hội Chữ thập đỏ thành phố trao quà cho người nghèo",
    "hoa-binh-1": "Tỉnh Hòa Bình đón khách du lịch",
    "hoa-binh-2": "Tỉnh Hoà Bình đón khách du lịch",
    "hoa-binh-nfd": unicodedata.normalize("NFD", "Nhà máy thủy điện Hòa Bình vận hành"),
    "hoa-binh-caps": "TỈNH HÒA BÌNH ĐÓN KHÁCH DU LỊCH",
    "binh-hoa": "Bình hoa trên bàn làm việc đẹp",
    "hoa-binh-lower": "hoa bình nhỏ trên bàn khách",
    "da-nang-1": "Thành phố Đà Nẵng đón khách",
    "da-nang-2": "THÀNH PHỐ ĐÀ NẴNG ĐÓN KHÁCH",
    "da-nang-eth": "Thành phố \u00d0à Nẵng đón khách",
    "da-nang-plain": "Thanh pho Da Nang don khach",
    "thuy-dien-1": "Công trình thủy điện lớn nhất",
    "thuy-dien-2": "Công trình thuỷ điện lớn nhất",
    "thuy-dien-3": "Thuỷ điện lớn nhất công trình",
    "khoe-1": "Giữ gìn sức khỏe mạnh mẽ mỗi ngày",
    "khoe-2": "Giữ gìn sức khoẻ mạnh mẽ mỗi ngày",
    "ubnd-long-1": "Ủy ban nhân dân tỉnh họp phiên thường kỳ",
    "ubnd-long-2": "Uỷ ban nhân dân tỉnh họp phiên thường kỳ",
    "ubnd-short": "UBND tỉnh họp phiên thường kỳ hôm nay",
    "hdnd-short": "HĐND tỉnh khai mạc kỳ họp",
    "hdnd-long": "Hội đồng nhân dân tỉnh khai mạc kỳ họp",
    "tphcm-1": "Giá nhà ở TP.HCM tăng",
    "tphcm-2": "Giá nhà ở TP HCM tăng",
    "tphcm-3": "Giá nhà ở TPHCM tăng",
    "tphcm-4": "Giá nhà ở TP. Hồ Chí Minh tăng",
    "tphcm-5": "Giá nhà ở Thành phố Hồ Chí Minh tăng",
    "bac-ho": "Chủ tịch Hồ Chí Minh đọc Tuyên ngôn",
    "dbqh": "Các đại biểu Quốc hội chất vấn bộ trưởng",
    "mttq-long": "Mặt trận Tổ quốc các cấp vận động",
    "mttq-ub": "UBMTTQ huyện tổ chức hội nghị",
    "tinh-uy-1": "Tỉnh uỷ chỉ đạo công tác phòng chống lụt bão",
    "tinh-uy-2": "TỈNH ỦY CHỈ ĐẠO CÔNG TÁC PHÒNG CHỐNG LỤT BÃO",
    "nguyen-van-a": "Ông Nguyễn Văn A phát biểu tại hội nghị",
    "bo-cong-an": "Bộ Công an triển khai kế hoạch",
    "vung-tau": "Du lịch Bà Rịa-Vũng Tàu hút khách",
    "viet-nam-1": "Đội tuyển Việt Nam giành chiến thắng",
    "viet-nam-caps": "ĐỘI TUYỂN VIỆT NAM GIÀNH CHIẾN THẮNG",
    "viet-nam-plain": "Doi tuyen Viet Nam gianh chien thang",
    "viet-nam-nbsp": "Đội tuyển Việt\u00a0Nam giành chiến thắng",
    "viet-nam-nfd": unicodedata.normalize("NFD", "Đội tuyển Việt Nam thắng lớn"),
    "date-1": "Sự kiện diễn ra ngày 8/6/2010 tại Hà Nội",
    "date-2": "Sự kiện diễn ra ngày 08/06/2010 tại Huế",
    "date-3": "Sự kiện diễn ra ngày 8-6-2010 tại Vinh",
    "date-swapped": "Sự kiện diễn ra ngày 6/8/2010 tại Hội An",
    "day-1": "Chiều 3/12, hội nghị tổng kết diễn ra",
    "day-2": "Hạn chót là 3/12/2023 cho hồ sơ",
    "day-other": "Ngày 13/12 có mưa lớn",
    "day-count": "Vụ tai nạn làm 3 người bị thương, 12 xe hư hỏng",
    "ban-do": "Bản đồ hành chính mới",
    "ban-do-sell": "Bán đồ cũ ở chợ mới",
    "ban-do-that": "Ban đó họp ở chợ mới",
    "duong-1": "Con đường làng được mở rộng",
    "duong-2": "Ánh dương chiếu sáng cánh đồng",
    "duong-3": "Ông Dương được khen thưởng",
    "duong-4": "Vị đương kim vô địch thua trận",
    "quy-1": "Kết quả kinh doanh quý ba khả quan",
    "quy-2": "Kết quả kinh doanh qúy ba khả quan",
    "quy-fund": "Quỹ đầu tư ba khả quan lắm",
    "quy-rule": "Quy trình ba bước khả quan",
    "moscow": "Đoàn công tác thăm Mát-xcơ-va tuần trước",
    "covid-1": "Ca mắc Covid-19 giảm mạnh",
    "covid-2": "Ca mắc COVID 19 giảm mạnh",
    "covid-3": "Ca mắc covid19 giảm mạnh",
    "ky-thuat": "Đội ngũ kĩ thuật làm việc xuyên đêm",
}


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    ix = ArchiveIndex.open(tmp_path_factory.mktemp("vectors") / "ix", create=True)
    ix.write_batch(Article(id=i, body=text) for i, text in DOCS.items())
    yield ix.searcher()
    ix.close()


def scores(searcher, q: str) -> dict[str, float]:
    page = searcher.search(SearchRequest(q=q, page_size=100, highlight=False))
    return {h.id: h.score for h in page.hits}


def ranked(searcher, q: str) -> list[str]:
    return list(scores(searcher, q))


def test_chu_thap_do(searcher) -> None:
    assert "chu-thap-do" in ranked(searcher, "chu thap do")
    assert "chu-thap-do" in ranked(searcher, '"chu thap do"')


def test_hoa_binh_unaccented_ranks_adjacent_first(searcher) -> None:
    order = ranked(searcher, "hoa binh")
    for doc in ("hoa-binh-1", "hoa-binh-2", "hoa-binh-nfd", "hoa-binh-caps"):
        assert order.index(doc) < order.index("binh-hoa")


def test_hoa_binh_phrase_excludes_reversed(searcher) -> None:
    found = ranked(searcher, '"hoa binh"')
    assert {"hoa-binh-1", "hoa-binh-2", "hoa-binh-nfd", "hoa-binh-caps"} <= set(found)
    assert "binh-hoa" not in found


@pytest.mark.parametrize("q", ["Hòa Bình", "Hoà Bình"])
def test_tone_placement_twins_score_the_same(searcher, q: str) -> None:
    s = scores(searcher, q)
    assert s["hoa-binh-1"] == pytest.approx(s["hoa-binh-2"])
    assert s["hoa-binh-1"] > 2 * s["binh-hoa"]
    assert s["hoa-binh-1"] > s["hoa-binh-lower"]


def test_both_tone_placements_rank_identically(searcher) -> None:
    assert ranked(searcher, "Hòa Bình") == ranked(searcher, "Hoà Bình")


def test_da_nang_unaccented(searcher) -> None:
    assert {"da-nang-1", "da-nang-2", "da-nang-eth"} <= set(ranked(searcher, "da nang"))


def test_accented_query_finds_unaccented_source_below_accented(searcher) -> None:
    order = ranked(searcher, "Đà Nẵng")
    assert "da-nang-plain" in order
    assert max(order.index(d) for d in ("da-nang-1", "da-nang-2", "da-nang-eth")) < order.index("da-nang-plain")


@pytest.mark.parametrize("q", ["thuy dien", "thủy điện", "thuỷ điện"])
def test_thuy_dien_twins(searcher, q: str) -> None:
    s = scores(searcher, q)
    assert {"thuy-dien-1", "thuy-dien-2", "thuy-dien-3"} <= set(s)
    assert s["thuy-dien-1"] == pytest.approx(s["thuy-dien-2"])


def test_khoe_manh(searcher) -> None:
    assert {"khoe-1", "khoe-2"} <= set(ranked(searcher, "khoe manh"))


def test_uy_ban_nhan_dan_finds_ubnd_below_literal(searcher) -> None:
    order = ranked(searcher, "uy ban nhan dan")
    assert {"ubnd-long-1", "ubnd-long-2", "ubnd-short"} <= set(order)
    assert order.index("ubnd-short") > max(order.index("ubnd-long-1"), order.index("ubnd-long-2"))


def test_ubnd_finds_expansion(searcher) -> None:
    assert {"ubnd-short", "ubnd-long-1", "ubnd-long-2"} <= set(ranked(searcher, "UBND"))


@pytest.mark.parametrize("q", ["HĐND", "hdnd"])
def test_hdnd(searcher, q: str) -> None:
    assert {"hdnd-short", "hdnd-long"} <= set(ranked(searcher, q))


@pytest.mark.parametrize("q", ["TP.HCM", "tp hcm", "tphcm"])
def test_tp_hcm_spellings(searcher, q: str) -> None:
    assert {"tphcm-1", "tphcm-2", "tphcm-3", "tphcm-4", "tphcm-5"} <= set(ranked(searcher, q))


def test_full_city_name_finds_abbreviation_but_person_does_not(searcher) -> None:
    assert "tphcm-1" in ranked(searcher, "Thành phố Hồ Chí Minh")
    assert "tphcm-1" not in ranked(searcher, "Hồ Chí Minh")


def test_dbqh(searcher) -> None:
    assert "dbqh" in ranked(searcher, "ĐBQH")


def test_mttq(searcher) -> None:
    assert {"mttq-long", "mttq-ub"} <= set(ranked(searcher, "MTTQ"))


def test_tinh_uy(searcher) -> None:
    assert {"tinh-uy-1", "tinh-uy-2"} <= set(ranked(searcher, "Tỉnh ủy"))


def test_one_letter_syllable(searcher) -> None:
    assert ranked(searcher, "nguyen van a")[0] == "nguyen-van-a"


def test_cong_an_keeps_an(searcher) -> None:
    assert "bo-cong-an" in ranked(searcher, "Công an")


def test_vung_tau_in_hyphenated_name(searcher) -> None:
    assert "vung-tau" in ranked(searcher, "Vũng Tàu")


def test_nam_matches_syllable_of_viet_nam(searcher) -> None:
    assert "viet-nam-1" in ranked(searcher, "nam")


def test_viet_nam_phrase_every_spelling(searcher) -> None:
    found = set(ranked(searcher, '"Việt Nam"'))
    assert {"viet-nam-1", "viet-nam-caps", "viet-nam-plain", "viet-nam-nbsp", "viet-nam-nfd"} <= found


def test_full_date(searcher) -> None:
    found = set(ranked(searcher, "8/6/2010"))
    assert {"date-1", "date-2", "date-3"} <= found
    assert "date-swapped" not in found


def test_day_month(searcher) -> None:
    found = set(ranked(searcher, "3/12"))
    assert {"day-1", "day-2"} <= found
    assert not {"day-other", "day-count"} & found


def test_ban_do_accented_ranks_exact_reading_first(searcher) -> None:
    order = ranked(searcher, "bản đồ")
    assert order[0] == "ban-do"
    assert {"ban-do-sell", "ban-do-that"} <= set(order)


def test_ban_do_unaccented_has_no_arbitrary_exact_boost(searcher) -> None:
    s = scores(searcher, "ban do")
    values = [s["ban-do"], s["ban-do-sell"], s["ban-do-that"]]
    assert max(values) / min(values) < 1.3


def test_duong_accented_prefers_its_reading(searcher) -> None:
    s = scores(searcher, "đường")
    assert set(s) >= {"duong-1", "duong-2", "duong-3", "duong-4"}
    assert ranked(searcher, "đường")[0] == "duong-1"
    assert s["duong-1"] > 2 * max(s["duong-2"], s["duong-3"], s["duong-4"])


def test_duong_unaccented_matches_all_readings(searcher) -> None:
    assert {"duong-1", "duong-2", "duong-3", "duong-4"} <= set(ranked(searcher, "duong"))


def test_quy_prefers_its_reading_with_misplaced_twin(searcher) -> None:
    order = ranked(searcher, "quý")
    assert set(order[:2]) == {"quy-1", "quy-2"}
    assert {"quy-fund", "quy-rule"} <= set(order)


@pytest.mark.parametrize("q", ["Mát-xcơ-va", "mat xco va"])
def test_transliterated_name(searcher, q: str) -> None:
    assert ranked(searcher, q)[0] == "moscow"


def test_covid_spellings(searcher) -> None:
    assert {"covid-1", "covid-2", "covid-3"} <= set(ranked(searcher, "COVID-19"))


def test_i_y_spelling_variants(searcher) -> None:
    assert "ky-thuat" in ranked(searcher, "kỹ thuật")
