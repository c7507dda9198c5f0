"""JSON of one official or organization: /api/officials/<name>, /api/organizations/<name> (the entity registry)."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, url_for

from index import Entity

from .backend import conditional, get_index, get_searcher

bp = Blueprint("entity_api", __name__)


def entity_dict(kind: str, requested: str, entity: Entity | None, articles: int) -> dict:
    """The JSON body: canonical name, written forms, titles held with dates and supporting articles."""
    name = entity.name if entity else requested
    return {
        "kind": kind, "name": name, "requested": requested, "aliases": list(entity.aliases) if entity else [],
        "articles": articles,
        "titles": [{"title": t.title, "first": t.first.date().isoformat() if t.first else None,
                    "last": t.last.date().isoformat() if t.last else None,
                    "articles": [{"id": i, "published": d.isoformat() if d else None} for i, d in t.articles]}
                   for t in (entity.titles if entity else ())],
        "url": url_for(f"article.{kind}", name=name, _external=True),
    }


def _answer(kind: str, name: str):
    entity = get_index().registry().lookup(kind, name)
    summary = get_searcher().entity(kind, entity.name if entity else name)
    if summary is None:
        abort(404, f"no {kind} {name!r}")
    return jsonify(entity_dict(kind, name, entity, summary.articles))


@bp.get("/api/officials/<path:name>")
@conditional
def official(name: str):
    """An official (canonical name or any written form): aliases, titles held with dates, article count."""
    return _answer("official", name)


@bp.get("/api/organizations/<path:name>")
@conditional
def organization(name: str):
    """An organization (canonical name or any written form): aliases and article count."""
    return _answer("organization", name)
