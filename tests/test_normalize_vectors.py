"""The 47 normalization vectors of shared/research/vietnamese-analysis.md §4.1 (exact and folded forms),
and the well-formed syllable test."""

import unicodedata

import pytest

from index import fold_text, is_vietnamese_syllable, normalize_text, syllables

# (input, exact, folded) — exact = canonical lower-case syllables, folded = marks removed, đ → d.
VECTORS = [
    ("Hòa Bình", "hòa bình", "hoa binh"),                      # 1
    ("Hoà Bình", "hòa bình", "hoa binh"),                      # 2
    ("Ho\u0300a Bi\u0300nh", "hòa bình", "hoa binh"),          # 3 NFD
    ("Hoa\u0300 Bi\u0300nh", "hòa bình", "hoa binh"),          # 4 NFD, 2nd vowel
    ("khoẻ", "khỏe", "khoe"),                                  # 5
    ("khỏe", "khỏe", "khoe"),                                  # 6
    ("thuỷ điện", "thủy điện", "thuy dien"),                   # 7
    ("thủy điện", "thủy điện", "thuy dien"),                   # 8
    ("luỹ tre", "lũy tre", "luy tre"),                         # 9
    ("lũy tre", "lũy tre", "luy tre"),                         # 10
    ("Uỷ ban", "ủy ban", "uy ban"),                            # 11
    ("ỦY BAN", "ủy ban", "uy ban"),                            # 12
    ("UỶ BAN", "ủy ban", "uy ban"),                            # 13
    ("tuỳ", "tùy", "tuy"),                                     # 14
    ("Thuý Kiều", "thúy kiều", "thuy kieu"),                   # 15
    ("hoá học", "hóa học", "hoa hoc"),                         # 16
    ("hoạ sĩ", "họa sĩ", "hoa si"),                            # 17
    ("xoè", "xòe", "xoe"),                                     # 18
    ("mù loà", "mù lòa", "mu loa"),                            # 19
    ("qúy", "quý", "quy"),                                     # 20
    ("qùa", "quà", "qua"),                                     # 21
    ("gìa", "già", "gia"),                                     # 22
    ("quý", "quý", "quy"),                                     # 23
    ("gìn", "gìn", "gin"),                                     # 24
    ("khuỷu", "khuỷu", "khuyu"),                               # 25
    ("người", "người", "nguoi"),                               # 26
    ("Nguyễn", "nguyễn", "nguyen"),                            # 27
    ("tiếng Việt", "tiếng việt", "tieng viet"),                # 28
    ("Vi\u00ea\u0323t", "việt", "viet"),                       # 29 Windows-1258 style
    ("Vie\u0323\u0302t", "việt", "viet"),                      # 30 mark order
    ("Vie\u0302\u0323t", "việt", "viet"),                      # 31 other order
    ("Đà Nẵng", "đà nẵng", "da nang"),                         # 32
    ("ĐỒNG NAI", "đồng nai", "dong nai"),                      # 33
    ("\u00d0à Nẵng", "đà nẵng", "da nang"),                    # 34 ETH look-alike
    ("\u00f0ồng", "đồng", "dong"),                             # 35 small eth
    ("Hà\u00a0Nội", "hà nội", "ha noi"),                       # 36 NBSP separates
    ("Quố\u00adc hội", "quốc hội", "quoc hoi"),                # 37 soft hyphen removed
    ("Việt\u200bNam", "việt nam", "viet nam"),                 # 38 ZWSP separates
    ("ＵＢＮＤ", "ubnd", "ubnd"),                               # 39 full-width
    ("café", "café", "cafe"),                                  # 40 foreign accent kept
    ("hòa hoãn", "hòa hoãn", "hoa hoan"),                      # 41
    ("ngoài", "ngoài", "ngoai"),                               # 42
    ("hoàn", "hoàn", "hoan"),                                  # 43 coda: tone stays
    ("thuở", "thuở", "thuo"),                                  # 44
    ("giữa", "giữa", "giua"),                                  # 45
    ("mía múa", "mía múa", "mia mua"),                         # 46
    ("Mĩ Mỹ kĩ kỹ", "mĩ mỹ kĩ kỹ", "mi my ki ky"),             # 47 i/y not unified
]


@pytest.mark.parametrize(("raw", "exact", "folded"), VECTORS, ids=[str(i) for i in range(1, 48)])
def test_exact_and_folded_forms(raw: str, exact: str, folded: str) -> None:
    assert " ".join(syllables(raw)) == exact
    assert " ".join(fold_text(raw).split()) == folded


def test_vector_count() -> None:
    assert len(VECTORS) == 47


def test_normalized_text_keeps_case_and_punctuation() -> None:
    assert normalize_text("Hoà Bình, THUỶ ĐIỆN!") == "Hòa Bình, THỦY ĐIỆN!"


def test_normalization_is_idempotent() -> None:
    for raw, _, _ in VECTORS:
        once = normalize_text(raw)
        assert normalize_text(once) == once


def test_soft_hyphen_and_zero_width_joiner_removed_inside_words() -> None:
    assert normalize_text("Quố\u00adc\u200d hội") == "Quốc hội"


@pytest.mark.parametrize("word", ["người", "NGHIÊNG", "khuỷu", "quốc", "gìn", "giữa", "thuở", "oanh",
                                  "hoà", "hòa", "ưu", "yêu", "khuya", "nghiêng", "trực"])
def test_well_formed_syllables_are_recognised(word: str) -> None:
    assert is_vietnamese_syllable(word)
    assert is_vietnamese_syllable(unicodedata.normalize("NFD", word))


@pytest.mark.parametrize("word", ["tạiNhật", "Qiang", "xyz", "ba\u0300\u0301", "nguyễnn", "strong", "ươươ", ""])
def test_malformed_syllables_are_refused(word: str) -> None:
    assert not is_vietnamese_syllable(word)
