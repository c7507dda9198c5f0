"""Segment merges: tiers of similar size, a per-commit budget tied to the batch, and `compact` for the rest."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from index import ArchiveIndex, Article, SearchRequest
from index.merging import FANOUT, plan_merge


def test_a_full_tier_merges_into_the_new_segment() -> None:
    assert sorted(plan_merge(4000, [4000] * (FANOUT - 1), budget=80_000)) == list(range(FANOUT - 1))
    assert plan_merge(4000, [4000] * (FANOUT - 2), budget=80_000) == []


def test_a_small_batch_never_rewrites_a_big_index() -> None:
    # The 10× scale index: 19 segments of ~15k articles and 4 of ~100k; one 4,000-article commit.
    sizes = [15_000] * 19 + [100_000] * 4
    assert plan_merge(4000, sizes, budget=80_000) == []
    # compact (no budget, nothing new) merges the full tier of 15k segments, not the big ones
    chosen = plan_merge(0, sizes, budget=None)
    assert sorted(chosen) == list(range(19))


def test_the_cascade_stops_at_the_budget() -> None:
    sizes = [1000] * (FANOUT - 1) + [10_000] * (FANOUT - 1)
    smalls = list(range(FANOUT - 1))
    assert sorted(plan_merge(1000, sizes, budget=20_000)) == smalls          # 10k merged; 100k would pass it
    assert sorted(plan_merge(1000, sizes, budget=None)) == list(range(len(sizes)))


def test_smaller_leftovers_join_the_tier_they_are_merged_with() -> None:
    # two tiny segments below a full tier of mid-sized ones merge with it rather than staying behind
    sizes = [5, 7] + [2000] * (FANOUT - 1)
    assert sorted(plan_merge(2000, sizes, budget=None)) == list(range(len(sizes)))


def _article(i: int) -> Article:
    return Article(id=f"m{i}", title=f"Bản tin số {i}", body=f"Hải Phòng khởi công cầu mới, bài số {i}.")


def test_many_small_batches_keep_few_segments_and_every_article(tmp_path: Path) -> None:
    ix = ArchiveIndex.open(tmp_path / "ix", create=True)
    try:
        for batch in range(3 * FANOUT):
            ix.write_batch([_article(batch * 2), _article(batch * 2 + 1)])
            assert len(ix.segment_sizes()) < FANOUT
        assert sum(ix.segment_sizes()) == 6 * FANOUT
        page = ix.searcher().search(SearchRequest(q="hai phong", page_size=100))
        assert page.total == 6 * FANOUT
    finally:
        ix.close()


def test_compact_all_leaves_one_segment_and_keeps_search_stories_and_registry(tmp_path: Path) -> None:
    ix = ArchiveIndex.open(tmp_path / "ix", create=True)
    try:
        for batch in range(4):
            ix.write_batch([_article(batch)])
        before = ix.searcher().search(SearchRequest(q="Hải Phòng", page_size=100))
        sizes, after = ix.compact(everything=True)
        assert len(sizes) == 4 and after == [4]
        page = ix.searcher().search(SearchRequest(q="Hải Phòng", page_size=100))
        assert [h.id for h in page.hits] == [h.id for h in before.hits]
        assert {h.story for h in page.hits} == {h.story for h in before.hits}
        generation = ix.generation()
        assert ix.compact(everything=True) == ([4], [4])          # nothing to merge: no new generation
        assert ix.generation() == generation
        ix.write_batch([_article(9)])                              # the sidecars still describe the index
        assert ix.searcher().search(SearchRequest(q="Hải Phòng", page_size=100)).total == 5
    finally:
        ix.close()


@pytest.mark.parametrize("flag", [[], ["--all"]])
def test_the_compact_command_reports_what_it_merged(tmp_path: Path, flag: list[str]) -> None:
    ix = ArchiveIndex.open(tmp_path / "ix", create=True)
    try:
        for batch in range(FANOUT - 1):          # a full tier only counting a new segment: batches leave it
            ix.write_batch([_article(batch)])
        assert len(ix.segment_sizes()) == FANOUT - 1
    finally:
        ix.close()
    done = subprocess.run([sys.executable, "-m", "ingest", "compact", "--index", str(tmp_path / "ix"), *flag],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    if flag:
        assert f"{FANOUT - 1} segments became 1 ({FANOUT - 1} documents)" in done.stdout
    else:
        assert "nothing to merge" in done.stdout
    again = ArchiveIndex.open(tmp_path / "ix")
    try:
        assert again.doc_count() == FANOUT - 1
    finally:
        again.close()
