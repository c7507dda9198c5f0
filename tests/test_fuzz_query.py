"""Property-based fuzzing of the query language and search parameters at the `index` level.

Random Unicode, operator soup, quotes, parentheses, field prefixes, wildcards and huge or deeply
nested inputs must never make `searcher.search` raise: every query string is answerable. Only
impossible parameters (bad page, sort, facet name, reversed dates) raise, and only `QueryError`.
Each answer is also checked for consistency (total = exported ids, facet counts ≤ total, escaped
highlights) and against a generous per-query bound that only a pathological blow-up would exceed.

Case budget (with test_fuzz_http.py and test_fuzz_readers.py: 10,000 in all): 3,000 query strings,
1,000 parameter sets.
"""
from __future__ import annotations

import re
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index import ArchiveIndex, QueryError, SearchRequest

# A bound on one search over the twelve-article site index; real answers take milliseconds, so only
# runaway expansion, recursion or backtracking (the attacks of whoosh-engineering.md §6.2) can hit it.
ANSWER_BOUND_S = 5.0
QUERY_CASES = 3000
PARAMETER_CASES = 1000

WORDS = ["chữ", "thập", "đỏ", "chu", "thap", "do", "bão", "lũ", "Hải", "Phòng", "bóng", "đá", "Việt",
         "Nam", "metro", "xăng", "TP.HCM", "UBND", "1-0", "2020", "ngưòi", "hoà", "hòa", "Ðà", "ｂóng"]
OPERATORS = ["OR", "AND", "NOT", "-", "(", ")", '"', "*", ":", "..", "~2", "^3", "r\"(a|aa)+$\"", "*:*",
             "[a TO z]", "\\", "'", "+", "|", "&", "«", "»", "“", "”"]
FIELDS = ["title:", "body:", "source:", "official:", "organization:", "topic:", "author:", "date:",
          "id:", "url:", "content_hash:", "withdrawn:", "nosuchfield:", "-title:", "TITLE:"]
DATES = ["2020", "2020-03", "2020-01-01..2020-06-30", "..2019", "2021..", "none", "2020-13", "0000",
         "9999-12-31", "2020-02-30", "..", "2020..2019", "-1", "2020-1-1"]

token = st.one_of(
    st.sampled_from(WORDS), st.sampled_from(OPERATORS),
    st.builds(lambda f, w: f + w, st.sampled_from(FIELDS), st.sampled_from(WORDS + DATES + ['"Hà Nội"', ""])),
    st.builds(lambda w, n: w[:n] + "*", st.sampled_from(WORDS), st.integers(0, 3)),
    st.builds(lambda w: f'"{w}"', st.sampled_from(WORDS)),
    st.text(min_size=1, max_size=6),
)
structured = st.lists(token, max_size=40).map(" ".join)
nested = st.builds(lambda depth, core, closing: "(" * depth + core + ")" * closing,
                   st.integers(0, 3000), structured, st.integers(0, 3000))
huge = st.builds(lambda unit, n: unit * n, st.sampled_from(["a* ", "ch* OR ", '"', "(", "x -", "đỏ ", "*", "é"]),
                 st.integers(100, 20_000))
query_text = st.one_of(st.text(max_size=200), structured, nested, huge,
                       st.text(alphabet=st.characters(codec="utf-8"), min_size=400, max_size=3000))


@pytest.fixture(scope="module")
def searcher(site_index_dir: Path):
    ix = ArchiveIndex.open(site_index_dir)
    yield ix.searcher()
    ix.close()


_TAG = re.compile(r"<[^>]*>")


def check_page(searcher, request: SearchRequest, page, elapsed: float) -> None:
    """The invariants every answer keeps, whatever the query."""
    assert elapsed < ANSWER_BOUND_S, f"{request.q[:80]!r} took {elapsed:.2f} s"
    assert 0 <= page.total <= searcher.doc_count()
    assert len(page.hits) <= request.page_size
    assert len({h.id for h in page.hits}) == len(page.hits)
    if request.page == 1:
        assert len(page.hits) == min(page.total, request.page_size)
    for hit in page.hits:
        for html in (hit.title_html, hit.snippet_html):
            tags = set(_TAG.findall(html))
            assert tags <= {"<mark>", "</mark>"}, tags
    for name, values in page.facets.items():
        # A facet the request filters or excludes on is counted without its own condition (multi-select),
        # so only the others are bounded by the result total.
        bound = searcher.doc_count() if name in request.filters or name in request.exclude else page.total
        assert all(0 <= v.count <= bound for v in values), (name, values, page.total)


@settings(max_examples=QUERY_CASES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                          HealthCheck.data_too_large])
@given(q=query_text, sort=st.sampled_from(["relevance", "newest", "oldest"]))
def test_any_query_string_is_answered(searcher, q: str, sort: str) -> None:
    request = SearchRequest(q=q, sort=sort, page_size=5)
    started = time.perf_counter()
    page = searcher.search(request)
    check_page(searcher, request, page, time.perf_counter() - started)
    assert page.total == len(list(searcher.iter_hits(request, 10_000)))


facet_name = st.sampled_from(["source", "topic", "official", "organization", "year", "month", "author",
                              "id", "", "body"])
facet_value = st.one_of(st.sampled_from(["VnExpress", "Tuổi Trẻ", "Kinh tế", "Xã hội", "none", "2020",
                                         "2020-10", "Nguyễn Văn Bình", "UBND TP.HCM", "<i>Nguồn lạ</i>"]),
                        st.text(max_size=30))
facet_map = st.dictionaries(facet_name, st.lists(facet_value, max_size=4), max_size=4)


@settings(max_examples=PARAMETER_CASES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(q=st.one_of(st.just(""), structured), filters=facet_map, exclude=facet_map,
       date_from=st.none() | st.dates(date(1, 1, 1), date(9999, 12, 31)),
       date_to=st.none() | st.dates(date(1, 1, 1), date(9999, 12, 31)), undated=st.booleans(),
       sort=st.sampled_from(["relevance", "newest", "oldest", "random", ""]),
       page=st.integers(-5, 20_000), page_size=st.integers(-1, 150), facet_limit=st.integers(-5, 600))
def test_random_parameters_answer_or_raise_query_error(searcher, q, filters, exclude, date_from, date_to,
                                                       undated, sort, page, page_size, facet_limit) -> None:
    request = SearchRequest(q=q, filters=filters, exclude=exclude, date_from=date_from, date_to=date_to,
                            undated=undated, sort=sort, page=page, page_size=page_size,
                            facet_limit=facet_limit)
    valid = (sort in ("relevance", "newest", "oldest") and 1 <= page_size <= 100 and page >= 1
             and page * page_size <= 10_000
             and set(filters) | set(exclude) <= {"source", "topic", "official", "organization", "year",
                                                 "month", "author"}
             and not (date_from and date_to and date_from > date_to))
    started = time.perf_counter()
    try:
        page = searcher.search(request)
    except QueryError:
        assert not valid, f"a valid request was refused: {request}"
        return
    assert valid, f"an impossible request was answered: {request}"
    check_page(searcher, request, page, time.perf_counter() - started)
