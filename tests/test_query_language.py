"""The query language: operators, fields, dates, and graceful degradation with bounded cost."""

from __future__ import annotations

from datetime import datetime

import pytest

from index.query import (
    MAX_DEPTH,
    MAX_QUERY_CHARS,
    MAX_TERMS,
    And,
    DateRange,
    FacetTerm,
    Not,
    Or,
    Phrase,
    Prefix,
    Word,
    parse_query,
)


def words(node) -> list[str]:
    if isinstance(node, Word):
        return [node.text]
    if isinstance(node, (And, Or)):
        return [w for c in node.children for w in words(c)]
    if isinstance(node, Phrase):
        return [w.text for w in node.words]
    if isinstance(node, Not):
        return words(node.child)
    return []


def test_plain_words_form_the_typed_run() -> None:
    parsed = parse_query("Chữ thập đỏ")
    assert [w.text for w in parsed.run] == ["chữ", "thập", "đỏ"]
    assert isinstance(parsed.root, And)


def test_phrase_exclusion_or_and_groups() -> None:
    root = parse_query('"hòa bình" -"bình hoa" (lũ OR lụt) bão').root
    assert isinstance(root, And)
    phrase, negated, group, word = root.children
    assert isinstance(phrase, Phrase) and [w.text for w in phrase.words] == ["hòa", "bình"]
    assert isinstance(negated, Not) and isinstance(negated.child, Phrase)
    assert isinstance(group, Or) and words(group) == ["lũ", "lụt"]
    assert word == Word("bão")


def test_or_binds_tighter_than_and_and_leaves_the_run() -> None:
    parsed = parse_query("a OR b c")
    assert isinstance(parsed.root.children[0], Or)
    assert [w.text for w in parsed.run] == ["c"]


def test_fields() -> None:
    root = parse_query('title:(bản đồ) source:"VnExpress" official:"Nguyễn Văn A" topic:Thể').root
    title, source, official, topic = root.children
    assert all(isinstance(w, Word) and w.field == "title" for w in title.children)
    assert source == FacetTerm("source", "VnExpress")
    assert official == FacetTerm("official", "Nguyễn Văn A")
    assert topic == FacetTerm("topic", "Thể")


def test_prefix_needs_two_characters() -> None:
    assert parse_query("thuy*").root == Prefix("thuy")
    parsed = parse_query("t*")
    assert parsed.root == Word("t") and parsed.warnings


@pytest.mark.parametrize(("value", "start", "end"), [
    ("2020", (2020, 1, 1), (2021, 1, 1)),
    ("2020-03", (2020, 3, 1), (2020, 4, 1)),
    ("2020-12", (2020, 12, 1), (2021, 1, 1)),
    ("2020-01-01..2020-06-30", (2020, 1, 1), (2020, 7, 1)),
    ("..2019", None, (2020, 1, 1)),
    ("2019..", (2019, 1, 1), None),
])
def test_date_ranges(value: str, start, end) -> None:
    rng = parse_query(f"date:{value}").root
    assert isinstance(rng, DateRange)
    assert (rng.start and rng.start.timetuple()[:3]) == (start and start)
    assert (rng.end and rng.end.timetuple()[:3]) == (end and end)
    assert rng.start is None or rng.start.utcoffset().total_seconds() == 7 * 3600


@pytest.mark.parametrize("value", ["2020-13", "2021-02-30", "0000", "..", "2020..2021-99"])
def test_bad_dates_are_ignored_with_a_warning(value: str) -> None:
    parsed = parse_query(f"date:{value}")
    assert parsed.root is None and parsed.warnings


@pytest.mark.parametrize("value", ["9999", "9999-12", "9999-12-31"])
def test_the_last_representable_dates_are_open_ended(value: str) -> None:
    rng = parse_query(f"date:{value}").root
    assert rng.start.year == 9999 and rng.end is None


def test_no_date_bucket() -> None:
    assert parse_query("date:none").root == DateRange(undated=True)


@pytest.mark.parametrize("text", ['"unbalanced quote', "(open group", "closing) paren", "OR", "- -", "a OR",
                                  '"', "((((", "))))", "title:", "-", "|", 'source:"', "date:"])
def test_malformed_input_never_raises_and_degrades_to_words(text: str) -> None:
    parsed = parse_query(text)
    for word in ("unbalanced", "quote", "open", "group", "closing", "paren"):
        if word in text:
            assert word in words(parsed.root)


def test_length_terms_and_nesting_are_capped() -> None:
    parsed = parse_query("ha " * 1000)
    assert len(words(parsed.root)) <= MAX_TERMS and parsed.warnings
    parsed = parse_query("x" * (MAX_QUERY_CHARS * 4))
    assert len(words(parsed.root)[0]) <= MAX_QUERY_CHARS
    deep = "(" * 200 + "hà nội" + ")" * 200
    parsed = parse_query(deep)
    assert words(parsed.root) == ["hà", "nội"]
    assert any(str(MAX_DEPTH) in w for w in parsed.warnings)


def test_control_characters_are_ignored() -> None:
    assert words(parse_query("hà\x00nội\x1b").root) == ["hà", "nội"]


def test_nfd_query_is_normalized() -> None:
    assert words(parse_query("Ho\u0300a Bi\u0300nh").root) == ["hòa", "bình"]


def test_dates_are_aware_local_time() -> None:
    rng = parse_query("date:2021-12-03").root
    assert rng.start == datetime.fromisoformat("2021-12-03T00:00:00+07:00")
