"""Hot-path URLs built without the URL map (a results page holds hundreds of links).

They match what `url_for` builds for the same endpoints; tests compare the two.
"""
from __future__ import annotations

from urllib.parse import quote, quote_plus

from flask import request, url_for

# Characters Werkzeug's path converter leaves unquoted in a path segment.
_PATH_SAFE = "!$&'()*+,/:;=@"


def search_href(query_string: str = "") -> str:
    """The search page with the given (already encoded) query string."""
    root = request.script_root + "/"
    return f"{root}?{query_string}" if query_string else root


def article_href(article_id: str, q: str = "") -> str:
    """Relative link to an article page, carrying the query for highlighting."""
    path = f"{request.script_root}/article/{quote(article_id, safe=_PATH_SAFE)}"
    return f"{path}?q={quote_plus(q)}" if q else path


def permalink_base() -> str:
    """Absolute URL prefix of article pages (needs the request; exports stream without it)."""
    return url_for("search.index", _external=True) + "article/"


def permalink(article_id: str, base: str | None = None) -> str:
    """Absolute URL of an article page."""
    return (base or permalink_base()) + quote(article_id, safe=_PATH_SAFE)
