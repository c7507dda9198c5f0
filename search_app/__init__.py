"""Flask web layer of the archive: search page, article and entity pages, JSON API, exports, admin."""
from __future__ import annotations

import time
from pathlib import Path

from flask import Flask, g
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from . import i18n, links
from .backend import EXTENSION, open_index
from .config import load_config

ROOT = Path(__file__).resolve().parent.parent
csrf = CSRFProtect()

# Content-Security-Policy: no script runs anywhere (JSON-LD is data, not script); styles from /static only.
_CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'")


def create_app(test_config: dict | None = None, instance_path: str | None = None,
               overrides: dict | None = None) -> Flask:
    """Create the app; `test_config` replaces instance/config.py and the environment, `overrides`
    (command-line options) win over both."""
    app = Flask(__name__, instance_relative_config=True, instance_path=instance_path,
                template_folder=str(ROOT / "templates"))
    load_config(app, test_config, overrides)
    # '//' in a path answers 404 rather than an HTML redirect (API clients always get JSON).
    app.url_map.merge_slashes = False
    app.extensions[EXTENSION] = open_index(app.config["INDEX_DIR"])
    csrf.init_app(app)
    _init_jinja(app)

    from . import admin, api, article_views, entity_api, errors, health, search_views, watchlists
    app.register_blueprint(search_views.bp)
    app.register_blueprint(article_views.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(entity_api.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(watchlists.bp)
    errors.init_app(app)
    app.before_request(_start_timer)
    app.after_request(_server_timing)
    app.after_request(_security_headers)
    hops = int(app.config["PROXY_FIX"])
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    return app


def _init_jinja(app: Flask) -> None:
    """Expose translation and formatting helpers to templates."""
    app.jinja_env.globals.update(
        _=i18n.gettext,
        _html=i18n.gettext_html,
        has_message=i18n.has_message,
        current_lang=i18n.current_lang,
        format_date=i18n.format_date,
        format_number=i18n.format_number,
        format_period=i18n.format_period,
        search_href=links.search_href,
        article_href=links.article_href,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def _start_timer() -> None:
    """Note when the request started (for Server-Timing)."""
    g.started = time.perf_counter()


def _server_timing(response):
    """Server-Timing: time in the index (searches) and in the whole request, in ms."""
    total = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
    index_ms = g.get("index_ms")
    parts = [f"index;dur={index_ms:.1f}"] if index_ms is not None else []
    response.headers["Server-Timing"] = ", ".join(parts + [f"total;dur={total:.1f}"])
    return response


def _security_headers(response):
    """Defensive headers on every response."""
    response.headers.setdefault("Content-Security-Policy", _CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response
