"""`/healthz`: the cheap answer a load balancer's health check asks for.

It says which index this process serves and which generation of it, so an operator (or a test) can
see whether a replica has picked up a replicated generation. A server process opens its searcher
before it serves, so a starting instance passes the check only once it can search.
"""
from __future__ import annotations

from flask import Blueprint, Response, jsonify

from .backend import get_index, get_searcher

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    """200 with the index id, the generation being served and its searchable article count."""
    searcher = get_searcher()
    response = jsonify({"status": "ok", "index": get_index().identity,
                        "generation": searcher.generation, "articles": searcher.doc_count()})
    response.headers["Cache-Control"] = "no-store"
    return response
