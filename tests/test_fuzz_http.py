"""Property-based fuzzing of every HTTP endpoint through Flask's test client (CSRF on, as in production).

Random Unicode, operator soup, huge and nested queries, random facet/date/paging parameters, random
path segments, methods, cookies and Accept-Language, If-None-Match and Range headers. For every
request: no server error (status < 500), machine endpoints answer JSON/CSV/Atom, an injected
`<x-fuzz>` marker never comes back as markup, redirects stay on this site, and the answer comes
within a generous bound.

Admin forms are fuzzed too, logged in and with a valid CSRF token: random article ids, reasons, upload
bytes and upload file names must never give a server error or reflect markup.

Case budget (with test_fuzz_query.py and test_fuzz_readers.py: 10,000 in all): 4,500 public requests
and 500 admin form posts.
"""
from __future__ import annotations

import io
import json
import re
import time
from urllib.parse import quote, urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HTTP_CASES = 4500
ADMIN_CASES = 500
# Generous: a page over the twelve-article site index renders in milliseconds; only a runaway query
# (unbounded expansion, recursion, backtracking) or an unbounded export could reach it.
ANSWER_BOUND_S = 5.0
MARKER = "<x-fuzz>"

PAGES = ["/", "/advanced", "/attention", "/attention.csv", "/api/search", "/export.csv", "/export.jsonl",
         "/feed.atom", "/api/openapi.json", "/admin/", "/admin/login"]
PATH_PAGES = ["/article/", "/api/articles/", "/official/", "/organization/", "/lang/"]
PARAMETERS = ["q", "source", "topic", "official", "organization", "year", "month", "not_source", "not_topic",
              "not_official", "not_organization", "not_year", "not_month", "from", "to", "undated", "sort",
              "page", "size", "facet_limit", "limit", "interval", "compare", "measure", "expand", "next",
              "all_words", "any_words", "phrase", "none_words", "field", "date_from", "date_to", "fq_source",
              "csrf_token", "lang", "", "q[]"]
SAMPLES = ["0", "-1", "1", "99999999999999999999", "2020", "2020-02-30", "2020-13", "none", "newest", "share",
           "year", '"', "(", ")" * 50, "*", "a*", "*nh", "date:..", "OR", "title:", "VnExpress", "Kinh tế",
           "Nguyễn Văn Bình", "javascript:alert(1)", "//evil.example", "/\\evil.example", "https://evil.example",
           "\x00", "%", "%zz", "\ud7ff", "đỏ,bão,lũ", MARKER, f'"><{MARKER[1:]}', f"'{MARKER}", "t-001"]
value = st.one_of(st.sampled_from(SAMPLES), st.text(max_size=60),
                  st.builds(lambda a, b: a + MARKER + b, st.text(max_size=8), st.text(max_size=8)),
                  st.builds(lambda u, n: u * n, st.sampled_from(["(", "a* ", '"', "x OR ", "đ"]),
                            st.integers(50, 3000)))
segment = st.one_of(st.sampled_from(["t-001", "t-008", "vi", "en", "Nguyễn Văn Bình", "UBND TP.HCM", "..",
                                     "../../etc/passwd", "%2e%2e%2f", MARKER, "x" * 300]),
                    st.text(min_size=1, max_size=40))
requests = st.fixed_dictionaries({
    "path": st.one_of(st.sampled_from(PAGES), st.builds(lambda p, s: p + quote(s, safe="/"), st.sampled_from(PATH_PAGES), segment)),
    "params": st.lists(st.tuples(st.sampled_from(PARAMETERS), value), max_size=6),
    "method": st.sampled_from(["GET"] * 6 + ["HEAD", "POST", "PUT", "DELETE", "OPTIONS"]),
    "lang_cookie": st.none() | st.sampled_from(SAMPLES) | st.text(max_size=60),
    "session_cookie": st.none() | st.text(max_size=80),
    "accept_language": st.none() | st.sampled_from(SAMPLES) | st.text(max_size=200),
    "if_none_match": st.none() | st.sampled_from(['*', '""', 'W/"x"', '"a", "b"', ",,,", 'W/', '"' * 7])
    | st.text(max_size=60),
    "range": st.none() | st.sampled_from(["bytes=0-10", "bytes=-5", "bytes=99999999-", "bytes=5-1", "lines=1-2"]),
})


def header_text(text: str) -> str:
    """What a client can put in a header: latin-1 code points, no line breaks."""
    return text.encode("utf-8", "replace").decode("latin-1").replace("\r", "").replace("\n", "")


def check_answer(response, path: str, method: str, elapsed: float) -> None:
    """The invariants of every answer."""
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    assert elapsed < ANSWER_BOUND_S, f"{path} took {elapsed:.2f} s"
    mimetype = response.mimetype
    if method != "GET" or response.status_code == 304:      # 304 has no body, hence no type
        pass
    elif path.startswith("/api/") or (path.startswith(("/export.", "/feed.", "/attention.csv"))
                                    and response.status_code >= 400):
        assert mimetype == "application/json", (path, response.status_code, mimetype)
    if mimetype in ("text/html", "application/atom+xml"):
        assert MARKER not in response.get_data(as_text=True)
    location = response.headers.get("Location")
    if location:
        parts = urlsplit(location)
        assert parts.netloc in ("", "archive.test") and not location.startswith(("//", "/\\")), location


def test_every_endpoint_survives_random_requests(site_app) -> None:
    statuses: set[int] = set()

    @settings(max_examples=HTTP_CASES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(case=requests)
    def check(case) -> None:
        client = site_app.test_client()      # fresh cookies for every case
        if case["lang_cookie"] is not None:
            client.set_cookie("lang", header_text(case["lang_cookie"]))
        if case["session_cookie"] is not None:
            client.set_cookie("session", header_text(case["session_cookie"]))
        headers = {}
        for name, key in (("Accept-Language", "accept_language"), ("If-None-Match", "if_none_match"),
                          ("Range", "range")):
            if case[key] is not None:
                headers[name] = header_text(case[key])
        started = time.perf_counter()
        response = client.open(case["path"], method=case["method"], query_string=case["params"],
                               headers=headers)
        response.get_data()      # streamed exports are consumed inside the bound
        elapsed = time.perf_counter() - started
        check_answer(response, case["path"], case["method"], elapsed)
        statuses.add(response.status_code)
        response.close()

    check()
    assert {200, 302, 400, 404, 405} <= statuses        # the cases reach pages, redirects and every refusal


upload_bytes = st.one_of(
    st.binary(max_size=400),
    st.lists(st.fixed_dictionaries({"id": st.text(max_size=12), "body": st.text(max_size=80),
                                    "title": st.text(max_size=20) | st.just(MARKER)}), max_size=3).map(
        lambda rs: "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rs).encode()))
admin_posts = st.fixed_dictionaries({
    "path": st.sampled_from(["/admin/upload", "/admin/withdraw", "/admin/restore"]),
    "article_id": st.sampled_from(["t-001", "t-008", "khong-co", ""]) | value,
    "reason": st.sampled_from(["Sai sự thật", "", MARKER]) | value,
    "dry_run": st.sampled_from(["", "y", "on", "0"]),
    "file": st.none() | st.tuples(upload_bytes, st.sampled_from(["a.jsonl", "a.csv", "a.warc", "../a.txt", ""])
                                  | st.text(max_size=100)),
})


def csrf_token(client, page: str) -> str:
    html = client.get(page).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def test_admin_forms_survive_random_posts(site_admin_app) -> None:
    client = site_admin_app.test_client()
    assert client.post("/admin/login", data={"username": "editor", "password": "đúng-mật-khẩu",
                                             "csrf_token": csrf_token(client, "/admin/login")}).status_code == 302
    token = csrf_token(client, "/admin/")       # the login starts a new session, with a new token
    answered: list[tuple[str, int]] = []

    @settings(max_examples=ADMIN_CASES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(case=admin_posts)
    def check(case) -> None:
        data = {"csrf_token": token, "article_id": case["article_id"], "reason": case["reason"]}
        if case["dry_run"]:
            data["dry_run"] = case["dry_run"]
        if case["file"] is not None:
            data["file"] = (io.BytesIO(case["file"][0]), case["file"][1])
        started = time.perf_counter()
        response = client.post(case["path"], data=data, content_type="multipart/form-data")
        response.get_data()
        check_answer(response, case["path"], "POST", time.perf_counter() - started)
        assert response.status_code in (200, 400, 404, 409, 413), response.status_code
        answered.append((case["path"], response.status_code))
        assert client.get("/admin/").status_code == 200         # still logged in, still working

    check()
    accepted = {path for path, status in answered if status == 200}
    assert accepted == {"/admin/upload", "/admin/withdraw", "/admin/restore"}, "the fuzz never got past the forms"
