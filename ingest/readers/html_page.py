"""HTML article pages -> Article, with trafilatura (main text, title, date, author, canonical URL).

The page's own metadata fills the fields: title, canonical URL (falling back to the URL the page
was fetched from, e.g. a WARC target URI), publication date (with time and zone when the page
gives them, converted to Vietnam time; `published_how="source"`, evidence "page metadata: <value>"),
author, site name (when it is a name, not just the host), keywords as tags, first category; a closing
byline line ("Lê Phương") moves from the body to `authors` when the page names no author. The
summary/lead ("sapo") that many Vietnamese sites keep outside the article body is put back as the first
paragraph.
"""

from __future__ import annotations

from collections.abc import Mapping

import trafilatura
from trafilatura import bare_extraction

from index import Article
from ingest.decoding import EncodingError, decode_bytes
from ingest.hygiene import clean_inline, clean_paragraphs
from ingest.identity import article_id
from ingest.readers.scraped_text import is_byline
from ingest.readers.timestamps import parse_published

__all__ = ["decode_html", "html_article"]

_DATE_PARAMS = {"outputformat": "%Y-%m-%dT%H:%M:%S%z", "original_date": True, "extensive_search": False}
_MIN_SUMMARY = 40


def decode_html(data: bytes, charset: str | None = None) -> str:
    """Page text from bytes: the declared charset when it decodes cleanly, else detection."""
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data).text


def _unique_casefold(values: tuple[str, ...]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(value.casefold(), value)
    return tuple(seen.values())


def _with_summary(summary: str | None, paragraphs: list[str]) -> list[str]:
    summary = clean_inline(summary)
    if not summary or len(summary) < _MIN_SUMMARY:
        return paragraphs
    head = summary[:_MIN_SUMMARY]
    if any(head in p for p in paragraphs[:3]):
        return paragraphs
    return [summary, *paragraphs]


def html_article(
    data: bytes,
    *,
    url: str | None = None,
    charset: str | None = None,
    provenance: Mapping[str, str] | None = None,
) -> Article:
    """Article from one HTML page; raises ValueError when no article text can be found."""
    try:
        page = decode_html(data, charset)
    except EncodingError as exc:
        raise ValueError(f"HTML page: {exc}") from exc
    doc = bare_extraction(page, url=url, with_metadata=True, favor_precision=True,
                          include_comments=False, date_extraction_params=_DATE_PARAMS)
    if doc is None or not (doc.text or "").strip():
        raise ValueError("no article text found in the HTML page")
    title = clean_inline(doc.title)
    paragraphs = clean_paragraphs(doc.text.splitlines())
    if paragraphs and paragraphs[0] == title:       # the headline repeated as the first line
        paragraphs = paragraphs[1:]
    authors = tuple(a for a in (clean_inline(x) for x in (doc.author or "").split(";")) if a)
    if len(paragraphs) > 1 and is_byline(paragraphs[-1]):   # the byline closing the article
        byline = paragraphs.pop()
        authors = authors or (byline,)
    paragraphs = _with_summary(doc.description, paragraphs)
    if not paragraphs:
        raise ValueError("article text is empty after removing boilerplate")
    body = "\n\n".join(paragraphs)
    page_url = doc.url or url
    published = parse_published(doc.date)
    sitename = clean_inline(doc.sitename)
    tags = tuple(t for raw in (doc.tags or []) for t in (clean_inline(x) for x in raw.split(",")) if t)
    prov = {"format": "html", "extractor": f"trafilatura {trafilatura.__version__}", **(provenance or {})}
    return Article(
        id=article_id(None, page_url, title, body),
        body=body,
        title=title,
        url=page_url,
        source=sitename if sitename and sitename != doc.hostname else None,
        published=published,
        published_how="source" if published else None,
        published_evidence=f"page metadata: {doc.date}" if published else None,
        authors=authors,
        tags=_unique_casefold(tags),
        category=clean_inline((doc.categories or [None])[0]),
        provenance=prov,
    )
