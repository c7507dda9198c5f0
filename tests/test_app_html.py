"""Rendered pages are well-formed: every element our templates open is closed in order, no duplicate
ids or attributes, one <h1>, and a lang attribute (a cheap stand-in for an HTML validator)."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SVG_SELF_CLOSING = {"rect", "line", "circle", "polyline", "path"}


class Checker(HTMLParser):
    """Collects structural problems while parsing."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.ids: set[str] = set()
        self.h1 = 0
        self.lang = None

    def handle_starttag(self, tag, attrs):
        names = [name for name, _ in attrs]
        if len(names) != len(set(names)):
            self.problems.append(f"duplicate attribute on <{tag}>")
        for name, value in attrs:
            if name == "id":
                if value in self.ids:
                    self.problems.append(f"duplicate id {value}")
                self.ids.add(value)
        self.h1 += tag == "h1"
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        if tag not in VOID | SVG_SELF_CLOSING:
            self.problems.append(f"self-closed <{tag}/>")

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()


PAGES = ["/", "/?q=chu+thap+do&source=VnExpress&not_topic=Kinh+t%E1%BA%BF&year=2020",
         "/?q=zzzz&source=A", "/?year=2021", "/?expand=organization&fq_organization=ubnd",
         "/?sort=oldest&size=5&page=2", "/advanced", "/advanced?date_from=2021-01-01&date_to=2020-01-01&all_words=a",
         "/attention?compare=chu+thap+do,kinh+te&measure=share", "/article/t-001?q=chu+thap+do",
         "/article/t-008", "/official/Trần Thị Lan", "/organization/UBND TP.HCM", "/admin/login",
         "/nothing-here", "/?page=0"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_page_is_well_formed(site_client, path, lang):
    site_client.set_cookie("lang", lang, domain="archive.test")
    response = site_client.get(path)
    assert response.status_code in (200, 400, 404)
    checker = Checker()
    checker.feed(response.get_data(as_text=True))
    checker.close()
    assert checker.problems == []
    assert checker.stack == []
    assert checker.h1 == 1 and checker.lang == lang
