"""Publication dates: from the source record, else from the article text.

Order of evidence (``published_how``):

* ``"source"`` – the reader already set ``published`` (naive values are read as Vietnamese local time);
* ``"text"`` – a full date in a dateline ("Thứ hai, 8/6/2010 10:30") or in the lead sentence ("Ngày 8/6/2010, …");
* ``"inferred"`` – the lead gives day and month only ("Chiều 3/12, …") and the year comes from the latest
  concrete date the article itself mentions (e.g. "(2010 - 6/2021)") when it falls shortly before, or from
  a date announced for later that year ("… sẽ khai thác tháng 12/2016").

Dates are day first (dd/mm/yyyy). Nothing found means ``(None, None)``: undated, never the ingest date.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

_LEAD_WINDOW = 320          # characters of body searched for the lead's event date
_DATELINE_WINDOW = 240      # characters at the start and end searched for a dateline
_MIN_YEAR, _MAX_YEAR = 1945, 2100
# An implied year needs a dated mention at most this many months before the event; a period that ends
# in that month ("2010 - 6/2021", reporting up to the present) may be up to half a year older.
_MAX_GAP_MONTHS = 2
_MAX_GAP_PERIOD_END = 6

_WEEKDAY = r"(?:[Tt]hứ\s+(?:[Hh]ai|[Bb]a|[Tt]ư|[Nn]ăm|[Ss]áu|[Bb]ảy|2|3|4|5|6|7)|[Cc]hủ\s+[Nn]hật|T[2-7]|CN)"
_DMY = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
_TIME = r"(?:[,\s-]*(?:lúc\s*)?(\d{1,2})\s*[:hg]\s*(\d{2}))?"

# "Thứ hai, 08/06/2010 - 10:30" / "Chủ nhật, ngày 8/6/2010"
_DATELINE = re.compile(_WEEKDAY + r"\s*,?\s*(?:ngày\s+)?" + _DMY + _TIME)
# "10:30 08/06/2010" / "08/06/2010 10:30" style stamps (time adjacent to a full date)
_STAMP = re.compile(r"(?<![\d/])" + _DMY + r"\s*[-|,]?\s*(\d{1,2})\s*[:h]\s*(\d{2})(?!\d)")

_PART_OF_DAY = r"(?:[Rr]ạng\s+sáng|[Ss]áng|[Tt]rưa|[Cc]hiều|[Tt]ối|[Đđ]êm|[Nn]gày|[Hh]ôm\s+nay|[Hh]ôm\s+qua|[Cc]uối\s+ngày)"
# "Chiều 3/12," / "sáng nay (10/4)" / "Ngày 8/6/2010," / "Tối qua 5-6"
_LEAD_EVENT = re.compile(
    r"(?:^|(?<=[.,;:(\n])\s*|(?<=[-–—]\s))" + _PART_OF_DAY
    + r"\s+(?:nay|qua|mai)?\s*\(?\s*(?:ngày\s+)?(\d{1,2})\s*[/-]\s*(\d{1,2})(?:\s*[/-]\s*(\d{4}))?(?![\d/])"
)

_SENTENCE_END = re.compile(r"[.!?…](?=\s+[A-ZÀ-ỸĐ\"“])")

# Concrete month-and-year dates the article mentions: "6/2021", "3/12/2021", "tháng 6 năm 2021".
_CONCRETE_DATE = re.compile(
    r"(\d{4}\s*[-–]\s*)?(?<![\d/])(?:\d{1,2}\s*/\s*)?(\d{1,2})\s*/\s*(\d{4})(?![\d/])"
    r"|tháng\s+(\d{1,2})\s*(?:năm|/)\s*(\d{4})"
)
# A year introduced as a target ("đến năm 2030", "tầm nhìn 2045") is not evidence of when the text was written.
_SCHEDULED_CUE = re.compile(r"(?:sẽ|dự kiến|sắp)[^.;\n]{0,40}$", re.IGNORECASE)
_FUTURE_CUE = re.compile(r"(?:đến|tới|hết|tầm nhìn|trước|giai đoạn|kế hoạch|mục tiêu)[^.;\n]{0,25}$", re.IGNORECASE)


def _make(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime | None:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    try:
        return datetime(year, month, day, hour, minute, tzinfo=VN_TZ)
    except ValueError:
        return None


def _first_full_date(text: str) -> datetime | None:
    for pattern in (_DATELINE, _STAMP):
        m = pattern.search(text)
        if m:
            d, mo, y, hh, mm = m.groups()
            found = _make(int(y), int(mo), int(d), int(hh or 0), int(mm or 0))
            if found:
                return found
    return None


def _implied_year(text: str, month: int) -> int | None:
    """The year of the latest concrete date in the text, if that date falls shortly before ``month``, or of
    a date the text announces for later in that year.

    "Chiều 3/12" with "(2010 - 6/2021)" in the text implies 2021; a latest date of 8/2021 with an event
    in month 3 does not (the event could be in 2022), nor does a date months earlier (see ``_MAX_GAP_*``);
    "Ngày 1/6, … sẽ khai thác từ tháng 12/2016" implies 2016.
    """
    latest: tuple[int, int, bool] | None = None
    scheduled: set[int] = set()          # years of dates announced as coming later in the same year
    for m in _CONCRETE_DATE.finditer(text):
        if m.group(3):
            period_end, mo, year = m.group(1) is not None, m.group(2), m.group(3)
        else:
            period_end, mo, year = False, m.group(4), m.group(5)
        mo, year = int(mo), int(year)
        if not (1 <= mo <= 12 and _MIN_YEAR <= year <= _MAX_YEAR):
            continue
        if _SCHEDULED_CUE.search(text, max(0, m.start() - 45), m.start()) and mo >= month:
            scheduled.add(year)
        if _FUTURE_CUE.search(text, max(0, m.start() - 40), m.start()):
            continue
        if latest is None or (year, mo) > latest[:2]:
            latest = (year, mo, period_end)
    if latest is None:
        return scheduled.pop() if len(scheduled) == 1 else None
    year, latest_month, period_end = latest
    if month < latest_month and scheduled == {year}:
        return year              # "Ngày 1/6, … sẽ khai thác từ tháng 12/2016": the event is earlier that year
    allowed = _MAX_GAP_PERIOD_END if period_end else _MAX_GAP_MONTHS
    return year if 0 <= month - latest_month <= allowed else None


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


def date_from_text(body: str, title: str | None = None) -> tuple[datetime | None, str | None]:
    """Find the publication (or lead event) date in an article's text, with how it was obtained."""
    head = body[:_DATELINE_WINDOW]
    tail = body[-_DATELINE_WINDOW:]
    found = _first_full_date(head) or _first_full_date(tail)
    if found:
        return found, "text"
    m = _lead_event(body)
    if not m:
        return None, None
    day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
    if year:
        found = _make(int(year), month, day)
        return (found, "text") if found else (None, None)
    implied = _implied_year((title or "") + "\n" + body, month)
    if implied is None:
        return None, None
    found = _make(implied, month, day)
    return (found, "inferred") if found else (None, None)


def resolve_published(
    published: datetime | None, published_how: str | None, body: str, title: str | None
) -> tuple[datetime | None, str | None]:
    """The article's date and how it was obtained; a source date wins and is made timezone-aware."""
    if published is not None:
        if published.tzinfo is None:
            published = published.replace(tzinfo=VN_TZ)
        return published, published_how or "source"
    return date_from_text(body, title)
