"""Configuration: defaults, `instance/config.py`, `ARCHIVE_*` environment variables, secret key file."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask

DEFAULTS: dict[str, object] = {
    # Index folder; None defers to index.resolve_index_dir ($ARCHIVE_INDEX, then instance/index).
    "INDEX_DIR": None,
    "PAGE_SIZE": 20,
    "MAX_PAGE_SIZE": 100,
    # Deepest page a client may ask for; deeper paging is what exports are for.
    "MAX_PAGE": 500,
    "FACET_SHOWN": 10,          # facet values listed before "more"
    "FACET_EXPANDED": 500,      # facet values fetched when a list is expanded or filtered
    "EXPORT_CAP": 10_000,       # rows in one CSV / JSON Lines export (documented in OpenAPI)
    "FEED_SIZE": 50,            # entries in an Atom feed
    "MAX_COMPARE": 5,           # comma-separated queries on one attention chart
    "ADMIN_USERNAME": "admin",
    # werkzeug.security.generate_password_hash(...) output; admin login is refused while unset.
    "ADMIN_PASSWORD_HASH": None,
    "MAX_CONTENT_LENGTH": 256 * 1024 * 1024,   # admin upload limit in bytes
    # Reverse proxies in front (nginx = 1): trust that many X-Forwarded-For/-Proto/-Host hops, so
    # permalinks and the login throttle see the client, not the proxy.
    "PROXY_FIX": 0,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": 3600,
    # Watchlist e-mail (SMTP_HOST, SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD, SMTP_FROM, SMTP_STARTTLS,
    # PUBLIC_URL, WATCHLIST_*): read and defaulted by ingest/alert_config.py, which `ingest` uses too.
}

SECRET_FILE = "secret_key"


def load_config(app: Flask, test_config: dict | None, overrides: dict | None = None) -> None:
    """Fill app.config from defaults, then instance/config.py and ARCHIVE_* env (or test_config),
    then `overrides`."""
    app.config.from_mapping(DEFAULTS)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        # ARCHIVE_SECRET_KEY -> SECRET_KEY, ARCHIVE_EXPORT_CAP=500 -> EXPORT_CAP (JSON-decoded).
        app.config.from_prefixed_env("ARCHIVE")
    else:
        app.config.update(test_config)
    app.config.update(overrides or {})
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))


def _instance_secret(instance: Path) -> str:
    """Read the secret key kept in instance/, creating it (mode 0600) on first start."""
    path = instance / SECRET_FILE
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # O_EXCL: when two workers start together only one writes; the other reads its key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    return key
