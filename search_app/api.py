"""Machine endpoints: JSON search and article API, OpenAPI document, streamed exports, Atom feed."""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone
from xml.etree import ElementTree as ET

from flask import Blueprint, Response, abort, current_app, jsonify, request, url_for

from .article_views import RELATED
from .backend import conditional, get_index, get_searcher
from .links import permalink, permalink_base
from .openapi import openapi_document
from .params import FACETS, clean_text, parse_int
from .search_views import request_state
from .serialize import CSV_COLUMNS, article_dict, csv_row, hit_dict, plain, related_dict

bp = Blueprint("api", __name__)
ATOM = "http://www.w3.org/2005/Atom"


@bp.get("/api/search")
@conditional
def search():
    """Search results as JSON; the parameters are the search page's."""
    state = request_state()
    facet_limit = parse_int(request.args, "facet_limit", 50, 0, current_app.config["FACET_EXPANDED"])
    page = get_searcher().search(state.to_request(facet_limit=facet_limit))
    body = {
        "query": {"q": state.q, "filters": {k: list(v) for k, v in state.filters.items()},
                  "exclude": {k: list(v) for k, v in state.exclude.items()},
                  "from": state.date_from.isoformat() if state.date_from else None,
                  "to": state.date_to.isoformat() if state.date_to else None,
                  "undated": state.undated, "sort": state.sort, "all": state.all_copies, "story": state.story},
        "total": page.total,
        "articles": page.articles,
        "collapsed": page.collapsed,
        "page": page.page,
        "page_size": page.page_size,
        "took_ms": page.took_ms,
        "warnings": list(page.warnings),
        "results": [hit_dict(hit, permalink(hit.id)) for hit in page.hits],
        "facets": {name: [{"value": fv.value, "count": fv.count, "selected": fv.selected,
                           "excluded": fv.excluded} for fv in values]
                   for name, values in page.facets.items() if name in FACETS},
    }
    return jsonify(body)


@bp.get("/api/articles/<path:article_id>")
@conditional
def article(article_id: str):
    """One article as JSON; 410 with the tombstone when withdrawn, 404 when unknown."""
    searcher = get_searcher()
    stored = searcher.get(article_id)
    if stored is None:
        abort(404, f"no article {article_id!r}")
    if stored.withdrawn:
        stone = get_index().tombstone(article_id)
        return jsonify({"error": {"status": 410, "message": "withdrawn", "id": stone.id,
                                  "reason": stone.reason, "withdrawn": stone.date.isoformat()}}), 410
    same_story = [hit.id for hit in searcher.same_story(article_id)]
    related = [related_dict(item, permalink(item.hit.id)) for item in searcher.related(article_id, n=RELATED)]
    return jsonify(article_dict(stored, permalink(article_id), same_story, related))


@bp.get("/api/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(openapi_document(current_app.config["EXPORT_CAP"], current_app.config["MAX_PAGE_SIZE"],
                                    current_app.config["MAX_PAGE"]))


def _export(render_rows, content_type: str, extension: str) -> Response:
    """Stream the whole result set (up to EXPORT_CAP rows), telling the client if it was cut."""
    state = request_state()
    cap = current_app.config["EXPORT_CAP"]
    limit = parse_int(request.args, "limit", cap, 1, cap)
    searcher = get_searcher()
    total = searcher.count(state.to_request(page=1))
    hits = searcher.iter_hits(state.to_request(page=1, highlight=False), limit=limit)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    # The rows need no request context, so the stream does not hold one open.
    response = Response(render_rows(hits, permalink_base()), content_type=content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="archive-{stamp}.{extension}"'
    response.headers["X-Total-Count"] = str(total)
    response.headers["X-Export-Limit"] = str(limit)
    response.headers["X-Export-Truncated"] = "true" if total > limit else "false"
    return response


@bp.get("/export.csv")
def export_csv():
    """CSV of the whole result set (UTF-8 with BOM so spreadsheet programs read the diacritics)."""

    def rows(hits, base):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        yield "\ufeff" + buffer.getvalue()
        for hit in hits:
            buffer.seek(0)
            buffer.truncate()
            writer.writerow(csv_row(hit, permalink(hit.id, base)))
            yield buffer.getvalue()

    return _export(rows, "text/csv; charset=utf-8", "csv")


@bp.get("/export.jsonl")
def export_jsonl():
    """JSON Lines of the whole result set, one result object per line."""

    def rows(hits, base):
        for hit in hits:
            yield json.dumps(hit_dict(hit, permalink(hit.id, base)), ensure_ascii=False) + "\n"

    return _export(rows, "application/x-ndjson; charset=utf-8", "jsonl")


@bp.get("/feed.atom")
@conditional
def feed():
    """Atom feed of the newest matching articles (undated articles are left out)."""
    state = request_state().with_changes(sort="newest")
    page = get_searcher().search(state.to_request(facet_limit=1, page=1,
                                                  page_size=current_app.config["FEED_SIZE"]))
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    search_url = url_for("search.index", _external=True) + ("?" + state.query_string() if state.pairs() else "")
    _text(root, "title", f"{state.q or '*'} — Lưu trữ báo chí Việt Nam")
    _text(root, "id", search_url)
    ET.SubElement(root, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=search_url)
    ET.SubElement(root, f"{{{ATOM}}}link", rel="self", href=request.url)
    dated = [hit for hit in page.hits if hit.published]
    newest = max((hit.published for hit in dated), default=datetime(1970, 1, 1, tzinfo=timezone.utc))
    _text(root, "updated", newest.isoformat())
    for hit in dated:
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        link = permalink(hit.id)
        _text(entry, "id", link)
        _text(entry, "title", hit.title or hit.id)
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=link)
        _text(entry, "updated", hit.published.isoformat())
        _text(entry, "published", hit.published.isoformat())
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        _text(author, "name", ", ".join(hit.authors) or hit.source or "—")
        if hit.source:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=clean_text(hit.source))
        snippet = plain(hit.snippet_html)
        if snippet:
            _text(entry, "summary", snippet)
    body = ET.tostring(root, encoding="unicode", xml_declaration=False)
    return Response('<?xml version="1.0" encoding="utf-8"?>\n' + body,
                    content_type="application/atom+xml; charset=utf-8")


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    """Append an Atom child element with text (control characters are not allowed in XML)."""
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = clean_text(text)
    return element
