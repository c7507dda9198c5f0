"""Organizations: a head word plus a body ("Ban Dân vận Trung ương", "UBND tỉnh Quảng Nam"), canonical names
with abbreviations expanded (UBND → Ủy ban nhân dân, MTTQ → Mặt trận Tổ quốc, TW → Trung ương, TP → thành phố),
central bodies matched to one spelling, and bare local names ("Thành ủy", "Ủy ban MTTQ Việt Nam thành phố")
resolved to the article's city or province only when the article names exactly one.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from index import canonical_place

from .lexicon import (CENTRAL_CITIES, COUNTRIES, EXPANSIONS, FOREIGN_PLACES, FUNCTION_WORDS, GAZETTEER,
                      GENERIC_FUNCTIONS, HONORIFICS, INSTITUTION_BUILDINGS, LEGAL_WORDS, LOWER_CASE_HEADS,
                      MEDIA_CUES, MINISTRY_LIST_START, MORE_ORG_HEADS, NEEDS_CAPITALIZED_BODY, ORG_HEADS,
                      PLACE_COMMITTEES, PROPER_AFTER_HEAD, PROVINCES, SCHOOL_OWNERSHIP, SCHOOL_TYPES, SELF_CONTAINED,
                      TITLE_WORDS, phrase_pattern)
from .phrases import LOWER_CLASS, UPPER_CLASS, scan_body, starts_name
from .spans import extend_span

_HEAD = phrase_pattern(ORG_HEADS + MORE_ORG_HEADS)
# A lower-case head counts before a capital ("bộ Tài chính", "trường ĐH Y"); it is read as the capitalized head.
_LOWER_HEAD = re.compile(phrase_pattern(LOWER_CASE_HEADS).pattern + rf"(?=[ ]{UPPER_CLASS})")
_MEDIA_CUE = phrase_pattern(MEDIA_CUES, ignore_case=True)
# The name after a cue: capitalized words ("New York Times", "Gazeta Polska"), at most five.
# A mission abroad is named with where it is ("Đại sứ quán Việt Nam tại Nhật Bản"): one body per post.
_MISSION = re.compile(r"(?:Đại sứ quán|Tổng [Ll]ãnh sự quán|Lãnh sự quán)\b")
_MISSION_AT = re.compile(rf"[ ]tại[ ](?={UPPER_CLASS})")
_WORD_BEFORE = re.compile(r"(\w+)[ ]\Z")
_WORD_AT = re.compile(r"\w+")
_CUED_NAME = re.compile(rf"{UPPER_CLASS}[\w&.'-]*(?:[ ]{UPPER_CLASS}[\w&.'-]*){{0,4}}")
# "các bộ: Tài chính, Kế hoạch - Đầu tư": each field after the list start is a ministry ("Bộ " + field).
_MINISTRIES = {n[3:].casefold(): name for name, aliases in GAZETTEER.items() for n in (name, *aliases)
               if n.startswith("Bộ ")}
_MINISTRY_LIST = re.compile(MINISTRY_LIST_START)
_MINISTRY_FIELD = phrase_pattern(_MINISTRIES, ignore_case=True)
# Organizations with English names end in a word that says what they are ("China Daily", "… Corp"): find
# that (rare) word, then the capitalized English words before it.
_ENGLISH_KIND = phrase_pattern("Corp Corporation Inc Ltd Group Bank University Daily Times Post News Insider Journal "
                               "Herald Telegraph Guardian Agency Institute Foundation Association Airlines Motors "
                               "Electronics Holdings".split())
_ENGLISH_WORDS_BEFORE = re.compile(r"(?<![\w.])(?:[A-Z][A-Za-z&'.-]*[ ]){1,4}\Z")
_VIETNAMESE_ASCII_WORDS = frozenset("Theo Trong Sau Khi Tin Do Con Cho Ban Tai Va Anh Nam Trung Hai Ba Ngay Tuy".split())
_LIST_SEPARATOR = re.compile(r",\s*|\s+và\s+")
# "Tây Ban Nha", "Hội An", "Trường Sa": a head word inside a place name is no head.
_PLACE_NAME = phrase_pattern(PROVINCES + COUNTRIES + FOREIGN_PLACES)
_HEADS_IN_PLACES = frozenset(h for h in ORG_HEADS for place in PROVINCES + COUNTRIES + FOREIGN_PLACES
                             if re.search(rf"(?<!\w){re.escape(h)}(?!\w)", place))
_LONGEST_PLACE_PREFIX = 12       # characters of a place name that may come before an embedded head word
_VN_PROVINCE = phrase_pattern([p for p in PROVINCES if p not in CENTRAL_CITIES])
_SCHOOL = re.compile("[ ]" + phrase_pattern(SCHOOL_TYPES).pattern)
# Institutions often named after a person: "Bệnh viện Từ Dũ", "Trường Tiểu học Phan Chu Trinh".
_NAMED_AFTER_PEOPLE = frozenset({"Bệnh viện", "Trường"})
_OWNERSHIP = re.compile("[ ]" + phrase_pattern(SCHOOL_OWNERSHIP).pattern + rf"[ ]{UPPER_CLASS}")
_OWNED_BY = re.compile("[ ](?:" + "|".join(map(re.escape, SCHOOL_OWNERSHIP)) + ")$", re.IGNORECASE)
# A school type and a capitalized field: one school ("Trường Đại học Luật", "Trường ĐH Lao động - Xã hội").
_NAMED_SCHOOL = re.compile(phrase_pattern(SCHOOL_TYPES).pattern + rf"[ ]{UPPER_CLASS}")
# Heads whose only body is a country ("Quốc hội Anh", "Hạ viện Nga"); other capitalized words are not theirs.
_COUNTRY_ONLY = frozenset({"Chính phủ", "Quốc hội", "Thượng viện", "Hạ viện", "Nội các"})
_COUNTRY_AFTER = re.compile("[ ]" + phrase_pattern(COUNTRIES).pattern)
# Heads of national bodies: a field word is enough ("Bộ Y tế", "Tổng cục Hải quan").
_NATIONAL_HEADS = frozenset({"Bộ", "Tổng cục", "Cục", "Vụ", "Tổng Liên đoàn", "Học viện", "Bộ Tư lệnh", "Quân khu"})
_AFTER_LEVEL = re.compile(r"(?<!\w)(?:xã|phường|huyện|quận|thị xã|thị trấn|tỉnh|thành phố|TP\.?)[ ]\Z")
_LOWER_LEVEL_END = re.compile(r"(?:^|[ ])(?:huyện|quận|xã|phường|thị xã|thị trấn)$")


def _spellings(name: str) -> set[str]:
    """A gazetteer name as news text writes it: as listed, title-cased, and with its first words after the
    head lower-cased ("Tổng liên đoàn Lao động Việt Nam", "Ủy ban nhân dân")."""
    words = name.split()
    variants = {name, " ".join(w[:1].upper() + w[1:] for w in words)}
    variants.update(" ".join([words[0], *(w.lower() for w in words[1:k]), *words[k:]]) for k in range(2, len(words) + 1))
    return variants


_SEPARATORS = re.compile(r"\s*[-–&,]\s*|\s+và\s+|\s+")


def _loose(name: str) -> str:
    """The key two spellings of one name share: case-folded, hyphens, commas, "&" and "và" as single spaces."""
    return _SEPARATORS.sub(" ", name.casefold()).strip()


_GAZETTEER_NAMES = phrase_pattern([v for name, aliases in GAZETTEER.items() for n in (name, *aliases) if " " in n
                                   for v in _spellings(n)])
_GAZETTEER_ABBREVIATIONS = phrase_pattern([n for aliases in GAZETTEER.values() for n in aliases if " " not in n])
_CANONICAL = {_loose(n): name for name, aliases in GAZETTEER.items() for n in (name, *aliases)}
# A body named without its parent or country ("Hội Chữ thập đỏ" for "Hội Chữ thập đỏ Việt Nam", "Hội đồng Bảo
# an" for "Hội đồng Bảo an Liên hợp quốc"): the gazetteer name minus a trailing country or known body, when
# what is left is more than a head word. The written short forms are kept as aliases.
_HEAD_KEYS = frozenset(h.casefold() for h in ORG_HEADS)
_SHORT_FORMS: dict[str, list[str]] = {}
for _name in GAZETTEER:
    _words = _name.split()
    for _k in range(2, len(_words)):
        _rest, _short = " ".join(_words[_k:]), " ".join(_words[:_k])
        if (_rest == "Việt Nam" or _loose(_rest) in _CANONICAL) and _loose(_short) not in _HEAD_KEYS | _CANONICAL.keys():
            _SHORT_FORMS.setdefault(_name, []).append(_short)
_NATIONAL = {_loose(short): name for name, shorts in _SHORT_FORMS.items() for short in shorts}
# Word prefixes of gazetteer names: "và" joins two fields only on the way to one of them.
_GAZETTEER_PREFIXES = frozenset(" ".join(key.split()[:k]) for key in _CANONICAL for k in range(1, len(key.split()) + 1))
# "Phó Trưởng Ban Thường trực Ban Chỉ đạo …": "Ban Thường trực" is part of the position, not a body.
_STANDING = re.compile(r"[ ]Thường trực[ ](?=\w)")
_HCM = re.compile(r"\b(?:thành phố (?:Hồ Chí Minh|HCM)|TP\.?HCM|TPHCM)\b")
# Words written in lower case inside canonical names ("Ủy ban nhân dân tỉnh", "Tòa án nhân dân tối cao").
_LOWER_IN_NAMES = re.compile(r"(?<=\s)(?:nhân dân|tối cao|thành phố|tỉnh|huyện|quận|xã|phường|thị xã)\b(?![ ][uủ]y)",
                             re.IGNORECASE)
_WORD = re.compile(r"TP\.(?=\w)|Tp\.(?=\w)|[^\s]+")
_PARTY_COMMITTEES = {"thành ủy": "Thành ủy", "tỉnh ủy": "Tỉnh ủy", "huyện ủy": "Huyện ủy", "quận ủy": "Quận ủy",
                     "thị ủy": "Thị ủy"}
_CITY_CONTEXT = re.compile(r"(?:Thành ủy|Thành uỷ|thành phố|Thành phố|TP\.?|Tp\.?)[ ]?(" +
                           phrase_pattern(PROVINCES).pattern + ")")
_PROVINCE_CONTEXT = re.compile(r"(?:Tỉnh ủy|Tỉnh uỷ|tỉnh|Tỉnh)[ ](" + phrase_pattern(PROVINCES).pattern + ")")
_CITY_NAMES = {"HCM": "Hồ Chí Minh", "TP.HCM": "Hồ Chí Minh", "TPHCM": "Hồ Chí Minh", "Sài Gòn": "Hồ Chí Minh"}
_CENTRAL_CITY = phrase_pattern(CENTRAL_CITIES + ("TP.HCM", "TPHCM"))
_BARE_CITY = re.compile(r"(?:^|[ ])(?:thành phố|Thành ủy)$")
_BARE_PROVINCE = re.compile(r"(?:^|[ ])(?:tỉnh|Tỉnh ủy)$")
# Reverse of the expansions, for aliases: canonical phrase -> abbreviations news text uses for it.
# Heads of local offices whose canonical name writes the level before a province or central city ("Công an
# thành phố Hà Nội", "Sở Y tế tỉnh Nghệ An"); party committees write none ("Thành ủy Hồ Chí Minh").
_LEVELLED = ("Ủy ban", "Hội đồng nhân dân", "Công an", "Tòa án", "Viện kiểm sát", "Sở ", "Bộ Chỉ huy", "Liên đoàn Lao động",
             "Đoàn đại biểu", "Cục ", "Chi cục", "Kho bạc", "Bảo hiểm xã hội", "Thanh tra", "Văn phòng", "Ban ")
_PLACE_END = re.compile("(?<=[ ])(?:" + phrase_pattern(PROVINCES).pattern + ")$")
_UNIT_BEFORE = re.compile(r"(?:thành phố|tỉnh|huyện|quận|thị xã|xã|phường|thị trấn|ủy|uỷ|đoàn|bộ)[ ]\Z",
                          re.IGNORECASE)
_COMMITTEE_WORD = re.compile(r"(?<!\S)(?:tỉnh|thành|huyện|quận|thị) ủy\b")
_COMMITTEE = re.compile(r"^(?:Thành|Tỉnh|Huyện|Quận|Thị) ủy (?=\S)")
_COMMITTEE_LEVEL = re.compile(r"^((?:Thành|Tỉnh|Huyện|Quận|Thị) ủy) (?:thành phố|tỉnh) (?=\S)")
_LEVEL_PLACE_END = re.compile(r"[ ](thành phố|tỉnh)[ ](" + phrase_pattern(PROVINCES).pattern + ")$")
# A local department named without its place ("Sở Y tế"): completed only when the article names one place.
_BARE_DEPARTMENT = re.compile(r"^Sở [^\d]*$")
_HAS_LEVEL = re.compile(r"(?:^|[ ])(?:thành phố|tỉnh|huyện|quận|thị xã)(?:[ ]|$)")
# Photo credits and source lines ("Ảnh: Reuters", "Nguồn: Bộ Y tế", "Thống Nhất/TTXVN"): no body named there.
CREDIT_LINE = re.compile(r"\b(?:Ảnh|ẢNH|Nguồn|Photo|Video|Clip|Đồ họa|Minh họa)\s*:[^\n.;)]{0,80}|\S+/TTXVN\b|\bTTXVN/\S+")
# "các CLB Đông Nam Á", "những Bộ": a kind of body, not one.
_PLURAL_BEFORE = re.compile(r"(?<!\w)(?:các|những|nhiều|mọi)[ ]\Z")
# What may join two parts of one name: a hyphen or "&" ("Sở Kế hoạch-Đầu tư"), or "và" on the way to a known
# body ("Bộ Nông nghiệp và Phát triển Nông thôn"); the part after it starts with a capital.
_JOIN = re.compile(rf"(?:[ ]?[-–&][ ]?|[ ](và)[ ])(?={UPPER_CLASS}[^\W\d_]*[a-zà-ỹđ])")
_OTHER_START = phrase_pattern(ORG_HEADS + TITLE_WORDS + HONORIFICS + PROVINCES + COUNTRIES + FOREIGN_PLACES)
# A label after the name ("Gửi tới: Ban Văn hóa Tiêu đề: …"): a capitalized word and lower-case ones, a colon.
_LABEL = re.compile(rf"[ ]{UPPER_CLASS}\w*(?:[ ][a-zà-ỹđ]+)?[ ]?:")
# A number ending a name ("Quân khu 7", "Bệnh viện Nhi Đồng 1") before punctuation or the line's end, or after
# "số" anywhere ("Đội Quản lý thị trường số 7 đã …"); not the first digits of a larger number ("Đại học Văn Lang
# 2.000 chỉ tiêu").
_NUMBER_AFTER = re.compile(r"[ ](?:\d{1,3}(?![.,]?\d)(?=[,.;:)]|[ ]\(|[ ]*$)|số[ ]\d{1,3}(?![.,]?\d|\w))", re.MULTILINE)
# A unit is named with the body it belongs to ("Phòng Cảnh sát giao thông Công an tỉnh Quảng Bình", "Cơ quan
# Cảnh sát điều tra Công an tỉnh X", "Cục Cảnh sát giao thông Bộ Công an"), sometimes in brackets ("Phòng An
# ninh chính trị nội bộ (Công an Hà Nội)"): the unit with its parent is one body, the parent another.
_UNIT_HEADS = frozenset({"Phòng", "Cơ quan", "Đội", "Trung tâm", "Khoa", "Ban", "Văn phòng", "Chi cục", "Cục", "Vụ",
                         "Trại", "Đồn", "Viện"})
_PARENT_HEADS = ("Công an", "Bộ", "Sở", "UBND", "Ủy ban nhân dân", "Cục", "Tổng cục", "Bộ Chỉ huy", "Bộ Tư lệnh",
                 "Quân khu", "Viện kiểm sát", "VKSND", "Tòa án", "TAND", "Bệnh viện")
_PARENT_HEAD = phrase_pattern(_PARENT_HEADS)
_PARENT = re.compile("(?<=[ ])" + _PARENT_HEAD.pattern + r"(?=[ ]\S)")
_PARENT_AT_END = re.compile("(?<=[ ])" + _PARENT_HEAD.pattern + r"$")
_PARENT_AFTER = re.compile(rf"(?:[ ]{LOWER_CLASS}+){{0,3}}?(?:[ ]?\((" + _PARENT_HEAD.pattern + r"[ ][^()\n]{2,60})\)|[ ](?="
                           + _PARENT_HEAD.pattern + r"[ ]\S))")
_BRACKETS = re.compile(r"[ ]?[()][ ]?")
_NATIONAL_AFTER = re.compile(r"[ ](?:quốc gia|Quốc gia)(?!\w)")
_INSTITUTION_BUILDING = phrase_pattern(INSTITUTION_BUILDINGS)
# A country's body written in lower case ("quốc hội Mỹ", "chính phủ Venezuela").
_LOWER_COUNTRY_BODY = re.compile(r"(?<!\w)(?:quốc hội|chính phủ|nội các|hạ viện|thượng viện)[ ]"
                                 + phrase_pattern(COUNTRIES).pattern)
_ABBREVIATIONS = {"Ủy ban nhân dân": ("UBND",), "Hội đồng nhân dân": ("HĐND",), "Mặt trận Tổ quốc": ("MTTQ",),
                  "Trung ương": ("TW", "TƯ"), "thành phố Hồ Chí Minh": ("TP.HCM", "TPHCM"), "thành phố": ("TP",),
                  "Tòa án nhân dân": ("TAND",), "Viện kiểm sát nhân dân": ("VKSND",)}

__all__ = ["CREDIT_LINE", "Mention", "find_organizations", "canonical_organization", "organization_aliases"]


@dataclass(frozen=True)
class Mention:
    """An organization found in a text: its canonical name and where it was written."""

    name: str
    start: int
    end: int


def _expand(span: str) -> str:
    text = " ".join(EXPANSIONS.get(w, w) for w in _WORD.findall(span))
    text = _COMMITTEE_WORD.sub(lambda m: m.group(0).capitalize(), text)
    return _HCM.sub("thành phố Hồ Chí Minh", text)


def _known(text: str) -> str | None:
    """The gazetteer name ``text`` spells, also with a trailing "Việt Nam" ("Chính phủ Việt Nam")."""
    key = _loose(text)
    return _CANONICAL.get(key) or _NATIONAL.get(key) or (_CANONICAL.get(key.removesuffix(" việt nam"))
                                                         if key.endswith(" việt nam") else None)


def _with_level(name: str) -> str:
    """A local office's name with the level written before its province or central city ("Công an Hà Nội" →
    "Công an thành phố Hà Nội"); a party committee's without it ("Thành ủy thành phố Hồ Chí Minh" → "Thành ủy
    Hồ Chí Minh"); a national department's without "Việt Nam" ("Cục Hàng không Việt Nam" → "Cục Hàng không")."""
    name = _COMMITTEE_LEVEL.sub(r"\1 ", name)
    if name.endswith(" Việt Nam") and any(name.startswith(h + " ") for h in _NATIONAL_HEADS):
        return name.removesuffix(" Việt Nam")
    place = _PLACE_END.search(name)
    if not place or not name.startswith(_LEVELLED) or _UNIT_BEFORE.search(name, 0, place.start()):
        return name
    level = "thành phố" if place.group(0) in CENTRAL_CITIES else "tỉnh" if canonical_place(place.group(0)) else None
    return f"{name[:place.start()]}{level} {place.group(0)}" if level else name


def canonical_organization(span: str) -> str:
    """The canonical spelling of an organization as written ("UBND TP Hà Nội" → "Ủy ban nhân dân thành phố Hà Nội").

    ``span`` is text already passed through ``index.normalize_text`` (as ``enrich`` does once per article).
    """
    text = _expand(span)
    known = _known(text)
    if known:
        return known
    committee = _PARTY_COMMITTEES.get(" ".join(text.split(" ", 2)[:2]).casefold())
    if committee:
        text = committee + text[len(committee):]
    text = _LOWER_IN_NAMES.sub(lambda m: m.group(0).lower(), text)
    return _with_level(text[:1].upper() + text[1:])


def _written_variants(name: str) -> list[str]:
    """The name as news text also writes it: without the level before its place or with it for a party
    committee, with "Việt Nam" after a national department, and a gazetteer body's short forms."""
    variants = list(_SHORT_FORMS.get(name, ()))
    if level := _LEVEL_PLACE_END.search(name):
        variants.append(f"{name[:level.start()]} {level.group(2)}")
    elif (place := _PLACE_END.search(name)) and _COMMITTEE.match(name):
        level_word = "thành phố" if place.group(0) in CENTRAL_CITIES else "tỉnh"
        variants.append(f"{name[:place.start()]}{level_word} {place.group(0)}")
    if any(name.startswith(h + " ") for h in _NATIONAL_HEADS) and name not in GAZETTEER:
        variants.append(name + " Việt Nam")
    return variants


def organization_aliases(name: str) -> tuple[str, ...]:
    """Other spellings of a canonical organization name: gazetteer aliases and abbreviated forms."""
    aliases: dict[str, None] = dict.fromkeys(GAZETTEER.get(name, ()))
    for written in (name, *_written_variants(name)):
        aliases[written] = None
        choices = []
        for phrase, short in _ABBREVIATIONS.items():
            if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", written):
                choices.append((phrase, (phrase, *short)))
        for combo in itertools.islice(itertools.product(*(options for _, options in choices)), 16):
            variant = written
            for (phrase, _), form in zip(choices, combo):
                variant = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", form, variant, count=1)
            aliases[variant] = None
    return tuple(a for a in aliases if a != name)


def _places(text: str) -> tuple[set[str], set[str]]:
    cities = {_CITY_NAMES.get(m.group(1), m.group(1)) for m in _CITY_CONTEXT.finditer(text)}
    cities.update("Hồ Chí Minh" if m.group(0).startswith("TP") else m.group(0) for m in _CENTRAL_CITY.finditer(text))
    provinces = {m.group(1) for m in _PROVINCE_CONTEXT.finditer(text)} or {m.group(0) for m in _VN_PROVINCE.finditer(text)}
    return cities, provinces


def _resolve(name: str, places: list[tuple[set[str], set[str]]], text: str) -> str | None:
    """Complete a name that ends in a bare level or party committee, or a department named without its place
    ("Sở Y tế"); None when the place is not certain.
    ``places`` caches the article's (cities, provinces), computed on the first bare name."""
    for bare, kind in ((_BARE_CITY, 0), (_BARE_PROVINCE, 1)):
        if bare.search(name):
            if not places:
                places.append(_places(text))
            candidates = places[0][kind]
            return f"{name} {next(iter(candidates))}" if len(candidates) == 1 else None
    if _BARE_DEPARTMENT.match(name) and not _PLACE_END.search(name) and not _HAS_LEVEL.search(name):
        if not places:
            places.append(_places(text))
        candidates = places[0][0] | places[0][1]
        place = next(iter(candidates)) if len(candidates) == 1 else None
        level = "thành phố" if place in CENTRAL_CITIES else "tỉnh" if place and canonical_place(place) else None
        return f"{name} {level} {place}" if level else None
    return name


def _listed_ministries(text: str) -> list[Mention]:
    """Ministries named as a list after "các bộ:" (each field must be a known ministry's)."""
    found = []
    for start in _MINISTRY_LIST.finditer(text):
        cursor = start.end()
        while field := _MINISTRY_FIELD.match(text, cursor):
            found.append(Mention(_MINISTRIES[field.group(0).casefold()], field.start(), field.end()))
            separator = _LIST_SEPARATOR.match(text, field.end())
            if not separator:
                break
            cursor = separator.end()
    return found


def _name_end(text: str, start: int, head_end: int, end: int) -> int:
    """Where a name whose head ends at ``head_end``, read up to ``end``, ends: across joined parts, with the
    words the corpus writes after it (`spans`), with a closing number, and before a label that follows it."""
    while (join := _JOIN.match(text, end)) and not (_OTHER_START.match(text, join.end()) or starts_name(text, join.end())):
        window = " " + text[join.end():join.end() + 200]
        more = scan_body(window, 0)
        joined = join.end() - 1 + more.end
        if more.words == 0 or (join.group(1) and _loose(_expand(text[start:joined])) not in _GAZETTEER_PREFIXES):
            break
        end = joined
    end = extend_span(text, start, end, _not_in_name)
    if (parent := _PARENT_AT_END.search(text, start, end)) and parent.start() > start:
        end = max(end, scan_body(text, end, lowercase_first=False, greedy_places=True).end)   # "… Công an" + "tỉnh X"
    if national := _NATIONAL_AFTER.match(text, end):
        end = national.end()                   # "Trung tâm Dự báo khí tượng thủy văn quốc gia"
    if (number := _NUMBER_AFTER.match(text, end)) and (end == head_end or number.group(0).startswith(" số")
                                                       or text[text.rfind(" ", start, end) + 1].isupper()):
        end = number.end()
    if _MISSION.match(text, start) and (at := _MISSION_AT.match(text, end)) and (
            where := _CUED_NAME.match(text, at.end())) and not starts_name(text, at.end()):
        end = where.end()
    label = _LABEL.search(text, start, min(len(text), end + 40))
    return label.start() if label and label.start() < end else end


def _parent_of_unit(text: str, head_end: int, end: int) -> tuple[int, int] | None:
    """(start of the parent body, end of unit and parent) when the unit read up to ``end`` is named with the
    body it belongs to: inside the span read ("Phòng Cảnh sát hình sự Công an tỉnh X"), right after it, or in
    brackets after it, the unit's name perhaps going on in up to three lower-case words before it ("Phòng Cảnh
    sát giao thông (Công an TP. Hải Phòng)"); None otherwise."""
    inside = _PARENT.search(text, head_end, end)
    if inside and inside.end() < end:
        return inside.start(), end
    after = _PARENT_AFTER.match(text, end) if text[head_end + 1:head_end + 2].isupper() else None
    if after is None:
        return None
    bracketed = after.group(1) is not None
    if any(w in FUNCTION_WORDS for w in text[end:after.start(1) if bracketed else after.end()].split()):
        return None                            # "Phòng Cảnh sát giao thông đã báo cáo Bộ Công an": two bodies
    if bracketed:
        return after.start(1), after.end()
    parent_head = _PARENT_HEAD.match(text, after.end())
    return after.end(), scan_body(text, parent_head.end(), lowercase_first=False, greedy_places=True).end


def _not_in_name(text: str, pos: int) -> bool:
    """Whether the word at ``pos`` cannot continue a name: a person's name starts there, or a function word."""
    word = _WORD_AT.match(text, pos)
    return starts_name(text, pos) or (word is not None and word.group(0) in FUNCTION_WORDS - {"và"})


def _free_standing(text: str, start: int, head_end: int) -> bool:
    """Whether a lower-case head at ``start`` is a word of its own, not the end of a compound ("cán bộ", "họp
    báo", "Đại hội"): it follows punctuation or a function word, or it is "trường" before a school type ("sinh
    viên trường ĐH …")."""
    before = _WORD_BEFORE.search(text, max(0, start - 12), start)
    return (not before or before.group(1) in FUNCTION_WORDS
            or text[start:head_end] == "trường" and _SCHOOL.match(text, head_end) is not None)


def _inside_place(text: str, start: int, head: str) -> bool:
    """Whether the head at ``start`` is part of a place name ("Ban" in "Tây Ban Nha", "Hội" in "Hội An")."""
    if head not in _HEADS_IN_PLACES:
        return False
    for begin in range(max(0, start - _LONGEST_PLACE_PREFIX), start + 1):
        if (begin == 0 or not text[begin - 1].isalnum()) and (m := _PLACE_NAME.match(text, begin)) and m.end() > start:
            return True
    return False


def _is_specific(head: str, body_words: int, proper: bool, name: str) -> bool:
    """Whether a head + body names one organization, not a kind of office ("Ban tổ chức", "Công an huyện",
    "Công ty TNHH", "Cục Quản lý")."""
    body = name[len(head):].split()
    kind = " ".join(body)
    if _LOWER_LEVEL_END.search(name) or all(w in LEGAL_WORDS for w in body) or kind.lower() in GENERIC_FUNCTIONS or (
            _OWNED_BY.sub("", kind) in SCHOOL_TYPES):
        return False      # "Công ty TNHH", "Viện Nghiên cứu", "Trường THPT tư thục": a kind, not one body
    if proper or head in SELF_CONTAINED or _NAMED_SCHOOL.match(kind):
        return True
    if head in _NATIONAL_HEADS and body_words > 0:
        return " ".join(body).lower() not in GENERIC_FUNCTIONS
    return "Trung ương" in name or "Quốc hội" in name


def find_organizations(text: str, foreign: bool = False) -> list[Mention]:
    """Organizations mentioned in ``text``, in order of first mention, one entry per canonical name.

    ``foreign``: the article is world news, so an unqualified "Chính phủ"/"Quốc hội" is another country's
    and is not reported as Vietnam's.
    """
    places: list[tuple[set[str], set[str]]] = []      # the article's cities and provinces, read when needed
    found: dict[str, Mention] = {}          # by case-folded name: one entry however the article capitalizes it
    # Candidates in text order; where a gazetteer spelling and a head start together the longer one wins.
    spans = sorted([(m.start(), m.end(), True) for m in _GAZETTEER_NAMES.finditer(text)] +
                   [(m.start(), m.end(), True) for m in _GAZETTEER_ABBREVIATIONS.finditer(text)] +
                   [(m.start(), m.end(), False) for m in _HEAD.finditer(text)] +
                   [(m.start(), m.end(), False) for m in _LOWER_HEAD.finditer(text)], key=lambda s: (s[0], -s[1]))
    last_end = 0
    credits = [m.span() for m in CREDIT_LINE.finditer(text)]
    cue_ends = {m.end() for m in _MEDIA_CUE.finditer(text)}       # "nhật báo X": "báo" is part of the cue
    for start, head_end, known in spans:
        if any(a <= start < b for a, b in credits) or _PLURAL_BEFORE.search(text, max(0, start - 6), start):
            continue
        lower_head = not known and _LOWER_HEAD.match(text, start) is not None
        if lower_head and (head_end in cue_ends or not _free_standing(text, start, head_end)):
            continue
        if start < last_end or not (text[start].isupper() or lower_head) and text[start:head_end] != "đảng" or (
                not known and (_STANDING.match(text, head_end) or _AFTER_LEVEL.search(text, max(0, start - 12), start)
                               or _inside_place(text, start, text[start:head_end]))):
            continue              # a case-insensitive gazetteer hit must still be capitalized; "xã Hội Phú" is a place
        head = text[start:head_end]
        head = head[:1].upper() + head[1:] if lower_head else head
        country = _COUNTRY_AFTER.match(text, head_end)
        if head in _COUNTRY_ONLY or (known and country):
            if country:
                head_end = country.end()       # "Quốc hội Anh", "Bộ Quốc phòng Nga"
            elif foreign:
                continue                       # world news: not Vietnam's Chính phủ or Quốc hội
            known = True
        end, body = head_end, None
        if not known:
            if head == "Trường" and not _SCHOOL.match(text, head_end):
                continue
            after = text[head_end + 1:head_end + 2]
            if head in NEEDS_CAPITALIZED_BODY and not (after.isupper() or head in MORE_ORG_HEADS and after.isdigit()
                                                       or head in SCHOOL_TYPES and _OWNERSHIP.match(text, head_end)):
                continue
            if head == "đảng" and _PLACE_NAME.match(text, head_end + 1):
                continue                       # "Quốc dân đảng Đài Loan": the party's name is before it
            body = scan_body(text, head_end, lowercase_first=True, greedy_places=True,
                             place_first=head in PLACE_COMMITTEES, named_after_people=head in _NAMED_AFTER_PEOPLE)
            end = _name_end(text, start, head_end, max(body.end, head_end))
        parent = _parent_of_unit(text, head_end, end) if head in _UNIT_HEADS else None
        if parent is not None:
            parent_start, end = parent
        last_end = end if parent is None else parent_start     # the parent is a body too: read it on its own
        if _LABEL.match(text, end):
            continue                           # a form's field ("Gửi tới: Ban Văn hóa Tiêu đề: …"), not running text
        written = canonical_organization(_BRACKETS.sub(" ", text[start:end]).strip())
        name = _resolve(written, places, text)
        if body is not None and name and name == written and name not in GAZETTEER and parent is None:
            proper = body.proper or (head in PROPER_AFTER_HEAD and body.words > 0) or text[end - 1].isdigit()
            if not _is_specific(head, body.words, proper, name):
                continue
        if name and name.casefold() not in found:
            found[name.casefold()] = Mention(name, start, end)
    for building in _INSTITUTION_BUILDING.finditer(text):       # "Nhà Trắng cho biết": the institution
        found.setdefault(building.group(0).casefold(), Mention(building.group(0), building.start(), building.end()))
    for lower in _LOWER_COUNTRY_BODY.finditer(text):           # "quốc hội Mỹ", "chính phủ Venezuela"
        found.setdefault(lower.group(0).casefold(), Mention(lower.group(0)[:1].upper() + lower.group(0)[1:],
                                                            lower.start(), lower.end()))
    for listed in _listed_ministries(text):
        found.setdefault(listed.name.casefold(), listed)
    for other in _english_names(text) + _cued_names(text):
        if not any(a <= other.start < b for a, b in credits):
            found.setdefault(other.name.casefold(), other)
    return sorted(found.values(), key=lambda m: m.start)


def _cued_names(text: str) -> list[Mention]:
    """Media and companies named after a cue word ("hãng tin Yonhap", "tờ New York Times", "nhật báo Gazeta
    Polska"): the capitalized words after it, unless they are a place or a person."""
    found = []
    for cue in _MEDIA_CUE.finditer(text):
        start = cue.end() + 1
        name = _CUED_NAME.match(text, start) if text.startswith(" ", cue.end()) else None
        if not name or starts_name(text, start) or _OTHER_START.match(text, start):
            continue
        words = name.group(0).rstrip(".").split()
        found.append(Mention(canonical_organization(" ".join(words)), start, start + len(" ".join(words))))
    return found


def _english_names(text: str) -> list[Mention]:
    """Organizations with English names that end in a kind word ("China Daily", "Pacific Energy Corp")."""
    found = []
    for kind in _ENGLISH_KIND.finditer(text):
        before = _ENGLISH_WORDS_BEFORE.search(text, max(0, kind.start() - 80), kind.start())
        words = (before.group(0) + kind.group(0)).split() if before else []
        while len(words) > 1 and words[0] in _VIETNAMESE_ASCII_WORDS:
            words.pop(0)                       # "Theo China Daily": "Theo" is Vietnamese ("according to")
        if len(words) > 1:
            name = " ".join(words)
            found.append(Mention(name, kind.end() - len(name), kind.end()))
    return found
