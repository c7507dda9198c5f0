"""Issue 4, item 6: the seed page read by the scraped-text reader and enriched yields every required field."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ingest.extract import enrich, organization_aliases
from ingest.extract.topics import TOPICS
from ingest.readers.scraped_text import scraped_text_article

pytestmark = pytest.mark.corpus

SEED = "000_23144a80935ab8fa.txt"


@pytest.fixture(scope="module")
def seed(shared_dir: Path):
    text = (shared_dir / "seed" / SEED).read_text(encoding="utf-8")
    return text, enrich(scraped_text_article(text, id="seed-000_23144a80935ab8fa"))


def test_title_source_date_and_authors(seed) -> None:
    text, article = seed
    assert article.title == text.splitlines()[0].strip()
    assert article.source == "Haiphong.gov.vn"
    assert article.published.date() == date(2021, 12, 3)
    assert article.published.utcoffset().total_seconds() == 7 * 3600
    assert article.published_how == "inferred"
    assert article.authors == ("Hoàng Tùng", "Đàm Thanh")


def test_officials_with_their_titles_and_not_the_footer_editor(seed) -> None:
    _, article = seed
    officials = {o.name: o.titles for o in article.officials}
    assert set(officials) == {"Nguyễn Phước Lộc", "Đỗ Mạnh Hiến", "Lê Trí Vũ", "Cao Thị Phượng"}
    assert "Phó Trưởng Ban Dân vận Trung ương" in officials["Nguyễn Phước Lộc"]
    assert "Phó Bí thư Thường trực Thành ủy" in officials["Đỗ Mạnh Hiến"]
    assert officials["Lê Trí Vũ"] == ("Ủy viên Ban Thường vụ Thành ủy", "Trưởng Ban Dân vận Thành ủy")
    assert officials["Cao Thị Phượng"] == ("Chủ tịch Hội Chữ thập đỏ thành phố",)
    assert "Trần Huy Kiên" not in officials


def test_organizations(seed) -> None:
    _, article = seed
    spellings = {a for name in article.organizations for a in (name, *organization_aliases(name))}
    for expected in ("Hội Chữ thập đỏ Việt Nam", "Thành ủy Hải Phòng", "Ban Dân vận Trung ương", "Bộ Nội vụ",
                     "Ủy ban MTTQ Việt Nam thành phố Hải Phòng"):
        assert expected in spellings, expected
    assert "Hải Phòng" not in article.organizations            # a place alone is not an organization


def test_a_topic_from_the_taxonomy(seed) -> None:
    _, article = seed
    assert len(article.topics) == 1 and article.topics[0] in TOPICS
