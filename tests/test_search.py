"""Search with facets, highlights, sorting, paging, histogram, related articles and entities."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from index import LOCAL_TZ, ArchiveIndex, Article, Official, QueryError, SearchRequest


def when(y: int, m: int, d: int = 1) -> datetime:
    return datetime(y, m, d, 9, 0, tzinfo=LOCAL_TZ)


ARTICLES = [
    Article(id="hp1", title="Hội Chữ thập đỏ Hải Phòng trao quà", source="Haiphong.gov.vn",
            body="Chiều 3/12, Hội Chữ thập đỏ thành phố Hải Phòng trao quà cho người nghèo.",
            published=when(2021, 12, 3), topics=("Xã hội",),
            officials=(Official("Lê Trí Vũ", ("Phó Chủ tịch UBND thành phố",)),),
            organizations=("Hội Chữ thập đỏ Việt Nam", "Thành ủy Hải Phòng")),
    Article(id="hp2", title="Hải Phòng khánh thành cầu mới", source="Haiphong.gov.vn",
            body="Thành phố Hải Phòng khánh thành cây cầu mới bắc qua sông Cấm.",
            published=when(2021, 6, 10), topics=("Kinh tế",),
            officials=(Official("Lê Trí Vũ", ("Phó Chủ tịch UBND thành phố",)),),
            organizations=("Thành ủy Hải Phòng",)),
    Article(id="hn1", title="Hà Nội mở rộng đường vành đai", source="VnExpress",
            body="Hà Nội mở rộng đường vành đai để giảm ùn tắc giao thông.",
            published=when(2020, 3, 5), topics=("Kinh tế",), organizations=("UBND Hà Nội",)),
    Article(id="bd1", title="Đội tuyển bóng đá Việt Nam thắng", source="VnExpress",
            body="Đội tuyển bóng đá Việt Nam thắng 2-0 trong trận giao hữu.",
            topics=("Thể thao",)),
    Article(id="xss", title='<script>alert("t")</script> Tin <b>nóng</b>', source="Báo <i>lạ</i>",
            body='Nội dung <img src=x onerror=alert(1)> về Hải Phòng & "trích dẫn".',
            published=when(2019, 1, 2), topics=("Xã hội",)),
]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    ix = ArchiveIndex.open(tmp_path_factory.mktemp("search") / "ix", create=True)
    ix.write_batch(ARTICLES)
    yield ix.searcher()
    ix.close()


def ids(page) -> list[str]:
    return [h.id for h in page.hits]


def facet(page, name: str) -> dict[str, int]:
    return {v.value: v.count for v in page.facets[name]}


def test_facets_come_with_the_search(searcher) -> None:
    page = searcher.search(SearchRequest(q="hai phong"))
    assert set(ids(page)) == {"hp1", "hp2", "xss"}
    assert facet(page, "source") == {"Haiphong.gov.vn": 2, "Báo <i>lạ</i>": 1}
    assert facet(page, "official") == {"Lê Trí Vũ": 2}
    assert facet(page, "organization")["Thành ủy Hải Phòng"] == 2
    assert facet(page, "year") == {"2019": 1, "2021": 2}
    assert facet(page, "month") == {"2019-01": 1, "2021-06": 1, "2021-12": 1}


def test_values_of_one_facet_are_ored_and_facets_anded(searcher) -> None:
    page = searcher.search(SearchRequest(filters={"topic": ["Kinh tế", "Thể thao"]}))
    assert set(ids(page)) == {"hp2", "hn1", "bd1"}
    # The topic facet still shows the other topics (counts without its own filter).
    assert facet(page, "topic") == {"Kinh tế": 2, "Xã hội": 2, "Thể thao": 1}
    page = searcher.search(SearchRequest(filters={"topic": ["Kinh tế"], "source": ["VnExpress"]}))
    assert ids(page) == ["hn1"]


def test_exclusion(searcher) -> None:
    page = searcher.search(SearchRequest(exclude={"source": ["Haiphong.gov.vn"]}))
    assert set(ids(page)) == {"hn1", "bd1", "xss"}
    assert any(v.excluded for v in page.facets["source"])


def test_no_date_bucket(searcher) -> None:
    page = searcher.search(SearchRequest())
    assert facet(page, "year")["none"] == 1
    assert ids(searcher.search(SearchRequest(filters={"year": ["none"]}))) == ["bd1"]
    assert ids(searcher.search(SearchRequest(undated=True))) == ["bd1"]
    assert ids(searcher.search(SearchRequest(q="date:none"))) == ["bd1"]


def test_date_range(searcher) -> None:
    page = searcher.search(SearchRequest(date_from=date(2021, 1, 1), date_to=date(2021, 6, 10)))
    assert ids(page) == ["hp2"]
    assert set(ids(searcher.search(SearchRequest(q="date:2021")))) == {"hp1", "hp2"}


def test_fielded_facet_queries(searcher) -> None:
    assert set(ids(searcher.search(SearchRequest(q='official:"le tri vu"')))) == {"hp1", "hp2"}
    assert ids(searcher.search(SearchRequest(q='organization:"chu thap do"'))) == ["hp1"]
    # an abbreviated or written-out form finds the stored name ("UBND Hà Nội")
    assert ids(searcher.search(SearchRequest(q='organization:"Ủy ban nhân dân Hà Nội"'))) == ["hn1"]
    assert ids(searcher.search(SearchRequest(q="title:cầu"))) == ["hp2"]


def test_sorting(searcher) -> None:
    newest = ids(searcher.search(SearchRequest(sort="newest")))
    assert newest == ["hp1", "hp2", "hn1", "xss", "bd1"]
    oldest = ids(searcher.search(SearchRequest(sort="oldest")))
    assert oldest == ["xss", "hn1", "hp2", "hp1", "bd1"]


def test_paging_is_stable(searcher) -> None:
    all_ids = ids(searcher.search(SearchRequest(q="", sort="newest", page_size=5)))
    pages = [ids(searcher.search(SearchRequest(sort="newest", page=p, page_size=2))) for p in (1, 2, 3)]
    assert sum(pages, []) == all_ids


def test_bad_requests_raise_query_error(searcher) -> None:
    for bad in (SearchRequest(sort="random"), SearchRequest(page=0), SearchRequest(page_size=1000),
                SearchRequest(filters={"colour": ["x"]}),
                SearchRequest(date_from=date(2021, 1, 2), date_to=date(2021, 1, 1))):
        with pytest.raises(QueryError):
            searcher.search(bad)


def test_highlight_maps_unaccented_query_to_accented_text(searcher) -> None:
    hit = searcher.search(SearchRequest(q="chu thap do")).hits[0]
    assert "<mark>Chữ thập đỏ</mark>" in hit.title_html
    assert "<mark>Chữ thập đỏ</mark>" in hit.snippet_html


def test_highlights_escape_everything_but_marks(searcher) -> None:
    hit = searcher.search(SearchRequest(q="hai phong noi dung")).hits[0]
    assert hit.id == "xss"
    assert "<img" not in hit.snippet_html and "&lt;img" in hit.snippet_html
    assert "&amp;" in hit.snippet_html
    title = searcher.search(SearchRequest(q="tin nong")).hits[0].title_html
    assert "<script>" not in title and "&lt;script&gt;" in title
    assert title.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_article_page_data(searcher) -> None:
    article = searcher.get("hp1", q="chu thap do")
    assert article.officials == (("Lê Trí Vũ", ("Phó Chủ tịch UBND thành phố",)),)
    assert "<mark>Chữ thập đỏ</mark>" in article.body_html
    assert searcher.get("missing") is None


def test_histogram_counts_and_totals(searcher) -> None:
    rows = dict((p, (h, t)) for p, h, t in searcher.histogram(SearchRequest(q="hai phong"), "year"))
    assert rows == {"2019": (1, 1), "2020": (0, 1), "2021": (2, 2)}


def test_related_articles(searcher) -> None:
    related = [r.hit.id for r in searcher.related("hp1")]
    assert related and related[0] in {"hp2", "xss"} and "hp1" not in related


def test_entity_summary(searcher) -> None:
    summary = searcher.entity("official", "Lê Trí Vũ")
    assert summary.articles == 2
    assert {p for p, _ in summary.per_month} == {"2021-06", "2021-12"}
    assert any(v.value == "Thành ủy Hải Phòng" and v.count == 2 for v in summary.co_organizations)
    assert searcher.entity("official", "Không Có") is None


def test_first_page_is_the_head_of_a_deep_listing(tmp_path, monkeypatch) -> None:
    # A small pool so that a 400-article index exercises what 42k articles do.
    monkeypatch.setattr("index.searcher.POOL_SIZE", 20)
    monkeypatch.setattr("index.rank.POOL_SIZE", 20)
    ix = ArchiveIndex.open(tmp_path / "ix", create=True)
    articles = [Article(id=f"n{i:03}", body=f"Người dân sử dụng nước sạch sẽ nhận hỗ trợ số {i}. "
                        + "Thông tin thêm về dự án. " * (i % 9)) for i in range(400)]
    # The only article holding the whole run, made long so that its BM25 score is low.
    articles.append(Article(id="run", body="Từ nay người sử dụng sẽ nhận thông báo. " + "Chuyện khác. " * 300))
    ix.write_batch(articles)
    searcher = ix.searcher()
    request = SearchRequest(q="nguoi su dung se nhan", page_size=10)
    deep = [h.id for h in searcher.iter_hits(request, 300)]
    assert [h.id for h in searcher.search(request).hits] == deep[:10]
    page3 = SearchRequest(q="nguoi su dung se nhan", page=3, page_size=10)
    assert [h.id for h in searcher.search(page3).hits] == deep[20:30]


def test_capped_prefix_warns_on_every_search_not_only_the_first(searcher, monkeypatch) -> None:
    import index.matching

    monkeypatch.setattr(index.matching, "MAX_PREFIX_TERMS", 1)
    for _ in range(2):                     # the second search reads the snapshot's term cache
        page = searcher.search(SearchRequest(q="tha*"))
        assert any("tha* matches too many words" in w for w in page.warnings)
