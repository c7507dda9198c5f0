"""Places: the lineage data (63 → 34), recognition of every unit in invented sentences, the name on the
article's day, ambiguities, and `place:` with and without predecessors through a real index."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from index import (PLACE_CHANGES, ArchiveIndex, Article, SearchRequest, canonical_place, merged_predecessors,
                   place_facet_values, place_on, units_in_force, with_predecessors_label)
from index.store import article_to_fields
from ingest.extract import enrich
from ingest.extract.places import find_places, places_on

VN = timezone(timedelta(hours=7))
UNCHANGED = ["Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa", "Nghệ An",
             "Hà Tĩnh", "Cao Bằng"]
MERGED = {
    "Tuyên Quang": ["Hà Giang"], "Lào Cai": ["Yên Bái"], "Thái Nguyên": ["Bắc Kạn"],
    "Phú Thọ": ["Vĩnh Phúc", "Hòa Bình"], "Bắc Ninh": ["Bắc Giang"], "Hưng Yên": ["Thái Bình"],
    "Hải Phòng": ["Hải Dương"], "Ninh Bình": ["Hà Nam", "Nam Định"], "Quảng Trị": ["Quảng Bình"],
    "Đà Nẵng": ["Quảng Nam"], "Quảng Ngãi": ["Kon Tum"], "Gia Lai": ["Bình Định"], "Khánh Hòa": ["Ninh Thuận"],
    "Lâm Đồng": ["Đắk Nông", "Bình Thuận"], "Đắk Lắk": ["Phú Yên"],
    "TP. Hồ Chí Minh": ["Bình Dương", "Bà Rịa - Vũng Tàu"], "Đồng Nai": ["Bình Phước"], "Tây Ninh": ["Long An"],
    "Cần Thơ": ["Sóc Trăng", "Hậu Giang"], "Vĩnh Long": ["Bến Tre", "Trà Vinh"], "Đồng Tháp": ["Tiền Giang"],
    "Cà Mau": ["Bạc Liêu"], "An Giang": ["Kiên Giang"],
}
CURRENT = UNCHANGED + list(MERGED)
FORMER = [f for formers in MERGED.values() for f in formers]
CITIES = {"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "TP. Hồ Chí Minh", "Cần Thơ"}
AFTER = datetime(2025, 8, 1, 9, 0, tzinfo=VN)
BEFORE = datetime(2019, 5, 1, 9, 0, tzinfo=VN)


def _sentence(unit: str) -> str:
    level = "" if unit.startswith("TP.") else ("thành phố " if unit in CITIES else "tỉnh ")
    return f"Sáng nay, đoàn công tác của Bộ Xây dựng đến {level}{unit} kiểm tra tiến độ công trình."


# -- the data file -------------------------------------------------------------------------------

def test_the_reorganisation_turns_63_units_into_34() -> None:
    before, after = units_in_force(date(2025, 6, 30)), units_in_force(date(2025, 7, 1))
    assert len(before) == 63 and len(after) == 34
    assert after == set(CURRENT)
    assert before - after == set(FORMER)
    resolutions = {c.resolution for c in PLACE_CHANGES if c.effective == date(2025, 7, 1)}
    assert resolutions == {"Nghị quyết 202/2025/QH15 của Quốc hội (12/6/2025) về việc sắp xếp đơn vị hành chính cấp tỉnh"}


def test_older_history_hà_tây_and_huế() -> None:
    assert "Hà Tây" in units_in_force(date(2008, 7, 31)) and "Hà Tây" not in units_in_force(date(2008, 8, 1))
    assert place_on("Hà Tây", date(2010, 1, 1)) == ("Hà Nội", "Hà Tây (cũ)")
    assert place_on("Huế", date(2019, 1, 1)) == ("Thừa Thiên Huế", None)       # Huế lay in Thừa Thiên Huế
    assert place_on("Thừa Thiên Huế", date(2025, 3, 1)) == ("Huế", None)       # renamed, nothing "former"
    assert merged_predecessors("Hà Nội") == ("Hà Tây",)


# -- recognition ---------------------------------------------------------------------------------

@pytest.mark.parametrize("unit", CURRENT)
def test_each_current_unit_is_recognised_and_named_as_on_the_day(unit: str) -> None:
    assert find_places(_sentence(unit)) == (unit,)
    assert places_on(find_places(_sentence(unit)), AFTER) == (unit,)


@pytest.mark.parametrize("former", FORMER)
def test_each_former_unit_maps_to_its_successor_after_1_july_2025(former: str) -> None:
    successor = next(s for s, formers in MERGED.items() if former in formers)
    named = find_places(_sentence(former))
    assert named == (former,)
    assert places_on(named, BEFORE) == (former,)
    assert places_on(named, AFTER) == (successor, f"{former} (cũ)")
    assert places_on(named, None) == (former,)                                  # undated: as the text names it
    assert former in merged_predecessors(successor)


@pytest.mark.parametrize("text, expected", [
    ("Sở Y tế TP.HCM, TPHCM, TP HCM và Thành phố Hồ Chí Minh", ("TP. Hồ Chí Minh",)),
    ("Du khách dạo phố Sài Gòn về đêm", ("TP. Hồ Chí Minh",)),
    ("Công an Thừa Thiên-Huế và Thừa Thiên - Huế", ("Thừa Thiên Huế",)),
    ("Học tập và làm theo tư tưởng Hồ Chí Minh, Chủ tịch Hồ Chí Minh", ()),
    ("Đoàn TNCS Hồ Chí Minh mở chiến dịch trên đường Hồ Chí Minh", ()),
    ("Ai cũng mong hòa bình, thái bình cho muôn nhà", ()),
    ("Phó Thủ tướng Trương Hòa Bình và Chánh án Nguyễn Hòa Bình", ()),
    ("Tàu sân bay hoạt động ở Thái Bình Dương", ()),
    ("Tỉnh Hà Nam Ninh cũ và tỉnh Quảng Nam - Đà Nẵng cũ", ()),
    ("Nông dân Bình Định và Hòa Bình", ("Bình Định", "Hòa Bình")),
    ("Chị Huế bán hàng ở chợ Đông Ba, TP Huế", ("Huế",)),
    ("Chủ tịch UBND TP Hải Phòng Nguyễn Văn Tùng cho biết", ("Hải Phòng",)),
    ("Sài Gòn FC thắng trên sân khách", ()),
    ("Xã Vĩnh Long, huyện Quảng Ninh, tỉnh Quảng Bình", ("Quảng Bình",)),
    ("Kẹt xe trên các tuyến đường Hà Nội", ("Hà Nội",)),
    ("Du lịch Nha Trang, Đà Lạt và Sa Pa", ("Khánh Hòa", "Lâm Đồng", "Lào Cai")),
    ("Cháy nhà ở quận Tân Bình; anh Vinh về thăm TP Vinh", ("TP. Hồ Chí Minh", "Nghệ An")),
    ("Tân Bình và Ngô Quyền là những cái tên quen thuộc", ()),
])
def test_ambiguous_names(text: str, expected: tuple[str, ...]) -> None:
    assert find_places(text) == expected


def test_user_spellings_resolve_to_one_unit() -> None:
    assert canonical_place("tphcm") == canonical_place("thanh pho ho chi minh") == "TP. Hồ Chí Minh"
    assert canonical_place("tỉnh hải dương") == "Hải Dương"
    assert canonical_place("Hà Nội mới") is None
    assert with_predecessors_label("Hải Phòng") == "Hải Phòng (gồm Hải Dương cũ)"
    assert with_predecessors_label("Hà Tĩnh") is None
    assert place_facet_values("hai phong (gom cu)") == ("Hải Dương", "Hải Dương (cũ)", "Hải Phòng")


# -- through the index ---------------------------------------------------------------------------

def _articles() -> list[Article]:
    raw = [
        ("hd-2019", "Hải Dương khánh thành cầu mới", "UBND tỉnh Hải Dương khánh thành cầu.", BEFORE),
        ("hd-undated", "Vải thiều Hải Dương vào vụ", "Nông dân tỉnh Hải Dương thu hoạch vải.", None),
        ("hp-2019", "Hải Phòng mở tuyến xe buýt", "Thành phố Hải Phòng mở thêm tuyến xe buýt.", BEFORE),
        ("hp-2026", "Hải Phòng làm đường ven sông", "Dự án đi qua địa bàn tỉnh Hải Dương cũ.",
         datetime(2026, 2, 1, tzinfo=VN)),
        ("hue-2020", "Lễ hội ở Huế", "Festival diễn ra tại thành phố Huế.", datetime(2020, 6, 1, tzinfo=VN)),
        ("hue-2025", "Huế đón khách", "Thành phố Huế đón nhiều du khách.", datetime(2025, 9, 1, tzinfo=VN)),
        ("hn-2026", "Hà Nội mở rộng đường", "Thành phố Hà Nội mở rộng đường vành đai.", datetime(2026, 1, 5, tzinfo=VN)),
    ]
    return [enrich(Article(id=i, title=t, body=b, published=p, published_how="source" if p else None))
            for i, t, b, p in raw]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory):
    ix = ArchiveIndex.open(tmp_path_factory.mktemp("places") / "index", create=True)
    ix.write_batch(_articles())
    yield ix.searcher()
    ix.close()


def _ids(searcher, **request) -> set[str]:
    return {h.id for h in searcher.search(SearchRequest(page_size=50, **request)).hits}


def test_stored_places_are_the_names_of_the_day(searcher) -> None:
    assert searcher.get("hp-2026").places == ("Hải Phòng", "Hải Dương (cũ)")
    assert searcher.get("hue-2020").places == ("Thừa Thiên Huế",)
    assert searcher.get("hd-undated").places == ("Hải Dương",)


def test_place_query_with_and_without_predecessors(searcher) -> None:
    assert _ids(searcher, q='place:"Hải Phòng"') == {"hp-2019", "hp-2026"}
    assert _ids(searcher, q='place:"Hải Phòng (gồm Hải Dương cũ)"') == {"hp-2019", "hp-2026", "hd-2019",
                                                                         "hd-undated"}
    assert _ids(searcher, q='place:"hai phong (gom cu)"') == {"hp-2019", "hp-2026", "hd-2019", "hd-undated"}


def test_a_former_name_after_the_change_and_a_new_name_before_it(searcher) -> None:
    page = searcher.search(SearchRequest(q='place:"Hải Dương"'))
    assert {h.id for h in page.hits} == {"hd-2019", "hd-undated", "hp-2026"}
    assert any("Hải Phòng (gồm Hải Dương cũ)" in w for w in page.warnings)
    assert _ids(searcher, q="place:Huế") == {"hue-2020", "hue-2025"}
    assert _ids(searcher, q='place:"Thừa Thiên Huế"') == {"hue-2020", "hue-2025"}
    assert _ids(searcher, q="place:tphcm") == set()


def test_place_facet_counts_and_filters(searcher) -> None:
    page = searcher.search(SearchRequest(facet_limit=50))
    counts = {fv.value: fv.count for fv in page.facets["place"]}
    assert counts["Hải Phòng"] == 2 and counts["Hải Dương"] == 2 and counts["Hải Dương (cũ)"] == 1
    assert _ids(searcher, filters={"place": ["Hải Dương"]}) == {"hd-2019", "hd-undated"}
    wide = searcher.search(SearchRequest(filters={"place": ["Hải Phòng (gồm Hải Dương cũ)"]}))
    assert wide.total == 4
    chosen = [fv for fv in wide.facets["place"] if fv.selected]
    assert [(fv.value, fv.count) for fv in chosen] == [("Hải Phòng (gồm Hải Dương cũ)", 4)]
    assert _ids(searcher, exclude={"place": ["Hải Phòng"]}) == {"hd-2019", "hd-undated", "hue-2020", "hue-2025",
                                                                "hn-2026"}


def test_documents_written_before_the_column_read_as_having_no_place(tmp_path) -> None:
    ix = ArchiveIndex.open(tmp_path / "index", create=True)
    writer = ix._ix.writer()               # an index created before the column existed, with one document
    writer.remove_field("places")
    old = article_to_fields(Article(id="old", title="Tin cũ", body="Không có địa danh.").normalized())
    writer.add_document(**{k: v for k, v in old.items() if k != "places"})
    writer.commit()
    assert "places" not in ix._ix.schema
    before = ArchiveIndex.open(tmp_path / "index").searcher()   # opened before any new write
    assert before.get("old").places == ()
    assert "place" in before.search(SearchRequest(q="")).facets
    ix.write_batch([Article(id="new", title="Tin mới", body="Ở Hà Nội.", places=("Hà Nội",))])
    s = ix.searcher()
    assert s.get("old").places == ()
    assert {h.id for h in s.search(SearchRequest(q="place:Hà Nội")).hits} == {"new"}
    ix.close()
