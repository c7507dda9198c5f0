"""Ingest into a big existing index must not pay an index lookup per article.

bench/scale.py (docs/benchmarks.md, "Cost curve") found ingest into an index that already holds the
corpus about 7× slower per article than into an empty one: the body-duplicate check asks the index
once per new article, and each ask opens a searcher over every segment (~70 ms at 42k articles).
This test counts those asks instead of timing them.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from index import ArchiveIndex
from ingest import ingest_paths


def write_jsonl(path: Path, prefix: str, count: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            out.write(json.dumps({"id": f"{prefix}-{i}", "title": f"Tin {prefix} {i}",
                                  "body": f"Bản tin {prefix} số {i} về mùa lễ hội đọc sách ở Huế năm {2000 + i}."},
                                 ensure_ascii=False) + "\n")
    return path


@pytest.mark.xfail(strict=True, reason=(
    "BUG ingest/batches.py _BatchWriter._duplicate_target: once the index holds articles, every new "
    "article calls index.ids_with_body_hash(), which opens a whoosh searcher over all segments "
    "(index/store.py); at 42k articles that is ~70 ms per article and ingest falls from 187 to 27 "
    "articles/s (bench/scale.py --incremental). Batch the lookup: one searcher per flush"))
def test_body_duplicate_lookups_are_per_batch_not_per_article(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    ix = ArchiveIndex.open(tmp_path / "index", create=True)
    ingest_paths([write_jsonl(tmp_path / "old.jsonl", "old", 50)], ix)
    calls = []
    original = ArchiveIndex.ids_with_body_hash
    monkeypatch.setattr(ArchiveIndex, "ids_with_body_hash",
                        lambda self, body_hash: calls.append(body_hash) or original(self, body_hash))
    report = ingest_paths([write_jsonl(tmp_path / "new.jsonl", "new", 200)], ix, batch_size=100)
    assert report.totals["added"] == 200
    assert len(calls) <= 2, f"{len(calls)} index lookups for 2 batches"
    ix.close()
