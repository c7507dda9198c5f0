"""Publication timestamps as sources give them -> an aware datetime in Vietnam time (Asia/Ho_Chi_Minh).

Shapes read: ISO 8601 dates and datetimes ("2021-03-05", "2021-03-05T23:47:00Z", "+00:00", "+0700",
fractions of a second), day-first "dd/mm/yyyy[ HH:MM[:SS]]" (also "HHhMM", a leading weekday such as
"Thứ tư, 10/9/2025, 16:30", and a "(GMT+7)" suffix), RFC 2822 ("Fri, 05 Mar 2021 23:47:00 GMT"), a trailing
"UTC"/"GMT"/"Z", and Unix epoch seconds or milliseconds (numbers or digit strings).

A value with a zone is converted to Vietnam time before anything takes its day: 23:47 UTC on 5 March is
06:47 on 6 March in Vietnam. A value without a zone is Vietnam local time.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

__all__ = ["VN_TZ", "parse_published"]

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

_EPOCH_SECONDS = re.compile(r"^\d{9,10}(?:\.\d+)?$")
_EPOCH_MILLISECONDS = re.compile(r"^\d{12,13}$")
# A zone after a time of day: "…23:47:00Z", "… 23:47 UTC", "…16:30 (GMT+7)", "…23:47:00 +0000", "…+05:30".
_ZONE = re.compile(
    r"^(?P<stamp>.*?\d[:hg]\d{2}(?::\d{2}(?:[.,]\d+)?)?)\s*"
    r"(?:(?P<utc>Z|UTC|GMT)|\(?(?:GMT|UTC)?\s*(?P<sign>[+-])(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?\)?)$",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(r"^(?:thứ\s+\w+|chủ\s+nhật|t[2-7]|cn)\s*,?\s*(?:ngày\s+)?", re.IGNORECASE)
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ ,T-]+(\d{1,2})[:hg](\d{2})(?::(\d{2}))?)?$")


def _zone(match: re.Match[str]) -> tzinfo:
    if match["utc"]:
        return timezone.utc
    offset = timedelta(hours=int(match["hours"]), minutes=int(match["minutes"] or 0))
    return timezone(-offset if match["sign"] == "-" else offset)


def _local_stamp(stamp: str) -> datetime | None:
    """A datetime from a value whose zone (if any) is already removed; naive unless the value holds one."""
    m = _DMY.match(_WEEKDAY.sub("", stamp))
    try:
        if m:
            return datetime(int(m[3]), int(m[2]), int(m[1]), int(m[4] or 0), int(m[5] or 0), int(m[6] or 0))
        return datetime.fromisoformat(stamp)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(stamp)
    except (TypeError, ValueError, IndexError):
        return None


def _epoch(text: str) -> datetime | None:
    if _EPOCH_MILLISECONDS.match(text):
        return datetime.fromtimestamp(int(text) / 1000, timezone.utc)
    if _EPOCH_SECONDS.match(text):
        return datetime.fromtimestamp(float(text), timezone.utc)
    return None


def parse_published(value: object) -> datetime | None:
    """The Vietnam-time datetime of a source's date value, or None when it is missing or unreadable."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    text = " ".join(str(value).split())
    if not text:
        return None
    parsed = _epoch(text)
    if parsed is None:
        zoned = _ZONE.match(text)
        parsed = _local_stamp(zoned["stamp"] if zoned else text)
        if parsed is None:
            return None
        if zoned and parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=_zone(zoned))
    return parsed.astimezone(VN_TZ) if parsed.tzinfo else parsed.replace(tzinfo=VN_TZ)
