"""The place facet in the app: /api/search facets key "place", the article JSON, exports, OpenAPI, the sidebar
link that adds the former units merged into a province, and the article page."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone
from urllib.parse import quote

import pytest

from index import ArchiveIndex, Article
from ingest.extract import enrich

VN = timezone(timedelta(hours=7))


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    from search_app import create_app

    root = tmp_path_factory.mktemp("places_app")
    ix = ArchiveIndex.open(root / "index", create=True)
    ix.write_batch([enrich(Article(id=i, title=t, body=b, published=p, published_how="source"))
                    for i, t, b, p in [
        ("p-1", "Hải Dương khánh thành cầu", "UBND tỉnh Hải Dương khánh thành cầu mới.", datetime(2019, 5, 1, tzinfo=VN)),
        ("p-2", "Hải Phòng làm đường", "Tuyến đường đi qua tỉnh Hải Dương cũ.", datetime(2026, 2, 1, tzinfo=VN)),
        ("p-3", "Đà Lạt đón khách", "Thành phố Đà Lạt đón khách dịp lễ.", datetime(2021, 4, 30, tzinfo=VN)),
    ]])
    ix.close()
    app = create_app({"TESTING": True, "INDEX_DIR": str(root / "index"), "SECRET_KEY": "test",
                      "SERVER_NAME": "archive.test"}, instance_path=str(root / "instance"))
    yield app.test_client()
    app.extensions["archive_index"].close()


def test_api_search_has_the_place_facet(client) -> None:
    body = client.get("/api/search").get_json()
    counts = {fv["value"]: fv["count"] for fv in body["facets"]["place"]}
    assert counts == {"Hải Dương": 1, "Hải Phòng": 1, "Hải Dương (cũ)": 1, "Lâm Đồng": 1}
    assert {r["id"]: r["places"] for r in body["results"]}["p-2"] == ["Hải Phòng", "Hải Dương (cũ)"]


def test_place_query_and_filter_with_predecessors(client) -> None:
    q = quote('place:"Hải Phòng (gồm Hải Dương cũ)"')
    assert {r["id"] for r in client.get(f"/api/search?q={q}").get_json()["results"]} == {"p-1", "p-2"}
    wide = quote("Hải Phòng (gồm Hải Dương cũ)")
    body = client.get(f"/api/search?place={wide}").get_json()
    assert body["total"] == 2
    assert {"value": "Hải Phòng (gồm Hải Dương cũ)", "count": 2, "selected": True, "excluded": False} \
        in body["facets"]["place"]
    assert client.get("/api/search?place=" + quote("Hải Dương")).get_json()["total"] == 1


def test_article_json_export_and_openapi_carry_places(client) -> None:
    assert client.get("/api/articles/p-3").get_json()["places"] == ["Lâm Đồng"]
    rows = list(csv.reader(io.StringIO(client.get("/export.csv?sort=oldest").get_data(as_text=True))))
    assert rows[0][rows[0].index("places")] == "places"
    assert [r[rows[0].index("places")] for r in rows[1:]] == ["Hải Dương", "Lâm Đồng", "Hải Phòng; Hải Dương (cũ)"]
    spec = client.get("/api/openapi.json").get_json()
    assert "places" in spec["components"]["schemas"]["Result"]["properties"]
    assert any(p["name"] == "place" for p in spec["paths"]["/api/search"]["get"]["parameters"])


def test_sidebar_and_article_page_show_places(client) -> None:
    html = client.get("/").get_data(as_text=True)
    assert "Địa phương" in html
    assert 'href="/?place=H%E1%BA%A3i+Ph%C3%B2ng+%28g%E1%BB%93m+H%E1%BA%A3i+D%C6%B0%C6%A1ng+c%C5%A9%29"' in html
    assert "Hải Phòng (gồm Hải Dương cũ)</a>" in html
    page = client.get("/article/p-2").get_data(as_text=True)
    assert "Địa phương được nhắc đến" in page and "Hải Dương (cũ)</a>" in page
