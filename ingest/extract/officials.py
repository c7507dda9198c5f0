"""Officials: named people holding a position, with the titles the article gives them.

Two introductions are read (research notes §6):

* name first – "đồng chí Nguyễn Phước Lộc, Phó Trưởng Ban Dân vận Trung ương, Phó Trưởng Ban …",
  "ông Đỗ Mạnh Hiến - Phó Bí thư Thường trực Thành ủy", "ông Vũ Xuân Sáng (Giám đốc Sở …)";
* title first – "Chủ tịch UBND tỉnh Quảng Nam Lê Trí Thanh", "Tổng Bí thư, Chủ tịch nước Nguyễn Phú Trọng",
  "Tổng thống Mỹ Donald Trump".

Also: a foreign name first ("…”, Wolfgang Schaeuble, Bộ trưởng …"), a foreign name ending any title's body
("Tổng thư ký NATO Mark Rutte", "HLV Manchester United Alex Ferguson", particles: "Bashar al-Assad"), a
building standing for its institution inside the title ("người phát ngôn Nhà Trắng"), members listed after a
body ("HĐQT … gồm: ông A, bà B": "thành viên HĐQT …").

A short reference ("ông Hiến, Phó Bí thư …", "Thủ tướng Phúc", "HLV Hữu Thắng", "Tổng thống Bush") gives its
title to the one full name of the article that ends with it, a titled one first, else one written without a
title (a title given only in the headline or earlier); an unresolved one names no one (`Scan.officials`; the
registry may complete a foreign surname, see `known`). Places, buildings and bodies are not people. Names are
normalized (NFC, canonical tones, capitalization).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index import Official, is_vietnamese_syllable, normalize_text

from .lexicon import (BODY_WORDS, BUILDINGS, COUNTRIES, FOREIGN_ORG_WORDS, FOREIGN_PLACES, FUNCTION_WORDS,
                      GAZETTEER, GROUP_WORDS, HONORIFICS, NAME_PARTICLES, ORG_HEADS, PROVINCES, RANKS, SURNAMES,
                      TITLE_PREFIXES, TITLE_WORDS, VERB_STARTS, phrase_pattern)
from .phrases import CAP_SYLLABLE, LOWER_CLASS, VIETNAMESE_NAME, scan_body

# Posts of a team, a village or an office named by what follows in lower case ("Tổ trưởng tổ dân phố số 3").
_LOWER_RANKS = frozenset({"tổ trưởng", "trưởng thôn", "trưởng ấp", "trưởng bản", "phó phòng", "kế toán trưởng",
                          "trưởng công an"})
_STANDALONE = frozenset({"tổng bí thư", "chủ tịch nước", "thủ tướng", "thủ tướng chính phủ", "tổng thống",
                         "bộ trưởng", "thứ trưởng", "chủ tịch", "bí thư", "ngoại trưởng", "thị trưởng",
                         "giám đốc", "tổng giám đốc", "chánh án", "viện trưởng", "hiệu trưởng", "đại sứ",
                         "thủ trưởng", "đại biểu quốc hội", "đbqh", "thống đốc", "quốc vương", "người phát ngôn",
                         "tổng thư ký", "chủ nhiệm", "cục trưởng", "vụ trưởng", "tư lệnh", "chính ủy",
                         "tổng biên tập", "thượng nghị sĩ", "hạ nghị sĩ", "nghị sĩ", "tổng kiểm toán nhà nước",
                         "nhà lãnh đạo", "người đứng đầu", "giám đốc điều hành", "hlv", "hlv trưởng",
                         "chủ tịch hđqt", "chủ tịch hội đồng quản trị",
                         "huấn luyện viên", "huấn luyện viên trưởng", *_LOWER_RANKS,
                         *(rank.lower() for rank in RANKS)})
# Posts after which capitalized words with no organization are the holder's name ("Thủ tướng Junichiro
# Koizumi"); after business posts they are more often the company ("Giám đốc Thai Airways").
_NAME_AFTER = _STANDALONE - {"giám đốc", "tổng giám đốc", "hiệu trưởng", "tổng biên tập", "chủ nhiệm",
                             "cục trưởng", "vụ trưởng", "viện trưởng", "chánh án", *_LOWER_RANKS}
# Posts of clubs and companies, often written "<post> <club or company> <holder>" ("HLV Manchester United Alex
# Ferguson", "Giám đốc điều hành Apple Tim Cook").
_COMPANY_POSTS = frozenset({"giám đốc điều hành"})
_TEAM_POSTS = _COMPANY_POSTS | {"chủ tịch", "hlv", "hlv trưởng", "huấn luyện viên", "huấn luyện viên trưởng"}


def _title_forms() -> list[str]:
    forms = set()
    for word in TITLE_WORDS:
        variants = {word} if word == "Trưởng" else {word, word.lower(), word[0].lower() + word[1:],
                                                    word[0] + word[1:].lower()}     # "Chánh văn phòng"
        if word.isupper():
            variants = {word}                           # "HLV", "ĐBQH"
        forms.update(variants)
        forms.update(f"{prefix} {v}" for prefix in TITLE_PREFIXES for v in variants)
        forms.update(f"{a} {b} {v}" for a in ("nguyên", "Nguyên", "cựu", "Cựu") for b in ("Phó", "phó")
                     for v in variants)
    return sorted(forms)


_TITLE = phrase_pattern(_title_forms())
_HONORIFIC = phrase_pattern(HONORIFICS).pattern
_ANY_NAME = f"{CAP_SYLLABLE}(?:[ ]{CAP_SYLLABLE}){{0,4}}"
# Name first: an honorific and any capitalized name (one syllable = a short reference), or a Vietnamese name,
# then a separator: punctuation, or a verb of holding a post ("là", "giữ chức", "được bổ nhiệm làm").
# Two patterns that each start with literal words, so re can skip ahead quickly.
_SEPARATOR = (r"(?P<sep>\s*(?:,|-|–|—|\()\s*|[ ](?:hiện[ ])?(?:là|giữ chức(?:[ ]vụ)?|làm|được bầu làm"
              r"|được bổ nhiệm(?:[ ]làm|[ ]giữ chức)?|từng giữ(?:[ ]các)?[ ]chức(?:[ ]vụ)?)[ ])")
# "ông Phạm Văn A Bí thư Tỉnh ủy …": after an honorific, a capitalized position word also ends the name.
_TITLE_AHEAD = phrase_pattern([t for t in _title_forms() if t[0].isupper()]).pattern
_HONORED_NAME = re.compile(f"{_HONORIFIC}[ ](?P<name>{_ANY_NAME})(?:{_SEPARATOR}|(?P<ahead>[ ])(?={_TITLE_AHEAD}))")
_FULL_NAME = re.compile(f"(?P<name>{VIETNAMESE_NAME}){_SEPARATOR}")
_CHAIN_SEP = re.compile(r"\s*(?:,?\s*giữ chức(?: vụ)?|,|;?\s*kiêm|,?\s*đồng thời là)\s*")
# A foreign name after a country: ASCII words ("George W Bush", "Jong-un") or Sino-Vietnamese syllables
# ("Tập Cận Bình"), not a mix ("Sergei Shoigu Hãng" stops before "Hãng").
_ASCII_WORD = r"[A-Z](?:[a-z'’-][A-Za-z'’-]*|\.)?"              # "George", "O'Neil", "W", "W."
# A later word of a foreign name, after an optional particle ("al-Assad", "bin Laden", "von der Leyen").
_PARTICLE = "|".join(NAME_PARTICLES)
_LATER_WORD = f"(?:(?:{_PARTICLE})(?:-|[ ](?:(?:{_PARTICLE})[ ])?))?{_ASCII_WORD}"
# A foreign name first, opening a sentence, after a quotation or "Theo": "…”, Wolfgang Schaeuble, Bộ trưởng …".
_FOREIGN_FIRST = re.compile(f"(?:(?<=\\n)|(?<=[.!?][ ])|(?<=[”\"],[ ])|(?<=[”\"][ ])|(?<=Theo[ ])|(?<=theo[ ]))"
                            f"(?P<name>{_ASCII_WORD}(?:[ ]{_LATER_WORD}){{1,3}})(?P<sep>,[ ])")
# A body's members listed without a position word: "HĐQT Eximbank nhiệm kỳ VI gồm: ông A, bà B và ông C".
_MEMBER_BODY = re.compile(r"(?P<body>(?:HĐQT|Hội đồng quản trị|Hội đồng thành viên|Ban [Cc]hấp hành|Ban [Tt]hường vụ"
                          r"|Ban [Gg]iám đốc|Ban [Kk]iểm soát|Ban [Tt]ổng giám đốc)(?:[ ][A-ZĐ][\w&.-]*)*)"
                          r"[^.;:\n]{0,40}?[ ]gồm(?:[ ]có)?:?[ ](?:các[ ](?:ông|bà|đồng chí)[ ])?")
_MEMBER = re.compile(f"(?:(?:{_HONORIFIC})[ ](?P<honored>{_ANY_NAME})|(?P<name>{VIETNAMESE_NAME}))"
                     f"(?:[ ]\\([^()]{{0,80}}\\))?"
                     f"(?P<sep>,[ ]|[ ]và[ ])?")
_ANY_FULL_NAME = re.compile(f"(?<![\\w.])(?:{VIETNAMESE_NAME}|{_ASCII_WORD}(?:[ ]{_LATER_WORD}){{1,3}}(?![\\w]))")
# One capitalized word after a position word that stands alone: a short reference ("Thủ tướng Phúc").
_ONE_NAME = re.compile(f"[ ]({_ASCII_WORD}|{CAP_SYLLABLE})(?=[,.;:!?)“”\"]|[ ]{LOWER_CLASS}|$)")
# A group noun and a few lower-case words, then a name: "nhà lãnh đạo phe đối lập Jeremy Corbyn".
_GAP_NAME = re.compile(f"([ ](?:{phrase_pattern(GROUP_WORDS).pattern})(?:[ ]{LOWER_CLASS}+){{0,3}})"
                       f"[ ]({VIETNAMESE_NAME}|{_ASCII_WORD}(?:[ ]{_LATER_WORD}){{1,3}})"
                       f"(?=[,.;:!?)]|[ ]{LOWER_CLASS}|$)")
_ABBREVIATION = re.compile(r"[ ]\([A-ZĐ][A-ZĐ0-9&\-]{1,9}\)")      # "… TP HCM (ITPC)"
_FOREIGN_NAMES = (re.compile(f"{_ASCII_WORD}(?:[ ]{_LATER_WORD}){{0,3}}(?![\\w])"),
                  re.compile(f"{CAP_SYLLABLE}(?:[ ]{CAP_SYLLABLE}){{0,3}}"))
# A name right after a bare position word ("Thủ tướng Junichiro Koizumi", "Chủ tịch Mao Trạch Đông"):
# two to four capitalized words followed by punctuation or a lower-case word.
_BARE_NAME = re.compile(f"[ ]((?:{_ASCII_WORD}|{CAP_SYLLABLE})(?:[ ](?:{_LATER_WORD}|{CAP_SYLLABLE})){{1,3}})"
                        f"(?=[,.;:!?)“”\"]|[ ]{LOWER_CLASS}|[ ]?[-–][ ]?[a-z]|$)")
# The last syllable of a Korean given name written apart: "Moon Jae - in" is "Moon Jae-in".
_SYLLABLE_TAIL = re.compile(r"[ ]?[-–][ ]?([a-z]{1,3})(?![\w])")
# "Chủ tịch Real Madrid, Florentino Perez (…": the first capitalized run is the post's body, the second the name.
_APPOSITIVE = re.compile(f",[ ]({_ASCII_WORD}(?:[ ]{_LATER_WORD}){{1,3}})"
                         f"(?=[ ]\\(|,[ ]người|[ ](?!và|cùng|với){LOWER_CLASS})")
_ORGANIZATIONS = [n for name, aliases in GAZETTEER.items() for n in (name, *aliases)]
_NOT_NAME_WORD = phrase_pattern(ORG_HEADS + BODY_WORDS + COUNTRIES + PROVINCES + FOREIGN_PLACES + BUILDINGS
                                + FOREIGN_ORG_WORDS + tuple(_ORGANIZATIONS), ignore_case=True)
_BUILDING = phrase_pattern(BUILDINGS)
_AND_NAME = re.compile(f"[ ]và[ ](?:ông|bà)[ ]({VIETNAMESE_NAME})")
_NOT_PEOPLE = phrase_pattern(PROVINCES + COUNTRIES + FOREIGN_PLACES + BUILDINGS + tuple(_ORGANIZATIONS))
_ORG_WORD = phrase_pattern(FOREIGN_ORG_WORDS)
# The name after a title-first title: "Chủ tịch UBND tỉnh Lê Văn A", "… là ông Lê Văn A", "…, ông Lê Văn A".
# After a comma, "ông"/"bà", a degree or an honour: "Đại tướng, Anh hùng LLVT nhân dân Lê Văn Dũng". Not a rank:
# "Thừa ủy quyền của Chủ tịch nước, Thiếu tướng Vũ Ngọc Thiềm" is not the president.
_DEGREE_OR_HONOUR = (r"(?:GS\.TS|PGS\.TS|GS|PGS|TS|ThS|BS|Tiến sĩ|Giáo sư|Phó Giáo sư|NSND|NSƯT"
                     r"|Anh hùng(?:[ ](?:LLVT|Lực lượng vũ trang|Lao động)(?:[ ]nhân dân)?)?)")
# A foreign name set off by commas before a verb of saying: "Chủ tịch kiêm Tổng giám đốc Intel, Paul Otellini, nói".
_SAYING = r"(?:nói|cho biết|cho hay|khẳng định|nhấn mạnh|tuyên bố|chia sẻ|thừa nhận|phát biểu)"
_AFTER_TITLE = re.compile(f"[ ](?:là[ ])?(?:(?:{_HONORIFIC})[ ])?(?=({VIETNAMESE_NAME}))"
                          f"|,[ ](?:ông|bà|đồng chí|{_DEGREE_OR_HONOUR})[ ](?=({VIETNAMESE_NAME}))"
                          f"|,[ ](?=({_ASCII_WORD}(?:[ ]{_LATER_WORD}){{1,3}}),[ ]{_SAYING}(?![\\w]))")
_FOOTER = re.compile(r"^(?:Trưởng [Bb]an [Bb]iên tập|Ban [Bb]iên tập|Cơ quan (?:quản lý|chủ quản)|Giấy phép|"
                     r"Chịu trách nhiệm|Tổng [Bb]iên tập|Bản quyền|©|Liên hệ|Địa chỉ|Điện thoại|Email)",
                     re.MULTILINE)

__all__ = ["Scan", "find_officials", "is_bare_position", "normalize_name", "scan_officials", "strip_footer"]


@dataclass(frozen=True)
class _Title:
    text: str
    start: int
    end: int
    country: bool


def normalize_name(name: str) -> str:
    """One spelling per person: NFC, canonical tones, single spaces, each syllable capitalized when the
    text wrote the name all in one case ("NGUYỄN VĂN A" → "Nguyễn Văn A")."""
    words = normalize_text(name).split()
    if all(w.isupper() for w in words) or all(w.islower() for w in words):
        words = [w[:1].upper() + w[1:].lower() for w in words]
    return " ".join(words)


def strip_footer(text: str) -> str:
    """Drop portal footer lines (editorial board, licence, contacts): names there are not the article's."""
    if not _FOOTER.search(text):
        return text
    return "\n".join(line for line in text.split("\n") if not _FOOTER.match(line))


def _title_at(text: str, pos: int, greedy_places: bool) -> _Title | None:
    """The title starting at ``pos``: a position word and the organization body after it."""
    m = _TITLE.match(text, pos)
    if not m:
        return None
    building = _BUILDING.match(text, m.end() + 1) if text[m.end():m.end() + 1] == " " else None
    if building:                            # "người phát ngôn Nhà Trắng": a foreign name may follow
        return _Title(" ".join(text[pos:building.end()].split()), pos, building.end(), True)
    body = scan_body(text, m.end(), lowercase_first=True, greedy_places=greedy_places)
    if not body.words and not _stands_alone(m.group(0)):
        return None
    end = max(body.end, m.end())
    abbreviation = _ABBREVIATION.match(text, end) if body.words else None
    end = abbreviation.end() if abbreviation else end
    return _Title(" ".join(text[pos:end].split()), pos, end, body.country)


def _chain(text: str, pos: int, closing: str | None) -> tuple[list[str], int]:
    """Titles after a name: one, then more separated by commas (or "kiêm"), up to ``closing``."""
    titles: list[str] = []
    end = pos
    title = _title_at(text, pos, greedy_places=True)
    while title:
        titles.append(title.text)
        end = title.end
        sep = _CHAIN_SEP.match(text, title.end)
        if not sep or (closing and closing in text[title.end:sep.end()]):
            break
        title = _title_at(text, sep.end(), greedy_places=True)
    return titles, end


def _split_foreign(name: str) -> tuple[str, str]:
    """(words ending the title, name) for a foreign name that follows Vietnamese words with no break
    ("Libăng Rafik Hariri", "Dương Mỹ Harry Harris" after "Hạm đội Thái Bình"): the name is the trailing run
    of two or more ASCII words, one of them not a Vietnamese syllable; likewise foreign words before a Vietnamese
    full name are the body ("Chủ tịch Egroup Nguyễn Ngọc Thủy"); other names are kept whole."""
    words = name.split()
    run = len(words)
    while run and words[run - 1].isascii():
        run -= 1
    tail = words[run:]
    if 0 < run and len(tail) >= 2 and not all(is_vietnamese_syllable(w) for w in tail):
        return " ".join(words[:run]), " ".join(tail)
    for first, word in enumerate(words[1:-1], start=1):     # "Egroup Nguyễn Ngọc Thủy": the company, then the name
        if not (words[first - 1].isascii() and not is_vietnamese_syllable(words[first - 1])):
            break
        if word in SURNAMES and re.fullmatch(VIETNAMESE_NAME, " ".join(words[first:])):
            return " ".join(words[:first]), " ".join(words[first:])
    return "", name


def _add(found: dict[str, list[str]], name: str, titles: list[str]) -> None:
    rest, name = _split_foreign(name)
    if rest and titles:
        titles = [*titles[:-1], f"{titles[-1]} {rest}"]
    if _NOT_PEOPLE.fullmatch(name) or any(_ORG_WORD.fullmatch(w) for w in name.split()):
        return                              # "Hà Nội" after a title is a place, "… League" a body, not a person
    known = found.setdefault(normalize_name(name), [])
    for title in titles:
        if title not in known:
            known.append(title)


@dataclass
class Scan:
    """What one article says about officials: names with titles (in order of first mention), other written
    forms folded into a full name ("Trump" → "Donald Trump"), and position titles written with no name."""

    found: dict[str, list[str]]
    forms: list[tuple[str, str]]
    bare_titles: list[str]

    def officials(self) -> tuple[Official, ...]:
        """The officials, each title that another of theirs extends dropped; a one-word name that nothing
        resolved to a full name ("Tổng thống Bush" alone) is left out: it is a short form, not a name."""
        return tuple(Official(name, tuple(_most_specific(titles))) for name, titles in self.found.items()
                     if " " in name)

    def short_names(self) -> list[str]:
        """The one-word names left unresolved in the article (for the registry to complete)."""
        return [name for name in self.found if " " not in name]


def is_bare_position(title: str) -> bool:
    """Whether ``title`` is a position word alone, naming no body ("Chủ tịch", "Phó Giám đốc", "Thủ tướng")."""
    return _TITLE.fullmatch(title) is not None


def find_officials(text: str) -> tuple[Official, ...]:
    """Officials named in ``text`` (title and body of one article), in order of first mention."""
    return scan_officials(text).officials()


def scan_officials(text: str) -> Scan:
    """Officials, folded forms and nameless titles of ``text`` (title and body of one article)."""
    found: dict[str, list[str]] = {}
    bare_titles: list[str] = []
    short: list[tuple[str, list[str]]] = []
    covered: list[tuple[int, int]] = []     # spans of name-first titles (their places are not people)
    foreign = [m for m in _FOREIGN_FIRST.finditer(text)
               if not all(map(is_vietnamese_syllable, m.group("name").split()))]
    named = sorted([*_HONORED_NAME.finditer(text), *_FULL_NAME.finditer(text), *foreign], key=lambda m: m.start())
    for m in named:
        closing = ")" if "(" in (m.group("sep") or "") else None
        titles, end = _chain(text, m.end(), closing)
        if not titles:
            continue
        covered.append((m.end(), end))
        name = m.group("name")
        if " " not in name:
            short.append((name, titles))
        else:
            _add(found, name, titles)
    def inside_a_title(pos: int) -> bool:
        """A "name" inside a name-first title is a place ("Chủ tịch UBND phường Phạm Ngũ Lão")."""
        return any(a <= pos < b for a, b in covered)

    chains = {a for a, _ in covered}        # where a name-first title starts: not a title-first title too
    joined = -1                             # a position word read as part of the one before it
    for m in _TITLE.finditer(text):
        if m.start() in chains or m.start() == joined:
            continue
        inner = _TITLE.match(text, m.end() + 1) if text[m.end():m.end() + 1] == " " else None
        bare = _bare_name(text, inner) if inner else None
        if bare:                            # "trợ lý HLV Lee Young-jin": the holder of the whole post
            bare = bare[0], f"{' '.join(m.group(0).split())} {bare[1]}"
            joined = inner.start()
        else:
            bare = _bare_name(text, m)
        if bare:
            if inside_a_title(m.end() + 1):
                continue
            if _given_names_only(bare[0]):
                short.append((bare[0], [bare[1]]))      # "HLV Hữu Thắng": the article's Nguyễn Hữu Thắng
            else:
                _add(found, bare[0], [bare[1]])
            continue
        gap = _gap_name(text, m)
        if gap:                                 # "nhà lãnh đạo phe đối lập Jeremy Corbyn"
            if not inside_a_title(m.end() + 1):
                _add(found, gap[0], [gap[1]])
            continue
        title = _title_at(text, m.start(), greedy_places=False)
        if not title or inside_a_title(title.end + 1):
            continue
        if title.country:
            foreign = _foreign_name(text, title.end)
            if foreign:
                _add(found, foreign, [title.text])
            continue
        after = _AFTER_TITLE.match(text, title.end)
        ending = None if after else _name_ending(title.text)
        one = None if after or ending else _ONE_NAME.match(text, m.end())
        one = one if one and title.end <= one.end() else None      # the body is that one word, or nothing
        if ending:                              # "Tổng thư ký NATO Mark Rutte"
            _add(found, ending[1], [ending[0]])
        elif one and _stands_alone(m.group(0), _NAME_AFTER) and not _NOT_NAME_WORD.fullmatch(one.group(1)) \
                and not one.group(1).isupper():
            position = " ".join(m.group(0).split())
            if one.group(1).isascii() and not is_vietnamese_syllable(one.group(1)):
                _add(found, one.group(1), [position])       # "Tổng thống Putin": the registry may complete it
            else:
                short.append((one.group(1), [position]))    # "Thủ tướng Phúc": the article's full name only
        elif not after:
            if not inside_a_title(title.start):       # a later title of a name-first chain is that name's
                bare_titles.append(title.text)
        else:
            name = after.group(1) or after.group(2) or after.group(3)
            titles = _preceding(text, title) + [_with_joint_post(text, title)]
            _add(found, name, titles)
            also = _AND_NAME.match(text, after.end() + len(name))
            if also:                            # "… là ông Đỗ Thắng Hải và ông Cao Quốc Hưng"
                _add(found, also.group(1), titles)
    forms = _resolve_short(found, short, _named(text))
    for name, body in _members(text):
        if not found.get(normalize_name(name)):
            _add(found, name, [f"thành viên {body}"])
    return Scan(found, forms, bare_titles)


def _members(text: str) -> list[tuple[str, str]]:
    """(name, body) for the people a body's member list names ("Ban chấp hành gồm ông A, ông B và bà C")."""
    members = []
    for listing in _MEMBER_BODY.finditer(text):
        pos = listing.end()
        while m := _MEMBER.match(text, pos):
            members.append((m.group("honored") or m.group("name"), listing.group("body")))
            if not m.group("sep"):
                break
            pos = m.end()
    return members


def _foreign_name(text: str, pos: int) -> str | None:
    """The longest foreign name (ASCII words or Sino-Vietnamese syllables) after a space at ``pos``."""
    if text[pos:pos + 1] != " ":
        return None
    ascii_name, syllables = (pattern.match(text, pos + 1) for pattern in _FOREIGN_NAMES)
    m = ascii_name if ascii_name and " " in ascii_name.group(0) or not syllables else syllables
    return _with_tail(text, m.end(), m.group(0)) if m and not m.group(0).isupper() else None


def _gap_name(text: str, title: re.Match[str]) -> tuple[str, str] | None:
    """(name, title) for a name after a position word that stands alone and a few lower-case words naming the
    group or speciality it covers ("nhà lãnh đạo phe đối lập Jeremy Corbyn", "HLV thể lực Nguyễn Văn A"): a
    group noun first, no function word or verb among them."""
    if not _stands_alone(title.group(0), _NAME_AFTER):
        return None
    m = _GAP_NAME.match(text, title.end())
    if not m:
        return None
    gap, parts = m.group(1).split(), m.group(2).split()
    if len(parts) >= 3 and m.group(2).isascii() and _two_word_holder(parts):
        gap, parts = gap + parts[:-2], parts[-2:]        # "tập đoàn Microsoft Bill Gates": the company first
    name = " ".join(parts)
    vietnamese = parts[0] in SURNAMES and not name.isascii()      # "Lê Huỳnh Đức": "Đức" is not Germany here
    if any(w in FUNCTION_WORDS or w in VERB_STARTS for w in gap) or (not vietnamese and (
            _NOT_NAME_WORD.search(name) or all(map(is_vietnamese_syllable, parts)))):
        return None
    return name, f"{' '.join(title.group(0).split())} {' '.join(gap)}"


def _two_word_holder(words: list[str]) -> bool:
    """Whether the last two of ``words`` can be a whole name: no initial or particle before the last one."""
    return not (len(words[-2]) == 1 or words[-2].endswith(".") or words[-2] in NAME_PARTICLES)


def _club_first(parts: list[str], post: str) -> bool:
    """Whether capitalized words after a club's or company's post are the body and then a two-word holder: four
    words or more, or three after "Giám đốc điều hành" ("Apple Tim Cook"; three after "HLV" or "Chủ tịch" are
    one name: "Park Hang Seo", "Kim Jong Un"), the last two not split by an initial or a particle."""
    if not _stands_alone(post, _TEAM_POSTS) or not _two_word_holder(parts):
        return False
    return len(parts) >= 4 or (len(parts) == 3 and _stands_alone(post, _COMPANY_POSTS))


def _name_ending(title: str) -> tuple[str, str] | None:
    """(title, name) when a foreign name ends a title's body ("Tổng thư ký NATO Mark Rutte", "Giám đốc CIA
    William Burns"): the trailing run of capitalized ASCII words (two; three with an initial or a particle
    before the last), one not a Vietnamese syllable, after at least one word of the body."""
    words = title.split()
    run = len(words)
    while run and re.fullmatch(_ASCII_WORD, words[run - 1]) and not words[run - 1].isupper():
        run -= 1
    if len(words) - run < 2:
        return None
    size = 2 if len(words) - run < 3 or _two_word_holder(words) else 3
    start = len(words) - size
    head, name = words[:start], " ".join(words[start:])
    if _TITLE.fullmatch(" ".join(head)) or all(is_vietnamese_syllable(w) for w in words[start:]) \
            or _NOT_NAME_WORD.search(name):
        return None                         # no body before the name, or the run is the body ("Thai Airways")
    return " ".join(head), name


def _with_tail(text: str, end: int, name: str) -> str:
    """``name`` (ending at ``end``) with a given name's last syllable written apart glued on ("Jae - in")."""
    tail = _SYLLABLE_TAIL.match(text, end)
    return f"{name}-{tail.group(1)}" if tail and name.isascii() else name


def _stands_alone(title_word: str, posts: frozenset[str] = _STANDALONE) -> bool:
    """Whether a position word names one of ``posts`` without an organization ("Thủ tướng", "nguyên Bộ
    trưởng")."""
    words = title_word.lower().split()
    return " ".join(words) in posts or " ".join(words[-2:]) in posts or words[-1] in posts


def _bare_name(text: str, title: re.Match[str]) -> tuple[str, str] | None:
    """(name, title) for a name written right after a position word that stands alone ("Thủ tướng Junichiro
    Koizumi"), or after the body of such a word and a comma ("Chủ tịch Real Madrid, Florentino Perez (…")."""
    if not _stands_alone(title.group(0), _NAME_AFTER):
        return None
    m = _BARE_NAME.match(text, title.end())
    if not m:
        return None
    words = " ".join(title.group(0).split())
    appositive = _APPOSITIVE.match(text, m.end())
    if appositive:
        name, words = appositive.group(1), f"{words} {m.group(1)}"
    else:
        name = _with_tail(text, m.end(), m.group(1))
        parts = name.split()
        if name.isascii() and _club_first(parts, words):
            name, words = " ".join(parts[-2:]), f"{words} {' '.join(parts[:-2])}"   # the club or company first
    if any(_NOT_NAME_WORD.fullmatch(w) for w in name.split()) or _NOT_NAME_WORD.search(name) or name.isupper():
        return None
    return name, words


def _preceding(text: str, title: _Title) -> list[str]:
    """Titles chained before a title-first name: "Tổng Bí thư, Chủ tịch nước Nguyễn Phú Trọng"."""
    titles: list[str] = []
    cursor = title.start
    while cursor >= 2 and text[cursor - 2:cursor] == ", ":
        for m in _TITLE.finditer(text, max(0, cursor - 120), cursor - 2):
            earlier = _title_at(text, m.start(), greedy_places=True)
            if earlier and earlier.end == cursor - 2:
                titles.insert(0, earlier.text)
                cursor = earlier.start
                break
        else:
            break
    return titles


def _with_joint_post(text: str, title: _Title) -> str:
    """The title with a post held jointly before it: "Chủ tịch kiêm Tổng giám đốc Intel" (the post before "kiêm"
    shares the body of the one after it)."""
    joint = title.start - len(" kiêm ")
    if joint < 0 or text[joint:title.start] != " kiêm ":
        return title.text
    for m in _TITLE.finditer(text, max(0, joint - 40), joint):
        if m.end() == joint and (m.start() == 0 or not text[m.start() - 1].isalnum()):
            return f"{' '.join(m.group(0).split())} kiêm {title.text}"
    return title.text


def _given_names_only(name: str) -> bool:
    """Two Vietnamese syllables that do not start with a family name: given names ("Hữu Thắng", "Xuân Phúc")."""
    words = name.split()
    return len(words) == 2 and words[0] not in SURNAMES and all(is_vietnamese_syllable(w) for w in words) \
        and not name.isascii()


def _ends_with(full: str, short: str) -> bool:
    """Whether ``short``'s words end ``full``'s longer run of words ("Putin", "Tayyip Erdogan", "Hữu Thắng")."""
    a, b = full.split(), short.split()
    return len(a) > len(b) and a[-len(b):] == b


def _resolve_short(found: dict[str, list[str]], short: list[tuple[str, list[str]]],
                   named: list[str]) -> list[tuple[str, str]]:
    """Give a short reference's titles to the one full name ending with it ("ông Hiến" → Đỗ Mạnh Hiến), and
    fold names that end one other name into it ("Trump" → "Donald Trump"); when no titled name ends with it,
    the one full name the article writes without a title (``named``: a title given only in the headline or
    earlier, "Thủ tướng Phúc" beside "ông Nguyễn Xuân Phúc"). Return the folded (full, short)."""
    folded = []
    for name in sorted(found, key=lambda n: len(n.split())):
        owners = [full for full in found if _ends_with(full, name)] or [
            n for n in named if " " not in name and _ends_with(n, name)]
        if len(owners) == 1:
            _add(found, owners[0], found.pop(name))
            folded.append((owners[0], name))
    for given, titles in short:
        given = normalize_name(given)
        owners = [name for name in found if _ends_with(name, given)] or [n for n in named if _ends_with(n, given)]
        if len(owners) == 1:
            _add(found, owners[0], titles)
    return folded


def _named(text: str) -> list[str]:
    """The full names the article writes (Vietnamese, or two to four foreign words), with or without a title."""
    names = {}
    for m in _ANY_FULL_NAME.finditer(text):
        words = m.group(0).split()
        if (words[0] in SURNAMES or not all(map(is_vietnamese_syllable, words))) \
                and not any(_NOT_NAME_WORD.fullmatch(w) for w in words):
            names[normalize_name(m.group(0))] = None
    return list(names)


def _most_specific(titles: list[str]) -> list[str]:
    """Drop a title that another title of the same person extends ("Bộ trưởng" beside "Bộ trưởng Bộ Y tế")."""
    return [t for t in titles if not any(o != t and o.startswith(t + " ") for o in titles)]
