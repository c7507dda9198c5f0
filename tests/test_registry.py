"""The archive-wide entity registry (issue 11, deliverable 1), through the real ingest path: built and updated
by every batch, titles held with first/last dates, written forms resolving to the canonical entity, people
named without a title and bare posts resolved through it, the JSON API and the entity pages."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from index import LOCAL_TZ, ArchiveIndex, Article, Registry
from index.registry import REGISTRY_FILE, Row
from ingest.extract import enrich
from ingest.pipeline import ingest_paths
from search_app import create_app

XUAN, KHUE, MAI = "Trịnh Đình Xuân", "Hoàng Minh Khuê", "Lương Thị Mai"
HANOI = "Ủy ban nhân dân thành phố Hà Nội"


def rec(article_id: str, body: str, published: str | None = None) -> dict[str, object]:
    """A short invented record."""
    return {"id": article_id, "title": f"Tin thời sự {article_id}", "body": body, "published": published,
            "source": "Báo Thử", "url": f"https://baothu.example/{article_id}.html", "category": "Thời sự"}


FIRST = [
    rec("a1", f"Sáng nay, Thủ tướng {XUAN} đến làm việc với UBND TP Hà Nội về giao thông.", "2020-03-02"),
    rec("a2", f"Thủ tướng {XUAN} chủ trì hội nghị trực tuyến. Ông Xuân nhấn mạnh việc giải ngân.", "2020-09-15"),
    rec("a3", f"Bộ trưởng Bộ Y tế {MAI} kiểm tra bệnh viện tuyến huyện."),
    rec("k1", f"Thủ tướng {KHUE} dự lễ khởi công cầu mới.", "2022-01-10"),
    rec("k2", f"Thủ tướng {KHUE} thăm hợp tác xã nông nghiệp.", "2022-12-20"),
]
SECOND = [
    rec("b1", f"Chiều qua, {XUAN} đã tới làm việc với UBND TP Hà Nội.", "2021-01-10"),
    rec("b2", "Thủ tướng cho biết dự án sẽ khởi công trong quý tới.", "2020-06-01"),
    rec("b3", "Thủ tướng cho biết sẽ tăng cường kiểm tra.", "2019-02-01"),
    rec("b4", "Thủ tướng cho biết sẽ tăng cường kiểm tra."),
    rec("b5", f"Thủ tướng {XUAN} thăm tỉnh. Thủ tướng yêu cầu làm rõ trách nhiệm.", "2022-06-01"),
    rec("b6", "Thủ tướng đề nghị các địa phương chủ động phòng chống bão.", "2022-06-01"),
    rec("b7", f"Người dân đi lại trên đường {XUAN} gặp khó khăn vì ngập.", "2021-02-02"),
    rec("b8", f"Chủ tịch nước {XUAN} dự hội nghị của UBND thành phố Hà Nội.", "2023-04-05"),
    rec("b9", f"Tiền đạo {XUAN} ghi hai bàn cho đội bóng của tỉnh.", "2021-03-03"),
]


def ingest(ix: ArchiveIndex, folder: Path, name: str, records: list[dict[str, object]]) -> None:
    """`records` ingested by the real pipeline as one run."""
    path = folder / f"{name}.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    report = ingest_paths([path], ix)
    assert report.fatal is None


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index fed FIRST, then SECOND, as two ingest runs."""
    folder = tmp_path_factory.mktemp("registry")
    ix = ArchiveIndex.open(folder / "index", create=True)
    ingest(ix, folder, "first", FIRST)
    ingest(ix, folder, "second", SECOND)
    ix.close()
    return folder / "index"


@pytest.fixture
def ix(index_dir: Path):
    index = ArchiveIndex.open(index_dir)
    yield index
    index.close()


def officials(ix: ArchiveIndex, article_id: str) -> dict[str, tuple[str, ...]]:
    """The stored officials of an article, name -> titles."""
    return {o.name: o.titles for o in ix.get_article(article_id).officials}


def test_registry_is_built_and_updated_by_each_batch(tmp_path: Path) -> None:
    ix = ArchiveIndex.open(tmp_path / "index", create=True)
    ingest(ix, tmp_path, "first", FIRST)
    (held,) = ix.registry().lookup("official", XUAN).titles
    assert (held.title, held.first.date(), held.last.date()) == ("Thủ tướng", date(2020, 3, 2), date(2020, 9, 15))
    assert [i for i, _ in held.articles] == ["a1", "a2"]
    ingest(ix, tmp_path, "second", SECOND)
    titles = {t.title: t for t in ix.registry().lookup("official", XUAN).titles}
    assert set(titles) == {"Thủ tướng", "Chủ tịch nước"}
    assert [i for i, _ in titles["Thủ tướng"].articles] == ["a1", "a2", "b5"]     # b1, b2: inferred, no support
    assert titles["Chủ tịch nước"].first.date() == titles["Chủ tịch nước"].last.date() == date(2023, 4, 5)
    ix.close()


def test_a_rewritten_or_withdrawn_article_no_longer_supports_a_title(index_dir: Path, tmp_path: Path) -> None:
    ix = ArchiveIndex.open(shutil.copytree(index_dir, tmp_path / "index"))
    ix.withdraw("a1", "test")
    held = {t.title: t for t in ix.registry().lookup("official", XUAN).titles}["Thủ tướng"]
    assert held.first.date() == date(2020, 9, 15) and "a1" not in {i for i, _ in held.articles}
    ingest(ix, tmp_path, "rewrite", [rec("a2", f"Bộ trưởng Bộ Tài chính {XUAN} họp báo.", "2020-09-15")])
    held = {t.title: t for t in ix.registry().lookup("official", XUAN).titles}
    assert [i for i, _ in held["Bộ trưởng Bộ Tài chính"].articles] == ["a2"]
    assert [i for i, _ in held["Thủ tướng"].articles] == ["b5"]
    ix.close()


def test_the_sidecar_matches_the_generation_and_is_rebuilt_when_missing(index_dir: Path, tmp_path: Path) -> None:
    folder = shutil.copytree(index_dir, tmp_path / "index")
    ix = ArchiveIndex.open(folder)
    saved = ix.registry().lookup("official", XUAN)
    (folder / REGISTRY_FILE).unlink()
    ix2 = ArchiveIndex.open(folder)
    assert ix2.registry().lookup("official", XUAN) == saved
    ix.close()
    ix2.close()


def test_written_forms_resolve_to_the_canonical_entity(ix: ArchiveIndex) -> None:
    registry = ix.registry()
    entity = registry.lookup("organization", "ubnd tp hà nội")
    assert entity is not None and entity.name == HANOI and "UBND TP Hà Nội" in entity.aliases
    assert registry.lookup("official", XUAN.upper()).name == XUAN
    assert registry.lookup("organization", "UBND TP Đà Nẵng") is None


def test_a_person_named_without_a_title_is_recognised_through_the_registry(ix: ArchiveIndex) -> None:
    assert officials(ix, "b1") == {XUAN: ("Thủ tướng",)}     # the title held on (before) its date
    assert officials(ix, "b7") == {}                               # a street named after him is not him
    assert officials(ix, "b9") == {}           # no organization of his: a namesake (a footballer here)


def test_a_bare_post_resolves_in_the_article_else_to_the_one_holder_on_its_date(ix: ArchiveIndex) -> None:
    assert officials(ix, "b2") == {XUAN: ("Thủ tướng",)}     # inside Xuân's span, nobody else's
    assert officials(ix, "b3") == {} and officials(ix, "b4") == {}     # before any span; undated
    assert officials(ix, "b6") == {KHUE: ("Thủ tướng",)}
    assert officials(ix, "b5") == {XUAN: ("Thủ tướng",)}     # the article's own holder, not Khuê


def test_bare_post_needs_one_holder() -> None:
    def row(name: str, day: str) -> Row:
        return Row(f"{day}T00:00:00+07:00", False, ((name, ("Thủ tướng",)),), (), ())

    registry = Registry({"x1": row(XUAN, "2020-01-01"), "x2": row(XUAN, "2020-12-01"),
                         "k1": row(KHUE, "2020-05-01"), "k2": row(KHUE, "2021-05-01")})
    assert registry.holder("thủ tướng", datetime(2020, 3, 1, tzinfo=LOCAL_TZ)) == XUAN
    assert registry.holder("Thủ tướng", datetime(2020, 7, 1, tzinfo=LOCAL_TZ)) is None      # both hold it
    assert registry.holder("Thủ tướng", datetime(2021, 3, 1, tzinfo=LOCAL_TZ)) == KHUE


@pytest.fixture
def client(index_dir: Path, tmp_path: Path):
    app = create_app({"INDEX_DIR": str(index_dir), "SECRET_KEY": "k", "SERVER_NAME": "archive.test"},
                     instance_path=str(tmp_path / "instance"))
    yield app.test_client()
    app.extensions["archive_index"].close()


def test_official_json(client) -> None:
    body = client.get(f"/api/officials/{XUAN}").get_json()
    assert body["name"] == XUAN and body["kind"] == "official"
    assert body["articles"] == 6                   # a1 a2 b1 b2 b5 b8: searchable, inferred ones included
    titles = {t["title"]: t for t in body["titles"]}
    assert titles["Thủ tướng"]["first"] == "2020-03-02" and titles["Thủ tướng"]["last"] == "2022-06-01"
    assert [a["id"] for a in titles["Thủ tướng"]["articles"]] == ["a1", "a2", "b5"]
    assert body["url"] == "http://archive.test/official/Tr%E1%BB%8Bnh%20%C4%90%C3%ACnh%20Xu%C3%A2n"
    assert client.get("/api/officials/Không Có Ai").status_code == 404


def test_organization_json_by_a_written_form(client) -> None:
    body = client.get("/api/organizations/UBND TP Hà Nội").get_json()
    assert body["name"] == HANOI and body["requested"] == "UBND TP Hà Nội" and body["titles"] == []
    assert "UBND TP Hà Nội" in body["aliases"] and body["articles"] == 3      # a1, b1, b8
    spec = client.get("/api/openapi.json").get_json()
    assert {"/api/officials/{name}", "/api/organizations/{name}"} <= set(spec["paths"])
    assert set(body) == set(spec["components"]["schemas"]["Entity"]["properties"])


def test_entity_pages(client) -> None:
    response = client.get("/organization/UBND TP Hà Nội")
    assert response.status_code == 302 and response.headers["Location"].endswith("/organization/" + (
        "%E1%BB%A6y%20ban%20nh%C3%A2n%20d%C3%A2n%20th%C3%A0nh%20ph%E1%BB%91%20H%C3%A0%20N%E1%BB%99i"))
    html = client.get(f"/official/{MAI}").get_data(as_text=True)     # supported only by an undated article
    titles = html.split('id="titles-heading"')[1]
    assert "Bộ trưởng Bộ Y tế" in titles and "chỉ trong bài không rõ ngày" in titles
    assert 'href="/article/a3"' in titles
    html = client.get(f"/official/{XUAN}").get_data(as_text=True)
    assert "từ 02/03/2020 đến 01/06/2022" in html and 'href="/article/b5"' in html


def test_spellings_that_differ_in_case_are_one_entity() -> None:
    rows = {f"y{i}": Row(None, False, (), ("Bộ Y tế",), ()) for i in range(3)}
    rows["y9"] = Row(None, False, (), ("Bộ Y Tế",), ())
    registry = Registry(rows)
    entity = registry.lookup("organization", "BỘ Y TẾ")
    assert entity.name == "Bộ Y tế" and entity.aliases == ("Bộ Y Tế",) and len(entity.articles) == 4
    assert len(registry) == 1


def test_only_person_shaped_names_outside_other_proper_names_are_recognised() -> None:
    def row(name: str, title: str) -> Row:
        return Row("2020-01-01T00:00:00+07:00", False, ((name, (title,)),), ("Bộ Tài chính",), ())

    registry = Registry({"r1": row("Đông Nam Á", "Tư lệnh"), "r2": row(XUAN, "Thủ tướng")})
    body = (f"Sinh viên Đại học {XUAN} đến thăm các nước Đông Nam Á.\n\nHọ gặp {XUAN} tại Bộ Tài chính.")
    article = enrich(Article(id="t1", title="Tin", body=body), registry)
    assert {o.name: o.titles for o in article.officials} == {XUAN: ("Thủ tướng",)}
    article = enrich(Article(id="t2", title="Tin", body=f"Sinh viên Đại học {XUAN} đến thăm Đông Nam Á."), registry)
    assert article.officials == ()


def test_only_posts_one_person_holds_are_resolved_by_date() -> None:
    def row(article_id: str, title: str) -> tuple[str, Row]:
        return article_id, Row(f"2020-0{article_id[-1]}-01T00:00:00+07:00", False, ((KHUE, (title,)),), (), ())

    registry = Registry(dict(row(f"r{m}", t) for m, t in enumerate(
        ("Chủ tịch", "Chủ tịch", "Phó Chủ tịch Hội Nông dân tỉnh Nghệ An", "Phó Chủ tịch Hội Nông dân tỉnh Nghệ An",
         "Chủ tịch Hội Nông dân tỉnh Nghệ An", "Chủ tịch Hội Nông dân tỉnh Nghệ An"), start=1)))

    def resolved(body: str, month: int) -> dict[str, tuple[str, ...]]:
        article = Article(id="t", title="Tin", body=body, published=datetime(2020, month, 15, tzinfo=LOCAL_TZ),
                          published_how="source")
        return {o.name: o.titles for o in enrich(article, registry).officials}

    assert resolved("Chủ tịch cho biết hội nghị sẽ kéo dài hai ngày.", 1) == {}       # a bare position word
    assert resolved("Phó Chủ tịch Hội Nông dân tỉnh Nghệ An cho biết như vậy.", 3) == {}   # a deputy's post
    chair = "Chủ tịch Hội Nông dân tỉnh Nghệ An"
    assert resolved(f"{chair} cho biết như vậy.", 5) == {KHUE: (chair,)}


def test_names_held_only_with_a_bare_position_word_or_as_an_organization_are_not_recognised() -> None:
    def row(name: str, title: str, organizations: tuple[str, ...] = ()) -> Row:
        return Row("2020-01-01T00:00:00+07:00", False, ((name, (title,)),), organizations, ())

    registry = Registry({"r1": row("Sporting Lisboa", "Chủ tịch"),
                         "r2": row("Porto Alegre", "Chủ tịch Hội đồng quản trị", ("Porto Alegre",)),
                         "r3": row("Donald Trump", "Tổng thống Mỹ", ("Quốc hội Mỹ",))})
    body = "Sporting Lisboa thắng trận. Porto Alegre thua. Donald Trump phát biểu trước Quốc hội Mỹ."
    article = enrich(Article(id="t", title="Tin", body=body), registry)
    assert {o.name for o in article.officials} == {"Donald Trump"}


def test_a_post_held_in_one_article_only_resolves_nothing() -> None:
    once = Row("2020-05-01T00:00:00+07:00", False, ((KHUE, ("Thủ tướng",)),), (), ())
    registry = Registry({"k1": once})
    assert registry.holder("Thủ tướng", datetime(2020, 5, 1, tzinfo=LOCAL_TZ)) is None


def test_a_one_word_reference_resolves_to_the_registrys_full_name() -> None:
    def row(name: str, day: str) -> Row:
        return Row(f"{day}T00:00:00+07:00", False, ((name, ("Tổng thống Mỹ",)),), (), ())

    registry = Registry({"c1": row("John Carter", "2001-03-01"), "c2": row("John Carter", "2004-03-01"),
                         "c3": row("Amy Carter", "1990-01-01")})
    assert registry.full_name("carter", datetime(2003, 1, 1, tzinfo=LOCAL_TZ)) == "John Carter"
    assert registry.full_name("Carter", datetime(1990, 1, 1, tzinfo=LOCAL_TZ)) == "Amy Carter"   # the one holding then
    assert registry.full_name("Carter", None) == "John Carter"                                   # the best supported
    assert registry.full_name("Smith", None) is None
    article = Article(id="t", title="Tin", body="Tổng thống Mỹ Carter phát biểu tại Quốc hội.",
                      published=datetime(2003, 5, 1, tzinfo=LOCAL_TZ), published_how="source")
    assert {o.name: o.titles for o in enrich(article, registry).officials} == {"John Carter": ("Tổng thống Mỹ",)}
    assert enrich(article).officials == ()         # without the registry a lone surname names no one
