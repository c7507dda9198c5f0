"""Organizations: a head word plus a body ("Ban Dân vận Trung ương", "UBND tỉnh Quảng Nam"), canonical names
with abbreviations expanded (UBND → Ủy ban nhân dân, MTTQ → Mặt trận Tổ quốc, TW → Trung ương, TP → thành phố),
central bodies matched to one spelling, and bare local names ("Thành ủy", "Ủy ban MTTQ Việt Nam thành phố")
resolved to the article's city or province only when the article names exactly one.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from .lexicon import (CENTRAL_CITIES, COUNTRIES, EXPANSIONS, FOREIGN_PLACES, GAZETTEER, GENERIC_FUNCTIONS,
                      LEGAL_WORDS, MINISTRY_LIST_START, NEEDS_CAPITALIZED_BODY, ORG_HEADS, PLACE_COMMITTEES,
                      PROPER_AFTER_HEAD, PROVINCES, SCHOOL_TYPES, SELF_CONTAINED, phrase_pattern)
from .phrases import scan_body

_HEAD = phrase_pattern(ORG_HEADS)
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


_GAZETTEER_NAMES = phrase_pattern([v for name, aliases in GAZETTEER.items() for n in (name, *aliases) if " " in n
                                   for v in _spellings(n)])
_GAZETTEER_ABBREVIATIONS = phrase_pattern([n for aliases in GAZETTEER.values() for n in aliases if " " not in n])
_CANONICAL = {n.casefold(): name for name, aliases in GAZETTEER.items() for n in (name, *aliases)}
# A national body named without its country ("Hội Chữ thập đỏ" for "Hội Chữ thập đỏ Việt Nam").
_NATIONAL = {name.removesuffix(" Việt Nam").casefold(): name for name in GAZETTEER if name.endswith(" Việt Nam")}
# "Phó Trưởng Ban Thường trực Ban Chỉ đạo …": "Ban Thường trực" is part of the position, not a body.
_STANDING = re.compile(r"[ ]Thường trực[ ](?=\w)")
_HCM = re.compile(r"\b(?:thành phố (?:Hồ Chí Minh|HCM)|TP\.?HCM|TPHCM)\b")
# Words written in lower case inside canonical names ("Ủy ban nhân dân tỉnh", "Tòa án nhân dân tối cao").
_LOWER_IN_NAMES = re.compile(r"(?<=\s)(?:nhân dân|tối cao|thành phố|tỉnh|huyện|quận|xã|phường|thị xã)\b",
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
_ABBREVIATIONS = {"Ủy ban nhân dân": ("UBND",), "Hội đồng nhân dân": ("HĐND",), "Mặt trận Tổ quốc": ("MTTQ",),
                  "Trung ương": ("TW", "TƯ"), "thành phố Hồ Chí Minh": ("TP.HCM", "TPHCM"), "thành phố": ("TP",),
                  "Tòa án nhân dân": ("TAND",), "Viện kiểm sát nhân dân": ("VKSND",)}

__all__ = ["Mention", "find_organizations", "canonical_organization", "organization_aliases"]


@dataclass(frozen=True)
class Mention:
    """An organization found in a text: its canonical name and where it was written."""

    name: str
    start: int
    end: int


def _expand(span: str) -> str:
    text = " ".join(EXPANSIONS.get(w, w) for w in _WORD.findall(span))
    return _HCM.sub("thành phố Hồ Chí Minh", text)


def canonical_organization(span: str) -> str:
    """The canonical spelling of an organization as written ("UBND TP Hà Nội" → "Ủy ban nhân dân thành phố Hà Nội").

    ``span`` is text already passed through ``index.normalize_text`` (as ``enrich`` does once per article).
    """
    text = _expand(span)
    known = _CANONICAL.get(text.casefold()) or _NATIONAL.get(text.casefold())
    if known:
        return known
    committee = _PARTY_COMMITTEES.get(" ".join(text.split(" ", 2)[:2]).casefold())
    if committee:
        text = committee + text[len(committee):]
    text = _LOWER_IN_NAMES.sub(lambda m: m.group(0).lower(), text)
    return text[:1].upper() + text[1:]


def organization_aliases(name: str) -> tuple[str, ...]:
    """Other spellings of a canonical organization name: gazetteer aliases and abbreviated forms."""
    aliases: dict[str, None] = dict.fromkeys(GAZETTEER.get(name, ()))
    choices = []
    for phrase, short in _ABBREVIATIONS.items():
        if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", name):
            choices.append((phrase, (phrase, *short)))
    for combo in itertools.islice(itertools.product(*(options for _, options in choices)), 16):
        variant = name
        for (phrase, _), form in zip(choices, combo):
            variant = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", form, variant, count=1)
        if variant != name:
            aliases[variant] = None
    return tuple(a for a in aliases if a != name)


def _places(text: str) -> tuple[set[str], set[str]]:
    cities = {_CITY_NAMES.get(m.group(1), m.group(1)) for m in _CITY_CONTEXT.finditer(text)}
    cities.update("Hồ Chí Minh" if m.group(0).startswith("TP") else m.group(0) for m in _CENTRAL_CITY.finditer(text))
    provinces = {m.group(1) for m in _PROVINCE_CONTEXT.finditer(text)} or {m.group(0) for m in _VN_PROVINCE.finditer(text)}
    return cities, provinces


def _resolve(name: str, places: list[tuple[set[str], set[str]]], text: str) -> str | None:
    """Complete a name that ends in a bare level or party committee; None when the place is not certain.
    ``places`` caches the article's (cities, provinces), computed on the first bare name."""
    for bare, kind in ((_BARE_CITY, 0), (_BARE_PROVINCE, 1)):
        if bare.search(name):
            if not places:
                places.append(_places(text))
            candidates = places[0][kind]
            return f"{name} {next(iter(candidates))}" if len(candidates) == 1 else None
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
    if _LOWER_LEVEL_END.search(name) or all(w in LEGAL_WORDS for w in body):
        return False
    if proper or head in SELF_CONTAINED:
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
                   [(m.start(), m.end(), False) for m in _HEAD.finditer(text)], key=lambda s: (s[0], -s[1]))
    last_end = 0
    for start, head_end, known in spans:
        if start < last_end or not text[start].isupper() and text[start:head_end] != "đảng" or (
                not known and (_STANDING.match(text, head_end) or _AFTER_LEVEL.search(text, max(0, start - 12), start)
                               or _inside_place(text, start, text[start:head_end]))):
            continue              # a case-insensitive gazetteer hit must still be capitalized; "xã Hội Phú" is a place
        head = text[start:head_end]
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
            if head in NEEDS_CAPITALIZED_BODY and not text[head_end + 1:head_end + 2].isupper():
                continue
            if head == "đảng" and _PLACE_NAME.match(text, head_end + 1):
                continue                       # "Quốc dân đảng Đài Loan": the party's name is before it
            body = scan_body(text, head_end, lowercase_first=True, greedy_places=True,
                             place_first=head in PLACE_COMMITTEES)
            end = max(body.end, head_end)
        last_end = end
        written = canonical_organization(text[start:end])
        name = _resolve(written, places, text)
        if body is not None and name and name == written and name not in GAZETTEER:
            proper = body.proper or (head in PROPER_AFTER_HEAD and body.words > 0)
            if not _is_specific(head, body.words, proper, name):
                continue
        if name and name.casefold() not in found:
            found[name.casefold()] = Mention(name, start, end)
    for listed in _listed_ministries(text):
        found.setdefault(listed.name.casefold(), listed)
    for english in _english_names(text):
        found.setdefault(english.name.casefold(), english)
    return sorted(found.values(), key=lambda m: m.start)


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
