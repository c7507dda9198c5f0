"""Officials: named people holding a position, with the titles the article gives them.

Two introductions are read (research notes §6):

* name first – "đồng chí Nguyễn Phước Lộc, Phó Trưởng Ban Dân vận Trung ương, Phó Trưởng Ban …",
  "ông Đỗ Mạnh Hiến - Phó Bí thư Thường trực Thành ủy", "ông Vũ Xuân Sáng (Giám đốc Sở …)";
* title first – "Chủ tịch UBND tỉnh Quảng Nam Lê Trí Thanh", "Tổng Bí thư, Chủ tịch nước Nguyễn Phú Trọng",
  "Tổng thống Mỹ Donald Trump".

A short later reference with a title ("ông Hiến, Phó Bí thư …") adds its title to the one full name of the
article that ends with that given name. Names are normalized (NFC, canonical tones, capitalization).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index import Official, normalize_text

from .lexicon import (BODY_WORDS, COUNTRIES, FOREIGN_PLACES, HONORIFICS, ORG_HEADS, PROVINCES, RANKS,
                      TITLE_PREFIXES, TITLE_WORDS, phrase_pattern)
from .phrases import CAP_SYLLABLE, LOWER_CLASS, VIETNAMESE_NAME, scan_body

_STANDALONE = frozenset({"tổng bí thư", "chủ tịch nước", "thủ tướng", "thủ tướng chính phủ", "tổng thống",
                         "bộ trưởng", "thứ trưởng", "chủ tịch", "bí thư", "ngoại trưởng", "thị trưởng",
                         "giám đốc", "tổng giám đốc", "chánh án", "viện trưởng", "hiệu trưởng", "đại sứ",
                         "thủ trưởng", "đại biểu quốc hội", "đbqh", "thống đốc", "quốc vương", "người phát ngôn",
                         "tổng thư ký", "chủ nhiệm", "cục trưởng", "vụ trưởng", "tư lệnh", "chính ủy",
                         "tổng biên tập", "thượng nghị sĩ", "hạ nghị sĩ", "nghị sĩ", "tổng kiểm toán nhà nước",
                         "nhà lãnh đạo", "người đứng đầu", *(rank.lower() for rank in RANKS)})
# Posts after which capitalized words with no organization are the holder's name ("Thủ tướng Junichiro
# Koizumi"); after business posts they are more often the company ("Giám đốc Thai Airways").
_NAME_AFTER = _STANDALONE - {"giám đốc", "tổng giám đốc", "hiệu trưởng", "tổng biên tập", "chủ nhiệm",
                             "cục trưởng", "vụ trưởng", "viện trưởng", "chánh án"}


def _title_forms() -> list[str]:
    forms = set()
    for word in TITLE_WORDS:
        variants = {word} if word == "Trưởng" else {word, word.lower(), word[0].lower() + word[1:]}
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
_HONORED_NAME = re.compile(f"{_HONORIFIC}[ ](?P<name>{_ANY_NAME}){_SEPARATOR}")
_FULL_NAME = re.compile(f"(?P<name>{VIETNAMESE_NAME}){_SEPARATOR}")
_CHAIN_SEP = re.compile(r"\s*(?:,?\s*giữ chức(?: vụ)?|,|;?\s*kiêm|,?\s*đồng thời là)\s*")
# A foreign name after a country: ASCII words ("George W Bush", "Jong-un") or Sino-Vietnamese syllables
# ("Tập Cận Bình"), not a mix ("Sergei Shoigu Hãng" stops before "Hãng").
_ASCII_WORD = r"[A-Z](?:[a-z'’-][A-Za-z'’-]*|\.)?"              # "George", "O'Neil", "W", "W."
_FOREIGN_NAMES = (re.compile(f"{_ASCII_WORD}(?:[ ]{_ASCII_WORD}){{0,3}}(?![\\w])"),
                  re.compile(f"{CAP_SYLLABLE}(?:[ ]{CAP_SYLLABLE}){{0,3}}"))
# A name right after a bare position word ("Thủ tướng Junichiro Koizumi", "Chủ tịch Mao Trạch Đông"):
# two to four capitalized words followed by punctuation or a lower-case word.
_BARE_NAME = re.compile(f"[ ]((?:{_ASCII_WORD}|{CAP_SYLLABLE})(?:[ ](?:{_ASCII_WORD}|{CAP_SYLLABLE})){{1,3}})"
                        f"(?=[,.;:!?)“”\"]|[ ]{LOWER_CLASS}|$)")
_NOT_NAME_WORD = phrase_pattern(ORG_HEADS + BODY_WORDS + COUNTRIES + PROVINCES + FOREIGN_PLACES, ignore_case=True)
_AND_NAME = re.compile(f"[ ]và[ ](?:ông|bà)[ ]({VIETNAMESE_NAME})")
_NOT_PEOPLE = phrase_pattern(PROVINCES + COUNTRIES + FOREIGN_PLACES)
# The name after a title-first title: "Chủ tịch UBND tỉnh Lê Văn A", "… là ông Lê Văn A", "…, ông Lê Văn A".
_AFTER_TITLE = re.compile(f"[ ](?:là[ ])?(?:(?:{_HONORIFIC})[ ])?(?=({VIETNAMESE_NAME}))"
                          f"|,[ ](?:ông|bà|đồng chí)[ ](?=({VIETNAMESE_NAME}))")
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
    body = scan_body(text, m.end(), lowercase_first=True, greedy_places=greedy_places)
    if not body.words and not _stands_alone(m.group(0)):
        return None
    end = max(body.end, m.end())
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


def _add(found: dict[str, list[str]], name: str, titles: list[str]) -> None:
    if _NOT_PEOPLE.fullmatch(name):
        return                              # "Hà Nội" after a title is a place, not a person
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
        """The officials, each title that another of theirs extends dropped."""
        return tuple(Official(name, tuple(_most_specific(titles))) for name, titles in self.found.items())


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
    named = sorted([*_HONORED_NAME.finditer(text), *_FULL_NAME.finditer(text)], key=lambda m: m.start())
    for m in named:
        closing = ")" if "(" in m.group("sep") else None
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
    for m in _TITLE.finditer(text):
        if m.start() in chains:
            continue
        bare = _bare_name(text, m)
        if bare:
            if not inside_a_title(m.end() + 1):
                _add(found, bare, [" ".join(m.group(0).split())])
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
        if not after:
            if not inside_a_title(title.start):       # a later title of a name-first chain is that name's
                bare_titles.append(title.text)
        else:
            name = after.group(1) or after.group(2)
            titles = _preceding(text, title) + [title.text]
            _add(found, name, titles)
            also = _AND_NAME.match(text, after.end() + len(name))
            if also:                            # "… là ông Đỗ Thắng Hải và ông Cao Quốc Hưng"
                _add(found, also.group(1), titles)
    forms = _resolve_short(found, short)
    return Scan(found, forms, bare_titles)


def _foreign_name(text: str, pos: int) -> str | None:
    """The longest foreign name (ASCII words or Sino-Vietnamese syllables) after a space at ``pos``."""
    if text[pos:pos + 1] != " ":
        return None
    ascii_name, syllables = (pattern.match(text, pos + 1) for pattern in _FOREIGN_NAMES)
    m = ascii_name if ascii_name and " " in ascii_name.group(0) or not syllables else syllables
    return m.group(0) if m and not m.group(0).isupper() else None


def _stands_alone(title_word: str, posts: frozenset[str] = _STANDALONE) -> bool:
    """Whether a position word names one of ``posts`` without an organization ("Thủ tướng", "nguyên Bộ
    trưởng")."""
    words = title_word.lower().split()
    return " ".join(words) in posts or " ".join(words[-2:]) in posts or words[-1] in posts


def _bare_name(text: str, title: re.Match[str]) -> str | None:
    """A name written right after a position word that stands alone ("Thủ tướng Junichiro Koizumi")."""
    if not _stands_alone(title.group(0), _NAME_AFTER):
        return None
    m = _BARE_NAME.match(text, title.end())
    if not m or any(_NOT_NAME_WORD.fullmatch(w) for w in m.group(1).split()) or _NOT_NAME_WORD.search(m.group(1)):
        return None
    name = m.group(1)
    return name if not name.isupper() else None


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


def _resolve_short(found: dict[str, list[str]], short: list[tuple[str, list[str]]]) -> list[tuple[str, str]]:
    """Give a short reference's titles to the one full name ending with it ("ông Hiến" → Đỗ Mạnh Hiến), and
    fold one-word names into such a full name ("Trump" → "Donald Trump"); return the folded (full, one-word)."""
    folded = []
    for name in [n for n in found if " " not in n]:
        owners = [full for full in found if full != name and full.split()[-1] == name]
        if len(owners) == 1:
            _add(found, owners[0], found.pop(name))
            folded.append((owners[0], name))
    for given, titles in short:
        owners = [name for name in found if name.split()[-1] == normalize_name(given)]
        if len(owners) == 1:
            _add(found, owners[0], titles)
    return folded


def _most_specific(titles: list[str]) -> list[str]:
    """Drop a title that another title of the same person extends ("Bộ trưởng" beside "Bộ trưởng Bộ Y tế")."""
    return [t for t in titles if not any(o != t and o.startswith(t + " ") for o in titles)]
