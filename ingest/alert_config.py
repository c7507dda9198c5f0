"""Watchlist and SMTP settings, read the same way by the web app and by `ingest`.

The web app hands over its `app.config`; `ingest` (no Flask app) reads `instance/config.py` and the
`ARCHIVE_*` environment with the same rules (`load_instance_config`). Both then call
`AlertConfig.from_mapping`, the one place these settings are interpreted and defaulted.
Mail is sent only while a relay is configured: `SMTP_HOST`, `SMTP_FROM` and `PUBLIC_URL` (the
site's address, used for every link in a mail, never the Host header of a request) are all set.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from flask.config import Config

DEFAULT_INSTANCE = Path(__file__).resolve().parent.parent / "instance"
STORE_FILE = "watchlists.sqlite3"
SECRET_FILE = "secret_key"
_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class SmtpRelay:
    """Where mail goes: host, port, optional login, STARTTLS."""

    host: str
    port: int
    username: str | None
    password: str | None
    starttls: bool


@dataclass(frozen=True)
class AlertConfig:
    """Everything watchlists need: relay, sender, site address, store, signing key and limits."""

    relay: SmtpRelay | None
    sender: str | None
    public_url: str | None
    store_path: Path
    secret_key: str | None
    confirm_max_age_s: int = 72 * 3600
    mails_per_address_per_day: int = 5
    mails_per_ip_per_hour: int = 20
    max_searches_per_address: int = 20
    max_entries_per_search: int = 50

    @property
    def enabled(self) -> bool:
        """True when mail can be sent and its links built and signed."""
        return bool(self.relay and self.sender and self.public_url and self.secret_key)

    @classmethod
    def from_mapping(cls, config: Mapping[str, object], instance: Path) -> "AlertConfig":
        """Interpret `SMTP_*`, `PUBLIC_URL`, `WATCHLIST_*` and `SECRET_KEY` from a config mapping."""
        host = _text(config.get("SMTP_HOST"))
        starttls = _flag(config.get("SMTP_STARTTLS"))
        relay = None
        if host:
            port = int(config.get("SMTP_PORT") or (587 if starttls else 25))
            relay = SmtpRelay(host, port, _text(config.get("SMTP_USERNAME")),
                              _text(config.get("SMTP_PASSWORD")), starttls)
        public_url = _text(config.get("PUBLIC_URL"))
        store = _text(config.get("WATCHLIST_DB"))
        return cls(
            relay=relay,
            sender=_text(config.get("SMTP_FROM")),
            public_url=public_url.rstrip("/") if public_url else None,
            store_path=Path(store) if store else instance / STORE_FILE,
            secret_key=_text(config.get("SECRET_KEY")) or _read_secret(instance),
            **{name: int(config[key]) for name, key in _LIMITS.items() if config.get(key) is not None},
        )


_LIMITS = {
    "confirm_max_age_s": "WATCHLIST_CONFIRM_MAX_AGE",
    "mails_per_address_per_day": "WATCHLIST_MAILS_PER_ADDRESS_PER_DAY",
    "mails_per_ip_per_hour": "WATCHLIST_MAILS_PER_IP_PER_HOUR",
    "max_searches_per_address": "WATCHLIST_MAX_SEARCHES",
    "max_entries_per_search": "WATCHLIST_MAX_ENTRIES",
}


def load_instance_config(instance: Path | None = None) -> AlertConfig:
    """Settings for a process without the web app: `instance/config.py`, then `ARCHIVE_*` variables
    (JSON-decoded, as the web app reads them), then the instance's secret key file."""
    folder = instance or DEFAULT_INSTANCE
    config = Config(str(folder))
    config.from_pyfile("config.py", silent=True)
    config.from_prefixed_env("ARCHIVE")
    return AlertConfig.from_mapping(config, folder)


def _text(value: object) -> str | None:
    """A setting as stripped text; None when unset or blank."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _flag(value: object) -> bool:
    """A boolean setting given as a bool, a number or a word (true/yes/on/1)."""
    if isinstance(value, str):
        return value.strip().lower() in _TRUE
    return bool(value)


def _read_secret(instance: Path) -> str | None:
    """The key the web app keeps in instance/secret_key (None before the app first started)."""
    try:
        return (instance / SECRET_FILE).read_text(encoding="ascii").strip() or None
    except OSError:
        return None
