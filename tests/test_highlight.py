"""Highlights: marks on the accented text whatever the query's form, escaping, snippet window."""

from index.highlight import Highlighter
from index.searcher import _Query


def hl(q: str) -> Highlighter:
    return _Query(q).highlighter


def test_unaccented_query_marks_accented_words_merged() -> None:
    assert hl("chu thap do").full("Hội Chữ thập đỏ Việt Nam") == "Hội <mark>Chữ thập đỏ</mark> Việt Nam"


def test_typed_reading_is_marked_where_the_text_has_it() -> None:
    assert hl("tình").full("Tỉnh ủy và tình nghĩa") == "Tỉnh ủy và <mark>tình</mark> nghĩa"
    # Without the typed reading, the other readings that matched are marked.
    assert hl("tình").full("Tỉnh ủy họp") == "<mark>Tỉnh</mark> ủy họp"


def test_prefix_and_escaping() -> None:
    out = hl("thuy*").full('<b>Thủy</b> điện & "thuyền"')
    assert out == '&lt;b&gt;<mark>Thủy</mark>&lt;/b&gt; điện &amp; &quot;<mark>thuyền</mark>&quot;'


def test_excluded_and_expansion_words_are_not_marked() -> None:
    assert hl("ha -noi").full("Hà Nội") == "<mark>Hà</mark> Nội"
    assert "<mark>" not in hl("UBND").full("Ủy ban nhân dân tỉnh")


def test_snippet_window_goes_to_the_typed_run() -> None:
    filler = " ".join(["Một câu không liên quan đến chủ đề."] * 60)
    text = f"{filler} Cuối cùng, Hội Chữ thập đỏ trao quà. {filler}"
    snippet = hl("chu thap do").snippet(text)
    assert "<mark>Chữ thập đỏ</mark>" in snippet
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert len(snippet.replace("<mark>", "").replace("</mark>", "")) < 340


def test_nfd_like_length_changes_fall_back_to_tokens() -> None:
    # "İ" lower-cases to two characters; the spans must still land on the right word.
    assert hl("ha noi").full("İstanbul và Hà Nội") == "İstanbul và <mark>Hà Nội</mark>"


def test_snippet_starts_six_words_before_its_hit_after_dates_numbers_and_codes() -> None:
    # Dates, codes and glued numbers are one syllable in the column but several words in the text
    # (and "1m69" the other way round): the snippet still starts six words before the hit.
    noise = " ".join(["Ngày 8/6/2010 theo Nghị định 30/2020/NĐ-CP, cao 1m69, pin 4.315mAh, giá 2.100.000đ."] * 12)
    text = f"{noise} Sáng nay tại quận Lê Chân, Hội Chữ thập đỏ thành phố trao quà. {noise}"
    snippet = hl("chu thap do").snippet(text)
    assert snippet.startswith("… nay tại quận Lê Chân, Hội <mark>Chữ thập đỏ</mark> thành phố")


def test_snippet_near_the_start_shows_the_start() -> None:
    text = "Hội Chữ thập đỏ trao quà. " + " ".join(["Một câu không liên quan."] * 80)
    snippet = hl("chu thap do").snippet(text)
    assert snippet.startswith("Hội <mark>Chữ thập đỏ</mark> trao quà.") and snippet.endswith(" …")


def test_the_hit_search_never_takes_a_cut_word_for_a_match() -> None:
    # The first piece searched ends near 400 characters: "hàng" straddles that point, "hà" follows.
    text = "x " * 199 + "hàng hà"
    assert hl("ha")._next_match(text, 0) == text.rindex(" hà") + 1


def test_the_typed_run_is_marked_whole_and_its_words_not_alone() -> None:
    text = "Hội Chữ thập đỏ có thái độ tốt, tự do"
    assert hl("chu thap do").full(text) == "Hội <mark>Chữ thập đỏ</mark> có thái độ tốt, tự do"
    # Where the text lacks the run, its words are marked where they stand.
    assert hl("chu thap do").full("thái độ tốt") == "thái <mark>độ</mark> tốt"


def test_a_document_holding_the_run_elsewhere_marks_no_lone_run_word() -> None:
    assert hl("chu thap do").full("thái độ tốt, tự do", run_held=True) == "thái độ tốt, tự do"
    # Other query words are still marked.
    assert hl("chu thap do gia lai").full("thái độ ở Gia Lai", run_held=True) == "thái độ ở <mark>Gia Lai</mark>"
    assert hl("chu thap do").holds_run(b" hoi chu thap do ", None)
    assert not hl("chu thap do").holds_run(b" chu thap ", b" do ")


def test_results_and_article_page_mark_no_lone_word_of_a_run_in_the_title(tmp_path) -> None:
    from index import ArchiveIndex, Article, SearchRequest

    ix = ArchiveIndex.open(tmp_path / "ix", create=True)
    ix.write_batch([Article(id="t", title="Hội Chữ thập đỏ trao quà",
                            body="Thái độ phục vụ tốt. Người dân được tự do chọn quà.")])
    s = ix.searcher()
    hit = s.search(SearchRequest(q="chu thap do")).hits[0]
    assert hit.title_html == "Hội <mark>Chữ thập đỏ</mark> trao quà"
    assert "<mark>" not in hit.snippet_html
    page = s.get("t", q="chu thap do")
    assert "<mark>" not in page.body_html and "<mark>Chữ thập đỏ</mark>" in page.title_html
    ix.close()
