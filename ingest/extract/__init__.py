"""Metadata extraction run by ingest on every article: dates, source, authors, officials, organizations, places
and topics (see docs/architecture.md for the fields)."""

from __future__ import annotations

import dataclasses

from index import Article, normalize_text

from .bylines import article_text, resolve_authors, source_from_lead, source_from_url
from .dates import resolve_published
from .given import given_fields, mark_given
from .officials import find_officials, strip_footer
from .organizations import find_organizations, organization_aliases
from .places import find_places, places_on
from .topics import WORLD, topics_for

__all__ = ["enrich", "organization_aliases"]


def enrich(article: Article) -> Article:
    """Return ``article`` with extracted metadata filled in; fields the source already gave are kept (and
    named in its provenance, see `given`, so that `ingest reextract` can recompute only the extracted ones)."""
    dated = resolve_published(article.published, article.published_how, article.published_evidence,
                              article.body, article.title)
    text = normalize_text(f"{article.title or ''}\n{strip_footer(article_text(article.body))}")
    topics = tuple(article.topics) or topics_for(article.category, article.title, article.body)
    return dataclasses.replace(
        article,
        published=dated.published,
        published_how=dated.how,
        published_evidence=dated.evidence,
        source=article.source or source_from_lead(article.body) or source_from_url(article.url),
        authors=resolve_authors(tuple(article.authors), article.body),
        officials=tuple(article.officials) or find_officials(text),
        organizations=tuple(article.organizations)
        or tuple(m.name for m in find_organizations(text, foreign=topics == (WORLD,))),
        places=tuple(article.places) or places_on(find_places(text), dated.published),
        topics=topics,
        provenance=mark_given(article.provenance, given_fields(article)),
    )
