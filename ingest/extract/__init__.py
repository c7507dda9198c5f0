"""Metadata extraction run by ingest on every article: dates, source, authors and topics (officials and
organizations are added as their extractors land)."""

from __future__ import annotations

import dataclasses

from index import Article

from .bylines import resolve_authors, source_from_lead, source_from_url
from .dates import resolve_published
from .topics import topics_for

__all__ = ["enrich"]


def enrich(article: Article) -> Article:
    """Return ``article`` with extracted metadata filled in; fields the source already gave are kept."""
    published, how = resolve_published(article.published, article.published_how, article.body, article.title)
    source = article.source or source_from_lead(article.body) or source_from_url(article.url)
    return dataclasses.replace(
        article,
        published=published,
        published_how=how,
        source=source,
        authors=resolve_authors(tuple(article.authors), article.body),
        topics=tuple(article.topics) or topics_for(article.category, article.title, article.body),
    )
