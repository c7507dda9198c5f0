"""Text hygiene for ingested articles: whitespace, boilerplate lines, crawler-glued words.

- `clean_inline(text)`: NFC, invisible and control characters removed, all whitespace runs collapsed (titles,
  names, labels). Returns None for empty text.
- `clean_line(line)` / `clean_paragraphs(lines)` / `clean_body(text)`: one paragraph per non-empty line, known
  boilerplate lines of Vietnamese portals and news sites dropped ("Xem tiếp", "Nguồn: [Link
  nguồn]", "Ý kiến của bạn", ">> related link" lines, ad and visitor-counter lines), glued words
  split where that is safe. Paragraphs are joined with a blank line, as in the shared corpus.
- `portal_tail_start(lines)`: where the portal chrome (ads, counters, footer) begins at the end
  of a scraped page.

Canonical tone placement is applied by `index.ArchiveIndex.write_batch`, not here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from index import is_vietnamese_syllable

__all__ = [
    "clean_inline",
    "clean_line",
    "clean_paragraphs",
    "clean_body",
    "is_boilerplate_line",
    "portal_tail_start",
    "repair_glued_words",
]

# Invisible characters, control characters (tabs and line breaks aside) and lone surrogates.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\x7f\x00-\x08\x0b\x0c\x0e-\x1f\x80-\x9f\ud800-\udfff]")
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")

# Whole lines (after whitespace cleanup, compared case-insensitively) that are never article text.
_BOILERPLATE_LINE = re.compile(
    r"""^(?:
        xem\s+tiếp(?:\s*(?:>>|»|\.\.\.|…))?   # "Xem tiếp", "Xem tiếp >>"
      | xem\s+tiếp\s*(?:tại\s*)?:.*          # "Xem tiếp tại: http://…"
      | xem\s+thêm\s*:.*
      | >>.*                                # related-link lines
      | nguồn\s*:\s*\[link\s+nguồn\]
      | ý\s+kiến\s+của\s+bạn
      | \(?còn\s+tiếp\)?\.?
      | (?:image\s+)?advertisement
      | quảng\s+cáo
      | thống\s+kê\s+truy\s+cập
      | [•·\-*]?\s*(?:đang\s+online|đang\s+truy\s+cập|hôm\s+nay|hôm\s+qua|trong\s+tuần|trong\s+tháng
          |tất\s+cả|tổng\s+(?:số\s+)?lượt\s+truy\s+cập|lượt\s+truy\s+cập|lượt\s+xem)\s*:\s*[\d.,]+
      | (?:chia\s+sẻ|bình\s+luận|in\s+bài|gửi\s+bài|bản\s+in|lên\s+đầu\s+trang|về\s+đầu\s+trang|quay\s+lại
          |tin\s+liên\s+quan|bài\s+viết\s+liên\s+quan|tin\s+cùng\s+chuyên\s+mục|tweet|share|like)
      | lưu\s+bài\s+viết\s+thành\s+công.*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

# Boilerplate embedded in a paragraph (crawlers appended it to the last sentence).
_INLINE_BOILERPLATE = re.compile(
    r"\s*(?:Nguồn\s*:\s*\[Link nguồn\]|>>\s*Chia sẻ bài viết của bạn cho trang Ý kiến tại đây\s*\.?)",
    re.IGNORECASE,
)

# Lines that start the chrome at the bottom of a portal page.
_TAIL_MARKER = re.compile(
    r"""^(?:
        (?:image\s+)?advertisement | quảng\s+cáo | thống\s+kê\s+truy\s+cập
      | (?:cơ\s+quan\s+(?:quản\s+lý|chủ\s+quản)|trưởng\s+ban\s+biên\s+tập|tổng\s+biên\s+tập|giấy\s+phép(?:\s+số)?
          |chịu\s+trách\s+nhiệm(?:\s+nội\s+dung)?|địa\s+chỉ|điện\s+thoại|email|liên\s+hệ)\b.*
      | (?:bản\s+quyền|copyright|©).*
      | cổng\s+thông\s+tin\s+điện\s+tử\b.{0,80}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

_LONG_PROSE = 150

_LOWER = "a-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
_UPPER = "A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_GLUED = re.compile(rf"(?<![\w])([{_UPPER}]?[{_LOWER}]+)([{_UPPER}][{_LOWER}]+)")
_GLUED_PERIOD = re.compile(rf"(?<![\w.])([{_UPPER}{_LOWER}]{{2,}})\.([{_UPPER}][{_LOWER}]+)(?![\w.])")


def clean_inline(text: str | None) -> str | None:
    """NFC text with invisible characters removed and whitespace collapsed; None when empty."""
    if text is None:
        return None
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    text = _SPACES.sub(" ", text).strip()
    return text or None


def is_boilerplate_line(line: str) -> bool:
    """True for a whole line that is site furniture rather than article text."""
    return _BOILERPLATE_LINE.match(line) is not None


def _split_glued(match: re.Match[str]) -> str:
    left, right = match.group(1), match.group(2)
    if not left.isascii() and is_vietnamese_syllable(left):
        return f"{left} {right}"
    return match.group(0)


def _split_glued_period(match: re.Match[str]) -> str:
    left, right = match.group(1), match.group(2)
    if right.isascii() or not is_vietnamese_syllable(right) or (left.isupper() and len(left) <= 3):
        return match.group(0)
    return f"{left}. {right}"


def repair_glued_words(line: str) -> str:
    """Restore the space a crawler dropped between two words ("tạiNhật Bản" -> "tại Nhật Bản").

    Split only when the left part is a Vietnamese syllable with a diacritic (so brand names such
    as "VinFast", "iPhone" or "YouTube" stay whole) followed by a capitalised word; and
    after a sentence period glued to a capitalised Vietnamese syllable ("HIV/AIDS.Dự án"), except
    after short all-caps abbreviations ("TP.Hồ Chí Minh").
    """
    for _ in range(3):                  # "ởViệtNam": each split exposes the next boundary
        repaired = _GLUED.sub(_split_glued, line)
        if repaired == line:
            break
        line = repaired
    return _GLUED_PERIOD.sub(_split_glued_period, line)


def clean_line(raw: str) -> str | None:
    """One cleaned paragraph from a raw line, or None when it is empty or boilerplate."""
    line = clean_inline(raw)
    if line is None:
        return None
    line = _INLINE_BOILERPLATE.sub("", line).strip()
    if not line or is_boilerplate_line(line):
        return None
    return repair_glued_words(line)


def clean_paragraphs(lines: Iterable[str]) -> list[str]:
    """Clean each line into a paragraph; drop empty and boilerplate lines."""
    return [p for p in map(clean_line, lines) if p is not None]


def clean_body(text: str | None) -> str:
    """Cleaned article body: paragraphs separated by one blank line ("" when nothing is left)."""
    if not text:
        return ""
    return "\n\n".join(clean_paragraphs(text.splitlines()))


def portal_tail_start(lines: Sequence[str]) -> int:
    """Index of the first line of the trailing portal chrome in `lines` (len(lines) if none).

    The chrome starts at the earliest marker line (ads, visitor counter, "Cơ quan quản lý:",
    copyright, portal name...) after which no long prose paragraph follows.
    """
    last_prose = -1
    for i, line in enumerate(lines):
        if len(line) >= _LONG_PROSE:
            last_prose = i
    for i in range(last_prose + 1, len(lines)):
        if _TAIL_MARKER.match(lines[i].strip()):
            return i
    return len(lines)
