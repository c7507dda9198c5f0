"""The article record written to the index, and its normalized, hashable form."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from .normalize import normalize_text

__all__ = ["Article", "Official", "LOCAL_TZ", "PUBLISHED_HOW"]

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PUBLISHED_HOW = ("source", "text", "inferred")
# The stored provenance key holding `Article.published_evidence` (read by search_app from StoredArticle.provenance).
EVIDENCE_KEY = "published_evidence"


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(normalize_text(value).split())
    return value or None


def _clean_body(value: str) -> str:
    """Normalize a body, keeping paragraph breaks (blank lines) and single line breaks."""
    lines = [" ".join(line.split()) for line in normalize_text(value).replace("\r\n", "\n").split("\n")]
    paragraphs, current = [], []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return "\n\n".join(paragraphs)


def _unique(values: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for value in values:
        cleaned = _clean(value)
        if cleaned and cleaned not in seen:
            seen[cleaned] = None
    return tuple(seen)


@dataclass(frozen=True)
class Official:
    """A person holding a position, with the titles the article gives them."""

    name: str
    titles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    """One news article as ingest produces it and the index stores it."""

    id: str
    body: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: datetime | None = None
    published_how: str | None = None
    published_evidence: str | None = None     # what gave the date: "published: 2021-03-05T23:47:00Z", "Chiều 3/12 + năm 2006"
    authors: tuple[str, ...] = ()
    officials: tuple[Official, ...] = ()
    organizations: tuple[str, ...] = ()
    places: tuple[str, ...] = ()              # province-level units by their name on the article's day
    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    category: str | None = None
    provenance: Mapping[str, str] = field(default_factory=dict)
    duplicate_of: str | None = None

    def __post_init__(self) -> None:
        if not self.id or not self.id.strip():
            raise ValueError("article id is empty")
        if self.published is not None and self.published.tzinfo is None:
            raise ValueError(f"article {self.id!r}: published must be timezone-aware")
        if self.published_how is not None and self.published_how not in PUBLISHED_HOW:
            raise ValueError(f"article {self.id!r}: published_how must be one of {PUBLISHED_HOW}")

    def normalized(self) -> Article:
        """The same article with every text field in canonical form (what the index stores)."""
        if self.__dict__.get("_is_normalized"):
            return self
        officials: dict[str, tuple[str, ...]] = {}
        for official in self.officials:
            name = _clean(official.name)
            if name:
                officials[name] = _unique(officials.get(name, ()) + tuple(official.titles))
        normalized = replace(
            self,
            id=self.id.strip(),
            body=_clean_body(self.body),
            title=_clean(self.title),
            url=(self.url or "").strip() or None,
            source=_clean(self.source),
            published=self.published.astimezone(LOCAL_TZ) if self.published else None,
            published_evidence=_clean(self.published_evidence),
            authors=_unique(self.authors),
            officials=tuple(Official(n, t) for n, t in officials.items()),
            organizations=_unique(self.organizations),
            places=_unique(self.places),
            topics=_unique(self.topics),
            tags=_unique(self.tags),
            category=_clean(self.category),
            provenance={str(k): str(v) for k, v in self.provenance.items()},
        )
        object.__setattr__(normalized, "_is_normalized", True)   # normalizing twice is a no-op
        return normalized

    def body_hash(self) -> str:
        """SHA-1 of the normalized body: identical bodies under different ids share it."""
        return hashlib.sha1(self.normalized().body.encode("utf-8")).hexdigest()

    def content_hash(self) -> str:
        """SHA-1 of every normalized field except provenance: equal hashes mean "unchanged"."""
        a = self.normalized()
        payload = {
            "id": a.id, "body": a.body, "title": a.title, "url": a.url, "source": a.source,
            "published": a.published.isoformat() if a.published else None,
            "published_how": a.published_how, "authors": a.authors,
            "officials": [[o.name, list(o.titles)] for o in a.officials],
            "organizations": a.organizations, "topics": a.topics, "tags": a.tags,
            "category": a.category, "duplicate_of": a.duplicate_of,
        }
        if a.places:            # absent when empty: records without places keep the hash they had
            payload["places"] = a.places
        if a.published_evidence is not None:     # absent from older records: their hashes stay the same
            payload["published_evidence"] = a.published_evidence
        return hashlib.sha1(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
