"""The organization facet over the whole archive (issue 11): its 100 most frequent values each name one body.

None is a place, a photo credit or source line, a generic office (a head word alone, with only generic
qualifiers, or a local office with no place), a span cut inside a name, or a second spelling of another
value. Each check lists every offending value. The checks are general rules written here, independent of
the extractor's own lexicon.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from index import ArchiveIndex, SearchRequest, canonical_place, fold_text

pytestmark = pytest.mark.corpus

TOP = 100
SAMPLE = 40           # articles read per value for the continuation check
HEADS = ("Bộ", "Ban", "Sở", "Cục", "Tổng cục", "Vụ", "Chi cục", "Viện", "Học viện", "Trung tâm", "Công an",
         "Cơ quan", "Ủy ban", "Ủy ban nhân dân", "Hội đồng", "Hội đồng nhân dân", "Tòa án nhân dân",
         "Viện kiểm sát nhân dân", "Phòng", "Văn phòng", "Hội", "Công ty", "Tập đoàn", "Ngân hàng", "Bệnh viện",
         "Trường", "Đại học", "Câu lạc bộ", "CLB", "Báo", "Đài", "Thành ủy", "Tỉnh ủy", "Đảng ủy", "Cảnh sát",
         "Đội", "Tổ chức", "Quỹ")
# Qualifiers that say what kind of office a head is, not which one.
GENERIC_QUALIFIERS = frozenset("""
nhân dân cảnh sát điều tra csđt cqđt nghiên cứu quản lý tổ chức chức năng chuyên môn liên quan cấp tỉnh
thành phố huyện quận xã phường thị trấn địa phương các những này đó thpt thcs ptth đh cđ tiểu học mầm non
đại học cao đẳng trung học phổ thông
""".split())
# Local offices: without a place (or a national qualifier) they name no one body.
LOCAL_HEADS = ("Sở", "Công an", "Ủy ban nhân dân", "Hội đồng nhân dân", "Tòa án nhân dân", "Viện kiểm sát nhân dân",
               "Thành ủy", "Tỉnh ủy", "Chi cục")
NATIONAL_WORDS = ("tối cao", "cấp cao", "trung ương", "quốc gia", "việt nam", "quân sự", "nhân dân việt nam")
# A credit or source line kept as a name: its label, or a credit's slash ("Ảnh: Reuters", "Minh Anh/TTXVN"). An
# agency cited in the running text ("hãng tin Reuters cho biết") is a body.
CREDIT = re.compile(r"^(?:Ảnh|Nguồn|Photo|Video|Clip|Đồ họa|Theo)\b|/", re.IGNORECASE)
# Syllables that open a two-syllable word and never end a name ("Tiêu" of "tiêu đề", "Dự" of "dự báo").
OPENING_SYLLABLES = frozenset("tiêu dự nghiên phát khí vệ bảo kiểm quản chăm xúc hợp liên".split())
# Expansions of the abbreviations news text writes in names, for comparing spellings.
ABBREVIATIONS = {
    "ubnd": "ủy ban nhân dân", "hđnd": "hội đồng nhân dân", "mttq": "mặt trận tổ quốc", "tand": "tòa án nhân dân",
    "vksnd": "viện kiểm sát nhân dân", "tp": "thành phố", "tphcm": "thành phố hồ chí minh", "hcm": "hồ chí minh",
    "tw": "trung ương", "tư": "trung ương", "gdđt": "giáo dục đào tạo", "gd": "giáo dục", "đt": "đào tạo",
    "clb": "câu lạc bộ", "csđt": "cảnh sát điều tra", "vn": "việt nam", "gtvt": "giao thông vận tải",
    "nn": "nông nghiệp", "ptnt": "phát triển nông thôn", "kh": "kế hoạch", "đt.": "đầu tư", "tn": "tài nguyên",
    "mt": "môi trường", "lđ": "lao động", "tb": "thương binh", "xh": "xã hội", "vh": "văn hóa", "tt": "thể thao",
    "dl": "du lịch", "tdtt": "thể dục thể thao", "đh": "đại học", "bv": "bệnh viện",
}


@pytest.fixture(scope="module")
def searcher(full_index: Path):
    return ArchiveIndex.open(full_index).searcher()


@pytest.fixture(scope="module")
def top_organizations(searcher) -> list[str]:
    """The archive's most frequent organization facet values, as the search page counts them."""
    page = searcher.search(SearchRequest(q="", facet_limit=TOP, page_size=1))
    values = [v.value for v in page.facets["organization"]]
    assert len(values) == TOP
    return values


def _words(value: str) -> list[str]:
    return value.casefold().split()


def _head(value: str) -> str | None:
    folded = value.casefold()
    heads = [h for h in HEADS if folded == h.casefold() or folded.startswith(h.casefold() + " ")]
    return max(heads, key=len, default=None)


def is_generic(value: str) -> bool:
    """A head word alone or with generic qualifiers only, or a local office with no place."""
    head = _head(value)
    if head is None:
        return False
    rest = value[len(head):].casefold()
    if all(w in GENERIC_QUALIFIERS for w in re.split(r"[\s\-–&,]+", rest) if w):
        return True
    if head in LOCAL_HEADS and not any(w in rest for w in NATIONAL_WORDS):
        words = value[len(head):].split()
        return not any(canonical_place(" ".join(words[i:j])) for i in range(len(words))
                       for j in range(i + 1, len(words) + 1))
    return False


def is_truncated(value: str) -> bool:
    """The last word opens a two-syllable word ("Trung tâm Dự"; not inside a run of capitalized words, where it
    ends a proper name: "Tập đoàn Hòa Phát"), or is a lone capital or hyphen left from a cut."""
    words = value.split()
    last = words[-1]
    in_proper_name = len(words) > 2 and words[-2][:1].isupper() and _head(" ".join(words[:-1])) != " ".join(words[:-1])
    return (last.casefold() in OPENING_SYLLABLES and not in_proper_name) or last.endswith(("-", "–", "&")) \
        or bool(re.fullmatch(r"\d+", last))


def usual_continuation(searcher, value: str) -> str | None:
    """The word that follows the value where its articles write it as such, when one word follows it in at
    least 80 % of (at least 8) occurrences: the name goes on ("Viện Vệ sinh" + "dịch tễ")."""
    page = searcher.search(SearchRequest(q="", filters={"organization": [value]}, page_size=SAMPLE))
    pattern = re.compile(rf"(?<!\w){re.escape(value)} (\w+)", re.IGNORECASE)
    following = [m.group(1).casefold() for hit in page.hits for m in pattern.finditer(searcher.get(hit.id).body)]
    if len(following) < 8:
        return None
    word = max(set(following), key=following.count)
    return word if following.count(word) >= 0.8 * len(following) else None


def spelling_key(value: str) -> str:
    """What two spellings of one body share: abbreviations expanded, TP.HCM forms, "thành phố" before a city,
    a trailing "Việt Nam", hyphens, commas, "và"/"&" and case ignored."""
    text = re.sub(r"\bTP\.\s?", "TP ", value)
    text = re.sub(r"[-–&,()]", " ", text.casefold())
    words = [w for token in text.split() for w in ABBREVIATIONS.get(token, token).split()]
    words = [w for w in words if w != "và"]
    key = " ".join(words)
    key = re.sub(r"\b(?:thành phố|tỉnh) (?=\S)", "", key)
    return fold_text(key.removesuffix(" việt nam")).replace(" ", "")


def test_no_value_is_a_place(top_organizations: list[str]) -> None:
    places = [v for v in top_organizations if canonical_place(v) is not None]
    assert places == [], f"places among the top {TOP} organizations: {places}"


def test_no_value_is_a_photo_credit_or_source_line(top_organizations: list[str]) -> None:
    credits = [v for v in top_organizations if CREDIT.search(v)]
    assert credits == [], f"credit or source lines among the top {TOP} organizations: {credits}"


def test_no_value_is_a_generic_office(top_organizations: list[str]) -> None:
    generic = [v for v in top_organizations if is_generic(v)]
    assert generic == [], f"generic offices among the top {TOP} organizations: {generic}"


def test_no_value_is_a_truncated_span(searcher, top_organizations: list[str]) -> None:
    truncated = [v for v in top_organizations if is_truncated(v)]
    truncated += [f"{v} (+ {word})" for v in top_organizations if (word := usual_continuation(searcher, v))]
    assert truncated == [], f"truncated names among the top {TOP} organizations: {truncated}"


def test_no_two_values_are_spellings_of_one_body(top_organizations: list[str]) -> None:
    by_key: dict[str, list[str]] = defaultdict(list)
    for value in top_organizations:
        by_key[spelling_key(value)].append(value)
    variants = [names for names in by_key.values() if len(names) > 1]
    assert variants == [], f"spellings of one body among the top {TOP} organizations: {variants}"


def test_the_checks_recognise_what_they_reject() -> None:
    assert canonical_place("Hà Nội") and not canonical_place("Bộ Y tế")
    assert CREDIT.search("Ảnh: Reuters") and CREDIT.search("TTXVN/Vietnam+") and not CREDIT.search("Reuters")
    assert all(map(is_generic, ["Bộ", "Công an", "Cơ quan CSĐT", "Viện Nghiên cứu", "Sở GD-ĐT", "Trường THPT"]))
    assert not any(map(is_generic, ["Bộ Y tế", "Công an thành phố Hà Nội", "Tòa án nhân dân tối cao", "Sở Y tế Hà Nội"]))
    assert all(map(is_truncated, ["Trung tâm Dự", "Ban Văn hóa Tiêu", "Ban Biên tập Tiêu"]))
    assert not any(map(is_truncated, ["Bộ Y tế", "Trung tâm Dự báo khí tượng thủy văn quốc gia"]))
    assert spelling_key("Bộ GDĐT") == spelling_key("Bộ Giáo dục và Đào tạo")
    assert spelling_key("Thành ủy Hồ Chí Minh") == spelling_key("Thành ủy TP.HCM")
    assert spelling_key("Công an Hà Nội") == spelling_key("Công an thành phố Hà Nội")
    assert spelling_key("Bộ Y tế") != spelling_key("Sở Y tế")


def test_written_forms_find_the_canonical_body(searcher) -> None:
    def count(q: str) -> int:
        return searcher.count(SearchRequest(q=q))

    assert count("organization:MTTQ") >= count('organization:"Mặt trận Tổ quốc Việt Nam"') > 0
    assert count('organization:"UBND TP.HCM"') >= count('organization:"Ủy ban nhân dân thành phố Hồ Chí Minh"') > 0
