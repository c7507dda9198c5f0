"""The whole site on the real archive: an index built from the full shared corpus (+ the seed article) by
the real `ingest` command, crawled through the Flask app: the home page, a result page for each of 20
queries, every same-site link on those pages, and the entity pages of the top 50 officials and
organizations. No server error, every HTML page parses with balanced tags, every JSON, CSV, Atom and SVG
body is well formed.

The index is the session fixture `full_index` (tests/conftest.py).
"""

from __future__ import annotations

import csv
import io
import json
import time
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

pytestmark = pytest.mark.corpus

QUERIES = [
    "Hải Phòng", "hai phong", "chu thap do", '"bản đồ"', "bản đồ", "những giờ", "một giai",
    "Thủ tướng Nguyễn Xuân Phúc", "bong da", "(lũ OR lụt) miền Trung", "covid -vaccine", "thuy*",
    "date:2020", "date:none", "official:\"Nguyễn Xuân Phúc\"", "organization:\"Bộ Y tế\"",
    "title:(giá xăng)", "11.000 tỷ đồng", "zzzxqv không có kết quả nào", "",
]
ENTITIES_PER_KIND = 50
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Closed implicitly by HTML's rules when a sibling or the parent ends.
OPTIONAL_END = {"p", "li", "option", "dt", "dd", "tr", "td", "th", "thead", "tbody"}


class BalancedHTML(HTMLParser):
    """Parses a page and records tag-nesting errors, the <title> and every href."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.seen: set[str] = set()
        self.hrefs: list[str] = []
        self.feed(html)
        self.close()
        if [t for t in self.stack if t not in OPTIONAL_END]:
            self.errors.append(f"unclosed at end: {self.stack}")

    def handle_starttag(self, tag, attrs):
        self.seen.add(tag)
        href = dict(attrs).get("href")
        if href and tag in ("a", "link"):
            self.hrefs.append(href)
        if tag not in VOID_TAGS:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            return
        if tag not in self.stack:
            self.errors.append(f"stray </{tag}>")
            return
        while self.stack and self.stack[-1] != tag:
            dropped = self.stack.pop()
            if dropped not in OPTIONAL_END:
                self.errors.append(f"<{dropped}> closed by </{tag}>")
        self.stack.pop()


@pytest.fixture(scope="session")
def crawl_client(full_index: Path, tmp_path_factory: pytest.TempPathFactory):
    """A test client over the full index, with exports capped so the crawl stays bounded."""
    from search_app import create_app

    app = create_app({"INDEX_DIR": str(full_index), "SECRET_KEY": "crawl", "EXPORT_CAP": 200},
                     instance_path=str(tmp_path_factory.mktemp("crawl-instance")))
    yield app.test_client()
    app.extensions["archive_index"].close()


def check_body(url: str, response) -> list[str]:
    """The same-site links of an HTML page; fails on a malformed body of any type."""
    kind = response.mimetype
    body = response.get_data(as_text=True)
    if kind == "text/html":
        page = BalancedHTML(body)
        assert not page.errors, f"{url}: {page.errors[:5]}"
        assert {"html", "head", "body", "title"} <= page.seen, url
        return page.hrefs
    if kind == "application/json":
        json.loads(body)
    elif kind == "text/csv":
        rows = list(csv.reader(io.StringIO(body)))
        assert rows and all(len(r) == len(rows[0]) for r in rows), url
    elif kind == "application/x-ndjson" or url.startswith("/export.jsonl"):
        for line in body.splitlines():
            json.loads(line)
    elif kind in ("application/atom+xml", "image/svg+xml", "application/xml", "text/xml"):
        ET.fromstring(response.get_data())
    return []


def local(href: str) -> str | None:
    """A same-site path + query of a link, without its fragment; None for other sites and admin pages."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("/admin"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_full_corpus_crawl_has_no_server_error(crawl_client):
    started = time.monotonic()
    statuses: dict[str, int] = {}
    failures: list[str] = []

    def visit(url: str) -> list[str]:
        if url in statuses:
            return []
        response = crawl_client.get(url)
        statuses[url] = response.status_code
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {url}")
            return []
        if response.status_code >= 400:
            return []
        if response.status_code >= 300:
            return [u for u in [local(response.headers.get("Location", ""))] if u]
        return [u for u in map(local, check_body(url, response)) if u]

    result_pages = ["/"] + [f"/?q={quote(q)}" for q in QUERIES]
    links: list[str] = []
    for page in result_pages:
        links += visit(page)
    assert len(statuses) == len(result_pages)
    for link in links:
        visit(link)

    facets = crawl_client.get("/api/search?size=1&facet_limit=50").get_json()["facets"]
    names = {kind: [fv["value"] for fv in facets[kind]][:ENTITIES_PER_KIND] for kind in ("official", "organization")}
    assert all(len(v) == ENTITIES_PER_KIND for v in names.values()), {k: len(v) for k, v in names.items()}
    for kind, values in names.items():
        for value in values:
            for link in visit(f"/{kind}/{quote(value)}"):
                if link.startswith(("/attention", "/feed.atom", "/export")):
                    visit(link)

    elapsed = time.monotonic() - started
    print(f"\ncrawled {len(statuses)} URLs in {elapsed:.1f} s; "
          f"{sum(s == 200 for s in statuses.values())} answered 200")
    assert not failures, failures[:20]
    assert len(statuses) > 1000
    kinds = {urlsplit(u).path.split("/")[1] or "search" for u in statuses}
    assert {"search", "article", "official", "organization", "export.csv", "export.jsonl", "feed.atom",
            "attention", "api"} <= kinds, kinds
