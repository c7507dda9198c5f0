"""The OpenAPI 3.1 description served at /api/openapi.json."""
from __future__ import annotations

from .params import FACETS, MAX_QUERY_CHARS, MAX_VALUES


def _param(name: str, description: str, schema: dict, repeat: bool = False) -> dict:
    """A query parameter object."""
    if repeat:
        schema = {"type": "array", "items": schema, "maxItems": MAX_VALUES}
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema, **({"style": "form", "explode": True} if repeat else {})}


def search_parameters(max_page_size: int, max_page: int) -> list[dict]:
    """The parameters shared by the search page, /api/search, exports, the feed and the chart."""
    params = [_param("q", "Query: words (diacritics optional), \"phrase\", -word, a OR b, ( ), prefix*, "
                          "field:value (title, body, source, official, organization, topic, author, place), "
                          "place:\"Hải Phòng (gồm Hải Dương cũ)\" (a province with the former ones merged into it), "
                          "date:2020, date:2020-03, date:2020-01-01..2020-06-30, date:..2019, date:none.",
                     {"type": "string", "maxLength": MAX_QUERY_CHARS})]
    for name in FACETS:
        fmt = {"year": " (YYYY or 'none')", "month": " (YYYY-MM or 'none')"}.get(name, "")
        params.append(_param(name, f"Only articles with this {name}{fmt}; repeat for OR.",
                             {"type": "string", "maxLength": 300}, repeat=True))
        params.append(_param(f"not_{name}", f"Leave out articles with this {name}{fmt}; repeatable.",
                             {"type": "string", "maxLength": 300}, repeat=True))
    params += [
        _param("from", "Published on or after (YYYY-MM-DD, YYYY-MM or YYYY).", {"type": "string"}),
        _param("to", "Published on or before (YYYY-MM-DD, YYYY-MM or YYYY; partial dates mean their last day).",
               {"type": "string"}),
        _param("undated", "1: only articles without a publication date.", {"type": "string", "enum": ["0", "1"]}),
        _param("all", "1: every copy of a story is its own result. By default copies (reprints, syndicated "
                      "and near-duplicate texts) collapse into one result per story, its best-ranked copy, and "
                      "`total` counts stories.", {"type": "string", "enum": ["0", "1"]}),
        _param("story", "Only the copies of one story: a story id or the id of any of its copies (every copy "
                        "is listed).", {"type": "string", "maxLength": 300}),
        _param("sort", "Result order.", {"type": "string", "enum": ["relevance", "newest", "oldest"],
                                         "default": "relevance"}),
        _param("page", "Page number.", {"type": "integer", "minimum": 1, "maximum": max_page, "default": 1}),
        _param("size", "Results per page.", {"type": "integer", "minimum": 1, "maximum": max_page_size,
                                             "default": 20}),
    ]
    return params


_ERROR = {"description": "Bad parameter", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def openapi_document(export_cap: int, max_page_size: int, max_page: int) -> dict:
    """The document; limits are the configured ones."""
    common = search_parameters(max_page_size, max_page)
    export_limit = _param("limit", f"Rows to export (at most {export_cap}, the export cap).",
                          {"type": "integer", "minimum": 1, "maximum": export_cap, "default": export_cap})
    export_headers = {
        "X-Total-Count": {"description": "Matching articles", "schema": {"type": "integer"}},
        "X-Export-Truncated": {"description": "true when more articles matched than were exported",
                               "schema": {"type": "string", "enum": ["true", "false"]}},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Vietnamese News Archive API", "version": "1",
                 "description": "Search the archive. Every parameter of the search page works here. Invalid "
                                "parameters answer 400 with a JSON error. Exports stream the whole result set "
                                f"up to {export_cap} rows (the export cap); X-Export-Truncated says when it was cut."},
        "paths": {
            "/api/search": {"get": {
                "summary": "Search articles", "parameters": common + [
                    _param("facet_limit", "Values returned per facet.", {"type": "integer", "minimum": 0, "default": 50})],
                "responses": {"200": {"description": "One page of results with facet counts", "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/SearchPage"}}}},
                    "400": _ERROR}}},
            "/api/articles/{id}": {"get": {
                "summary": "One article with its full text",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "The article", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Article"}}}},
                    "404": {"description": "Unknown id"},
                    "410": {"description": "Withdrawn; the body gives the reason and date"}}}},
            **{f"/api/{plural}/{{name}}": {"get": {
                "summary": f"One {kind} of the entity registry",
                "description": f"The {kind} by its canonical name or any written form seen in the archive (an "
                               "alias answers with the canonical entity)" + (
                                   "; titles held, each with its first and last article date and the "
                                   "supporting articles." if kind == "official" else "."),
                "parameters": [{"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": f"The {kind}", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Entity"}}}},
                    "404": {"description": "No article names it"}}}}
               for kind, plural in (("official", "officials"), ("organization", "organizations"))},
            "/export.csv": {"get": {
                "summary": f"CSV export of the whole result set (streamed, at most {export_cap} rows)",
                "parameters": common + [export_limit],
                "responses": {"200": {"description": "CSV, UTF-8 with BOM", "headers": export_headers,
                                      "content": {"text/csv": {}}}, "400": _ERROR}}},
            "/export.jsonl": {"get": {
                "summary": f"JSON Lines export of the whole result set (streamed, at most {export_cap} rows)",
                "parameters": common + [export_limit],
                "responses": {"200": {"description": "One Result object per line", "headers": export_headers,
                                      "content": {"application/x-ndjson": {}}}, "400": _ERROR}}},
            "/feed.atom": {"get": {
                "summary": "Atom feed of the newest matching dated articles", "parameters": common,
                "responses": {"200": {"description": "Atom 1.0", "content": {"application/atom+xml": {}}},
                              "400": _ERROR}}},
            "/attention.csv": {"get": {
                "summary": "Matching articles per period, with the period's total and the share",
                "parameters": common + [
                    _param("compare", "Comma-separated queries to compare (replaces q).", {"type": "string"}),
                    _param("interval", "Period length.", {"type": "string", "enum": ["month", "year"]})],
                "responses": {"200": {"description": "CSV: query, period, count, total, share",
                                      "content": {"text/csv": {}}}, "400": _ERROR}}},
        },
        "components": {"schemas": {
            "Entity": {"type": "object", "properties": {
                "kind": {"type": "string", "enum": ["official", "organization"]},
                "name": {"type": "string", "description": "Canonical name"},
                "requested": {"type": "string", "description": "The name as given in the URL"},
                "aliases": {"type": "array", "items": {"type": "string"},
                            "description": "Other written forms seen, most frequent first"},
                "articles": {"type": "integer", "description": "Searchable articles naming it"},
                "titles": {"type": "array", "description": "Titles held (officials; empty for organizations), "
                                                          "best supported first", "items": {
                    "type": "object", "properties": {
                        "title": {"type": "string"},
                        "first": {"type": ["string", "null"], "format": "date",
                                  "description": "Earliest dated supporting article (Vietnam day); null when all "
                                                 "are undated"},
                        "last": {"type": ["string", "null"], "format": "date"},
                        "articles": {"type": "array", "description": "Supporting articles, oldest first, undated "
                                                                     "last", "items": {"type": "object", "properties": {
                            "id": {"type": "string"},
                            "published": {"type": ["string", "null"], "format": "date-time"}}}}}}},
                "url": {"type": "string", "format": "uri", "description": "The HTML entity page"}}},
            "Error": {"type": "object", "properties": {"error": {"type": "object", "properties": {
                "status": {"type": "integer"}, "message": {"type": "string"}, "parameter": {"type": "string"}}}}},
            "Result": {"type": "object", "properties": {
                "id": {"type": "string"}, "title": {"type": ["string", "null"]}, "url": {"type": ["string", "null"]},
                "source": {"type": ["string", "null"]}, "published": {"type": ["string", "null"], "format": "date-time"},
                "published_how": {"type": ["string", "null"], "enum": ["source", "text", "inferred", None]},
                "authors": {"type": "array", "items": {"type": "string"}},
                "topics": {"type": "array", "items": {"type": "string"}},
                "officials": {"type": "array", "items": {"type": "string"}},
                "organizations": {"type": "array", "items": {"type": "string"}},
                "places": {"type": "array", "items": {"type": "string"},
                           "description": "Provinces and centrally-run cities by their name on the article's day; "
                                          "'X (cũ)' marks a former unit named after its merger"},
                "score": {"type": "number"}, "snippet": {"type": "string"},
                "story": {"type": "string", "description": "Story id: the id of the story's earliest dated copy"},
                "copies": {"type": "integer", "description": "Other matching copies of this result's story "
                                                              "(0 unless results are collapsed)"},
                "snippet_html": {"type": "string", "description": "Escaped text with <mark> around matches"},
                "permalink": {"type": "string", "format": "uri"}}},
            "Related": {"type": "object", "properties": {
                "id": {"type": "string"}, "title": {"type": ["string", "null"]}, "url": {"type": ["string", "null"]},
                "source": {"type": ["string", "null"]}, "published": {"type": ["string", "null"], "format": "date-time"},
                "published_how": {"type": ["string", "null"], "enum": ["source", "text", "inferred", None]},
                "authors": {"type": "array", "items": {"type": "string"}},
                "topics": {"type": "array", "items": {"type": "string"}},
                "organizations": {"type": "array", "items": {"type": "string"}},
                "places": {"type": "array", "items": {"type": "string"}},
                "story": {"type": "string", "description": "Story id of the related story"},
                "score": {"type": "number", "description": "Shared values weighted by rarity (officials above "
                                                           "organizations above places), plus shared words"},
                "shared": {"type": "object", "description": "Why it is related: what it shares with the article, "
                                                            "rarest first", "properties": {
                    "officials": {"type": "array", "items": {"type": "string"}},
                    "organizations": {"type": "array", "items": {"type": "string"}},
                    "places": {"type": "array", "items": {"type": "string"}},
                    "words": {"type": "array", "items": {"type": "string"},
                              "description": "Distinctive words of the article it also uses"}}},
                "window_days": {"type": ["integer", "null"], "description":
                                "Found within this many days of the article's date (or its story's, for an "
                                "undated copy); null: the article has no date, or too few stories were near it"},
                "permalink": {"type": "string", "format": "uri"}}},
            "FacetValue": {"type": "object", "properties": {
                "value": {"type": "string"}, "count": {"type": "integer"},
                "selected": {"type": "boolean"}, "excluded": {"type": "boolean"}}},
            "SearchPage": {"type": "object", "properties": {
                "query": {"type": "object"},
                "total": {"type": "integer", "description": "Matching stories when collapsed, else articles"},
                "articles": {"type": "integer", "description": "Matching articles (facet counts count articles)"},
                "collapsed": {"type": "boolean", "description": "One result per story"},
                "page": {"type": "integer"},
                "page_size": {"type": "integer"}, "took_ms": {"type": "number"},
                "warnings": {"type": "array", "items": {"type": "string"}},
                "results": {"type": "array", "items": {"$ref": "#/components/schemas/Result"}},
                "facets": {"type": "object", "additionalProperties": {
                    "type": "array", "items": {"$ref": "#/components/schemas/FacetValue"}}}}},
            "Article": {"type": "object", "properties": {
                "id": {"type": "string"}, "title": {"type": ["string", "null"]}, "body": {"type": "string"},
                "url": {"type": ["string", "null"]}, "source": {"type": ["string", "null"]},
                "published": {"type": ["string", "null"]}, "authors": {"type": "array"},
                "published_how": {"type": ["string", "null"], "enum": ["source", "text", "inferred", None]},
                "published_evidence": {"type": ["string", "null"], "description":
                                       "What gave the date: the source's field and value, or the text's snippet"},
                "officials": {"type": "array", "items": {"type": "object", "properties": {
                    "name": {"type": "string"}, "titles": {"type": "array", "items": {"type": "string"}}}}},
                "organizations": {"type": "array"}, "places": {"type": "array", "items": {"type": "string"}},
                "topics": {"type": "array"}, "tags": {"type": "array"},
                "category": {"type": ["string", "null"]}, "duplicate_of": {"type": ["string", "null"]},
                "story": {"type": "string", "description": "Story id: the id of the story's earliest dated copy"},
                "same_story": {"type": "array", "items": {"type": "string"},
                               "description": "Ids of the other searchable copies of the story, earliest first"},
                "related": {"type": "array", "items": {"$ref": "#/components/schemas/Related"},
                            "description": "Other stories (one copy each, never a copy of this one) sharing its "
                                           "officials, organizations, places and distinctive words, near its date; "
                                           "best first"},
                "permalink": {"type": "string"}}},
        }},
    }
