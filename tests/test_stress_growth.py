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


def test_body_duplicate_lookups_are_per_batch_not_per_article(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    ix = ArchiveIndex.open(tmp_path / "index", create=True)
    ingest_paths([write_jsonl(tmp_path / "old.jsonl", "old", 50)], ix)
    calls = []
    original = ArchiveIndex.body_duplicates
    monkeypatch.setattr(ArchiveIndex, "body_duplicates",
                        lambda self, hashes: calls.append(hashes) or original(self, hashes))
    report = ingest_paths([write_jsonl(tmp_path / "new.jsonl", "new", 200)], ix, batch_size=100)
    assert report.totals["added"] == 200
    assert len(calls) <= 2, f"{len(calls)} index lookups for 2 batches"
    ix.close()
