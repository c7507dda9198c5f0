"""Watchlists: subscribe to a search by e-mail (double opt-in), confirm, unsubscribe in one click.

The saved search is the results page's state (query, filters, exclusions, dates), without sort and
paging. Tokens, store and mails are `ingest.alerts`'s, shared with the digests `ingest` sends.
Nothing is stored or sent while no relay is configured; the page says so.
"""
from __future__ import annotations

import smtplib
import time
from pathlib import Path

from flask import Blueprint, current_app, render_template, request, url_for

from ingest.alert_config import AlertConfig
from ingest.alert_mail import confirmation_mail, deliver, describe
from ingest.alerts import (confirm_token, read_confirm_token, read_unsubscribe_token,
                           unsubscribe_token)
from ingest.watchlist_store import MailLimit, WatchlistStore

from . import csrf
from .forms import WatchForm
from .i18n import gettext
from .params import DEFAULT_PAGE_SIZE, SearchState, parse_state

bp = Blueprint("watch", __name__, url_prefix="/watch")
EXTENSION = "watchlists"
DAY_S, HOUR_S = 86400, 3600


def alert_config() -> AlertConfig:
    """The app's watchlist settings (read once from app.config)."""
    if EXTENSION not in current_app.extensions:
        current_app.extensions[EXTENSION] = AlertConfig.from_mapping(current_app.config,
                                                                     Path(current_app.instance_path))
    return current_app.extensions[EXTENSION]


def saved_state(state: SearchState) -> SearchState:
    """What a watchlist keeps of a search: everything but sort and paging."""
    return state.with_changes(sort="relevance", page_size=DEFAULT_PAGE_SIZE)


def search_spec(state: SearchState) -> dict:
    """The request fields of a search, as stored with the subscription (read by `ingest.alerts`)."""
    return {"q": state.q, "filters": {k: list(v) for k, v in state.filters.items()},
            "exclude": {k: list(v) for k, v in state.exclude.items()},
            "from": state.date_from.isoformat() if state.date_from else None,
            "to": state.date_to.isoformat() if state.date_to else None, "undated": state.undated}


def _page(template: str, status: int = 200, **values: object):
    return render_template(f"watchlists/{template}", **values), status


def _subscribe_page(state: SearchState, form: WatchForm, status: int = 200, message: str | None = None):
    """The subscribe page for a search (with the form only when mail can be sent)."""
    query = state.query_string()
    return _page("subscribe.html", status, form=form, state=state, query=query,
                 label=describe(search_spec(state)), enabled=alert_config().enabled, message=message)


@bp.get("")
def subscribe_form():
    """Describe the search of the query string and offer to watch it."""
    return _subscribe_page(saved_state(parse_state(request.args)), WatchForm(formdata=None))


@bp.post("")
def subscribe():
    """Store a pending saved search and send its confirmation mail (rate-limited)."""
    config = alert_config()
    state = saved_state(parse_state(request.form))
    form = WatchForm()
    if not config.enabled or config.relay is None:
        return _subscribe_page(state, form, 503)
    if not form.validate_on_submit():
        return _subscribe_page(state, form, 400)
    store, now, address, query = WatchlistStore(config.store_path), time.time(), form.address, state.query_string()
    if store.open_searches(address, now, config.confirm_max_age_s, besides=query) >= config.max_searches_per_address:
        return _subscribe_page(state, form, 409, gettext("watch.too_many", limit=config.max_searches_per_address))
    limits = [MailLimit("address", address, config.mails_per_address_per_day, DAY_S),
              MailLimit("ip", request.remote_addr or "", config.mails_per_ip_per_hour, HOUR_S)]
    if not store.allow_mail(limits, now):
        return _subscribe_page(state, form, 429, gettext("watch.rate_limited"))
    saved = store.save_pending(address, query, search_spec(state), now, config.confirm_max_age_s)
    mail = confirmation_mail(config, address, saved.spec, query, confirm_token(config, saved),
                             unsubscribe_token(config, saved.subscriber_id, saved.id))
    try:
        refused = deliver(config.relay, [mail])
    except (OSError, smtplib.SMTPException) as exc:
        refused = {0: f"relay refused the session: {exc}"}
    if refused:
        current_app.logger.warning("watchlist confirmation to %s not sent: %s", address, refused[0])
        return _subscribe_page(state, form, 502, gettext("watch.send_failed"))
    return _page("sent.html", address=address, hours=config.confirm_max_age_s // HOUR_S,
                 label=describe(saved.spec))


@bp.get("/confirm/<token>")
def confirm(token: str):
    """Follow the double opt-in link: activate the saved search."""
    config = alert_config()
    found = read_confirm_token(config, token)
    saved = WatchlistStore(config.store_path).confirm(*found, time.time()) if found else None
    if saved is None:
        return _page("invalid.html", 400)
    unsubscribe = url_for("watch.unsubscribe", token=unsubscribe_token(config, saved.subscriber_id, saved.id))
    return _page("confirmed.html", label=describe(saved.spec), query=saved.query, unsubscribe=unsubscribe)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    """One-click unsubscribe (the link in every mail, and RFC 8058 POSTs from mail programs): the
    signed token is the authority, no login or form token is needed."""
    config = alert_config()
    found = read_unsubscribe_token(config, token)
    if found is None:
        return _page("invalid.html", 400)
    WatchlistStore(config.store_path).cancel(*found, time.time())
    return _page("unsubscribed.html")
