"""The 20 tokenization vectors of shared/research/vietnamese-analysis.md §4.2, with one tested policy each."""

import pytest

from index import syllables
from index.tokenize import index_terms, tokenize

# (input, expected syllable sequence, alias terms that must also be indexed)
VECTORS = [
    ("TP.HCM", ["tp", "hcm"], []),                                                   # T1
    ("TP. Hải Phòng", ["tp", "hải", "phòng"], []),                                   # T2
    ("Tp.HCM, TP.Hồ Chí Minh", ["tp", "hcm", "tp", "hồ", "chí", "minh"], []),        # T3
    ("ngày 3/12", ["ngày", "3/12"], []),                                             # T4
    ("8/6/2010", ["8/6/2010"], ["8/6", "2010"]),                                     # T5
    ("08/06/2010", ["8/6/2010"], ["8/6", "2010"]),                                   # T6
    ("ngày 8-6-2010, 8.6.2010", ["ngày", "8/6/2010", "8/6/2010"], ["8/6", "2010"]),  # T7
    ("2,4%, 48h, 1.000.000 đồng", ["2,4", "48", "h", "1000000", "đồng"], []),        # T8
    ("Bà Rịa-Vũng Tàu, Bà Rịa - Vũng Tàu, Bà Rịa – Vũng Tàu",
     ["bà", "rịa", "vũng", "tàu"] * 3, []),                                           # T9
    ("Mát-xcơ-va, Oa-sinh-tơn", ["mát", "xcơ", "va", "oa", "sinh", "tơn"], []),      # T10
    ("COVID-19, covid19, COVID 19", ["covid", "19"] * 3, []),                        # T11
    ("H'Hen Niê, Ê-đê", ["h'hen", "niê", "ê", "đê"], ["hhen"]),                      # T12
    ("UBND tỉnh", ["ubnd", "tỉnh"], []),                                             # T13
    ("HĐND", ["hđnd"], []),                                                          # T14
    ("Đ/c Nguyễn Tiềm, đ/c", ["đồng", "chí", "nguyễn", "tiềm", "đồng", "chí"], []),  # T15
    ("Nghị định 30/2020/NĐ-CP, QĐ-TTg", ["nghị", "định", "30/2020/nđ-cp", "qđ", "ttg"],
     ["30", "2020", "nđ", "cp"]),                                                    # T16
    ("Nguyễn Văn A", ["nguyễn", "văn", "a"], []),                                    # T17
    ("Bộ Công an, Nghệ An, an toàn", ["bộ", "công", "an", "nghệ", "an", "an", "toàn"], []),  # T18
    ("ở châu Á và Ý", ["ở", "châu", "á", "và", "ý"], []),                            # T19
    ("\u00d0ẢNG", ["đảng"], []),                                                     # T20
]


@pytest.mark.parametrize(("text", "expected", "aliases"), VECTORS, ids=[f"T{i}" for i in range(1, 21)])
def test_tokenization(text: str, expected: list[str], aliases: list[str]) -> None:
    sequence, indexed_aliases = index_terms(text)
    assert sequence == expected
    assert set(aliases) <= set(indexed_aliases)
    # The span tokenizer (highlights, queries) agrees with the fast indexing path.
    assert syllables(text) == expected


def test_vector_count() -> None:
    assert len(VECTORS) == 20


def test_three_and_twelve_are_not_a_date_token() -> None:
    assert "3/12" not in syllables("13/12 và 3 người, 12 xe")
    assert syllables("13/12") == ["13/12"]


def test_day_month_order_is_kept() -> None:
    assert syllables("6/8/2010") != syllables("8/6/2010")


def test_thousands_dots_join_but_decimal_comma_stays() -> None:
    assert syllables("959.561 và 2,5") == ["959561", "và", "2,5"]


def test_spans_point_into_the_normalized_text() -> None:
    text = "Hội Chữ thập đỏ TP.HCM"
    assert [text[t.start:t.end] for t in tokenize(text)] == ["Hội", "Chữ", "thập", "đỏ", "TP", "HCM"]
