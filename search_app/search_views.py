"""People's pages over a search: results with facets, advanced search, attention chart, language switch."""
from __future__ import annotations

import csv
import io
import re
from urllib.parse import urlencode, urlsplit

from flask import (Blueprint, current_app, g, make_response, redirect, render_template, request,
                   url_for)

from . import i18n
from .backend import conditional, get_searcher
from .chart import build_chart
from .forms import AdvancedSearchForm
from .params import (INTERVALS, LIST_FACETS, SearchState, clean_text, parse_choice, parse_state,
                     split_queries)
from .serialize import csv_cell
from .sidebar import build_sidebar

bp = Blueprint("search", __name__)

MAX_SUGGESTIONS = 6
_QUOTE = re.compile(r'"')
_FIELD_OR_OPERATOR = re.compile(r'(^|\s)(-|\w+:)|\b(OR)\b|[()*]')


def request_state() -> SearchState:
    """The SearchState of the current request, validated against the configured limits."""
    cfg = current_app.config
    return parse_state(request.args, cfg["PAGE_SIZE"], cfg["MAX_PAGE_SIZE"], cfg["MAX_PAGE"])


@bp.get("/")
@conditional
def index():
    """The search page; with no query it browses the whole archive."""
    cfg = current_app.config
    state = request_state()
    expanded = set(request.args.getlist("expand")) & set(LIST_FACETS)
    facet_filters = {n: clean_text(request.args.get(f"fq_{n}", "")).strip()[:100] for n in LIST_FACETS}
    # Collapsed lists need one value more than they show, to know whether to offer "more"
    # (the index always returns every year and month bucket).
    limit = cfg["FACET_EXPANDED"] if expanded or any(facet_filters.values()) else cfg["FACET_SHOWN"] + 1
    searcher = get_searcher()
    page = searcher.search(state.to_request(facet_limit=limit))
    g.index_ms = page.took_ms
    last_page = min(cfg["MAX_PAGE"], max(1, -(-page.total // state.page_size)))
    return render_template(
        "search.html",
        state=state,
        page=page,
        chips=state.chips(),
        sidebar=build_sidebar(state, page.facets, cfg["FACET_SHOWN"], expanded, facet_filters,
                              url_for("search.index")),
        pages=page_window(state.page, last_page),
        last_page=last_page,
        suggestions=suggestions(searcher, state) if page.total == 0 else [],
        export_cap=cfg["EXPORT_CAP"],
    )


def page_window(current: int, last: int, radius: int = 2) -> list[int | None]:
    """Page numbers around the current one, with None standing for a gap: 1 … 4 5 [6] 7 8 … 20."""
    wanted = {1, last, *range(max(1, current - radius), min(last, current + radius) + 1)}
    out: list[int | None] = []
    for number in sorted(wanted):
        if out and number - (out[-1] or 0) > 1:
            out.append(None)
        out.append(number)
    return out


def suggestions(searcher, state: SearchState) -> list[tuple[str, str, int]]:
    """Looser searches for an empty result: (message, query string, count), best first."""
    candidates: list[tuple[str, SearchState]] = []
    chips = state.chips()
    for kind, name, value, looser in chips:
        label = f"{'−' if kind == 'exclude' else ''}{i18n.gettext('facet.' + name)}{': ' + value if value else ''}"
        candidates.append((i18n.gettext("results.suggest.remove", label=label), looser))
    if len(chips) > 1:
        candidates.append((i18n.gettext("results.suggest.all_filters"), SearchState(q=state.q, sort=state.sort)))
    if '"' in state.q:
        unquoted = _QUOTE.sub(" ", state.q).strip()
        candidates.append((i18n.gettext("results.suggest.unquoted", q=unquoted), state.with_changes(q=unquoted)))
    words = _QUOTE.sub(" ", state.q).split()
    if len(words) > 1 and not _FIELD_OR_OPERATOR.search(state.q):
        any_q = " OR ".join(words)
        candidates.append((i18n.gettext("results.suggest.any", q=any_q), state.with_changes(q=any_q)))
    out = []
    for message, looser in candidates[:MAX_SUGGESTIONS]:
        total = searcher.count(looser.to_request(page=1))
        if total:
            out.append((message, looser.query_string(), total))
    return sorted(out, key=lambda s: -s[2])


@bp.get("/advanced")
def advanced():
    """The advanced-search form; a filled-in form redirects to the search page with the written query."""
    form = AdvancedSearchForm()
    if request.args and form.validate():
        return redirect(url_for("search.index") + "?" + urlencode({"q": form.to_query()}))
    return render_template("advanced.html", form=form), (400 if request.args else 200)


@bp.get("/attention")
@conditional
def attention():
    """Attention over time: matching articles per period for one or more comma-separated queries."""
    chart, interval, measure, queries, state = attention_series()
    return render_template("attention.html", chart=chart, interval=interval, measure=measure,
                           queries=queries, state=state, compare=request.args.get("compare", ""))


def attention_series():
    """Shared by the chart page and its CSV: (chart, interval, measure, queries, state)."""
    state = request_state()
    interval = parse_choice(request.args, "interval", INTERVALS, "month")
    measure = parse_choice(request.args, "measure", ("count", "share"), "count")
    compare = clean_text(request.args.get("compare", ""))
    queries = split_queries(compare, current_app.config["MAX_COMPARE"]) if compare.strip() else [state.q]
    searcher = get_searcher()
    named, totals = [], {}
    for query in queries:
        rows = searcher.histogram(state.to_request(q=query, page=1), interval=interval)
        named.append((query, {period: hits for period, hits, _ in rows}))
        totals = {period: total for period, _, total in rows}
    return build_chart(named, totals, measure), interval, measure, queries, state


@bp.get("/lang/<code>")
def set_language(code: str):
    """Switch the UI language (remembered for a year in a cookie) and go back where the user was."""
    if code not in i18n.LANGS:
        return redirect(url_for("search.index"))
    target = request.args.get("next", "")
    parts = urlsplit(target)
    # Only same-site paths: no scheme, no host, no protocol-relative '//' or backslash tricks.
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith(("//", "/\\")):
        target = url_for("search.index")
    response = make_response(redirect(target))
    response.set_cookie(i18n.COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


@bp.get("/attention.csv")
@conditional
def attention_csv():
    """The attention series as CSV: query, period, count, total, share."""
    chart, _interval, _measure, _queries, _state = attention_series()
    lines = [["query", "period", "count", "total", "share"]]
    for series in chart.series if chart else ():
        for period, count, total, share in zip(chart.periods, series.counts, chart.totals, series.shares):
            lines.append([csv_cell(series.label), period, str(count), str(total), f"{share:.6f}"])
    buffer = io.StringIO()
    csv.writer(buffer).writerows(lines)
    response = make_response("\ufeff" + buffer.getvalue())
    response.mimetype = "text/csv"
    response.headers["Content-Disposition"] = 'attachment; filename="attention.csv"'
    return response
