"""Unambiguous Vietnamese government/news abbreviations, expanded at query time.

Only keys with one sense are expanded (shared/research/vietnamese-analysis.md §5: TP, TT, CP, BCT, QH
are ambiguous and left alone). A query for either form also finds the other, ranked below the form
that was typed.
"""

from __future__ import annotations

from .normalize import fold
from .query import And, FacetTerm, Node, Not, Or, Phrase, Word
from .tokenize import syllables

__all__ = ["ABBREVIATIONS", "expand_abbreviations", "EXPANSION_WEIGHT"]

EXPANSION_WEIGHT = 0.4

# (abbreviation, expansion): each side finds the other.
ABBREVIATIONS: list[tuple[str, str]] = [
    ("UBND", "Ủy ban nhân dân"),
    ("HĐND", "Hội đồng nhân dân"),
    ("MTTQ", "Mặt trận Tổ quốc"),
    ("MTTQ", "UBMTTQ"),
    ("UBMTTQ", "Ủy ban Mặt trận Tổ quốc"),
    ("ĐBQH", "đại biểu Quốc hội"),
    ("UBTVQH", "Ủy ban Thường vụ Quốc hội"),
    ("TP.HCM", "Thành phố Hồ Chí Minh"),
    ("TP.HCM", "TP. Hồ Chí Minh"),
    ("TAND", "Tòa án nhân dân"),
    ("VKSND", "Viện kiểm sát nhân dân"),
    ("CSGT", "cảnh sát giao thông"),
    ("THCS", "trung học cơ sở"),
    ("THPT", "trung học phổ thông"),
    ("PCCC", "phòng cháy chữa cháy"),
    ("LHQ", "Liên hợp quốc"),
    ("TTXVN", "Thông tấn xã Việt Nam"),
    ("NHNN", "Ngân hàng Nhà nước"),
    ("CAND", "Công an nhân dân"),
    ("QĐND", "Quân đội nhân dân"),
    ("UBKT", "Ủy ban Kiểm tra"),
    ("VPCP", "Văn phòng Chính phủ"),
    ("ĐCSVN", "Đảng Cộng sản Việt Nam"),
    ("HLHPN", "Hội Liên hiệp Phụ nữ"),
]

# Folded syllables of either side → the exact syllables of every other side.
_BY_FOLDED: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
for _short, _long in ABBREVIATIONS:
    _a, _b = tuple(syllables(_short)), tuple(syllables(_long))
    _BY_FOLDED.setdefault(tuple(fold(s) for s in _a), []).append(_b)
    _BY_FOLDED.setdefault(tuple(fold(s) for s in _b), []).append(_a)
_MAX_LEN = max(len(k) for k in _BY_FOLDED)


def _alternative(words: list[Word], others: list[tuple[str, ...]]) -> Node:
    field = words[0].field
    options: list[Node] = [words[0] if len(words) == 1 else And(tuple(words))]
    for other in others:
        alt_words = tuple(Word(s, field, EXPANSION_WEIGHT) for s in other)
        options.append(alt_words[0] if len(alt_words) == 1 else Phrase(alt_words, field))
    return Or(tuple(options))


def _expand_sequence(children: list[Node]) -> list[Node]:
    out: list[Node] = []
    i = 0
    while i < len(children):
        for length in range(min(_MAX_LEN, len(children) - i), 0, -1):
            window = children[i:i + length]
            if not all(isinstance(w, Word) and w.field == window[0].field for w in window):
                continue
            key = tuple(fold(w.text) for w in window)  # type: ignore[union-attr]
            other = _BY_FOLDED.get(key)
            if other:
                out.append(_alternative(window, other))  # type: ignore[arg-type]
                i += length
                break
        else:
            child = children[i]
            out.append(child if isinstance(child, Word) else expand_abbreviations(child))  # type: ignore[arg-type]
            i += 1
    return out


def _expanded_value(value: str) -> str:
    """A facet value with each abbreviation written out ("UBND TP.HCM" → "ủy ban nhân dân thành phố hồ chí minh")."""
    words, out, i = syllables(value), [], 0
    while i < len(words):
        for length in range(min(_MAX_LEN, len(words) - i), 0, -1):
            other = _BY_FOLDED.get(tuple(fold(w) for w in words[i:i + length]))
            if other:
                out.extend(other[0])
                i += length
                break
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


def expand_abbreviations(node: Node | None) -> Node | None:
    """Rewrite a query tree so abbreviations and their expansions find each other; an official or organization
    value also matches its written-out form (organization:MTTQ finds "Mặt trận Tổ quốc Việt Nam")."""
    if node is None:
        return None
    if isinstance(node, FacetTerm) and node.field in ("organization", "official"):
        expanded = _expanded_value(node.value)
        same = fold(expanded) == fold(" ".join(syllables(node.value)))
        return node if same else Or((node, FacetTerm(node.field, expanded)))
    if isinstance(node, Word):
        return _expand_sequence([node])[0]
    if isinstance(node, And):
        return And(tuple(_expand_sequence(list(node.children))))
    if isinstance(node, Or):
        return Or(tuple(expand_abbreviations(c) for c in node.children))  # type: ignore[misc]
    if isinstance(node, Not):
        return Not(expand_abbreviations(node.child))  # type: ignore[arg-type]
    return node
