"""Watchlist mails: the confirmation mail and the digest, as text + HTML, and their delivery by SMTP.

Mails are bilingual (Vietnamese first, English beside it). Every link is absolute, built on the
configured `PUBLIC_URL`; the paths are the web app's (`/`, `/feed.atom`, `/article/<id>`,
`/watch/confirm/<token>`, `/watch/unsubscribe/<token>`). In the HTML part every string that comes
from a user or an article is escaped.
"""
from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from html import escape
from urllib.parse import quote

from ingest.alert_config import AlertConfig, SmtpRelay

SITE_NAME = "Lưu trữ báo chí Việt Nam / Vietnamese News Archive"
_VN_TZ = timezone(timedelta(hours=7))
_FACET_NAMES = {
    "source": "Nguồn / Source", "topic": "Chủ đề / Topic", "official": "Quan chức / Official",
    "organization": "Tổ chức / Organization", "place": "Địa phương / Place", "year": "Năm / Year",
    "month": "Tháng / Month",
}
_SUBJECT_CHARS = 80


@dataclass(frozen=True)
class Links:
    """Absolute URLs of the site pages a mail links to."""

    root: str

    def search(self, query: str) -> str:
        """The results page of a saved search (its canonical query string)."""
        return f"{self.root}/?{query}" if query else f"{self.root}/"

    def feed(self, query: str) -> str:
        """The Atom feed of a saved search."""
        return f"{self.root}/feed.atom?{query}" if query else f"{self.root}/feed.atom"

    def article(self, article_id: str) -> str:
        """An article's permalink."""
        return f"{self.root}/article/{quote(article_id, safe='')}"

    def confirm(self, token: str) -> str:
        """The double opt-in link."""
        return f"{self.root}/watch/confirm/{token}"

    def unsubscribe(self, token: str) -> str:
        """The one-click unsubscribe link."""
        return f"{self.root}/watch/unsubscribe/{token}"


@dataclass(frozen=True)
class DigestEntry:
    """One new story in a digest: its earliest new copy, and how many other new copies it has."""

    id: str
    title: str | None
    source: str | None
    published: datetime | None
    reprints: int = 0


@dataclass(frozen=True)
class DigestSection:
    """The new matches of one saved search, with its links."""

    label: str
    query: str
    entries: list[DigestEntry]
    more: int               # further matches not listed
    unsubscribe_url: str


def describe(spec: dict) -> str:
    """A one-line human description of a saved search: words, filters, exclusions and dates."""
    parts = [f"“{spec['q']}”"] if spec.get("q") else []
    for name, label in _FACET_NAMES.items():
        parts.extend(f"{label}: {value}" for value in spec.get("filters", {}).get(name, ()))
        parts.extend(f"không / not {label}: {value}" for value in spec.get("exclude", {}).get(name, ()))
    if spec.get("from") or spec.get("to"):
        parts.append(f"{spec.get('from') or '…'} → {spec.get('to') or '…'}")
    if spec.get("undated"):
        parts.append("không rõ ngày / undated")
    return " · ".join(parts) or "toàn bộ kho / the whole archive"


def confirmation_mail(config: AlertConfig, address: str, spec: dict, query: str, confirm_token: str,
                      cancel_token: str) -> EmailMessage:
    """The double opt-in mail for one saved search."""
    links = Links(config.public_url or "")
    label = describe(spec)
    hours = config.confirm_max_age_s // 3600
    confirm, cancel = links.confirm(confirm_token), links.unsubscribe(cancel_token)
    text = "\n".join([
        "Xin chào / Hello,", "",
        f"Có người (hy vọng là bạn) muốn nhận thư khi có bài mới khớp với tìm kiếm này trên {SITE_NAME}:",
        "Someone (hopefully you) asked to be e-mailed when new articles match this search:", "",
        f"    {label}", "",
        f"Xác nhận trong {hours} giờ / Confirm within {hours} hours:", confirm, "",
        f"Xem kết quả / See the results: {links.search(query)}",
        f"Nguồn tin Atom / Atom feed: {links.feed(query)}", "",
        "Nếu không phải bạn, hãy bỏ qua thư này: sẽ không có thư nào khác.",
        "If this was not you, ignore this mail: nothing more will be sent.",
        f"Huỷ / Cancel: {cancel}",
    ])
    html = "".join([
        "<p>Xin chào / Hello,</p>",
        f"<p>Có người (hy vọng là bạn) muốn nhận thư khi có bài mới khớp với tìm kiếm này trên {escape(SITE_NAME)}.<br>",
        "Someone (hopefully you) asked to be e-mailed when new articles match this search:</p>",
        f"<p><strong>{escape(label)}</strong></p>",
        f'<p><a href="{escape(confirm)}">Xác nhận theo dõi / Confirm</a> (trong {hours} giờ / within {hours} hours)</p>',
        f'<p><a href="{escape(links.search(query))}">Xem kết quả / See the results</a> · '
        f'<a href="{escape(links.feed(query))}">Nguồn tin Atom / Atom feed</a></p>',
        "<p>Nếu không phải bạn, hãy bỏ qua thư này: sẽ không có thư nào khác.<br>",
        "If this was not you, ignore this mail: nothing more will be sent.</p>",
        f'<p><a href="{escape(cancel)}">Huỷ / Cancel</a></p>',
    ])
    subject = f"Xác nhận theo dõi / Confirm your watchlist: {label}"
    return _message(config, address, subject, text, html, cancel)


def digest_mail(config: AlertConfig, address: str, sections: list[DigestSection],
                unsubscribe_all_url: str) -> EmailMessage:
    """One digest: the new matches of each of the subscriber's saved searches."""
    links = Links(config.public_url or "")
    total = sum(len(s.entries) + s.more for s in sections)
    intro = f"{total} tin mới khớp với tìm kiếm bạn theo dõi / new stories match your watched searches."
    text_lines = [intro, ""]
    html_parts = [f"<p>{intro}</p>"]
    for section in sections:
        results, feed = links.search(section.query), links.feed(section.query)
        text_lines += [f"== {section.label} ==", f"Kết quả / Results: {results}", f"Atom: {feed}", ""]
        html_parts += [f"<h2>{escape(section.label)}</h2>",
                       f'<p><a href="{escape(results)}">Kết quả / Results</a> · <a href="{escape(feed)}">Atom</a></p>',
                       "<ul>"]
        for entry in section.entries:
            title, meta, url = _entry_title(entry), _entry_meta(entry), links.article(entry.id)
            if entry.reprints:
                meta = f"{meta} — " if meta else ""
                plural = "s" if entry.reprints > 1 else ""
                meta += f"và {entry.reprints} bản đăng lại / and {entry.reprints} reprint{plural}"
            text_lines += [f"- {title}" + (f" ({meta})" if meta else ""), f"  {url}"]
            html_parts.append(f'<li><a href="{escape(url)}">{escape(title)}</a>'
                              + (f" <small>{escape(meta)}</small>" if meta else "") + "</li>")
        html_parts.append("</ul>")
        if section.more:
            text_lines.append(f"… và {section.more} tin khác / and {section.more} more stories: {results}")
            html_parts.append(f'<p><a href="{escape(results)}">… và {section.more} tin khác / and {section.more} more '
                              'stories</a></p>')
        text_lines += [f"Huỷ theo dõi tìm kiếm này / Unsubscribe from this search: {section.unsubscribe_url}", ""]
        html_parts.append(f'<p><a href="{escape(section.unsubscribe_url)}">Huỷ theo dõi tìm kiếm này / '
                          "Unsubscribe from this search</a></p>")
    text_lines.append(f"Huỷ mọi theo dõi / Unsubscribe from everything: {unsubscribe_all_url}")
    html_parts.append(f'<hr><p><a href="{escape(unsubscribe_all_url)}">Huỷ mọi theo dõi / '
                      "Unsubscribe from everything</a></p>")
    subject = f"{total} tin mới / new stories — {sections[0].label if len(sections) == 1 else SITE_NAME}"
    return _message(config, address, subject, "\n".join(text_lines), "".join(html_parts), unsubscribe_all_url)


def _entry_title(entry: DigestEntry) -> str:
    return entry.title or "(không có tiêu đề / untitled)"


def _entry_meta(entry: DigestEntry) -> str:
    """Source and Vietnam-time date of an entry, e.g. 'VnExpress, 20/10/2020'."""
    date = entry.published.astimezone(_VN_TZ).strftime("%d/%m/%Y") if entry.published else ""
    return ", ".join(part for part in (entry.source, date) if part)


def _message(config: AlertConfig, address: str, subject: str, text: str, html: str,
             unsubscribe_url: str) -> EmailMessage:
    """A multipart/alternative mail with the List-Unsubscribe headers of RFC 2369 and RFC 8058."""
    message = EmailMessage()
    message["From"] = config.sender or ""
    message["To"] = address
    message["Subject"] = _one_line(subject)
    message["Date"] = format_datetime(datetime.now(timezone.utc))
    message["Message-ID"] = make_msgid(domain=(config.sender or "archive").rpartition("@")[2] or None)
    message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text)
    message.add_alternative(f'<!doctype html><html lang="vi"><meta charset="utf-8"><body>{html}</body></html>',
                            subtype="html")
    return message


def _one_line(text: str) -> str:
    """A header value: one line, capped."""
    flat = " ".join(text.split())
    return flat if len(flat) <= _SUBJECT_CHARS else flat[: _SUBJECT_CHARS - 1] + "…"


def deliver(relay: SmtpRelay, messages: Iterable[EmailMessage]) -> dict[int, str]:
    """Send the messages over one SMTP connection; returns {position: error} for the ones refused
    (a connection failure raises OSError / smtplib.SMTPException before anything is sent)."""
    failures: dict[int, str] = {}
    with smtplib.SMTP(relay.host, relay.port, timeout=30) as smtp:
        if relay.starttls:
            smtp.starttls(context=ssl.create_default_context())
        if relay.username:
            smtp.login(relay.username, relay.password or "")
        for position, message in enumerate(messages):
            try:
                smtp.send_message(message)
            except smtplib.SMTPException as exc:
                failures[position] = str(exc)
    return failures
