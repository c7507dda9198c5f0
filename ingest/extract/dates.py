"""Publication dates: from the source record, else from the article text, with the evidence that gave them.

Order of evidence (``published_how``, and ``evidence`` shown beside the date):

* ``"source"`` – the reader already set ``published`` (in Vietnam time, see ``ingest.readers.timestamps``:
  a UTC stamp late in the evening is the next Vietnam day); the evidence is the record's field and value;
* ``"text"`` – a full date in a dateline ("Thứ hai, 8/6/2010 10:30") or as the lead's day ("Ngày 8/6/2010, …",
  "ngày 3 – 4/6/2016", "ngày 8 tháng 3 năm 2010"); the evidence is that snippet. A lead date that opens a
  flashback (the text goes on to name a year two or more later) is not the article's;
* ``"inferred"`` – the lead gives day and month only ("Chiều 3/12, …", "sáng nay (19-5)", "ngày 30.5") and the
  year comes from, in this order: a full date a few days around it ("… đến 24 giờ ngày 1-4-2006"); the latest
  concrete date the article mentions (e.g. "(2010 - 6/2021)") when it falls shortly before, or a date announced
  for later that year ("… sẽ khai thác tháng 12/2016"); else a year stated on its own ("mùa thi 2006", "Năm
  2006", "năm học 2006-2007", "(2006)"), see ``_stated_year``. Dates given as a reference ("từ ngày …", "hồi
  tháng 3/2016", "so với tháng 2 năm 2005") never count, and a year older than one the text names as past is
  refused. A weekday in the lead ("20h thứ Năm 2/1") moves the year to the neighbouring one it fits. The
  evidence is the lead and the year's snippet: "Chiều 3/12 + năm 2006" (+ " → 2007" when the weekday moved it).

The lead is the first two sentences of each of the first three paragraphs (within ``_LEAD_REACH``): an
expression saying "today" ("hôm nay (8/3)", "sáng nay") wins, else the first day named there; with none
there, the headline's day ("Tin vắn sáng 7/2").
Dates are day first (dd/mm/yyyy). Nothing found means ``NO_DATE``: undated, never the ingest date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import NamedTuple

from ingest.readers.timestamps import VN_TZ

__all__ = ["NO_DATE", "VN_TZ", "DateFinding", "date_from_text", "resolve_published"]


class DateFinding(NamedTuple):
    """A date, how it was obtained and what gave it (all None when there is no date)."""

    published: datetime | None
    how: str | None
    evidence: str | None


NO_DATE = DateFinding(None, None, None)

_LEAD_WINDOW = 320          # characters of a paragraph searched for the lead's event date
_LEAD_REACH = 560           # ... and of the body: a day named later is background, not the lead's
_DATELINE_WINDOW = 240      # characters at the start and end searched for a dateline
_MIN_YEAR, _MAX_YEAR = 1945, 2100
# An implied year needs a dated mention at most this many months before the event; a period that ends
# in that month ("2010 - 6/2021", reporting up to the present) may be up to half a year older.
_MAX_GAP_MONTHS = 2
_MAX_GAP_PERIOD_END = 6
_SNIPPET = 40               # longest evidence snippet kept from the text

_WEEKDAY = r"(?:[Tt]hứ\s+(?:[Hh]ai|[Bb]a|[Tt]ư|[Nn]ăm|[Ss]áu|[Bb]ảy|2|3|4|5|6|7)|[Cc]hủ\s+[Nn]hật|T[2-7]|CN)"
_DMY = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
_TIME = r"(?:[,\s-]*(?:lúc\s*)?(\d{1,2})\s*[:hg]\s*(\d{2}))?"

# "Thứ hai, 08/06/2010 - 10:30" / "Chủ nhật, ngày 8/6/2010"
_DATELINE = re.compile(_WEEKDAY + r"\s*,?\s*(?:ngày\s+)?" + _DMY + _TIME)
# "10:30 08/06/2010" / "08/06/2010 10:30" style stamps (time adjacent to a full date)
_STAMP = re.compile(r"(?<![\d/])" + _DMY + r"\s*[-|,]?\s*(\d{1,2})\s*[:h]\s*(\d{2})(?!\d)")

_PART_OF_DAY = (r"(?:rạng\s+sáng|sáng\s+sớm|sáng|trưa|chiều\s+tối|chiều|tối|đêm|ngày|hôm\s+nay|hôm\s+qua"
                r"|tối\s+hôm\s+qua|hôm|cuối\s+ngày)")
# The lead's day: "Chiều 3/12," / "sáng nay (10/4)" / "Ngày 8/6/2010," / "Tối qua 5-6" / "Hôm qua, 2-10" /
# "15h chiều 2/1" / "ngày 30.5" / "chiều thứ bảy 6/8/2005" / "từ ngày 21 đến 24/12" and "ngày 3 – 4/6/2016" (a range:
# its first day) / "ngày 8 tháng 3 năm 2010". Groups: cue, then day, month, year of the numeric or of the written form.
_LEAD_EVENT = re.compile(
    r"(?<!\w)(?P<cue>(?:khoảng\s+)?(?:\d{1,2}\s*[hg]\s*\d{0,2}\s+)?(?:" + _PART_OF_DAY
    + r"(?:\s+(?:nay|qua|mai))?(?:\s+" + _WEEKDAY + r")?|" + _WEEKDAY + r"))\s*,?\s*\(?\s*(?:ngày\s+)?"
    r"(?:(\d{1,2})(?:\s*(?:[-–]|đến|và)\s*(?:ngày\s+)?\d{1,2})?\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?"
    r"|(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s*(?:năm\s+|,\s*)(\d{4}))?)(?![\d/])",
    re.IGNORECASE,
)
# A "ngày …" that dates a document ("Chỉ thị số 43-CT/TW ngày 8/6/2010", "Thông tư 36/2014/TT-NHNN ngày …").
_DOCUMENT_BEFORE = re.compile(r"(?:\bsố\s+[\w/.-]+|\d+/[\w/.-]+)\s*$", re.IGNORECASE)
# The weekday a lead names ("20h thứ Năm 2/1"), Monday = 0: it settles which of neighbouring years is meant.
_WEEKDAY_NUMBER = {"hai": 0, "2": 0, "ba": 1, "3": 1, "tư": 2, "4": 2, "năm": 3, "5": 3, "sáu": 4, "6": 4,
                   "bảy": 5, "7": 5}
_WEEKDAY_WORD = re.compile(r"\b(?:thứ\s+(hai|ba|tư|năm|sáu|bảy|[2-7])|t([2-7])|(chủ\s+nhật|cn))\b", re.IGNORECASE)
_BARE_CUE = re.compile(r"ngày|hôm", re.IGNORECASE)
_CLAUSE_START = ".,;:(-–—\n"
_COMING = re.compile(r"\s*tới\b", re.IGNORECASE)
_TODAY = re.compile(r"\bnay\b", re.IGNORECASE)
_LEAD_PARAGRAPHS = 3        # paragraphs searched for the lead's day, the first two sentences of each
_LEAD_SENTENCES = 2
_EPOCH_DAY = (1970, 1, 1)   # a template's empty timestamp ("08:00 01/01/1970"), never a publication date

_SENTENCE_END = re.compile(r"[.!?…](?=\s+[A-ZÀ-ỸĐ\"“])")

# Concrete month-and-year dates the article mentions: "6/2021", "3/12/2021", "10-2005", "1.6.2017", "tháng 8.2006",
# "tháng 6 năm 2021". Groups: period start ("2010 - "), day, month, year; or month, year of the written form.
_CONCRETE_DATE = re.compile(
    r"(\d{4}\s*[-–]\s*)?(?<![\d/.-])(?:(\d{1,2})\s*[/.-]\s*)?(\d{1,2})\s*[/.-]\s*(\d{4})(?![\d/]|[.,]\d)"
    r"|tháng\s+(\d{1,2})\s*(?:năm|/)\s*(\d{4})"
)
# A year introduced as a target ("đến năm 2030", "tầm nhìn 2045") is not evidence of when the text was written.
_SCHEDULED_CUE = re.compile(r"(?:sẽ|dự kiến|sắp)[^.;\n]{0,40}$", re.IGNORECASE)
_FUTURE_CUE = re.compile(r"(?:đến|tới|hết|tầm nhìn|trước|giai đoạn|kế hoạch|mục tiêu)[^.;\n]{0,25}$", re.IGNORECASE)
# A date given as a point of reference is no evidence of the present year: "nghỉ việc từ ngày 23-9-2016", "hồi tháng
# 3/2016", "so với tháng 2 năm 2005", "cùng kỳ năm 2005".
_REFERENCE_CUE = re.compile(r"(?:\btừ|kể từ|\bhồi|cách đây|\btừng|so với|cùng kỳ)[^.;\n]{0,16}$", re.IGNORECASE)
# A full date this close after the lead's day, whatever the cue, is in the lead's year ("ngày 28-3 … đến 24 giờ ngày
# 1-4-2006"); one this close before it too ("ngày 18-5-2004 … sáng nay (19-5)").
_NEAR_AFTER_DAYS = 45
_NEAR_BEFORE_DAYS = 14

# A year on its own: "năm 2006", "mùa thi 2006", "(2006)", "năm học 2006-2007", "Cúp Báo Thanh Niên 2005".
_YEAR = re.compile(r"(?<![\d/.,-])(19[4-9]\d|20\d\d)(?:\s*[-–/]\s*(\d{4}|\d{2}))?(?![\d/]|[.,]\d)")
# Cues read in the 30 characters before a year (searched with pos/endpos, so ^ is the text's own start).
_BIRTH_CUE = re.compile(r"(?:sinh|SN|s\.n\.?|năm sinh)\s*(?:năm\s*|ngày\s*)?$", re.IGNORECASE)
_HISTORY_CUE = re.compile(r"(?:\btừ|\bhồi|kể từ|\btrước|cách đây|\bvào|\btừng|thành lập|ra đời)[^.;\n]{0,12}$",
                          re.IGNORECASE)
_YEAR_FUTURE_CUE = re.compile(r"(?:sẽ|dự kiến|sắp)[^.;\n]{0,40}$|(?:đến|tới|tầm nhìn|kế hoạch|mục tiêu)[^.;\n]{0,12}$",
                              re.IGNORECASE)
# A year in a person's title is when the title was won: "Hoa hậu Thổ Nhĩ Kỳ 2006", "Á hậu 1 Hoa hậu Việt Nam 2016".
_TITLE_CUE = re.compile(r"(?:hoa hậu|á hậu|hoa khôi|người đẹp|nam vương|miss|quán quân)[^.;,\n]{0,25}$", re.IGNORECASE)
_FUTURE_AFTER = re.compile(r"[^.;\n]{0,20}?(?:năm sau|năm tới|sắp tới)", re.IGNORECASE)
# A year named as the present one: its season, school year, exam season, "trong năm 2006", "Năm 2006, …".
_CURRENT_CUE = re.compile(r"(?:mùa thi|mùa giải(?: mới)?|mùa bóng|mùa tuyển sinh|năm học|niên khóa|niên khoá|kỳ thi"
                          r"|trong năm|năm nay|tháng (?:đầu|cuối) năm|quý\s+[IV1-4]+\s+năm"
                          r"|(?:^|[.!?…\n]\s*)năm)\s*$", re.IGNORECASE)
_YEAR_WORD = re.compile(r"năm\s*$", re.IGNORECASE)     # kept in a bare year's snippet: "năm 2005"
_SEASON_CUE = re.compile(r"(?:năm học|niên khóa|niên khoá|mùa giải|mùa bóng)\s*$", re.IGNORECASE)
_CUE_WINDOW = 30
_NEAR_LEAD = 200            # characters around the lead within which a year stated on its own counts
_FIRST_HALF_MONTHS = 7      # a school year / season "2006-2007" is its first year from August on


def _make(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime | None:
    if not _MIN_YEAR <= year <= _MAX_YEAR or (year, month, day) == _EPOCH_DAY:
        return None
    try:
        return datetime(year, month, day, hour, minute, tzinfo=VN_TZ)
    except ValueError:
        return None


def _snippet(text: str) -> str:
    text = " ".join(text.strip(" ,;:(.!?…\n").split())
    if text.count("(") > text.count(")"):
        text += ")"                                     # "Hôm nay (8/3" -> "Hôm nay (8/3)"
    return text if len(text) <= _SNIPPET else text[:_SNIPPET].rstrip() + "…"


def _first_full_date(text: str) -> DateFinding | None:
    for pattern in (_DATELINE, _STAMP):
        for m in pattern.finditer(text):
            d, mo, y, hh, mm = m.groups()
            found = _make(int(y), int(mo), int(d), int(hh or 0), int(mm or 0))
            if found:
                return DateFinding(found, "text", _snippet(m.group(0)))
    return None


def _concrete_dates(text: str) -> Iterator[tuple[re.Match[str], int | None, int, int, bool]]:
    """Each concrete date of the text with a valid month and year: (match, day or None, month, year, ends a
    period such as "2010 - 6/2021")."""
    for m in _CONCRETE_DATE.finditer(text):
        if m.group(4):
            period_end, day, mo, year = m.group(1) is not None, m.group(2), m.group(3), m.group(4)
        else:
            period_end, day, mo, year = False, None, m.group(5), m.group(6)
        mo, year = int(mo), int(year)
        if 1 <= mo <= 12 and _MIN_YEAR <= year <= _MAX_YEAR:
            yield m, int(day) if day else None, mo, year, period_end


def _near_full_date_year(text: str, day: int, month: int) -> tuple[int, str] | None:
    """The year of a full date falling just after the lead's day (``_NEAR_AFTER_DAYS``) or just before it
    (``_NEAR_BEFORE_DAYS``) in that same year, unless given as a point of reference; with its snippet."""
    for m, d, mo, year, _ in _concrete_dates(text):
        lead, mentioned = _make(year, month, day), _make(year, mo, d) if d else None
        if lead is None or mentioned is None or _REFERENCE_CUE.search(text, max(0, m.start() - 30), m.start()):
            continue
        if -_NEAR_BEFORE_DAYS <= (mentioned - lead).days <= _NEAR_AFTER_DAYS:
            return year, _snippet(m.group(0))
    return None


def _implied_year(text: str, month: int) -> tuple[int, str] | None:
    """The year of the latest concrete date in the text, if that date falls shortly before ``month``, or of
    a date the text announces for later in that year; with the date's snippet.

    "Chiều 3/12" with "(2010 - 6/2021)" in the text implies 2021; a latest date of 8/2021 with an event
    in month 3 does not (the event could be in 2022), nor does a date months earlier (see ``_MAX_GAP_*``),
    nor one given as a point of reference ("hồi tháng 3/2016", "so với tháng 2/2005");
    "Ngày 1/6, … sẽ khai thác từ tháng 12/2016" implies 2016.
    """
    latest: tuple[int, int, bool, str] | None = None
    scheduled: dict[int, str] = {}       # years of dates announced as coming later in the same year
    for m, _, mo, year, period_end in _concrete_dates(text):
        if _SCHEDULED_CUE.search(text, max(0, m.start() - 45), m.start()) and mo >= month:
            scheduled.setdefault(year, _snippet(m.group(0)))
        window = max(0, m.start() - 40)
        if _FUTURE_CUE.search(text, window, m.start()) or _REFERENCE_CUE.search(text, window, m.start()):
            continue
        if latest is None or (year, mo) > latest[:2]:
            latest = (year, mo, period_end, _snippet(m.group(0)))
    if latest is None:
        return next(iter(scheduled.items())) if len(scheduled) == 1 else None
    year, latest_month, period_end, snippet = latest
    if month < latest_month and set(scheduled) == {year}:
        return year, scheduled[year]     # "Ngày 1/6, … sẽ khai thác từ tháng 12/2016": earlier that year
    allowed = _MAX_GAP_PERIOD_END if period_end else _MAX_GAP_MONTHS
    return (year, snippet) if 0 <= month - latest_month <= allowed else None


def _latest_concrete_year(text: str) -> int:
    """The latest year of a concrete date not announced for the future (0 when there is none)."""
    years = [year for m, _, _, year, _ in _concrete_dates(text)
             if not (_SCHEDULED_CUE.search(text, max(0, m.start() - 45), m.start())
                     or _FUTURE_CUE.search(text, max(0, m.start() - 40), m.start()))]
    return max(years, default=0)


def _year_mentions(text: str) -> Iterator[tuple[re.Match[str], bool]]:
    """Years on their own, each with whether it is announced for the future ("đến năm 2030"); birth years and
    titles won ("Hoa hậu … 2006") are left out."""
    for m in _YEAR.finditer(text):
        start, end = m.start(), m.end()
        window = max(0, start - _CUE_WINDOW)
        if not (_BIRTH_CUE.search(text, window, start) or _TITLE_CUE.search(text, window, start)):
            future = _YEAR_FUTURE_CUE.search(text, window, start) or _FUTURE_AFTER.match(text, end, end + _CUE_WINDOW)
            yield m, bool(future)


def _latest_year(text: str) -> int:
    """The latest year the text names as past or present, on its own or in a concrete date (0 when none)."""
    told = (int(m.group(1)) for m, future in _year_mentions(text) if not future)
    return max(_latest_concrete_year(text), max(told, default=0))


def _stated_year(text: str, month: int, lead_at: int) -> tuple[int, str] | None:
    """The present year as the text states it on its own near the lead, with its snippet, or None.

    Only years within ``_NEAR_LEAD`` characters of the lead count (farther ones are mostly history or last
    year's figures). Birth years, titles won ("Hoa hậu … 2006"), dates, plain ranges ("1993-2004"), years
    announced for the future ("đến năm 2030", "World Cup 2006 mùa hè năm sau") and years after a history or
    comparison cue ("từ năm 1999", "hồi 2004", "vào năm 2016", "so với năm 2005") never count; a season or
    school year "2006-2007" counts as the year of its half the lead's month falls in. When the nearby years
    disagree, those named as the present one ("mùa thi 2006", "trong năm 2006", "Năm 2006, …", "(2006)")
    decide if they agree among themselves. The winner must not be later than a year the text announces.
    """
    explicit: dict[int, str] = {}
    bare: dict[int, str] = {}
    mentions = list(_year_mentions(text))
    planned = [int(m.group(1)) for m, future in mentions if future]
    for m, future in mentions:
        year, start, end = int(m.group(1)), m.start(), m.end()
        window = max(0, start - _CUE_WINDOW)
        if (future or abs(start - lead_at) > _NEAR_LEAD or _HISTORY_CUE.search(text, window, start)
                or _REFERENCE_CUE.search(text, window, start)):
            continue
        if m.group(2):                                  # a range: only a season or school year counts
            if not _SEASON_CUE.search(text, window, start):
                continue
            year = year if month > _FIRST_HALF_MONTHS else year + 1
        cue = _CURRENT_CUE.search(text, window, start) or _YEAR_WORD.search(text, window, start)
        parenthesized = text[start - 1:start] == "(" and text[end:end + 1] == ")"
        found = explicit if (cue and cue.re is _CURRENT_CUE) or parenthesized else bare
        found.setdefault(year, _snippet((cue.group(0) if cue else "") + m.group(0)))
    years = explicit if len(explicit) == 1 else {**bare, **explicit}
    if len(years) != 1:
        return None
    year, snippet = next(iter(years.items()))
    return None if any(p < year for p in planned) else (year, snippet)


def _is_flashback(text: str, year: int) -> bool:
    """Whether a full lead date of ``year`` opens a story told from later: the text names, as past or present,
    a year at least two later ("Chiều 1/12/1998, …" in a report that goes on to "năm 2003")."""
    return any(int(m.group(1)) >= year + 2 for m, future in _year_mentions(text) if not future)


def _lead_spans(body: str) -> Iterator[tuple[int, int]]:
    """The first sentences of the first paragraphs (see ``_LEAD_PARAGRAPHS``, ``_LEAD_SENTENCES``)."""
    start = 0
    for _ in range(_LEAD_PARAGRAPHS):
        while start < len(body) and body[start] == "\n":
            start += 1
        if start >= len(body):
            return
        end = body.find("\n", start)
        paragraph_end = len(body) if end < 0 else end
        limit = start
        for _ in range(_LEAD_SENTENCES):
            sentence = _SENTENCE_END.search(body, limit, paragraph_end)
            limit = sentence.end() if sentence else paragraph_end
        yield start, min(limit, start + _LEAD_WINDOW, _LEAD_REACH)
        if end < 0 or end >= _LEAD_REACH:
            return
        start = end + 1


def _lead_event(body: str) -> re.Match[str] | None:
    """The lead's day/month expression: one saying "today" ("sáng nay (19-5)"), else the first one, in the lead
    sentences (``_lead_spans``). A bare "ngày"/"hôm" counts only opening a clause ("Ngày 5-4, …", "…, ngày
    28-3, …"), for a coming day ("ngày 13/8 tới") or a span of days ("từ ngày 21 đến 24/12", "họp trong 2 ngày
    3 – 4/6/2016"): elsewhere it dates something else ("phiên tòa sơ thẩm ngày 21/6/2004"). Document dates
    ("Chỉ thị số 43-CT/TW ngày …") and impossible days are skipped."""
    found = []
    for start, end in _lead_spans(body):
        for m in _LEAD_EVENT.finditer(body, start, end):
            day, month = _day_month(m)
            if _DOCUMENT_BEFORE.search(body, max(0, m.start() - 30), m.start()) or _make(2000, month, day) is None:
                continue
            before = body[start:m.start()].rstrip()
            opens_clause = not before or before[-1] in _CLAUSE_START
            if (_BARE_CUE.fullmatch(m.group("cue")) and not opens_clause and not _COMING.match(body, m.end())
                    and not _is_span(m)):
                continue
            found.append(m)
    today = [m for m in found if _TODAY.search(m.group("cue"))]
    return (today or found or [None])[0]


def _is_span(m: re.Match[str]) -> bool:
    """Whether a lead expression names a span of days: two days and a month ("21 đến 24/12", "3 – 4/6/2016")."""
    return len([n for n in re.findall(r"\d+", m.string[m.end("cue"):m.end()]) if len(n) < 4]) == 3


def _weekday(cue: str) -> int | None:
    """The weekday a lead's cue names (Monday = 0), or None."""
    m = _WEEKDAY_WORD.search(cue)
    if m is None:
        return None
    return 6 if m.group(3) else _WEEKDAY_NUMBER[(m.group(1) or m.group(2)).lower()]


def _year_of_weekday(year: int, month: int, day: int, weekday: int | None) -> int | None:
    """``year``, or the year before or after it, whichever puts ``day``/``month`` on ``weekday`` (None: none does)."""
    if weekday is None:
        return year
    for candidate in (year, year + 1, year - 1):
        dated = _make(candidate, month, day)
        if dated and dated.weekday() == weekday:
            return candidate
    return None


def _day_month(m: re.Match[str]) -> tuple[int, int]:
    day, month = (m.group(2), m.group(3)) if m.group(2) else (m.group(5), m.group(6))
    return int(day), int(month)


def date_from_text(body: str, title: str | None = None) -> DateFinding:
    """Find the publication (or lead event) date in an article's text, with how and from what."""
    found = _first_full_date(body[:_DATELINE_WINDOW]) or _first_full_date(body[-_DATELINE_WINDOW:])
    if found:
        return found
    m, lead_at = _lead_event(body), len(title or "") + 1      # lead_at: where the body starts in ``text``
    if m is None and title:
        m, lead_at = _lead_event(title), 0                    # the headline's day: "Nóng nhất thể thao sáng 7/2"
    if not m:
        return NO_DATE
    day, month = _day_month(m)
    given = m.group(4) or m.group(7)
    lead = _snippet(m.group(0))
    text = (title or "") + "\n" + body
    if given:
        dated = _make(int(given), month, day)
        return DateFinding(dated, "text", lead) if dated and not _is_flashback(text, int(given)) else NO_DATE
    implied = (_near_full_date_year(text, day, month) or _implied_year(text, month)
               or _stated_year(text, month, lead_at + m.start())
               or _stated_year(text, month, 0))      # near the headline: the year of what the article is about
    if implied is None or implied[0] < _latest_year(text):
        return NO_DATE
    year = _year_of_weekday(implied[0], month, day, _weekday(m.group("cue")))
    dated = _make(year, month, day) if year else None
    if dated is None:
        return NO_DATE
    shifted = f" → {year}" if year != implied[0] else ""      # the lead's weekday fell in the next or last year
    return DateFinding(dated, "inferred", f"{lead} + {implied[1]}{shifted}")


def resolve_published(published: datetime | None, published_how: str | None, evidence: str | None,
                      body: str, title: str | None) -> DateFinding:
    """The article's date, how it was obtained and its evidence; a source date wins, in Vietnam time."""
    if published is not None:
        local = published.astimezone(VN_TZ) if published.tzinfo else published.replace(tzinfo=VN_TZ)
        return DateFinding(local, published_how or "source", evidence)
    return date_from_text(body, title)
