"""JSON API, OpenAPI document, streamed CSV/JSON Lines exports, Atom feed, and 400s for bad parameters."""
from __future__ import annotations

import csv
import io
import json
from xml.etree import ElementTree as ET

import pytest

ATOM = "{http://www.w3.org/2005/Atom}"


def test_api_search_returns_results_and_facets(site_client):
    response = site_client.get("/api/search?q=chu+thap+do&sort=newest&size=2")
    assert response.status_code == 200
    body = response.get_json()
    assert body["total"] == 4 and body["page"] == 1 and body["page_size"] == 2
    first = body["results"][0]
    assert first["id"] == "t-011"
    assert first["source"] == "VnExpress" and first["published"].startswith("2021-01-09T08:00:00")
    assert "<mark>" in first["snippet_html"] and "<mark>" not in first["snippet"]
    assert first["permalink"] == "http://archive.test/article/t-011"
    sources = {fv["value"]: fv["count"] for fv in body["facets"]["source"]}
    assert sources == {"VnExpress": 2, "Tuổi Trẻ": 1, "Thanh Niên": 1}
    assert {"value": "none", "count": 1, "selected": False, "excluded": False} in body["facets"]["year"]


def test_api_article(site_client):
    body = site_client.get("/api/articles/t-004").get_json()
    assert body["officials"] == [{"name": "Nguyễn Văn Bình", "titles": ["Chủ tịch UBND TP.HCM"]}]
    assert "metro số 2" in body["body"]
    missing = site_client.get("/api/articles/nope")
    assert missing.status_code == 404 and missing.get_json()["error"]["status"] == 404


def test_openapi_document_describes_every_endpoint(site_client):
    doc = site_client.get("/api/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    assert {"/api/search", "/api/articles/{id}", "/export.csv", "/export.jsonl", "/feed.atom",
            "/attention.csv"} <= set(doc["paths"])
    names = {p["name"] for p in doc["paths"]["/api/search"]["get"]["parameters"]}
    assert {"q", "source", "not_source", "year", "from", "to", "sort", "page", "size"} <= names
    limit = next(p for p in doc["paths"]["/export.csv"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 5           # the configured export cap


def test_csv_export_streams_up_to_the_cap_and_says_so(site_client):
    response = site_client.get("/export.csv?sort=oldest")
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["X-Total-Count"] == "12" and response.headers["X-Export-Truncated"] == "true"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:4] == ["id", "title", "source", "published"]
    assert [r[0] for r in rows[1:]] == ["t-004", "t-008", "t-010", "t-009", "t-002"]
    small = site_client.get("/export.csv?q=chu+thap+do")
    assert small.headers["X-Export-Truncated"] == "false"
    assert len(list(csv.reader(io.StringIO(small.get_data(as_text=True))))) == 5


def test_csv_cells_cannot_start_a_formula(site_client):
    from search_app.serialize import csv_cell

    assert csv_cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert csv_cell(["a", "b"]) == "a; b"
    assert csv_cell(None) == ""


def test_jsonl_export(site_client):
    response = site_client.get("/export.jsonl?source=Tu%E1%BB%95i+Tr%E1%BA%BB&limit=2&sort=newest")
    lines = response.get_data(as_text=True).splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["t-005", "t-002"]
    assert response.headers["X-Total-Count"] == "3"


def test_atom_feed_newest_first_without_undated(site_client):
    response = site_client.get("/feed.atom?q=chu+thap+do")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}id").text for e in entries] == [
        "http://archive.test/article/t-011", "http://archive.test/article/t-001", "http://archive.test/article/t-002"]
    assert root.find(f"{ATOM}updated").text.startswith("2021-01-09")


def test_feed_escapes_hostile_titles(site_client):
    root = ET.fromstring(site_client.get("/feed.atom?q=tin+thu+nghiem").data)
    titles = [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")]
    assert "<script>alert('xss')</script> Tin thử nghiệm" in titles


@pytest.mark.parametrize("url", [
    "/api/search?page=-1", "/api/search?size=1000", "/api/search?sort=x", "/api/search?from=20201",
    "/api/search?facet_limit=abc", "/export.csv?limit=6", "/export.jsonl?to=2020-02-31",
    "/feed.atom?year=abcd", "/attention.csv?interval=week", "/api/search?q=" + "x" * 3000,
    "/api/search?undated=2", "/attention.csv?compare=a,b,c,d,e,f",
])
def test_bad_parameters_give_400_json(site_client, url):
    response = site_client.get(url)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["status"] == 400 and error["message"]


def test_unknown_api_path_is_json_404(site_client):
    response = site_client.get("/api/nothing")
    assert response.status_code == 404 and response.get_json()["error"]["status"] == 404


PARAMETERS = ["q", "source", "not_topic", "year", "month", "from", "to", "undated", "sort", "page", "size",
              "facet_limit", "limit", "interval", "compare", "measure", "fq_official", "expand"]
ENDPOINTS = ["/", "/api/search", "/export.jsonl", "/feed.atom", "/attention", "/attention.csv"]


def test_arbitrary_parameters_never_cause_a_server_error(site_app):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    client = site_app.test_client()
    value = st.one_of(st.text(max_size=40), st.sampled_from(["0", "-1", "2020", "2020-02-30", "none", "newest",
                                                             '"', "(", "*", "date:..", "OR", "title:"]))

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(endpoint=st.sampled_from(ENDPOINTS),
           params=st.lists(st.tuples(st.sampled_from(PARAMETERS), value), max_size=5))
    def check(endpoint, params):
        response = client.get(endpoint, query_string=params)
        assert response.status_code in (200, 400), (endpoint, params, response.status_code)
        response.close()

    check()


def test_permalinks_follow_the_proxy_only_when_configured(site_index_dir, tmp_path):
    from search_app import create_app

    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "luutru.example.vn", "X-Forwarded-For": "1.2.3.4"}
    for hops, expected in ((0, "http://localhost/article/t-001"), (1, "https://luutru.example.vn/article/t-001")):
        app = create_app({"INDEX_DIR": str(site_index_dir), "SECRET_KEY": "k", "PROXY_FIX": hops},
                         instance_path=str(tmp_path))
        body = app.test_client().get("/api/articles/t-001", headers=headers).get_json()
        assert body["permalink"] == expected
        app.extensions["archive_index"].close()


def test_conditional_get_until_the_index_changes(site_admin_app):
    client = site_admin_app.test_client()
    for url in ("/feed.atom?q=metro", "/?q=metro", "/article/t-004", "/api/search?q=metro"):
        first = client.get(url)
        assert first.status_code == 200 and first.headers["ETag"]
        again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and again.data == b""
        client.set_cookie("lang", "en", domain="archive.test")        # another language, another ETag
        assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 200
        client.delete_cookie("lang", domain="archive.test")
    etag = client.get("/feed.atom?q=metro").headers["ETag"]
    site_admin_app.extensions["archive_index"].withdraw("t-004", "thử")
    changed = client.get("/feed.atom?q=metro", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and b"t-004" not in changed.data


def test_download_content_types_name_their_charset_once(site_client):
    for url, expected in (("/export.csv", "text/csv; charset=utf-8"),
                          ("/export.jsonl", "application/x-ndjson; charset=utf-8"),
                          ("/feed.atom", "application/atom+xml; charset=utf-8"),
                          ("/attention.csv?q=metro", "text/csv; charset=utf-8")):
        assert site_client.get(url).headers["Content-Type"] == expected, url
