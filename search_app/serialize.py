"""Plain data views of hits and articles for JSON, CSV, Atom and embedded citation metadata."""
from __future__ import annotations

import html
import re
from datetime import datetime

from .params import clean_text

_MARK = re.compile(r"</?mark>")
CSV_COLUMNS = ("id", "title", "source", "published", "published_how", "url", "authors", "topics",
               "officials", "organizations", "places", "permalink")
# Leading characters that make spreadsheets evaluate a cell as a formula (CSV injection).
_FORMULA_START = ("=", "+", "@", "\t", "\r")


def plain(highlight_html: str | None) -> str:
    """Highlight HTML (escaped text plus <mark>) back to plain text."""
    return html.unescape(_MARK.sub("", highlight_html or ""))


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 or None."""
    return moment.isoformat() if moment else None


def _common(record, permalink: str) -> dict:
    """Fields shared by search hits and stored articles."""
    return {
        "id": record.id,
        "title": record.title,
        "url": record.url,
        "source": record.source,
        "published": iso(record.published),
        "published_how": record.published_how,
        "authors": list(record.authors),
        "topics": list(record.topics),
        "organizations": list(record.organizations),
        "places": list(record.places),
        "permalink": permalink,
    }


def hit_dict(hit, permalink: str) -> dict:
    """One search result as JSON-ready data."""
    return {**_common(hit, permalink), "officials": list(hit.officials), "score": hit.score,
            "snippet": plain(hit.snippet_html), "snippet_html": hit.snippet_html,
            "story": hit.story, "copies": hit.copies}


def related_dict(item, permalink: str) -> dict:
    """One related story (a copy of it) with what it shares with the article, as JSON-ready data."""
    reason = item.reason
    return {**_common(item.hit, permalink), "story": item.hit.story, "score": item.hit.score,
            "shared": {"officials": list(reason.officials), "organizations": list(reason.organizations),
                       "places": list(reason.places), "words": list(reason.words)},
            "window_days": reason.window_days}


def article_dict(article, permalink: str, same_story: list[str], related: list[dict]) -> dict:
    """A full stored article as JSON-ready data; `same_story`: ids of the other copies of its story;
    `related`: related_dict of each related story."""
    return {**_common(article, permalink), "story": article.story, "same_story": same_story, "related": related,
            "officials": [{"name": name, "titles": list(titles)} for name, titles in article.officials],
            "tags": list(article.tags), "category": article.category,
            "published_evidence": article.provenance.get("published_evidence"),
            "duplicate_of": article.duplicate_of, "body": article.body}


def csv_cell(value: object) -> str:
    """A CSV cell: lists joined with '; ', control characters dropped, formula starts neutralised."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    text = clean_text(str(value))
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_row(hit, permalink: str) -> list[str]:
    """One export row in CSV_COLUMNS order."""
    data = hit_dict(hit, permalink)
    return [csv_cell(data[c]) for c in CSV_COLUMNS]


def citation_meta(article, permalink: str) -> list[tuple[str, str]]:
    """Highwire Press citation_* meta tags (read by Zotero and Google Scholar)."""
    tags = [("citation_title", article.title or article.id)]
    tags += [("citation_author", a) for a in article.authors]
    if article.published:
        tags.append(("citation_publication_date", article.published.strftime("%Y/%m/%d")))
        tags.append(("citation_date", article.published.strftime("%Y/%m/%d")))
    if article.source:
        tags.append(("citation_publisher", article.source))
    tags.append(("citation_language", "vi"))
    tags.append(("citation_public_url", permalink))
    return tags


def news_article_jsonld(article, permalink: str) -> dict:
    """schema.org NewsArticle for the article page."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": permalink,
        "url": permalink,
        "identifier": article.id,
        "headline": article.title or article.id,
        "inLanguage": "vi",
        "isAccessibleForFree": True,
    }
    if article.published:
        data["datePublished"] = article.published.isoformat()
    if article.authors:
        data["author"] = [{"@type": "Person", "name": a} for a in article.authors]
    if article.source:
        data["publisher"] = {"@type": "Organization", "name": article.source}
    if article.url:
        data["isBasedOn"] = article.url
    if article.category:
        data["articleSection"] = article.category
    keywords = list(article.topics) + list(article.tags)
    if keywords:
        data["keywords"] = keywords
    mentions = [{"@type": "Person", "name": name} for name, _titles in article.officials]
    mentions += [{"@type": "Organization", "name": o} for o in article.organizations]
    if mentions:
        data["mentions"] = mentions
    return data
