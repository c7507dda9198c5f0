"""Article identity: the given id, else one derived from the canonical URL, else a content hash.

Ids are deterministic, so re-running the same input finds the same articles (idempotent re-ingest).
URL-derived ids are "url-" + 20 hex digits of SHA-1 of the canonical URL (ids stay short and
path-safe for permalinks; the URL itself is kept in `Article.url`). Content ids are "sha-" + 20 hex
digits of SHA-1 of the whitespace-normalized title and body.
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = ["article_id", "canonical_url"]

_TRACKING_PREFIXES = ("utm_", "fbclid", "gclid", "zarsrc", "zacc", "cmpid")


def canonical_url(url: str | None) -> str | None:
    """The URL with scheme and host lower-cased, fragment and tracking parameters removed.

    Returns None for text that is not an absolute http(s) URL.
    """
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not k.lower().startswith(_TRACKING_PREFIXES)])
    netloc = parts.netloc.lower().removesuffix(":80") if parts.scheme.lower() == "http" else parts.netloc.lower()
    return urlunsplit((parts.scheme.lower(), netloc.removesuffix(":443"), parts.path or "/", query, ""))


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


def article_id(given: str | None, url: str | None, title: str | None, body: str) -> str:
    """Deterministic id for an article (see the module docstring)."""
    if given is not None and str(given).strip():
        return str(given).strip()
    canonical = canonical_url(url)
    if canonical:
        return "url-" + _digest(canonical)
    normalized = " ".join((title or "").split()) + "\n" + " ".join(body.split())
    return "sha-" + _digest(normalized)
