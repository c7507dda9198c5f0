"""Property-based fuzzing of every HTTP endpoint through Flask's test client (CSRF on, as in production).

Random Unicode, operator soup, huge and nested queries, random facet/date/paging parameters, random
path segments, methods, cookies and Accept-Language headers. For every request: no server error
(status < 500), machine endpoints answer JSON/CSV/Atom, an injected `<x-fuzz>` marker never comes back
as markup, redirects stay on this site, and the answer comes within a generous bound.

Case budget (with test_fuzz_query.py and test_fuzz_readers.py: 10,000 in all): 5,000 requests.
"""
from __future__ import annotations

import time
from urllib.parse import quote, urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HTTP_CASES = 5000
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
})


def header_text(text: str) -> str:
    """What a client can put in a header: latin-1 code points, no line breaks."""
    return text.encode("utf-8", "replace").decode("latin-1").replace("\r", "").replace("\n", "")


def check_answer(response, path: str, method: str, elapsed: float) -> None:
    """The invariants of every answer."""
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    assert elapsed < ANSWER_BOUND_S, f"{path} took {elapsed:.2f} s"
    mimetype = response.mimetype
    if method != "GET":
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
    @settings(max_examples=HTTP_CASES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(case=requests)
    def check(case) -> None:
        client = site_app.test_client()      # fresh cookies for every case
        if case["lang_cookie"] is not None:
            client.set_cookie("lang", header_text(case["lang_cookie"]))
        if case["session_cookie"] is not None:
            client.set_cookie("session", header_text(case["session_cookie"]))
        headers = {}
        if case["accept_language"] is not None:
            headers["Accept-Language"] = header_text(case["accept_language"])
        started = time.perf_counter()
        response = client.open(case["path"], method=case["method"], query_string=case["params"],
                               headers=headers)
        response.get_data()      # streamed exports are consumed inside the bound
        elapsed = time.perf_counter() - started
        check_answer(response, case["path"], case["method"], elapsed)
        response.close()

    check()
