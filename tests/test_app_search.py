"""The search page over the real site index: query, facets, chips, sort, paging, suggestions, languages."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest


class Page(HTMLParser):
    """Collects links, result ids, the <html lang> and visible text of a rendered page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.lang = None
        self.text: list[str] = []
        self._href: str | None = None
        self._link_text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "a" and "href" in attrs:
            self._href, self._link_text = attrs["href"], []

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((" ".join("".join(self._link_text).split()), self._href))
            self._href = None

    def handle_data(self, data):
        self.text.append(data)
        if self._href is not None:
            self._link_text.append(data)

    def article_ids(self) -> list[str]:
        return [href.split("/article/")[1].split("?")[0] for _, href in self.links if "/article/" in href]

    def link(self, text_start: str) -> str:
        return next(href for text, href in self.links if text.startswith(text_start))


def get(client, url: str, status: int = 200) -> Page:
    response = client.get(url)
    assert response.status_code == status, response.data[:500]
    return Page(response.get_data(as_text=True))


def test_home_browses_the_whole_archive_in_vietnamese(site_client):
    page = get(site_client, "/")
    assert page.lang == "vi"
    text = " ".join(page.text)
    assert "Toàn bộ kho: 12 bài" in text
    assert "Nguồn" in text and "Quan chức" in text
    assert len(page.article_ids()) == 12
    assert "Phù hợp nhất" not in text             # no words, no relevance: newest first
    assert page.article_ids()[:2] == ["t-012", "t-006"]


def test_query_without_diacritics_finds_and_highlights(site_client):
    response = site_client.get("/?q=chu+thap+do")
    html = response.get_data(as_text=True)
    ids = Page(html).article_ids()
    assert {"t-001", "t-011", "t-007"} <= set(ids)
    assert "t-003" not in ids
    assert re.search(r"<mark>Chữ(</mark> <mark>| )thập(</mark> <mark>| )đỏ</mark>", html)
    # the article link carries the query so the article page highlights it
    assert "/article/t-001?q=chu+thap+do" in html


def test_ticking_a_facet_filters_and_shows_a_removable_chip(site_client):
    page = get(site_client, "/?q=chu+thap+do")
    href = page.link("☐ VnExpress")
    assert parse_qs(urlsplit(href).query) == {"q": ["chu thap do"], "source": ["VnExpress"]}
    filtered = get(site_client, href)
    assert set(filtered.article_ids()) == {"t-001", "t-011"}
    chip = filtered.link("Nguồn: VnExpress")
    assert parse_qs(urlsplit(chip).query) == {"q": ["chu thap do"]}
    # a second value of the same facet is OR-ed
    both = get(site_client, filtered.link("☐ Thanh Niên"))
    assert set(both.article_ids()) == {"t-001", "t-011", "t-007"}


def test_excluding_a_facet_value(site_client):
    page = get(site_client, "/?q=chu+thap+do&not_source=VnExpress")
    assert set(page.article_ids()) == {"t-002", "t-007"}
    assert any(text.startswith("Nguồn (không): VnExpress") for text, _ in page.links)


def test_no_date_bucket_and_year_months(site_client):
    page = get(site_client, "/")
    undated = get(site_client, page.link("☐ Không rõ ngày"))
    assert undated.article_ids() == ["t-007"]
    year = get(site_client, "/?year=2021")
    assert set(year.article_ids()) == {"t-003", "t-005", "t-006", "t-011", "t-012"}
    text = " ".join(year.text)
    assert "T6/2021" in text and "T3/2021" in text     # months appear once one year is chosen


def test_date_range_and_sorting(site_client):
    newest = get(site_client, "/?from=2020-10-01&to=2021-03-31&sort=newest").article_ids()
    assert newest == ["t-003", "t-011", "t-001", "t-002"]
    oldest = get(site_client, "/?from=2020-10-01&to=2021-03-31&sort=oldest").article_ids()
    assert oldest == list(reversed(newest))


def test_pagination_is_stable_and_covers_every_result(site_client):
    seen = []
    url = "/?sort=newest&size=5"
    for _ in range(3):
        page = get(site_client, url)
        seen += page.article_ids()
        if len(seen) < 12:
            url = page.link("Trang sau")
    assert len(seen) == 12 and len(set(seen)) == 12
    assert seen == get(site_client, "/?sort=newest&size=12").article_ids()


def test_empty_results_suggest_what_to_loosen(site_client):
    page = get(site_client, "/?q=chu+thap+do&source=Haiphong.gov.vn")
    text = " ".join(page.text)
    assert "Không tìm thấy bài nào." in text
    loosen = page.link("Bỏ bộ lọc Nguồn: Haiphong.gov.vn")
    assert parse_qs(urlsplit(loosen).query) == {"q": ["chu thap do"]}
    phrase = get(site_client, '/?q="đỏ thập"')
    assert phrase.article_ids() == []
    assert any(t.startswith("Bỏ dấu ngoặc kép") for t, _ in phrase.links)
    any_words = get(site_client, "/?q=metro+tình+nguyện")
    assert any_words.article_ids() == []
    looser = any_words.link("Chỉ cần một trong các từ")
    assert parse_qs(urlsplit(looser).query) == {"q": ["metro OR tình OR nguyện"]}
    assert {"t-004", "t-011"} <= set(get(site_client, looser).article_ids())


def test_long_facet_list_filter_box_works_without_javascript(site_client):
    page = get(site_client, "/?fq_organization=chu+thap&expand=organization")
    values = [t for t, h in page.links if t.startswith("☐") and "organization=" in h]
    assert values and all("Chữ thập đỏ" in v for v in values)
    assert any(t.startswith("☐ VnExpress") for t, _ in page.links)     # other facets unaffected


def test_every_user_string_is_escaped(site_client):
    html = site_client.get("/?q=<script>alert(1)</script>+xss").get_data(as_text=True)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html
    listing = site_client.get("/?q=tin+thu+nghiem").get_data(as_text=True)
    assert "t-008" in listing
    assert "<script>alert('xss')" not in listing and "<i>Nguồn lạ</i>" not in listing
    assert "&lt;i&gt;Nguồn lạ&lt;/i&gt;" in listing


@pytest.mark.parametrize("url", ["/?page=0", "/?sort=best", "/?from=2020-02-30", "/?size=x"])
def test_bad_parameters_answer_400_page(site_client, url):
    response = site_client.get(url)
    assert response.status_code == 400
    assert "text/html" in response.content_type


def test_language_switch_persists_and_refuses_foreign_redirects(site_client):
    response = site_client.get("/lang/en?next=/%3Fq%3Dbao")
    assert response.status_code == 302 and response.location.endswith("/?q=bao")
    page = get(site_client, "/?q=bao")
    assert page.lang == "en" and "Search terms" in " ".join(page.text)
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = site_client.get("/lang/vi", query_string={"next": target})
        assert urlsplit(response.location).netloc in ("", "archive.test")
    assert get(site_client, "/").lang == "vi"


def test_vietnamese_dates_and_numbers(site_client):
    text = " ".join(get(site_client, "/?q=chu+thap+do&sort=newest").text)
    assert "20/10/2020" in text
    site_client.set_cookie("lang", "en", domain="archive.test")
    english = site_client.get("/?q=chu+thap+do").get_data(as_text=True)
    assert "20 Oct 2020" in english


def test_advanced_search_redirects_to_the_written_query(site_client):
    response = site_client.get("/advanced?all_words=chữ+thập&source=VnExpress")
    assert response.status_code == 302
    assert parse_qs(urlsplit(response.location).query) == {"q": ['chữ thập source:"VnExpress"']}
    page = get(site_client, response.location)
    assert set(page.article_ids()) == {"t-001", "t-011"}
    assert site_client.get("/advanced").status_code == 200
    assert site_client.get("/advanced?date_from=2021-01-01&date_to=2020-01-01&all_words=a").status_code == 400


def test_attention_chart_compares_queries_and_downloads_csv(site_client):
    response = site_client.get("/attention?compare=chu+thap+do,+kinh+te&interval=year&measure=share")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count("<polyline") == 2 and "<svg" in html
    csv_text = site_client.get("/attention.csv?compare=chu+thap+do&interval=year").get_data(as_text=True)
    rows = [line.split(",") for line in csv_text.lstrip("\ufeff").strip().splitlines()]
    assert rows[0] == ["query", "period", "count", "total", "share"]
    by_year = {r[1]: (int(r[2]), int(r[3])) for r in rows[1:]}
    assert by_year == {"2020": (2, 5), "2021": (1, 5)}


def test_security_headers(site_client):
    response = site_client.get("/")
    assert "script-src" not in response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    timing = dict(part.split(";dur=") for part in response.headers["Server-Timing"].split(", "))
    assert 0 <= float(timing["index"]) <= float(timing["total"])


def test_chart_points_link_to_their_articles(site_client):
    html = site_client.get("/attention?compare=chu+thap+do&interval=year").get_data(as_text=True)
    links = set(re.findall(r'<a href="(/\?[^"]+)"><circle', html))
    assert {parse_qs(urlsplit(h.replace("&amp;", "&")).query)["year"][0] for h in links} == {"2020", "2021"}
    year_2020 = next(h for h in links if "year=2020" in h).replace("&amp;", "&")
    assert set(get(site_client, year_2020).article_ids()) == {"t-001", "t-002"}


def test_a_generation_committed_elsewhere_is_served_without_restart(site_admin_app):
    import time
    from datetime import datetime, timezone

    from index import ArchiveIndex, Article

    client = site_admin_app.test_client()
    assert client.get("/api/search?q=khinh+khi+cau").get_json()["total"] == 0
    writer = ArchiveIndex.open(site_admin_app.config["INDEX_DIR"])      # as the ingest CLI would
    writer.write_batch([Article(id="new-1", title="Lễ hội khinh khí cầu", source="Báo Mới Thử",
                                body="Lễ hội khinh khí cầu quốc tế khai mạc ở Huế.",
                                published=datetime(2022, 4, 1, tzinfo=timezone.utc))])
    writer.close()
    deadline = time.monotonic() + 30
    while client.get("/api/search?q=khinh+khi+cau").get_json()["total"] == 0:
        assert time.monotonic() < deadline, "new generation not picked up"
        time.sleep(0.2)
    assert client.get("/article/new-1").status_code == 200
