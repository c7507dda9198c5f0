"""Outlet names and authors: source from URL host or the "(Outlet) -" lead; authors split from bylines."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Known outlets by registrable host; other hosts are shown as the host without "www.".
_HOST_NAMES = {
    "vnexpress.net": "VnExpress",
    "dantri.com.vn": "Dân Trí",
    "tuoitre.vn": "Tuổi Trẻ",
    "thanhnien.vn": "Thanh Niên",
    "nld.com.vn": "Người Lao Động",
    "24h.com.vn": "24h",
    "baomoi.com": "Báo Mới (baomoi.com)",
    "vietnamnet.vn": "VietNamNet",
    "tienphong.vn": "Tiền Phong",
    "soha.vn": "Soha",
    "bbc.com": "BBC",
    "vov.vn": "VOV",
    "vtv.vn": "VTV",
    "baotintuc.vn": "Báo Tin tức",
    "nhandan.vn": "Nhân Dân",
    "laodong.vn": "Lao Động",
    "zingnews.vn": "Zing News",
}
# Lead abbreviations whose outlet is certain.
_LEAD_NAMES = {"nlđ": "Người Lao Động", "nlđo": "Người Lao Động", "dân trí": "Dân Trí", "tto": "Tuổi Trẻ",
               "vnexpress": "VnExpress", "ttxvn": "TTXVN", "vov": "VOV", "vtv": "VTV"}
_LEAD = re.compile(r"\A\s*(?:[^\n]{0,300}?\n+)?\(([^()\n]{2,40})\)\s*[-–—]")
_GOV_LEAD = re.compile(r"^[\w.-]+\.[a-z]{2,}$", re.IGNORECASE)


def source_from_url(url: str | None) -> str | None:
    """Outlet display name for a URL's host ("https://vnexpress.net/…" → "VnExpress")."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    if not host:
        return None
    for known, name in _HOST_NAMES.items():
        if host == known or host.endswith("." + known):
            return name
    return host


def source_from_lead(body: str) -> str | None:
    """Outlet from a "(Haiphong.gov.vn) -" or "(NLĐ)-" lead at the start of the body (or of its second line)."""
    m = _LEAD.match(body)
    if not m:
        return None
    label = m.group(1).strip()
    known = _LEAD_NAMES.get(label.lower())
    if known:
        return known
    if _GOV_LEAD.match(label):          # a web address such as "Haiphong.gov.vn" or "Baonghean.vn"
        return label
    return None


_UPPER = "A-ZÀ-ỸĐ"
_SYLLABLE = rf"[{_UPPER}][a-zà-ỹđ]*"
_PERSON = rf"{_SYLLABLE}(?:\s+{_SYLLABLE}){{1,4}}"
_SEP = r"\s*(?:\s[-–—]\s|,|;|\svà\s|&)\s*"
# A line that is only names: "Hoàng Tùng - Đàm Thanh", "Mộc Miên (Tổng hợp)", "Nhóm PV" is not matched.
_BYLINE = re.compile(rf"^\s*(?:Bài(?:\s+và\s+ảnh)?\s*:\s*|Ảnh\s*:\s*)?({_PERSON}(?:{_SEP}{_PERSON}){{0,4}})"
                     rf"\s*(?:\((?:[^()]{{1,30}})\))?\s*$")
_SPLIT = re.compile(_SEP)
_NOT_NAMES = frozenset({"Theo", "Nguồn", "Liên", "Thống", "Cổng", "Tin", "Video", "Ảnh", "Clip", "Xem", "Trang", "Bình"})
_PROSE_END = re.compile(r"[.!?…:\"”]\s*$")
_BYLINE_TAIL = 30            # paragraphs from the end searched for the byline


def split_authors(byline: str) -> tuple[str, ...]:
    """Split a byline into person names: "Hoàng Tùng - Đàm Thanh" → ("Hoàng Tùng", "Đàm Thanh")."""
    parts = (p.strip(" .") for p in _SPLIT.split(byline))
    return tuple(dict.fromkeys(p for p in parts if p))


def find_byline(body: str) -> tuple[str, int] | None:
    """The closing byline paragraph and its offset, skipping trailing boilerplate (footers, ad placeholders,
    contact lines); None when the article's own prose is reached first."""
    end = len(body)
    seen = 0
    while seen < _BYLINE_TAIL and end > 0:
        start = body.rfind("\n", 0, end) + 1
        paragraph = body[start:end].strip()
        end = start - 1
        if not paragraph:
            continue
        seen += 1
        m = _BYLINE.match(paragraph)
        if m and paragraph.split()[0] not in _NOT_NAMES:
            return m.group(1), start
        if _PROSE_END.search(paragraph) and len(paragraph.split()) > 12:
            return None
    return None


def article_text(body: str) -> str:
    """The body without its byline and whatever follows it (portal footers name people who are not news)."""
    byline = find_byline(body)
    return body[:byline[1]] if byline else body


def resolve_authors(authors: tuple[str, ...], body: str) -> tuple[str, ...]:
    """Authors given by the source (split when one string holds several), else the body's byline."""
    if authors:
        return tuple(dict.fromkeys(a for raw in authors for a in split_authors(raw)))
    byline = find_byline(body)
    return split_authors(byline[0]) if byline else ()
