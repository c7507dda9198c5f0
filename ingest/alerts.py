"""Watchlist alerts: signed links, address checks, and the digest sent after an ingest run.

`ingest_paths` wraps the index in `AddedIds` and, once its batches are committed, calls
`run_digests`: every confirmed saved search is run over the index, its matches among the articles
the run added (originals only: an article written with `duplicate_of` is its original's copy) are
grouped by story (index/stories.py), and each subscriber gets ONE mail holding, per search, one entry
per story no earlier digest of that search sent: its earliest new copy, with the number of the other
new copies ("và N bản đăng lại"). A new copy of a story already sent for the search is not sent again.
Nothing is sent while no relay is configured (`AlertConfig.enabled`).
The web app (`search_app.watchlists`) uses the same tokens, store and mails for subscribing.
"""
from __future__ import annotations

import re
import smtplib
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from itertools import groupby

from itsdangerous import BadSignature, URLSafeTimedSerializer

from index import ArchiveIndex, ArchiveSearcher, BatchResult, Hit, SearchRequest
from ingest.alert_config import AlertConfig, load_instance_config
from ingest.alert_mail import DigestEntry, DigestSection, Links, deliver, describe, digest_mail
from ingest.watchlist_store import SavedSearch, WatchlistStore

_ADDRESS = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}")
MAX_ADDRESS_CHARS = 254


def normalize_address(text: str) -> str | None:
    """The address in canonical form (trimmed, domain lower-case and IDNA-encoded), or None when it
    is not a plain deliverable address (no display names, comments, quoting or line breaks)."""
    local, at, domain = text.strip().rpartition("@")
    if not at or not local or len(local) > 64:
        return None
    try:
        domain = domain.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    address = f"{local}@{domain}"
    if len(address) > MAX_ADDRESS_CHARS or not _ADDRESS.fullmatch(address):
        return None
    return address


# -- signed links ----------------------------------------------------------------------------

def _serializer(config: AlertConfig, purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(config.secret_key or "", salt=f"watchlist-{purpose}")


def confirm_token(config: AlertConfig, search: SavedSearch) -> str:
    """The double opt-in token of a pending search (expires after `confirm_max_age_s`)."""
    return _serializer(config, "confirm").dumps({"s": search.id, "a": search.address})


def read_confirm_token(config: AlertConfig, token: str) -> tuple[int, str] | None:
    """(search id, address) of a valid, unexpired confirmation token; None otherwise."""
    try:
        data = _serializer(config, "confirm").loads(token, max_age=config.confirm_max_age_s)
        return int(data["s"]), str(data["a"])
    except (BadSignature, KeyError, TypeError, ValueError):
        return None


def unsubscribe_token(config: AlertConfig, subscriber_id: int, search_id: int | None = None) -> str:
    """A token that unsubscribes one search (or, with `search_id` None, all of a subscriber's)."""
    return _serializer(config, "unsubscribe").dumps({"u": subscriber_id, "s": search_id})


def read_unsubscribe_token(config: AlertConfig, token: str) -> tuple[int, int | None] | None:
    """(subscriber id, search id or None) of a valid unsubscribe token (they never expire)."""
    try:
        data = _serializer(config, "unsubscribe").loads(token)
        return int(data["u"]), (None if data["s"] is None else int(data["s"]))
    except (BadSignature, KeyError, TypeError, ValueError):
        return None


# -- saved searches -------------------------------------------------------------------------

def search_request(spec: dict) -> SearchRequest:
    """The index request of a saved search's spec (q, filters, exclude, from, to, undated)."""
    return SearchRequest(
        q=spec.get("q", ""), filters={k: list(v) for k, v in spec.get("filters", {}).items()},
        exclude={k: list(v) for k, v in spec.get("exclude", {}).items()},
        date_from=date.fromisoformat(spec["from"]) if spec.get("from") else None,
        date_to=date.fromisoformat(spec["to"]) if spec.get("to") else None,
        undated=bool(spec.get("undated")), sort="newest", page_size=1, highlight=False)


# -- the digest after an ingest run -----------------------------------------------------------

class AddedIds:
    """The index as `BatchWriter` sees it, remembering the ids every committed batch added."""

    def __init__(self, index: ArchiveIndex) -> None:
        self.index = index
        self.ids: list[str] = []

    def __getattr__(self, name: str) -> object:
        return getattr(self.index, name)

    def write_batch(self, articles: Iterable, **options: object) -> BatchResult:
        """`ArchiveIndex.write_batch`, noting the added ids once the batch is committed."""
        result = self.index.write_batch(articles, **options)
        self.ids.extend(result.added)
        return result


@dataclass
class DigestRun:
    """What one digest run did: mails sent, addresses refused, or why nothing was attempted."""

    sent: int = 0
    failed: list[str] = field(default_factory=list)
    skipped: str | None = None

    def summary(self) -> str:
        """One line for the ingest output."""
        if self.skipped:
            return f"alerts: none sent ({self.skipped})"
        failed = f", {len(self.failed)} refused by the relay" if self.failed else ""
        return f"alerts: {self.sent} digest(s) sent{failed}"


def run_digests(index: ArchiveIndex, added: Iterable[str], config: AlertConfig | None = None,
                notify: Callable[[str], None] = lambda message: None) -> DigestRun:
    """Send the digests for articles an ingest run added; never raises (the batch is committed
    whatever happens to mail): problems are reported through `notify` and the result."""
    try:
        run = send_digests(index, added, config or load_instance_config())
    except (OSError, smtplib.SMTPException, sqlite3.Error) as exc:
        run = DigestRun(skipped=f"failed: {exc}")
    if run.sent or run.failed or (run.skipped or "").startswith("failed"):
        notify(run.summary())
    return run


def send_digests(index: ArchiveIndex, added: Iterable[str], config: AlertConfig,
                 now: float | None = None) -> DigestRun:
    """One digest per subscriber with the new matches of each active saved search."""
    if not config.enabled or config.relay is None:
        return DigestRun(skipped="no SMTP relay configured")
    store = WatchlistStore(config.store_path)
    searches = store.active_searches() if store.exists() else []
    if not searches:
        return DigestRun(skipped="no active watchlists")
    searcher = index.searcher()
    originals = _originals(searcher, added)
    if not originals:
        return DigestRun(skipped="no new articles")
    matches: dict[str, list[StoryMatch]] = {}
    for search in searches:
        if search.query not in matches:
            request = search_request(search.spec)
            hits = searcher.iter_hits(request, limit=max(1, searcher.count(request)))
            matches[search.query] = _by_story(searcher, [hit for hit in hits if hit.id in originals])
    stamp = time.time() if now is None else now
    outgoing = []
    for subscriber_id, group in groupby(searches, key=lambda s: s.subscriber_id):
        mail = _subscriber_digest(config, store, subscriber_id, list(group), matches)
        if mail is not None:
            outgoing.append(mail)
    if not outgoing:
        return DigestRun(skipped="no new matches")
    failures = deliver(config.relay, [message for _, _, message, _ in outgoing])
    run = DigestRun()
    for position, (subscriber_id, address, _message, sent) in enumerate(outgoing):
        if position in failures:
            run.failed.append(address)
        else:
            store.mark_sent(subscriber_id, sent, stamp)
            run.sent += 1
    return run


def _originals(searcher, added: Iterable[str]) -> set[str]:
    """The added ids that are live originals (not withdrawn, not a copy of another article)."""
    out = set()
    for article_id in set(added):
        stored = searcher.get(article_id)
        if stored is not None and not stored.withdrawn and not stored.duplicate_of:
            out.add(article_id)
    return out


@dataclass(frozen=True)
class StoryMatch:
    """The new matching copies of one story (earliest dated first) and the ids of all its copies."""

    hits: list[Hit]
    members: frozenset[str]


def _by_story(searcher: ArchiveSearcher, hits: list[Hit]) -> list[StoryMatch]:
    """The hits grouped by story, in the order of each story's first hit."""
    grouped: dict[str, list[Hit]] = {}
    for hit in hits:
        grouped.setdefault(hit.story or hit.id, []).append(hit)
    out = []
    for copies in grouped.values():
        copies.sort(key=lambda h: (h.published is None, h.published.timestamp() if h.published else 0.0, h.id))
        others = {other.id for other in searcher.same_story(copies[0].id, limit=10_000)}
        out.append(StoryMatch(copies, frozenset(others | {h.id for h in copies})))
    return out


def _subscriber_digest(config: AlertConfig, store: WatchlistStore, subscriber_id: int,
                       searches: list[SavedSearch], matches: dict[str, list[StoryMatch]]
                       ) -> tuple[int, str, EmailMessage, dict[int, list[str]]] | None:
    """(subscriber id, address, mail, {search id: article ids}) or None when no story is new."""
    links = Links(config.public_url or "")
    sections, sent = [], {}
    for search in searches:
        stories = matches[search.query]
        done = store.already_sent(search.id, (member for story in stories for member in story.members))
        fresh = [story for story in stories if not story.members & done]
        if not fresh:
            continue
        shown = fresh[: config.max_entries_per_search]
        sections.append(DigestSection(
            label=describe(search.spec), query=search.query,
            entries=[DigestEntry(s.hits[0].id, s.hits[0].title, s.hits[0].source, s.hits[0].published,
                                 reprints=len(s.hits) - 1) for s in shown],
            more=len(fresh) - len(shown),
            unsubscribe_url=links.unsubscribe(unsubscribe_token(config, subscriber_id, search.id))))
        sent[search.id] = [hit.id for story in stories for hit in story.hits]
    if not sections:
        return None
    address = searches[0].address
    mail = digest_mail(config, address, sections, links.unsubscribe(unsubscribe_token(config, subscriber_id)))
    return subscriber_id, address, mail, sent
