"""Metadata extraction run by ingest on every article: dates, source, authors, officials, organizations, places
and topics (see docs/architecture.md for the fields)."""

from __future__ import annotations

import dataclasses
import json

from index import ENTITIES_KEY, Article, Registry, normalize_text

from .bylines import article_text, resolve_authors, source_from_lead, source_from_url
from .dates import resolve_published
from .given import given_fields, mark_given
from .known import resolve_with_registry
from .known_orgs import bare_organizations
from .officials import scan_officials, strip_footer
from .organizations import find_organizations, organization_aliases
from .places import find_places, places_on
from .topics import WORLD, topics_for

__all__ = ["enrich", "organization_aliases"]


def enrich(article: Article, registry: Registry | None = None) -> Article:
    """Return ``article`` with extracted metadata filled in; fields the source already gave are kept (and
    named in its provenance, see `given`, so that `ingest reextract` can recompute only the extracted ones).
    With the archive's ``registry``, officials named without a title and bare posts are resolved through it
    (`known`) and bodies it knows are recognised where named without a head word (`known_orgs`); the written
    forms of the extracted entities and what came from the registry (officials, bodies) are recorded in the
    provenance under ``ENTITIES_KEY`` for the registry."""
    dated = resolve_published(article.published, article.published_how, article.published_evidence,
                              article.body, article.title)
    text = normalize_text(f"{article.title or ''}\n{strip_footer(article_text(article.body))}")
    topics = tuple(article.topics) or topics_for(article.category, article.title, article.body)
    foreign = topics == (WORLD,)
    organizations, forms, recognised = tuple(article.organizations), [], []
    if not organizations:
        mentions = find_organizations(text, foreign=foreign)
        if registry is not None:
            recognised = bare_organizations(text, registry, mentions)
            mentions += recognised
        organizations = tuple(m.name for m in mentions)
        forms += [["organization", m.name, written] for m in mentions
                  if (written := " ".join(text[m.start:m.end].split())) != m.name]
    officials, inferred = tuple(article.officials), ()
    if not officials:
        scan = scan_officials(text)
        forms += [["official", full, short] for full, short in scan.forms]
        if registry is None:
            officials = scan.officials()
        else:
            resolved = resolve_with_registry(scan, text, registry, dated.published, foreign, organizations)
            officials, inferred = resolved.officials, resolved.inferred
    provenance = mark_given(article.provenance, given_fields(article))
    provenance.pop(ENTITIES_KEY, None)
    if forms or inferred or recognised:
        entities = {"forms": forms, "inferred": list(inferred)}
        if recognised:
            entities["inferred_organizations"] = [m.name for m in recognised]
        provenance[ENTITIES_KEY] = json.dumps(entities, ensure_ascii=False)
    return dataclasses.replace(
        article,
        published=dated.published,
        published_how=dated.how,
        published_evidence=dated.evidence,
        source=article.source or source_from_lead(article.body) or source_from_url(article.url),
        authors=resolve_authors(tuple(article.authors), article.body),
        officials=officials,
        organizations=organizations,
        places=tuple(article.places) or places_on(find_places(text), dated.published),
        topics=topics,
        provenance=provenance,
    )
