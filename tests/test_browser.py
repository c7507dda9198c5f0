"""A real browser (Debian's headless Chromium via Playwright) against the real server, JavaScript off.

It types a query without diacritics, ticks a facet, opens an article and checks what a person sees,
then checks labels, headings, the lang attribute and text contrast. It FAILS when chromium is missing.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Contrast ≥ 4.5 for every visible element with its own text, labelled inputs, one h1 and no skipped
# heading level, a lang attribute and unique ids.
A11Y_AUDIT = """() => {
  const lum = (rgb) => {
    const [r, g, b] = rgb.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const problems = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const box = el.getBoundingClientRect();
    if (!own || box.width === 0 || box.height === 0 || el.closest('svg')) continue;
    const fg = parse(getComputedStyle(el).color).slice(0, 3);
    const [l1, l2] = [lum(fg), lum(background(el))].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    if (ratio < 4.5) problems.push(`contrast ${ratio.toFixed(2)}: ${el.tagName} "${el.textContent.trim().slice(0, 40)}"`);
  }
  for (const input of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
    if (!(input.labels && input.labels.length) && !input.getAttribute('aria-label')) problems.push(`no label: ${input.name}`);
  }
  const levels = [...document.querySelectorAll('h1, h2, h3, h4')].map(h => Number(h.tagName[1]));
  if (levels.filter(l => l === 1).length !== 1) problems.push(`h1 count ${levels.filter(l => l === 1).length}`);
  levels.forEach((l, i) => { if (i && l > levels[i - 1] + 1) problems.push(`heading jump h${levels[i - 1]} -> h${l}`); });
  if (!document.documentElement.lang) problems.push('no lang attribute');
  const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
  ids.filter((id, i) => ids.indexOf(id) !== i).forEach(id => problems.push(`duplicate id ${id}`));
  return problems;
}"""


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        pytest.fail("chromium is not installed (apt-get install -y chromium; scripts/test does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.mark.browser
def test_person_searches_ticks_a_facet_and_reads_an_article(browser, site_server):
    context = browser.new_context(java_script_enabled=False, locale="vi-VN")
    page = context.new_page()
    page.goto(site_server + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert "Toàn bộ kho: 12 bài" in page.locator("p.total").inner_text()

    page.get_by_label("Từ khoá").fill("chu thap do")
    page.get_by_role("button", name="Tìm", exact=True).click()
    page.wait_for_url("**/?q=chu+thap+do")
    titles = page.locator("ol.hits h3").all_inner_texts()
    assert len(titles) == 4 and all("Chữ thập đỏ" in t or "Bão lũ" in t for t in titles)
    assert page.locator("ol.hits mark").first.inner_text() in ("Chữ thập đỏ", "Chữ")

    page.locator("section.facet-source a.toggle", has_text="VnExpress").click()
    assert "4" not in page.locator("p.total").inner_text().split("bài")[0]
    assert page.locator("p.total").inner_text().startswith("2 bài")
    assert page.locator(".chips").inner_text().count("VnExpress") == 1
    assert page.locator("section.facet-source li.selected").inner_text().startswith("☑")

    page.locator("ol.hits h3 a", has_text="trao quà").click()
    assert page.locator("h1").inner_text() == "Hội Chữ thập đỏ trao quà cho người dân vùng lũ"
    metadata = page.locator("dl.metadata").inner_text()
    assert "VnExpress" in metadata and "Thứ Ba, 20/10/2020, 09:30" in metadata and "Trần Thị Lan" in metadata
    assert page.locator("article mark").count() >= 1
    page.locator("dl.metadata").get_by_role("link", name="Trần Thị Lan", exact=True).click()
    assert page.locator("h1").inner_text() == "Trần Thị Lan"
    assert "Phó Chủ tịch Hội Chữ thập đỏ Việt Nam" in page.locator("main").inner_text()

    page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(site_server + "/?q=chu+thap+do")
    assert page.locator("p.total").inner_text().startswith("4 articles")
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/", "/?q=chu+thap+do&source=VnExpress&year=2020", "/?q=zzzz&topic=Thể+thao",
                                  "/article/t-004?q=metro", "/advanced", "/attention?compare=chu+thap+do,kinh+te",
                                  "/organization/UBND TP.HCM", "/admin/login"])
def test_pages_pass_the_accessibility_audit(browser, site_server, path):
    context = browser.new_context()
    page = context.new_page()
    response = page.goto(site_server + path)
    assert response.status == 200
    assert page.evaluate(A11Y_AUDIT) == []
    context.close()
