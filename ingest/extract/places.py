"""Places: the provinces and centrally-run cities an article names, in title and body, by canonical name.

Spellings of the units come from the index's data file (`index/places.json`: "TP.HCM", "Sài Gòn",
"Thừa Thiên-Huế" …); well-known cities and urban districts count for their province ("Nha Trang" →
Khánh Hòa, "quận Cầu Giấy" → Hà Nội). Names are matched case-sensitively ("hòa bình", "thái bình" are
words, not places) and a match is dropped when it is part of something else, as the corpus shows it:

- a person: right after a family or middle name, or after "ông", "chị" … ("Chủ tịch Nguyễn Hòa Bình",
  "chị Huế"); bare "Hồ Chí Minh" is the person (tư tưởng, Chủ tịch, Đoàn TNCS Hồ Chí Minh) or the road,
  so only the city's own spellings ("TP Hồ Chí Minh", "TP.HCM") count;
- a longer name: a former or foreign name containing it ("Thái Bình Dương", "Hà Nam Ninh", "Quảng Nam - Đà
  Nẵng", "Sông Bé"), or a capitalized word right after it that does not start a person's name ("Sài Gòn
  FC", "Hòa Bình Centre"; "Chủ tịch UBND TP Hải Phòng Nguyễn Văn Tùng" still counts);
- districts whose names are common elsewhere (Tân Bình, Hai Bà Trưng, Ngô Quyền, Vinh) need their level
  word ("quận Tân Bình", "TP Vinh").

"đường Hà Nội" counts: in the corpus it is almost always "các tuyến đường Hà Nội", the capital's streets.
Each name found is then given the name its unit had on the article's day (`index.place_on`).
"""

from __future__ import annotations

import re
from datetime import datetime

from index import normalize_text, place_aliases, place_on

from .lexicon import phrase_pattern

__all__ = ["find_places", "places_on"]

# Cities and urban districts that count for their province (the province named as before 1 July 2025).
_DISTRICTS = {
    "Hà Nội": "Hoàn Kiếm, Ba Đình, Đống Đa, Cầu Giấy, Tây Hồ, Long Biên, Hà Đông, Nam Từ Liêm, Bắc Từ Liêm, "
              "Gia Lâm, Đông Anh, Sóc Sơn, Sơn Tây, Mỹ Đình",
    "TP. Hồ Chí Minh": "Thủ Đức, Thủ Thiêm, Gò Vấp, Bình Chánh, Củ Chi, Hóc Môn, Nhà Bè, Cần Giờ, Tân Sơn Nhất, Chợ Lớn",
    "Hải Phòng": "Đồ Sơn, Cát Bà, Cát Hải",
    "Đà Nẵng": "Sơn Trà, Ngũ Hành Sơn, Liên Chiểu, Cẩm Lệ",
    "Cần Thơ": "Ninh Kiều, Cái Răng, Ô Môn, Thốt Nốt",
    "Khánh Hòa": "Nha Trang, Cam Ranh",
    "Lâm Đồng": "Đà Lạt, Bảo Lộc",
    "Bà Rịa - Vũng Tàu": "Vũng Tàu, Côn Đảo",
    "Quảng Ninh": "Hạ Long, Cẩm Phả, Móng Cái, Uông Bí",
    "Đồng Nai": "Biên Hòa, Long Thành",
    "Đắk Lắk": "Buôn Ma Thuột",
    "Gia Lai": "Pleiku",
    "Bình Định": "Quy Nhơn",
    "Bình Thuận": "Phan Thiết, Mũi Né",
    "Quảng Nam": "Hội An, Tam Kỳ",
    "Phú Thọ": "Việt Trì",
    "Tiền Giang": "Mỹ Tho",
    "An Giang": "Long Xuyên, Châu Đốc",
    "Kiên Giang": "Rạch Giá, Phú Quốc, Hà Tiên",
    "Phú Yên": "Tuy Hòa",
    "Quảng Bình": "Đồng Hới, Phong Nha",
    "Ninh Thuận": "Phan Rang",
    "Thanh Hóa": "Sầm Sơn",
    "Nghệ An": "Cửa Lò",
    "Bình Dương": "Thủ Dầu Một",
    "Lào Cai": "Sa Pa, Sapa",
    "Điện Biên": "Điện Biên Phủ",
}
# Districts that share their name with people, streets or places elsewhere: only with a level word.
_NEEDS_LEVEL = {
    "Hà Nội": "Hai Bà Trưng, Thanh Xuân, Hoàng Mai",
    "TP. Hồ Chí Minh": "Tân Bình, Bình Thạnh, Phú Nhuận, Tân Phú, Bình Tân",
    "Hải Phòng": "Hồng Bàng, Lê Chân, Ngô Quyền, Kiến An, Hải An, Dương Kinh",
    "Đà Nẵng": "Hải Châu, Thanh Khê",
    "Cần Thơ": "Bình Thủy",
    "Nghệ An": "Vinh",
}
_LEVEL_WORDS = ("quận", "Quận", "huyện", "Huyện", "thành phố", "Thành phố", "TP", "TP.", "Tp", "Tp.", "thị xã",
                "Thị xã")
# Former (split) provinces and foreign names that contain a province's name: matched to be dropped.
_BLOCKERS = ("Thái Bình Dương", "Hà Nam Ninh", "Quảng Nam - Đà Nẵng", "Quảng Nam-Đà Nẵng", "Quảng Nam – Đà Nẵng",
             "Nghĩa Bình", "Hà Sơn Bình", "Sông Bé", "Nghệ Tĩnh", "Bình Trị Thiên", "Hải Hưng", "Hà Bắc",
             "Vĩnh Phú", "Minh Hải", "Cửu Long", "Hoàng Liên Sơn", "Bắc Thái", "Phú Khánh", "Thuận Hải", "Nam Hà",
             "Gia Lai - Kon Tum", "Gia Lai-Kon Tum", "Hà Tuyên", "Cao Lạng", "Lai Châu Mới",
             "đường Hồ Chí Minh", "Đường Hồ Chí Minh",
             # newspapers named after a city ("Theo báo Pháp luật TP.HCM")
             "Pháp luật TP.HCM", "Pháp Luật TP.HCM", "Pháp luật TP HCM", "Pháp luật Tp.HCM")
# Words before a name that make it a person's ("Nguyễn Hòa Bình", "Lê Thị Huế", "chị Huế").
_PERSON_BEFORE = frozenset(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Trương Đinh Lương Trịnh Đào Mai Lâm "
    "Tạ Tô Chu Quách Kiều Triệu Văn Thị Hữu Đức Ngọc Thanh Minh Quốc Xuân Thu Kim Hồng Phương Mạnh "
    "ông bà anh chị cô chú bác em cháu cụ Ông Bà Anh Chị Cô Chú Bác Em Cháu Cụ".split())
# Capitalized words after a name that start a person's name, not a longer proper name.
_PERSON_START = _PERSON_BEFORE | {"Hà", "Cao", "Đàm", "Lại", "Thái", "Vương", "Mai", "Huỳnh"}
# A commune, ward or district named like a province ("xã Vĩnh Long", "huyện Quảng Ninh" of Quảng Bình) is not
# the province; "huyện Điện Biên" lies in Điện Biên.
_LOWER_LEVEL_BEFORE = frozenset("xã Xã phường Phường huyện Huyện ấp thôn bản".split())
_LOWER_LEVEL_EXCEPT = {("huyện", "Điện Biên"), ("Huyện", "Điện Biên")}
_WORD_BEFORE = re.compile(r"(\w+)[ ]\Z")
_WORD_AFTER = re.compile(r"[ ](\w+)")


def _table() -> dict[str, str | None]:
    """Every surface form → the unit it names (None: a blocker, matched only to be dropped)."""
    table: dict[str, str | None] = dict(place_aliases())
    table.pop("Hồ Chí Minh", None)
    for province, names in _DISTRICTS.items():
        table.update({d: province for d in names.split(", ")})
    for province, names in (_DISTRICTS | _NEEDS_LEVEL).items():
        table.update({f"{level} {d}": province for d in names.split(", ") for level in _LEVEL_WORDS})
        table.update({f"Q.{d}": province for d in names.split(", ")})
    for number in range(1, 13):
        table.update({f"{level}{number}": "TP. Hồ Chí Minh" for level in ("quận ", "Quận ", "Q.", "Q. ")})
    table.update({blocker: None for blocker in _BLOCKERS})
    return {normalize_text(k): v for k, v in table.items()}


_TABLE = _table()
_PATTERN = phrase_pattern(_TABLE)


def _is_part_of_other_name(text: str, start: int, end: int) -> bool:
    """Whether the match at [start, end) is inside a person's name or a longer proper name."""
    before = _WORD_BEFORE.search(text, max(0, start - 20), start)
    if before and (before.group(1) in _PERSON_BEFORE or before.group(1) in _LOWER_LEVEL_BEFORE
                   and (before.group(1), text[start:end]) not in _LOWER_LEVEL_EXCEPT):
        return True
    after = _WORD_AFTER.match(text, end)
    return bool(after and after.group(1)[:1].isupper() and after.group(1) not in _PERSON_START)


def find_places(text: str) -> tuple[str, ...]:
    """The units a normalized text names (as the text names them: no date applied), in order of first mention."""
    found: dict[str, None] = {}
    for match in _PATTERN.finditer(text):
        unit = _TABLE.get(match.group())
        if unit is None or _is_part_of_other_name(text, match.start(), match.end()):
            continue
        found.setdefault(unit, None)
    return tuple(found)


def places_on(names: tuple[str, ...], published: datetime | None) -> tuple[str, ...]:
    """Facet values for the units named, by the names they had on the article's day (undated: as named),
    plus "X (cũ)" for a named unit that had already been merged into another."""
    day = published.date() if published else None
    values: dict[str, None] = {}
    for name in names:
        current, former = place_on(name, day)
        values.setdefault(current, None)
        if former:
            values.setdefault(former, None)
    return tuple(values)
