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
