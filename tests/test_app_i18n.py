"""UI strings in both languages and the Vietnamese date and number formats."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from search_app import i18n

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
SOURCES = Path(__file__).resolve().parents[1] / "search_app"


def test_every_literal_message_key_exists_in_both_languages():
    pattern = re.compile(r"""\b_(?:html)?\(\s*["']([a-z0-9_.]+)["']""")
    used = set()
    for path in [*TEMPLATES.rglob("*.html"), *SOURCES.glob("*.py")]:
        used |= set(pattern.findall(path.read_text(encoding="utf-8")))
    used |= set(re.findall(r"""gettext\(\s*["']([a-z0-9_.]+)["']""",
                           "".join(p.read_text(encoding="utf-8") for p in SOURCES.glob("*.py"))))
    prefixes = {key for key in used if key.endswith(".")}        # dynamic keys: "facet." ~ name
    assert used and not used - prefixes - set(i18n.MESSAGES)
    assert all(any(k.startswith(p) for k in i18n.MESSAGES) for p in prefixes)
    for key, (vi, en) in i18n.MESSAGES.items():
        assert vi and en, key
        assert set(re.findall(r"{(\w+)}", vi)) == set(re.findall(r"{(\w+)}", en)), key


@pytest.fixture
def in_lang(site_app):
    def enter(lang: str):
        context = site_app.test_request_context("/", headers={"Cookie": f"lang={lang}"})
        context.push()
        return context
    contexts = []
    yield lambda lang: contexts.append(enter(lang))
    for context in reversed(contexts):
        context.pop()


def test_vietnamese_formats(in_lang):
    in_lang("vi")
    moment = datetime(2021, 1, 1, 17, 5, tzinfo=timezone.utc)         # 00:05 on 2 January in Hà Nội
    assert i18n.format_date(moment) == "02/01/2021"
    assert i18n.format_date(moment, long=True) == "Thứ Bảy, 02/01/2021, 00:05 (GMT+7)"
    assert i18n.format_date(datetime(2021, 1, 2, tzinfo=timezone(timedelta(hours=7))), long=True) == "Thứ Bảy, 02/01/2021"
    assert i18n.format_date(date(2020, 3, 9)) == "09/03/2020"
    assert i18n.format_number(1234567) == "1.234.567"
    assert i18n.format_number(0.125, 2) == "0,12" or i18n.format_number(0.125, 2) == "0,13"
    assert i18n.format_period("2020-03") == "T3/2020" and i18n.format_period("none") == "Không rõ ngày"


def test_english_formats(in_lang):
    in_lang("en")
    assert i18n.format_date(datetime(2021, 1, 1, 17, 5, tzinfo=timezone.utc), long=True) == "Saturday, 2 Jan 2021, 00:05 (GMT+7)"
    assert i18n.format_number(1234567) == "1,234,567"
    assert i18n.format_period("2020-03") == "Mar 2020"
    assert i18n.gettext("results.summary", total="3", seconds="0.01") == "3 articles · 0.01 s"


def test_unknown_language_cookie_falls_back_to_vietnamese(in_lang):
    in_lang("fr")
    assert i18n.current_lang() == "vi"
