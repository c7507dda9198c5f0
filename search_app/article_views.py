"""Article permalinks (with highlights, citation metadata, related articles) and entity pages."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from urllib.parse import urlencode, urlsplit

from flask import Blueprint, abort, redirect, render_template, request, url_for
from markupsafe import Markup

from index import TitleHeld

from . import links
from .backend import conditional, get_index, get_searcher
from .chart import build_chart
from .params import SearchState, parse_query
from .serialize import citation_meta, news_article_jsonld

bp = Blueprint("article", __name__)
RELATED = 5
TITLE_DATES_SHOWN = 10  # supporting articles listed per title on an official's page


def facet_qs(name: str, value: str) -> str:
    """Query string of a search filtered to one facet value."""
    return SearchState(filters={name: (value,)}).query_string()


def query_qs(field: str, value: str) -> str:
    """Query string of a fielded query, e.g. author:"Lê Văn A"."""
    return urlencode({"q": f'{field}:"{value}"'})


def paragraphs(article) -> list[Markup]:
    """Body paragraphs of the highlighted HTML (escaped by the index, only <mark> added)."""
    return [Markup(p) for p in article.body_html.split("\n\n") if p.strip()]


def safe_link(url: str | None) -> str | None:
    """The source URL when it is http(s); anything else (javascript:, data:) is not linked."""
    if url and urlsplit(url).scheme.lower() in ("http", "https"):
        return url
    return None


@bp.get("/article/<path:article_id>")
@conditional
def show(article_id: str):
    """The article page; 410 with the tombstone's reason when withdrawn."""
    q = parse_query(request.args)
    searcher = get_searcher()
    article = searcher.get(article_id, q=q)
    if article is None:
        abort(404)
    if article.withdrawn:
        stone = get_index().tombstone(article_id)
        return render_template("gone.html", article_id=article_id, tombstone=stone,
                               withdrawn_at=stone.date), 410
    permalink = links.permalink(article_id)
    return render_template(
        "article.html", article=article, q=q, back_qs=SearchState(q=q).query_string(),
        permalink=permalink, source_url=safe_link(article.url), paragraphs=paragraphs(article),
        related=searcher.related(article_id, n=RELATED), same_story=searcher.same_story(article_id),
        story_qs=SearchState(story=article.story).query_string(), citation=citation_meta(article, permalink),
        jsonld=news_article_jsonld(article, permalink), facet_qs=facet_qs, query_qs=query_qs)


def _entity(kind: str, name: str):
    """Shared view of /official/<name> and /organization/<name>; a written form redirects to the canonical name."""
    entity = get_index().registry().lookup(kind, name)
    if entity is not None and entity.name != " ".join(name.split()):
        return redirect(url_for(f"article.{kind}", name=entity.name))
    searcher = get_searcher()
    summary = searcher.entity(kind, name)
    if summary is None:
        abort(404)
    state = SearchState(filters={kind: (summary.name,)})
    rows = searcher.histogram(state.to_request(), interval="month")
    chart = build_chart([(summary.name, {p: hits for p, hits, _ in rows})], {p: total for p, _, total in rows}, "count")
    return render_template("entity.html", summary=summary, chart=chart, state=state, interval="month",
                           facet_qs=facet_qs, aliases=entity.aliases if entity else (),
                           title_sources=title_sources(entity.titles if entity else ()))


def title_sources(titles: Iterable[TitleHeld], shown: int = TITLE_DATES_SHOWN
                  ) -> list[tuple[TitleHeld, list[tuple[str, datetime | None]], int]]:
    """Each title with up to `shown` supporting articles (dated ones newest first, then undated) and the number
    of undated ones."""
    out = []
    for title in titles:
        dated = sorted(((a, d) for a, d in title.articles if d is not None), key=lambda s: s[1], reverse=True)
        undated = [(a, d) for a, d in title.articles if d is None]
        out.append((title, (dated + undated)[:shown], len(undated)))
    return out


@bp.get("/official/<path:name>")
@conditional
def official(name: str):
    """An official: titles held (with the dates of the articles giving them), mentions, co-mentions."""
    return _entity("official", name)


@bp.get("/organization/<path:name>")
@conditional
def organization(name: str):
    """An organization: mentions over time and co-mentioned officials and organizations."""
    return _entity("organization", name)
