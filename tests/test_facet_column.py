"""FacetColumn: counts by every path (sparse, nearly full, dense) agree with a plain count."""
from __future__ import annotations

import random

import numpy as np
import pytest

from index.snapshot import FacetColumn


def _column(seed: int) -> tuple[FacetColumn, list[list[str]]]:
    rng = random.Random(seed)
    names = [f"Cơ quan {i}" for i in range(40)]
    per_doc = [rng.sample(names, rng.choice((0, 0, 1, 1, 2, 3))) for _ in range(800)]
    return FacetColumn.from_documents(per_doc), per_doc


@pytest.mark.parametrize("share", [0.0, 0.01, 0.05, 0.3, 0.6, 0.95, 0.999, 1.0])
def test_counts_match_a_plain_count_at_every_density(share: float) -> None:
    column, per_doc = _column(7)
    rng = np.random.default_rng(3)
    mask = rng.random(len(per_doc)) < share
    expected = np.zeros(len(column.values), dtype=np.int64)
    for docnum in np.flatnonzero(mask):
        for value in per_doc[docnum]:
            expected[column.ordinal[value]] += 1
    assert np.array_equal(column.counts(mask, np.flatnonzero(mask)), expected)
    assert np.array_equal(column.counts(mask), expected)


def test_docs_with_marks_exactly_the_documents_holding_a_value() -> None:
    column, per_doc = _column(11)
    wanted = [column.ordinal["Cơ quan 3"], column.ordinal["Cơ quan 17"]]
    mask = column.docs_with(wanted, len(per_doc))
    assert [bool(m) for m in mask] == [bool({"Cơ quan 3", "Cơ quan 17"} & set(v)) for v in per_doc]
    assert not column.docs_with([], len(per_doc)).any()
