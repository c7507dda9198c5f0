"""Article permalinks (highlights, citation metadata, JSON-LD, related, 410 tombstones) and entity pages."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser


class Head(HTMLParser):
    """Meta tags, the JSON-LD block and links of a page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.jsonld: list[str] = []
        self.hrefs: list[str] = []
        self._in_ld = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "name" in attrs:
            self.meta.append((attrs["name"], attrs["content"]))
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld = True
        if tag == "a" and "href" in attrs:
            self.hrefs.append(attrs["href"])

    def handle_endtag(self, tag):
        self._in_ld = self._in_ld and tag != "script"

    def handle_data(self, data):
        if self._in_ld:
            self.jsonld.append(data)


def test_article_page_shows_text_metadata_and_entity_links(site_client):
    response = site_client.get("/article/t-001")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1>Hội Chữ thập đỏ trao quà cho người dân vùng lũ</h1>" in html
    assert "<p>Bà Trần Thị Lan cho biết đợt cứu trợ tiếp theo sẽ bắt đầu vào tuần sau.</p>" in html
    assert "Thứ Ba, 20/10/2020, 09:30 (GMT+7)" in html
    head = Head(html)
    assert "/official/Tr%E1%BA%A7n%20Th%E1%BB%8B%20Lan" in head.hrefs
    assert "/?organization=H%E1%BB%99i+Ch%E1%BB%AF+th%E1%BA%ADp+%C4%91%E1%BB%8F+Vi%E1%BB%87t+Nam" in head.hrefs
    assert "/?topic=X%C3%A3+h%E1%BB%99i" in head.hrefs
    assert "https://vnexpress.net/chu-thap-do-1.html" in head.hrefs


def test_article_highlights_the_query(site_client):
    html = site_client.get("/article/t-001?q=cuu+tro").get_data(as_text=True)
    assert re.search(r"<mark>cứu(</mark> <mark>| )trợ</mark>", html)


def test_citation_tags_and_news_article_jsonld(site_client):
    head = Head(site_client.get("/article/t-001").get_data(as_text=True))
    meta = dict(head.meta)
    assert meta["citation_title"] == "Hội Chữ thập đỏ trao quà cho người dân vùng lũ"
    assert meta["citation_publication_date"] == "2020/10/20"
    assert meta["citation_author"] == "Minh Anh"
    assert meta["citation_publisher"] == "VnExpress"
    assert meta["citation_public_url"] == "http://archive.test/article/t-001"
    data = json.loads("".join(head.jsonld))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == meta["citation_title"]
    assert data["datePublished"].startswith("2020-10-20T09:30:00")
    assert {"@type": "Person", "name": "Trần Thị Lan"} in data["mentions"]


def test_hostile_article_is_escaped_and_its_javascript_url_not_linked(site_client):
    html = site_client.get("/article/t-008").get_data(as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'href="javascript:' not in html
    head = Head(html)
    data = json.loads("".join(head.jsonld))
    assert data["headline"].startswith("<script>")          # JSON-LD keeps the data, escaped for HTML
    assert "</script>" not in "".join(head.jsonld).replace("\\u003c/script\\u003e", "")


def test_unknown_article_is_404(site_client):
    assert site_client.get("/article/khong-co").status_code == 404


def test_withdrawn_article_answers_410_with_reason(site_admin_app):
    from search_app.backend import EXTENSION

    site_admin_app.extensions[EXTENSION].withdraw("t-004", "Yêu cầu của tòa án <b>")
    client = site_admin_app.test_client()
    response = client.get("/article/t-004")
    assert response.status_code == 410
    html = response.get_data(as_text=True)
    assert "Yêu cầu của tòa án &lt;b&gt;" in html
    assert "metro số 2" not in html
    api = client.get("/api/articles/t-004")
    assert api.status_code == 410 and api.get_json()["error"]["reason"] == "Yêu cầu của tòa án <b>"
    assert "t-004" not in client.get("/api/search?q=metro").get_data(as_text=True)


def test_official_page_lists_titles_mentions_and_co_mentions(site_client):
    response = site_client.get("/official/Nguyễn Văn Bình")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Chủ tịch UBND TP.HCM" in html
    assert "01/12/2019" in html                     # date of an article giving the title
    assert "UBND TP.HCM" in html                    # co-mentioned organization
    assert "/?official=Nguy%E1%BB%85n+V%C4%83n+B%C3%ACnh" in html
    assert "<svg" in html


def test_organization_page_and_unknown_entity(site_client):
    response = site_client.get("/organization/Hội Chữ thập đỏ Việt Nam")
    assert response.status_code == 200
    assert "Trần Thị Lan" in response.get_data(as_text=True)
    assert site_client.get("/official/Không Ai Cả").status_code == 404


def test_related_articles_are_listed(tmp_path):
    """On an index large enough for more-like-this, the article page lists its nearest neighbour."""
    from index import ArchiveIndex, Article

    from search_app import create_app

    index_dir = tmp_path / "index"
    ix = ArchiveIndex.open(index_dir, create=True)
    fillers = [Article(id=f"f-{i:03d}", title=f"Bản tin thời tiết số {i}",
                       body=f"Bản tin số {i}: trời nhiều mây, có mưa rào và dông vài nơi, nhiệt độ ổn định.")
               for i in range(90)]
    pair = [Article(id="k-1", title="Lễ hội khinh khí cầu ở Huế",
                    body="Khinh khí cầu bay trên sông Hương trong lễ hội khinh khí cầu quốc tế tại Huế."),
            Article(id="k-2", title="Khinh khí cầu trở lại sông Hương",
                    body="Sau hai năm, khinh khí cầu lại bay trên sông Hương, thu hút du khách đến Huế.")]
    ix.write_batch(fillers + pair)
    ix.close()
    app = create_app({"INDEX_DIR": str(index_dir), "SECRET_KEY": "k"}, instance_path=str(tmp_path / "instance"))
    html = app.test_client().get("/article/k-1").get_data(as_text=True)
    related = html.split('id="related-heading"')[1]
    assert '<a href="/article/k-2">Khinh khí cầu trở lại sông Hương</a>' in related
    app.extensions["archive_index"].close()


def test_official_page_with_undated_title_sources(tmp_path):
    """Titles supported by undated articles (most of the real archive) list the dated ones newest first
    and count the undated ones; the page never fails on them."""
    from datetime import datetime, timezone

    from index import ArchiveIndex, Article, Official

    from search_app import create_app

    chair = Official("Lê Thị Hoa", ("Chủ tịch Hội Nông dân tỉnh",))
    dated = [Article(id=f"d-{day}", title=f"Hội nghị nông dân ngày {day}", officials=(chair,),
                     body=f"Bà Lê Thị Hoa, Chủ tịch Hội Nông dân tỉnh, dự hội nghị ngày {day}.",
                     published=datetime(2021, 5, day, 3, 0, tzinfo=timezone.utc), published_how="source")
             for day in (3, 17, 9)]
    undated = [Article(id=f"u-{i}", title=f"Tin nông nghiệp số {i}", officials=(chair,),
                       body="Bà Lê Thị Hoa, Chủ tịch Hội Nông dân tỉnh, thăm hợp tác xã.") for i in range(2)]
    index_dir = tmp_path / "index"
    ix = ArchiveIndex.open(index_dir, create=True)
    ix.write_batch(undated[:1] + dated + undated[1:])
    ix.close()
    app = create_app({"INDEX_DIR": str(index_dir), "SECRET_KEY": "k"}, instance_path=str(tmp_path / "instance"))
    response = app.test_client().get("/official/Lê Thị Hoa")
    html = response.get_data(as_text=True)
    app.extensions["archive_index"].close()
    assert response.status_code == 200
    titles = html.split('id="titles-heading"')[1]
    assert "từ 03/05/2021 đến 17/05/2021" in titles          # the span of the dated support
    links = titles.split("Bài nêu chức danh")[1]
    assert links.index("17/05/2021") < links.index("09/05/2021") < links.index("03/05/2021")
    assert links.count('href="/article/u-') == 2 and "(2 " in links


def test_article_page_and_json_show_the_date_in_vietnam_time_with_its_evidence_escaped(tmp_path):
    """A source timestamp late in the UTC evening is shown on the next Vietnam day, with the field and value
    that gave it, escaped; an article stored without evidence shows none and its JSON says null."""
    from datetime import datetime, timezone

    from index import ArchiveIndex, Article

    from search_app import create_app

    evidence = 'published: 2021-03-05T23:47:00Z <b onclick="x">'
    articles = [
        Article(id="e-1", title="Tin có ngày", body="Nội dung bài báo có ngày đăng theo nguồn.",
                published=datetime(2021, 3, 5, 23, 47, tzinfo=timezone.utc), published_how="source",
                published_evidence=evidence),
        Article(id="e-2", title="Tin cũ", body="Nội dung bài báo cũ không có căn cứ ngày.",
                published=datetime(2020, 1, 2, 8, 0, tzinfo=timezone.utc), published_how="source"),
    ]
    index_dir = tmp_path / "index"
    ix = ArchiveIndex.open(index_dir, create=True)
    ix.write_batch(articles)
    ix.close()
    app = create_app({"INDEX_DIR": str(index_dir), "SECRET_KEY": "k"}, instance_path=str(tmp_path / "instance"))
    client = app.test_client()
    html = client.get("/article/e-1").get_data(as_text=True)
    data = client.get("/api/articles/e-1").get_json()
    old_html = client.get("/article/e-2").get_data(as_text=True)
    old = client.get("/api/articles/e-2").get_json()
    app.extensions["archive_index"].close()
    assert '<time datetime="2021-03-06T06:47:00+07:00">' in html
    assert "căn cứ: <q>published: 2021-03-05T23:47:00Z &lt;b onclick=&#34;x&#34;&gt;</q>" in html
    assert '<b onclick="x">' not in html
    assert data["published"] == "2021-03-06T06:47:00+07:00" and data["published_evidence"] == evidence
    assert 'class="evidence"' not in old_html and old["published_evidence"] is None
