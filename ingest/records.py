"""Map a flat record (a JSON Lines object or a CSV row) in the shared corpus schema to an Article.

Schema: id, url, source, title, published, author, category, tags, body (plus `dataset`, kept in
provenance). Common CSV/crawler aliases are accepted (content/text -> body, published_at/date ->
published, keywords -> tags, link -> url, headline -> title, authors -> author). Unknown keys are
ignored; a wrong type in a known optional field drops that field; only a missing or empty body
rejects the record.

Dates: read by `ingest.readers.timestamps.parse_published` (ISO 8601, dd/mm/yyyy, RFC 2822, epoch
seconds/milliseconds) and stored in Vietnam time: a zoned value is converted, a naive one is local
time. `published_how` is "source" when the record gives a usable date, and `published_evidence`
names the record's field and its value as given ("published_at: 2026-02-05T17:01:00+00:00").
"""

from __future__ import annotations

from collections.abc import Mapping

from index import Article
from ingest.hygiene import clean_body, clean_inline
from ingest.identity import article_id
from ingest.readers.timestamps import parse_published

__all__ = ["ALIASES", "BODY_KEYS", "parse_published", "record_article"]

ALIASES: dict[str, str] = {
    "content": "body", "text": "body", "noi_dung": "body", "article": "body",
    "published_at": "published", "publish_date": "published", "date": "published", "pubdate": "published",
    "date_published": "published", "datepublished": "published", "time": "published",
    "keywords": "tags", "tag": "tags",
    "link": "url", "canonical_url": "url",
    "headline": "title", "tieu_de": "title",
    "authors": "author", "byline": "author",
    "outlet": "source", "site": "source",
    "section": "category", "categories": "category",
    "doc_id": "id", "article_id": "id", "guid": "id",
}
BODY_KEYS = ("body", *sorted(k for k, v in ALIASES.items() if v == "body"))


def _canonical_keys(record: Mapping[str, object]) -> tuple[dict[str, object], dict[str, str]]:
    """The record's values under canonical names, and the record's own key each value came from."""
    out: dict[str, object] = {}
    keys: dict[str, str] = {}
    for key, value in record.items():
        if not isinstance(key, str):
            continue
        name = key.strip().lower().replace(" ", "_").replace("-", "_")
        name = ALIASES.get(name, name)
        if name not in out or out[name] in (None, "", []):
            out[name] = value
            keys[name] = key
    return out, keys


def _scalar(value: object) -> str | None:
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        return None
    return clean_inline(str(value))


def _strings(value: object, *, split: bool) -> tuple[str, ...]:
    if isinstance(value, (list, tuple)):
        items = [_scalar(v) for v in value]
    elif isinstance(value, str) and split:
        sep = "|" if "|" in value else ";" if ";" in value else ","
        items = [clean_inline(v) for v in value.split(sep)]
    else:
        items = [_scalar(value)]
    return tuple(i for i in items if i)


def record_article(record: Mapping[str, object], provenance: Mapping[str, str]) -> Article:
    """Article from one record; raises ValueError when it has no usable body."""
    fields, keys = _canonical_keys(record)
    raw_body = fields.get("body")
    if raw_body is None or (isinstance(raw_body, str) and not raw_body.strip()):
        raise ValueError("record has no body")
    if not isinstance(raw_body, str):
        raise ValueError(f"record body is a {type(raw_body).__name__}, not text")
    body = clean_body(raw_body)
    if not body:
        raise ValueError("record body is empty after removing boilerplate")
    title = _scalar(fields.get("title"))
    url = _scalar(fields.get("url"))
    published = parse_published(fields.get("published"))
    raw_published = _scalar(fields.get("published"))
    prov = dict(provenance)
    dataset = _scalar(fields.get("dataset"))
    if dataset:
        prov["dataset"] = dataset
    if published is None and raw_published:
        prov["published_raw"] = raw_published
    return Article(
        id=article_id(_scalar(fields.get("id")), url, title, body),
        body=body,
        title=title,
        url=url,
        source=_scalar(fields.get("source")),
        published=published,
        published_how="source" if published else None,
        published_evidence=f"{keys['published']}: {raw_published}" if published else None,
        authors=_strings(fields.get("author"), split=False),
        tags=_strings(fields.get("tags"), split=True),
        category=next(iter(_strings(fields.get("category"), split=False)), None),
        provenance=prov,
    )
