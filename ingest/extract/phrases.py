"""Scanning the words after an organization head or a position word: "Ban Dân vận Thành ủy", "Chủ tịch UBND
tỉnh Quảng Nam", "Bộ trưởng Quốc phòng Philippines".

A body is a run of known body words (case-insensitive, "nhân dân", "tài chính", …), level words ("tỉnh",
"thành phố", "TP"), known places, and capitalized tokens, separated by single spaces. It stops at punctuation,
at an unknown lower-case word, at an honorific, and (unless told to read places greedily) where a person's name
starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index import is_vietnamese_syllable

from .lexicon import (ALWAYS_LOWER_BODY, BODY_WORDS, COUNTRIES, FOREIGN_PLACES, FUNCTION_SYLLABLE_WORDS,
                      FUNCTION_WORDS, HONORIFICS, LEGAL_FORMS, LEVEL_WORDS, ORG_HEADS, PROVINCES, SCHOOL_TYPES,
                      SENTENCE_STARTERS, SURNAMES, VERB_LIKE_BODY, VERB_STARTS, phrase_pattern)

_UPPER = "".join(sorted({c for c in map(chr, [*range(0x41, 0x250), *range(0x1E00, 0x1F00)]) if c.isupper()}))
_LOWER = "".join(sorted({c for c in map(chr, [*range(0x61, 0x250), *range(0x1E00, 0x1F00)]) if c.islower()}))
UPPER_CLASS = f"[{_UPPER}]"
LOWER_CLASS = f"[{_LOWER}]"
# A capitalized syllable of a Vietnamese name: "Nguyễn", "Phước", "A".
CAP_SYLLABLE = f"{UPPER_CLASS}{LOWER_CLASS}*(?![\\w&])"
_SURNAME = phrase_pattern(SURNAMES).pattern
# A Vietnamese full name: family name plus one to three capitalized syllables.
VIETNAMESE_NAME = f"{_SURNAME}(?:[ ]{CAP_SYLLABLE}){{1,3}}(?![ ]{UPPER_CLASS}{LOWER_CLASS}*(?![\\w&]))"
_NAME_START = re.compile(f"{_SURNAME}[ ]{UPPER_CLASS}")

_BODY_WORD = phrase_pattern(BODY_WORDS + ORG_HEADS + ("Uỷ ban", "Ủy Ban", "Uỷ Ban",
                                                      "thành ủy", "tỉnh ủy", "huyện ủy", "quận ủy", "thị ủy", "đảng ủy",
                                          "thành uỷ", "tỉnh uỷ", "huyện uỷ", "quận uỷ", "thị uỷ", "đảng uỷ"),
                            ignore_case=True)
_LEVEL = phrase_pattern(LEVEL_WORDS)
_LEVEL_TP = re.compile(r"(?:TP|Tp)\.(?=\w)")          # "TP.HCM", "TP.Hà Nội"
_PROVINCE = phrase_pattern(PROVINCES + FOREIGN_PLACES + ("TP.HCM", "TPHCM", "TP HCM", "TP. HCM", "TP. Hồ Chí Minh"))
_COUNTRY = phrase_pattern(COUNTRIES)
_HONORIFIC = phrase_pattern(HONORIFICS)
_CONNECTOR = re.compile(r"(?:và|&)[ ]")
_CAP_TOKEN = re.compile(f"{UPPER_CLASS}" + r"[\w]*(?:[&.\-]\w+)*")
# Lower-case syllables ending a capitalized word: up to two when a capitalized word, "và", a level word or
# punctuation follows ("Viện Nghiên cứu Kinh tế", "Công ty Đầu tư và Phát triển", "Cục Thú y,"), else one
# that is neither a function word nor the start of a verb ("Viện Y học cổ truyền", not "Bộ Y yêu cầu").
_WORD_TAIL = re.compile(f"((?:[ ]{LOWER_CLASS}+){{1,2}})"
                        f"(?=[ ](?:và[ ])?{UPPER_CLASS}|[ ](?:tỉnh|thành phố|huyện|quận|xã|phường)[ ]|[,.;:)]|$)")
_SYLLABLE_WORD = re.compile(f"{UPPER_CLASS}{LOWER_CLASS}*")
_ONE_SYLLABLE = re.compile(f"[ ]({LOWER_CLASS}+)(?![\\w&])")
_NUMBERED_PLACE = re.compile(r"[ ]\d{1,2}(?![\d\w]|[.,]\d)")
_CAP_RUN = re.compile(f"{CAP_SYLLABLE}(?:[ ]{CAP_SYLLABLE})*")
_SCHOOL_KIND_BEFORE = re.compile(f"(?:{phrase_pattern(SCHOOL_TYPES).pattern})[ ]\\Z")
_MAX_WORDS = 12
_HEADS_LOWER = frozenset(h.lower() for h in ORG_HEADS)
_SCHOOL_ABBREVIATIONS = frozenset({"ĐH", "CĐ", "THPT", "THCS", "PTTH", "PTCS"})
_LEVEL_WORDS = frozenset(w.lower() for w in LEVEL_WORDS)

__all__ = ["Body", "scan_body", "UPPER_CLASS", "LOWER_CLASS", "CAP_SYLLABLE", "VIETNAMESE_NAME", "starts_name"]


@dataclass(frozen=True)
class Body:
    """The end of a scanned body and what it ended with."""

    end: int
    words: int
    country: bool             # the body named a country (a foreign name may follow)
    proper: bool              # the body named a place or a proper noun (not only generic body words)


def starts_name(text: str, pos: int) -> bool:
    """Whether a Vietnamese full name (family name + capitalized syllable) starts at ``pos``."""
    return _NAME_START.match(text, pos) is not None


def _tail_is_name(word: str, syllables: list[str]) -> bool:
    """Whether lower-case ``syllables`` after the capitalized ``word`` go on with its name: no verb start
    first, and no function word unless it ends a word with the syllable before it ("Thống nhất", "Tự do")."""
    if syllables[0] in VERB_STARTS:
        return False
    before = [word.lower(), *syllables]
    return all(s not in FUNCTION_WORDS or f"{b} {s}" in FUNCTION_SYLLABLE_WORDS for b, s in zip(before, syllables))


def _word_tail_end(text: str, i: int, word: str) -> int:
    """Where the capitalized ``word`` ending at ``i`` really ends, with its lower-case syllables (see _WORD_TAIL)."""
    tail = _WORD_TAIL.match(text, i)
    if tail and _tail_is_name(word, tail.group(1).split()):
        return tail.end()
    one = _ONE_SYLLABLE.match(text, i)
    if one and _tail_is_name(word, [one.group(1)]):
        return one.end()
    return i


def scan_body(text: str, pos: int, *, lowercase_first: bool = True, greedy_places: bool = False,
              place_first: bool = False, named_after_people: bool = False) -> Body:
    """Read a body starting after a single space at ``pos``; see the module docstring.

    ``greedy_places``: after a level word ("phường", "huyện") the next capitalized words are the place even
    when they look like a person's name ("phường Phạm Ngũ Lão"); ``place_first``: the body starts with a
    place ("Tỉnh ủy Hồ Bắc"); ``named_after_people``: a person's name right after the head or a school type is
    the body's name ("Bệnh viện Từ Dũ", "Trường Tiểu học Phan Chu Trinh").
    """
    end, words, country, proper = pos, 0, False, False
    i = pos
    glued = False                        # the previous word was "TP." written against the next one
    lowercase_ok = lowercase_first       # a lower-case body word may come next
    place_slots = 3 if place_first else 0
    # The previous word was an abbreviation: a school type ("ĐH", "THCS": a person's name may follow as
    # the school's name) or another one ("VCCI", "CLB": only inside organization names).
    abbreviation: str | bool = False
    proper_run = False                   # inside a proper name: "Đức" in "Tôn Đức Thắng" is not Germany
    named_school = False                 # that name follows a school type: "THCS Phan Chu Trinh"
    while words < _MAX_WORDS:
        if glued:
            j = i
        elif i < len(text) and text[i] == " ":
            j = i + 1
        else:
            break
        glued = False
        if words:
            c = _CONNECTOR.match(text, j)
            joined = c and _BODY_WORD.match(text, c.end())
            if joined and joined.group(0).lower() not in _HEADS_LOWER:
                j = c.end()              # "Sở Văn hóa và Thể thao": "và" joins two field words, not two bodies
        place = None if proper_run else (_PROVINCE.match(text, j) or _COUNTRY.match(text, j))
        place_name = place is not None and place.re is _COUNTRY and _opens_place_name(text, place)
        if place_name:                   # "Trung tâm Y tế Anh Sơn", "Bệnh viện Mỹ Đức": a place, not England
            place, place_slots = None, 2
        if place:                        # a province or city, or a country (a foreign name may follow it)
            i = end = place.end()
            country = country or place.re is _COUNTRY
            words, place_slots, lowercase_ok, proper = words + 1, 0, False, True
            abbreviation = proper_run = False
            continue
        m = _LEVEL_TP.match(text, j) or _LEVEL.match(text, j)
        word = _BODY_WORD.match(text, j)
        if m and not (word and word.end() > m.end()):
            i = end = m.end()
            numbered = _NUMBERED_PLACE.match(text, i) if m.group(0).lower() in ("quận", "phường") else None
            if numbered:                 # "Công an quận 1", "UBND phường 12": the city's numbered districts
                i = end = numbered.end()
                words, lowercase_ok, abbreviation, proper_run, proper = words + 1, False, False, False, True
                place_slots = 0
                continue
            glued = m.group(0).endswith(".") and i < len(text) and text[i] != " "
            words, lowercase_ok, abbreviation, proper_run = words + 1, False, False, False
            place_slots = 3 if greedy_places else 0
            continue
        if word and _body_word_allowed(word.group(0), text[j].isupper(), lowercase_ok, words):
            i = end = word.end()
            words, lowercase_ok, abbreviation, proper_run = words + 1, False, False, False
            continue
        m = _CAP_TOKEN.match(text, j)
        if not m:
            break
        if named_after_people and starts_name(text, j) and (
                words == 0 or _SCHOOL_KIND_BEFORE.search(text, max(0, j - 20), j) is not None):
            i = end = _person_name_end(text, j)     # "Bệnh viện Từ Dũ", "Trường Tiểu học Phan Chu Trinh"
            words, lowercase_ok, abbreviation, proper_run, proper = words + 1, False, False, False, True
            continue
        in_place = place_slots > 0
        if place_slots:
            if place_slots < 3 and starts_name(text, j):
                break                    # "tỉnh Đăk Lăk Nguyễn Văn Lạng": the place ended
            place_slots -= 1
        elif not place_name and (_HONORIFIC.match(text, j) or country or m.group(0) in SENTENCE_STARTERS):
            break                        # "… Công an TP Hà Nội Chiều 10/3 …": a new clause, not the name
        elif starts_name(text, j) and not (proper_run and named_school):
            if not (abbreviation == "school" or (abbreviation and greedy_places)):
                break
        named_school = abbreviation == "school" or (named_school and proper_run)
        if text.startswith(":", m.end()) or text.startswith(":", _word_tail_end(text, m.end(), m.group(0))):
            break                        # "Gửi tới: Ban Văn hóa, Tiêu đề: …": a label, not part of a name
        i = end = m.end()
        token = m.group(0)
        proper_run = not token.isupper()
        proper = proper or token not in LEGAL_FORMS
        abbreviation = "school" if token in _SCHOOL_ABBREVIATIONS else token.isupper() and len(token) > 1
        words, lowercase_ok = words + 1, False
        following = _BODY_WORD.match(text, i + 1)
        if not in_place and _SYLLABLE_WORD.fullmatch(token) and not _foreign(token) and not (
                following and _body_word_allowed(following.group(0), text[i + 1].isupper(), False, words)):
            tail_end = _word_tail_end(text, i, token)
            if tail_end > i:             # a sentence-case name goes on in lower case: "Cục Xúc tiến thương mại"
                lowercase_ok, proper_run = True, False
            i = end = tail_end
    return Body(end, words, country, proper)


def _opens_place_name(text: str, country: re.Match[str]) -> bool:
    """Whether a one-syllable country word ("Anh", "Mỹ", "Nga") opens a Vietnamese place name instead: a
    capitalized Vietnamese syllable follows that starts no person's name, place, clause or body, and no foreign
    name goes on after it ("Liên quân Mỹ Dan Caine")."""
    after = country.end() + 1
    nxt = _SYLLABLE_WORD.match(text, after) if text.startswith(" ", country.end()) else None
    if not is_vietnamese_syllable(country.group(0)) or not nxt or not is_vietnamese_syllable(word := nxt.group(0)) \
            or text[nxt.end():nxt.end() + 1].isalnum():
        return False
    later = _CAP_TOKEN.match(text, nxt.end() + 1) if text.startswith(" ", nxt.end()) else None
    return not (word in SURNAMES or word in SENTENCE_STARTERS or _HONORIFIC.match(text, after)
                or _PROVINCE.match(text, after) or _COUNTRY.match(text, after) or _BODY_WORD.match(text, after)
                or later and _foreign(later.group(0)))


def _person_name_end(text: str, pos: int) -> int:
    """Where the person's name that names a body ends: its capitalized words up to a place or level word
    ("Trường Đại học Nông Lâm Thành phố Hồ Chí Minh"), at most four; in a longer run the name ends where the
    last full name starts ("Bệnh viện Bạch Mai Nguyễn Quang Tuấn": the director)."""
    words = _CAP_RUN.match(text, pos).group(0).split()
    at = pos
    for k, word in enumerate(words):
        if k and (_PROVINCE.match(text, at) or _LEVEL.match(text, at)):
            words = words[:k]
            break
        at += len(word) + 1
    if len(words) > 4:
        later = [k for k in range(1, len(words) - 1) if words[k] in SURNAMES]
        words = words[:later[-1]] if later else words[:4]
    return pos + len(" ".join(words))


def _foreign(word: str) -> bool:
    """Whether a capitalized word is foreign: Latin letters that no Vietnamese syllable spells ("Guardian",
    "Trump"); a Vietnamese sentence-case name never goes on in lower case after one ("Tập đoàn Trump cáo buộc")."""
    return word.isascii() and not is_vietnamese_syllable(word)


def _body_word_allowed(word: str, capitalized: bool, lowercase_ok: bool, words: int) -> bool:
    """A body word continues the body when capitalized, always-lower-case, a level, or a lower-case field
    word of two or more syllables that is neither a verb nor a head word ("Bộ Kinh tế đối ngoại", not
    "Bộ Y tế tổ chức" or "Thành ủy báo cáo")."""
    lowered = word.lower()
    if capitalized or lowercase_ok or lowered in ALWAYS_LOWER_BODY or lowered.split()[0] in _LEVEL_WORDS:
        return True
    return words > 0 and " " in lowered and lowered not in VERB_LIKE_BODY and lowered not in _HEADS_LOWER
