"""Bodies the archive knows, named without a head word (issue 11: "head words missing", media and companies
named bare): recognised through the entity registry, with the written form kept as an alias."""

from __future__ import annotations

import json

from index import ENTITIES_KEY, Article, Registry
from index.registry import Row
from ingest.extract import enrich
from ingest.extract.known_orgs import MIN_SUPPORT, bare_organizations
from ingest.extract.organizations import find_organizations


def registry_of(*named: tuple[str, int], forms: tuple[tuple[str, str], ...] = ()) -> Registry:
    """A registry where each (organization, n) is named in n articles; `forms` adds (canonical, written) forms."""
    rows, number = {}, 0
    for name, count in named:
        for _ in range(count):
            number += 1
            written = tuple(("organization", c, w) for c, w in forms if c == name)
            rows[f"r{number}"] = Row(None, False, (), (name,), written)
    return Registry(rows)


def bare(text: str, registry: Registry) -> list[str]:
    return [m.name for m in bare_organizations(text, registry, find_organizations(text))]


def test_a_brand_named_bare_is_recognised_once_the_archive_supports_it() -> None:
    text = "Apple vừa công bố kết quả kinh doanh quý ba, doanh thu của Apple tăng 8%."
    assert bare(text, registry_of(("Apple", MIN_SUPPORT))) == ["Apple"]
    assert bare(text, registry_of(("Apple", MIN_SUPPORT - 1))) == []


def test_a_paper_named_without_bao_resolves_to_the_canonical_body() -> None:
    registry = registry_of(("Báo Tuổi Trẻ", 3))
    assert bare("Trả lời Tuổi Trẻ, ông cho biết sẽ kiểm tra lại.", registry) == ["Báo Tuổi Trẻ"]
    assert bare("Tuổi trẻ là quãng đời đẹp nhất.", registry) == []           # the common word, not the paper


def test_places_people_and_vietnamese_syllables_are_never_bare_forms() -> None:
    registry = registry_of(("CLB Hà Nội", 5), ("Công ty Nam", 5), ("Công ty Nguyễn Văn An", 5))
    assert bare("Hà Nội mưa lớn. Nam bộ nắng nóng. Nguyễn Văn An đã về.", registry) == []


def test_a_form_inside_a_longer_name_or_a_source_line_is_not_a_mention() -> None:
    registry = registry_of(("Apple", 3), ("Reuters", 3))
    assert bare("Chiếc Apple Watch mới bán chạy.", registry) == []
    assert bare("Giá dầu tăng 3% trong tuần.\nTheo Reuters", registry) == []
    assert bare("Theo Reuters, giá dầu đã tăng mạnh trong tuần qua.", registry) == ["Reuters"]


def test_a_body_found_with_its_head_is_not_added_again() -> None:
    registry = registry_of(("Báo Tuổi Trẻ", 3))
    assert bare("Báo Tuổi Trẻ đưa tin. Tuổi Trẻ cũng cho biết thêm.", registry) == []


def test_enrich_records_the_bare_written_form_for_the_registry() -> None:
    registry = registry_of(("Báo Tuổi Trẻ", 3), ("Reuters", 2))
    article = enrich(Article(id="k1", title="Tin thử", body="Trả lời Tuổi Trẻ, đại diện Reuters cho biết."),
                     registry)
    assert article.organizations == ("Báo Tuổi Trẻ", "Reuters")
    forms = json.loads(article.provenance[ENTITIES_KEY])["forms"]
    assert ["organization", "Báo Tuổi Trẻ", "Tuổi Trẻ"] in forms
    assert enrich(Article(id="k2", title="Tin thử", body="Trả lời Tuổi Trẻ, ông cho biết.")).organizations == ()


def test_a_later_batch_recognises_a_body_an_earlier_one_named_with_its_head(tmp_path) -> None:
    from index import ArchiveIndex
    from ingest.pipeline import ingest_paths

    def run(name: str, bodies: list[str]) -> None:
        path = tmp_path / f"{name}.jsonl"
        path.write_text("".join(json.dumps({"id": f"{name}{i}", "title": f"Tin {name} {i}", "body": body},
                                           ensure_ascii=False) + "\n" for i, body in enumerate(bodies)), encoding="utf-8")
        assert ingest_paths([path], index).fatal is None

    index = ArchiveIndex.open(tmp_path / "index", create=True)
    run("a", ["Tập đoàn Zentrix công bố lợi nhuận quý.", "Cổ phiếu của Tập đoàn Zentrix tăng mạnh hôm qua."])
    run("b", ["Zentrix vừa mua lại một công ty phần mềm."])
    searcher = index.searcher()
    assert searcher.get("b0").organizations == ("Tập đoàn Zentrix",)
    index.close()


def test_a_one_word_form_that_is_mostly_an_ordinary_word_is_not_a_bare_name() -> None:
    rows = {f"r{i}": Row(None, False, (), ("Internet",), ()) for i in range(3)}
    text = "Internet phát triển nhanh ở nông thôn."
    common = Registry(rows, word_documents=lambda words: dict.fromkeys(words, 1000))   # 3 of the 1,000 articles
    telling = Registry(rows, word_documents=lambda words: dict.fromkeys(words, 30))
    assert bare(text, common) == []
    assert bare(text, telling) == ["Internet"]


def test_a_leads_source_mark_is_a_credit_not_a_mention() -> None:
    registry = registry_of(("Báo NLĐ", 3))
    assert bare("(NLĐ) - Sáng 3/12, thành phố khai trương cây cầu mới.", registry) == []
    assert bare("Trả lời phóng viên NLĐ, ông cho biết sẽ kiểm tra.", registry) == ["Báo NLĐ"]


def test_a_body_recognised_bare_is_no_support_for_itself() -> None:
    from index.registry import row_of

    registry = registry_of(("Reuters", 2))
    article = enrich(Article(id="k3", title="Tin thử", body="Reuters cho biết giá dầu tăng."), registry)
    assert article.organizations == ("Reuters",)
    row = row_of({"organizations": list(article.organizations), "provenance": json.dumps(article.provenance)})
    assert row.organizations == ()
