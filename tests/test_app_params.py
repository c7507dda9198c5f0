"""URL state parsing, link building, the chart layout and the advanced-search query writer."""
from __future__ import annotations

from datetime import date

import pytest
from werkzeug.datastructures import MultiDict

from search_app.chart import build_chart, period_range
from search_app.params import BadParameter, SearchState, parse_state, split_queries
from search_app.search_views import page_window


def state_of(query: str) -> SearchState:
    from urllib.parse import parse_qsl

    return parse_state(MultiDict(parse_qsl(query, keep_blank_values=True)))


def test_state_round_trips_through_its_query_string():
    state = state_of("q=chu+thap+do&source=VnExpress&source=Tu%E1%BB%95i+Tr%E1%BA%BB&not_topic=Th%E1%BB%83+thao"
                     "&year=none&from=2020-01&to=2020-02&sort=newest&page=3&size=5")
    assert state.filters == {"source": ("VnExpress", "Tuổi Trẻ"), "year": ("none",)}
    assert state.exclude == {"topic": ("Thể thao",)}
    assert state.date_from == date(2020, 1, 1)
    assert state.date_to == date(2020, 2, 29)          # a partial 'to' means its last day
    assert (state.sort, state.page, state.page_size) == ("newest", 3, 5)
    assert state_of(state.query_string()) == state


def test_toggling_moves_a_value_between_include_and_exclude_and_resets_page():
    state = SearchState(q="x", filters={"source": ("A",)}, page=4)
    excluded = state.toggled("source", "A", exclude=True)
    assert excluded.filters == {} and excluded.exclude == {"source": ("A",)} and excluded.page == 1
    assert excluded.toggled("source", "A", exclude=True).exclude == {}
    both = state.toggled("source", "B")
    assert both.filters == {"source": ("A", "B")}
    assert both.toggled("source", "A").filters == {"source": ("B",)}


def test_chips_remove_exactly_one_filter_each():
    state = state_of("q=a&topic=T&not_source=S&from=2020-01-01&undated=1")
    chips = {(kind, name, value): looser for kind, name, value, looser in state.chips()}
    assert set(chips) == {("include", "topic", "T"), ("exclude", "source", "S"),
                          ("include", "from", "2020-01-01"), ("include", "undated", "")}
    assert chips[("exclude", "source", "S")].exclude == {} and chips[("exclude", "source", "S")].filters == {"topic": ("T",)}
    assert chips[("include", "undated", "")].undated is False


@pytest.mark.parametrize("query, parameter", [
    ("page=0", "page"), ("page=abc", "page"), ("page=501", "page"), ("size=1000", "size"),
    ("sort=random", "sort"), ("from=2020-13-01", "from"), ("to=yesterday", "to"),
    ("from=2021-01-01&to=2020-01-01", "from"), ("year=20x0", "year"), ("not_month=2020-13", "not_month"),
    ("undated=yes", "undated"), ("q=" + "a" * 2001, "q"), ("source=" + "s" * 301, "source"),
    ("&".join(f"topic={i}" for i in range(51)), "topic"),
])
def test_bad_parameters_are_rejected_with_their_name(query, parameter):
    with pytest.raises(BadParameter) as info:
        state_of(query)
    assert info.value.name == parameter


def test_control_characters_are_dropped_and_duplicates_merged():
    state = state_of("q=b%C3%A3o%00%1F+l%C5%A9&source=A&source=A&source=")
    assert state.q == "bão lũ"
    assert state.filters == {"source": ("A",)}


def test_comma_separated_queries_keep_quoted_commas():
    assert split_queries('bão, "Hà Nội, Huế" , lũ,,', 5) == ["bão", '"Hà Nội, Huế"', "lũ"]
    with pytest.raises(BadParameter):
        split_queries("a,b,c", 2)


def test_page_window_marks_gaps():
    assert page_window(1, 1) == [1]
    assert page_window(6, 20) == [1, None, 4, 5, 6, 7, 8, None, 20]
    assert page_window(2, 4) == [1, 2, 3, 4]


def test_chart_fills_missing_periods_and_computes_shares():
    chart = build_chart([("bão", {"2020-11": 2, "2021-01": 1, "none": 7}), ("lũ", {"2020-12": 4})],
                        {"2020-11": 10, "2020-12": 8, "2021-01": 4}, "share")
    assert chart.periods == ("2020-11", "2020-12", "2021-01")
    assert chart.series[0].counts == (2, 0, 1)
    assert chart.series[1].shares == (0.0, 0.5, 0.0)
    assert chart.totals == (10, 8, 4)
    top = min(y for _, y in chart.y_ticks)
    # the largest share (0.5) is drawn at or below the top gridline, zero on the axis
    assert all(top <= y <= chart.bottom_y for s in chart.series for _, y, _ in s.dots)
    assert chart.series[1].dots[0][1] == chart.bottom_y
    assert build_chart([("x", {"none": 3})], {}, "count") is None
    assert period_range("2019", "2021") == ["2019", "2020", "2021"]


def test_advanced_form_writes_query_syntax(site_app):
    from search_app.forms import AdvancedSearchForm

    url = ("/advanced?all_words=bão+lũ&any_words=Huế+Quảng+Trị&phrase=miền+Trung&none_words=-bóng&field=title"
           "&source=Tuổi+Trẻ&date_from=2020-10-01&official=Nguyễn+Văn+\"Bình")
    with site_app.test_request_context(url):
        form = AdvancedSearchForm()
        assert form.validate()
        assert form.to_query() == ('title:bão title:lũ (title:Huế OR title:Quảng OR title:Trị) '
                                   'title:"miền Trung" -title:bóng source:"Tuổi Trẻ" '
                                   'official:"Nguyễn Văn Bình" date:2020-10-01..')
    with site_app.test_request_context("/advanced?field=all"):
        assert not AdvancedSearchForm().validate()


@pytest.mark.parametrize("article_id", ["t-001", "a/b c", "vntc:Thể thao?#1", "x%2Fy", "ü&=+"])
def test_fast_links_match_url_for(site_app, article_id):
    from flask import url_for

    from search_app.links import article_href, permalink, search_href

    with site_app.test_request_context("/"):
        assert article_href(article_id) == url_for("article.show", article_id=article_id)
        assert article_href(article_id, "bão lũ") == url_for("article.show", article_id=article_id, q="bão lũ")
        assert permalink(article_id) == url_for("article.show", article_id=article_id, _external=True)
        assert search_href("q=a") == url_for("search.index") + "?q=a"
