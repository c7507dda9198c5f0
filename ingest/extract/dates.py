"""Publication dates: from the source record, else from the article text, with the evidence that gave them.

Order of evidence (``published_how``, and ``evidence`` shown beside the date):

* ``"source"`` – the reader already set ``published`` (in Vietnam time, see ``ingest.readers.timestamps``);
  the evidence is the reader's (the record's field and value);
* ``"text"`` – a full date in a dateline ("Thứ hai, 8/6/2010 10:30") or in the lead sentence ("Ngày 8/6/2010, …");
  the evidence is that snippet;
* ``"inferred"`` – the lead gives day and month only ("Chiều 3/12, …") and the year comes from, in this order:
  the latest concrete date the article mentions (e.g. "(2010 - 6/2021)") when it falls shortly before, or a
  date announced for later that year ("… sẽ khai thác tháng 12/2016"); else a year stated on its own
  ("mùa thi 2006", "Năm 2006", "năm học 2006-2007", "(2006)"), see ``_stated_year``. The evidence is the lead
  and the year's snippet: "Chiều 3/12 + năm 2006".

Dates are day first (dd/mm/yyyy). Nothing found means ``NO_DATE``: undated, never the ingest date.
"""

from __future__ import annotations

import re
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

_LEAD_WINDOW = 320          # characters of body searched for the lead's event date
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

_PART_OF_DAY = r"(?:[Rr]ạng\s+sáng|[Ss]áng|[Tt]rưa|[Cc]hiều|[Tt]ối|[Đđ]êm|[Nn]gày|[Hh]ôm\s+nay|[Hh]ôm\s+qua|[Cc]uối\s+ngày)"
# "Chiều 3/12," / "sáng nay (10/4)" / "Ngày 8/6/2010," / "Tối qua 5-6" / "Hôm qua, 2-10" / "15h chiều 2/1"
_LEAD_EVENT = re.compile(
    r"(?:^|(?<=[.,;:(\n])\s*|(?<=[-–—]\s))(?:[Kk]hoảng\s+)?(?:\d{1,2}\s*[hg]\s*\d{0,2}\s+)?" + _PART_OF_DAY
    + r"(?:\s+(?:nay|qua|mai))?\s*,?\s*\(?\s*(?:ngày\s+)?(\d{1,2})\s*[/-]\s*(\d{1,2})(?:\s*[/-]\s*(\d{4}))?(?![\d/])"
)

_SENTENCE_END = re.compile(r"[.!?…](?=\s+[A-ZÀ-ỸĐ\"“])")

# Concrete month-and-year dates the article mentions: "6/2021", "3/12/2021", "10-2005", "tháng 6 năm 2021".
_CONCRETE_DATE = re.compile(
    r"(\d{4}\s*[-–]\s*)?(?<![\d/-])(?:\d{1,2}\s*[/-]\s*)?(\d{1,2})\s*[/-]\s*(\d{4})(?![\d/])"
    r"|tháng\s+(\d{1,2})\s*(?:năm|/)\s*(\d{4})"
)
# A year introduced as a target ("đến năm 2030", "tầm nhìn 2045") is not evidence of when the text was written.
_SCHEDULED_CUE = re.compile(r"(?:sẽ|dự kiến|sắp)[^.;\n]{0,40}$", re.IGNORECASE)
_FUTURE_CUE = re.compile(r"(?:đến|tới|hết|tầm nhìn|trước|giai đoạn|kế hoạch|mục tiêu)[^.;\n]{0,25}$", re.IGNORECASE)

# A year on its own: "năm 2006", "mùa thi 2006", "(2006)", "năm học 2006-2007", "Cúp Báo Thanh Niên 2005".
_YEAR = re.compile(r"(?<![\d/.,-])(19[4-9]\d|20\d\d)(?:\s*[-–/]\s*(\d{4}|\d{2}))?(?![\d/]|[.,]\d)")
# Cues read in the 30 characters before a year (searched with pos/endpos, so ^ is the text's own start).
_BIRTH_CUE = re.compile(r"(?:sinh|SN|s\.n\.?|năm sinh)\s*(?:năm\s*|ngày\s*)?$", re.IGNORECASE)
_HISTORY_CUE = re.compile(r"(?:\btừ|\bhồi|kể từ|\btrước|cách đây|\bvào|\btừng|thành lập|ra đời)[^.;\n]{0,12}$",
                          re.IGNORECASE)
_YEAR_FUTURE_CUE = re.compile(r"(?:sẽ|dự kiến|sắp)[^.;\n]{0,40}$|(?:đến|tới|tầm nhìn|kế hoạch|mục tiêu)[^.;\n]{0,12}$",
                              re.IGNORECASE)
_FUTURE_AFTER = re.compile(r"[^.;\n]{0,20}?(?:năm sau|năm tới|sắp tới)", re.IGNORECASE)
# A year named as the present one: its season, school year, exam season, "trong năm 2006", "Năm 2006, …".
_CURRENT_CUE = re.compile(r"(?:mùa thi|mùa giải(?: mới)?|mùa bóng|mùa tuyển sinh|năm học|niên khóa|niên khoá|kỳ thi"
                          r"|trong năm|(?:^|[.!?…\n]\s*)năm)\s*$", re.IGNORECASE)
_YEAR_WORD = re.compile(r"năm\s*$", re.IGNORECASE)     # kept in a bare year's snippet: "năm 2005"
_SEASON_CUE = re.compile(r"(?:năm học|niên khóa|niên khoá|mùa giải|mùa bóng)\s*$", re.IGNORECASE)
_CUE_WINDOW = 30
_NEAR_LEAD = 150            # characters around the lead within which a year stated on its own counts
_FIRST_HALF_MONTHS = 7      # a school year / season "2006-2007" is its first year from August on


def _make(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime | None:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
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
        m = pattern.search(text)
        if m:
            d, mo, y, hh, mm = m.groups()
            found = _make(int(y), int(mo), int(d), int(hh or 0), int(mm or 0))
            if found:
                return DateFinding(found, "text", _snippet(m.group(0)))
    return None


def _implied_year(text: str, month: int) -> tuple[int, str] | None:
    """The year of the latest concrete date in the text, if that date falls shortly before ``month``, or of
    a date the text announces for later in that year; with the date's snippet.

    "Chiều 3/12" with "(2010 - 6/2021)" in the text implies 2021; a latest date of 8/2021 with an event
    in month 3 does not (the event could be in 2022), nor does a date months earlier (see ``_MAX_GAP_*``);
    "Ngày 1/6, … sẽ khai thác từ tháng 12/2016" implies 2016.
    """
    latest: tuple[int, int, bool, str] | None = None
    scheduled: dict[int, str] = {}       # years of dates announced as coming later in the same year
    for m in _CONCRETE_DATE.finditer(text):
        if m.group(3):
            period_end, mo, year = m.group(1) is not None, m.group(2), m.group(3)
        else:
            period_end, mo, year = False, m.group(4), m.group(5)
        mo, year = int(mo), int(year)
        if not (1 <= mo <= 12 and _MIN_YEAR <= year <= _MAX_YEAR):
            continue
        if _SCHEDULED_CUE.search(text, max(0, m.start() - 45), m.start()) and mo >= month:
            scheduled.setdefault(year, _snippet(m.group(0)))
        if _FUTURE_CUE.search(text, max(0, m.start() - 40), m.start()):
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
    years = [int(m.group(3) or m.group(5)) for m in _CONCRETE_DATE.finditer(text)
             if not (_SCHEDULED_CUE.search(text, max(0, m.start() - 45), m.start())
                     or _FUTURE_CUE.search(text, max(0, m.start() - 40), m.start()))]
    return max(years, default=0)


def _stated_year(text: str, month: int, lead_at: int) -> tuple[int, str] | None:
    """The present year as the text states it on its own near the lead, with its snippet, or None.

    Only years within ``_NEAR_LEAD`` characters of the lead count (farther ones are mostly history or last
    year's figures). Birth years, dates, plain ranges ("1993-2004"), years announced for the future
    ("đến năm 2030", "World Cup 2006 mùa hè năm sau") and years after a history cue ("từ năm 1999",
    "hồi 2004", "vào năm 2016") never count; a season or school year "2006-2007" counts as the year of its
    half the lead's month falls in. When the nearby years disagree, those named as the present one
    ("mùa thi 2006", "trong năm 2006", "Năm 2006, …", "(2006)") decide if they agree among themselves.
    The winner must not be older than a concrete date the text treats as past, nor later than a year it
    announces.
    """
    explicit: dict[int, str] = {}
    bare: dict[int, str] = {}
    planned: list[int] = []
    for m in _YEAR.finditer(text):
        year, start, end = int(m.group(1)), m.start(), m.end()
        window = max(0, start - _CUE_WINDOW)
        if _BIRTH_CUE.search(text, window, start):
            continue
        if _YEAR_FUTURE_CUE.search(text, window, start) or _FUTURE_AFTER.match(text, end, end + _CUE_WINDOW):
            planned.append(year)
            continue
        if abs(start - lead_at) > _NEAR_LEAD or _HISTORY_CUE.search(text, window, start):
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
    if year < _latest_concrete_year(text) or any(p < year for p in planned):
        return None
    return year, snippet


def _lead_event(body: str) -> re.Match[str] | None:
    """The day/month expression in the first sentence of one of the first two paragraphs."""
    start = 0
    for _ in range(2):
        end = body.find("\n", start)
        paragraph_end = len(body) if end < 0 else end
        sentence = _SENTENCE_END.search(body, start, paragraph_end)
        limit = min(sentence.end() if sentence else paragraph_end, start + _LEAD_WINDOW)
        m = _LEAD_EVENT.search(body[:limit], start)
        if m or end < 0:
            return m
        start = end + 1
        while start < len(body) and body[start] == "\n":
            start += 1
    return None


def date_from_text(body: str, title: str | None = None) -> DateFinding:
    """Find the publication (or lead event) date in an article's text, with how and from what."""
    found = _first_full_date(body[:_DATELINE_WINDOW]) or _first_full_date(body[-_DATELINE_WINDOW:])
    if found:
        return found
    m = _lead_event(body)
    if not m:
        return NO_DATE
    day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
    lead = _snippet(m.group(0))
    if year:
        dated = _make(int(year), month, day)
        return DateFinding(dated, "text", lead) if dated else NO_DATE
    text = (title or "") + "\n" + body
    implied = _implied_year(text, month) or _stated_year(text, month, len(title or "") + 1 + m.start())
    if implied is None:
        return NO_DATE
    dated = _make(implied[0], month, day)
    return DateFinding(dated, "inferred", f"{lead} + {implied[1]}") if dated else NO_DATE


def resolve_published(published: datetime | None, published_how: str | None, evidence: str | None,
                      body: str, title: str | None) -> DateFinding:
    """The article's date, how it was obtained and its evidence; a source date wins, in Vietnam time."""
    if published is not None:
        local = published.astimezone(VN_TZ) if published.tzinfo else published.replace(tzinfo=VN_TZ)
        return DateFinding(local, published_how or "source", evidence)
    return date_from_text(body, title)
