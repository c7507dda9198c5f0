"""Plain scraped page text (a portal page saved as text) -> title, paragraphs, captions, byline.

Layout handled (as in `shared/seed/000_23144a80935ab8fa.txt`): the title on the first non-empty
line (a first line over 250 characters is body text, split after the title when an "(NLĐ)-"
dateline follows it on that line); a lead such as "(Haiphong.gov.vn) - Chiều 3/12, …" (kept in the body, the extractor reads
the outlet from it); body paragraphs, one per line; photo captions as short lines set off by two
or more blank lines (or starting with "Ảnh:"); a byline line of names after the last paragraph
("Hoàng Tùng - Đàm Thanh", kept raw in `Article.authors`, the extractor splits it); then portal
chrome (image advertisements, visitor counters, the portal footer), which is dropped and never
reaches the indexed body.

- `parse_scraped_text(text) -> ScrapedPage` parses already-decoded text.
- `scraped_text_article(text, *, id=None, url=None, provenance=None) -> index.Article` builds the
  article (captions stay in the body in reading order, as their own paragraphs).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from index import Article
from ingest.hygiene import clean_inline, clean_line, portal_tail_start
from ingest.identity import article_id

__all__ = ["Block", "ScrapedPage", "is_byline", "parse_scraped_text", "scraped_text_article"]

_CAPTION_START = re.compile(r"^\(?(?:Ảnh|Ảnh minh họa|Ảnh minh hoạ|Video|Clip)\s*[:(]", re.IGNORECASE)
_CAPTION_END = re.compile(r"\((?:Ảnh|Nguồn ảnh)\s*:[^()]{1,80}\)\s*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…:;\"”»)]$")
_MAX_CAPTION = 220
_MAX_TITLE = 250
_DATELINE_SPLIT = re.compile(r"^(.{10,250}?)\s+(\([^()]{2,30}\)\s*[-–—].*)$")
_BYLINE_SEPARATORS = {"-", "–", "—", ",", "và", "&"}
_NOT_BYLINE_WORDS = {"Theo", "Nguồn", "Tin", "Ảnh", "Video", "Xem", "Liên", "Trang", "Cổng", "Thống"}


@dataclass(frozen=True)
class Block:
    """One body line: kind is "paragraph" or "caption"."""

    kind: str
    text: str


@dataclass(frozen=True)
class ScrapedPage:
    """A parsed page: title, body blocks in reading order, byline, and the dropped chrome."""

    title: str | None
    blocks: tuple[Block, ...]
    byline: str | None
    dropped: tuple[str, ...]     # boilerplate lines removed (portal chrome, ads, counters)

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The body paragraphs (captions excluded)."""
        return tuple(b.text for b in self.blocks if b.kind == "paragraph")

    @property
    def captions(self) -> tuple[str, ...]:
        """The photo captions."""
        return tuple(b.text for b in self.blocks if b.kind == "caption")

    @property
    def body(self) -> str:
        """Paragraphs and captions in reading order, separated by blank lines."""
        return "\n\n".join(b.text for b in self.blocks)


@dataclass
class _Line:
    text: str
    blank_before: int
    blank_after: int = 0


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    blanks = 0
    for raw in text.splitlines():
        cleaned = clean_inline(raw)
        if cleaned is None:
            blanks += 1
            if lines:
                lines[-1].blank_after += 1
            continue
        lines.append(_Line(cleaned, blanks))
        blanks = 0
    return lines


def is_byline(line: str) -> bool:
    """True for a short line made only of capitalised names and separators ("Hoàng Tùng - Đàm Thanh")."""
    if len(line) > 80 or any(ch.isdigit() for ch in line) or _SENTENCE_END.search(line):
        return False
    words = line.replace(",", " , ").split()
    names = [w for w in words if w not in _BYLINE_SEPARATORS]
    if not 2 <= len(names) <= 12 or names[0] in _NOT_BYLINE_WORDS:
        return False
    return all(w[0].isupper() and (w[1:].islower() or len(w) <= 3) for w in names)


def _is_caption(line: _Line) -> bool:
    if _CAPTION_START.match(line.text) or _CAPTION_END.search(line.text):
        return True
    isolated = line.blank_before >= 2 and line.blank_after >= 2
    return isolated and len(line.text) <= _MAX_CAPTION and not _SENTENCE_END.search(line.text)


def _split_title(lines: list[_Line]) -> tuple[str | None, list[_Line]]:
    """(title, remaining lines). A long first line is not a title: it is split before an
    "(Outlet)-" dateline when it has one ("Tiêu đề (NLĐ)- Nội dung…"), else it is all body."""
    first = lines[0]
    if len(first.text) <= _MAX_TITLE:
        return first.text, lines[1:]
    m = _DATELINE_SPLIT.match(first.text)
    if m:
        return m.group(1), [_Line(m.group(2), 0, first.blank_after), *lines[1:]]
    return None, lines


def parse_scraped_text(text: str) -> ScrapedPage:
    """Split decoded page text into title, body blocks, byline and dropped boilerplate."""
    lines = _lines(text)
    if not lines:
        return ScrapedPage(None, (), None, ())
    title, rest = _split_title(lines)
    tail = portal_tail_start([line.text for line in rest])
    dropped = [line.text for line in rest[tail:]]
    content: list[_Line] = []
    for line in rest[:tail]:
        cleaned = clean_line(line.text)
        if cleaned is None:
            dropped.append(line.text)
        else:
            line.text = cleaned
            content.append(line)
    byline = None
    if len(content) > 1 and is_byline(content[-1].text):
        byline = content.pop().text
    blocks = tuple(Block("caption" if _is_caption(line) else "paragraph", line.text) for line in content)
    return ScrapedPage(title, blocks, byline, tuple(dropped))


def scraped_text_article(
    text: str,
    *,
    id: str | None = None,
    url: str | None = None,
    provenance: Mapping[str, str] | None = None,
) -> Article:
    """An Article from scraped page text; raises ValueError when the page has no body text."""
    page = parse_scraped_text(text)
    if not page.body:
        raise ValueError("no article text (only a title or boilerplate)")
    return Article(
        id=article_id(id, url, page.title, page.body),
        body=page.body,
        title=page.title,
        url=url,
        authors=(page.byline,) if page.byline else (),
        provenance=dict(provenance or {}),
    )
