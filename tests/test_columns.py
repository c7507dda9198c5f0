"""Search columns written beside each generation and memory-mapped by every process (index/columns.py)."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index import ArchiveIndex, Article, SearchRequest
from index.columns import COLUMNS_DIR, COMPLETE_FILE
from index.prepare import prepare_in_subprocess
from index.snapshot import Snapshot

ROOT = Path(__file__).resolve().parents[1]
BODIES = ("Hội Chữ thập đỏ trao quà ở Hải Phòng", "Bản đồ quy hoạch Hà Nội", "Giá xăng giảm ở Huế",
          "Chữ thập đỏ Huế cứu trợ", "Bán đồ cũ ở chợ Hà Nội")


def _articles(prefix: str) -> list[Article]:
    return [Article(id=f"{prefix}{i}", title=f"Tin {prefix} {i}", body=body, source="Báo A")
            for i, body in enumerate(BODIES)]


def _answers(ix: ArchiveIndex) -> list[tuple]:
    out = []
    for q in ("chu thap do", "bản đồ", "hue", "ha noi"):
        result = ix.searcher().search(SearchRequest(q=q))
        out.append((q, result.total, [h.id for h in result.hits],
                    sorted((f.value, f.count) for f in result.facets["source"])))
    return out


@pytest.fixture()
def index_dir(tmp_path: Path) -> Path:
    ix = ArchiveIndex.open(tmp_path / "ix", create=True)
    ix.write_batch(_articles("a"))
    ix.close()
    return tmp_path / "ix"


def _sets(index_dir: Path) -> list[str]:
    return sorted(p.name for p in (index_dir / COLUMNS_DIR).iterdir() if p.is_dir())


def test_the_first_process_writes_the_columns_and_the_next_maps_them(index_dir: Path) -> None:
    first = ArchiveIndex.open(index_dir)
    built = _answers(first)
    assert len(_sets(index_dir)) == 1 and (index_dir / COLUMNS_DIR / _sets(index_dir)[0] / COMPLETE_FILE).exists()
    first.close()
    second = ArchiveIndex.open(index_dir)
    snap = second.searcher().snap
    assert snap.columns_mapped
    assert isinstance(snap.live, np.memmap) and isinstance(snap.facets["source"].doc, np.memmap)
    assert _answers(second) == built and built[0][1] == 2
    second.close()


def test_a_killed_build_is_never_opened_and_is_cleaned_up(index_dir: Path) -> None:
    ArchiveIndex.open(index_dir).close()
    half = index_dir / COLUMNS_DIR / ".building-killed"
    half.mkdir(parents=True)
    (half / "live.npy").write_bytes(b"\x93NUMPY truncated")
    ix = ArchiveIndex.open(index_dir)
    assert _answers(ix)[0][1] == 2
    assert not half.exists() and len(_sets(index_dir)) == 1
    ix.close()


def test_a_new_generation_replaces_the_old_set_while_old_searches_go_on(index_dir: Path) -> None:
    ix = ArchiveIndex.open(index_dir)
    old = ix.searcher()
    old_sets = _sets(index_dir)
    ix.write_batch(_articles("b"))
    new = ix.searcher()
    assert new.snap.columns_mapped and _sets(index_dir) != old_sets and len(_sets(index_dir)) == 1
    assert old.search(SearchRequest(q="chu thap do")).total == 2    # files unlinked, still mapped
    assert new.search(SearchRequest(q="chu thap do")).total == 4
    ix.close()


def test_an_unwritable_folder_keeps_the_columns_in_memory(index_dir: Path, caplog) -> None:
    (index_dir / COLUMNS_DIR).write_text("not a folder")
    ix = ArchiveIndex.open(index_dir)
    with caplog.at_level(logging.WARNING, logger="index.columns"):
        answers = _answers(ix)
    assert not ix.searcher().snap.columns_mapped and answers[0][1] == 2
    assert "kept in memory" in caplog.text
    ix.close()


def test_processes_opening_one_generation_at_once_build_it_once(index_dir: Path) -> None:
    script = ("import sys; from index import ArchiveIndex, SearchRequest; ix = ArchiveIndex.open(sys.argv[1]); "
              "print(ix.searcher().search(SearchRequest(q='chu thap do')).total)")
    procs = [subprocess.Popen([sys.executable, "-c", script, str(index_dir)], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [out.strip() for out, _ in outputs] == ["2"] * 3, [err for _, err in outputs]
    assert len(_sets(index_dir)) == 1
    assert not [p for p in (index_dir / COLUMNS_DIR).iterdir() if p.name.startswith(".building-")]


def test_a_server_computes_new_generations_in_a_subprocess_and_only_maps_them(index_dir: Path, monkeypatch) -> None:
    def no_compute(self):  # noqa: ANN001, ANN202 - this process must not compute the columns
        raise AssertionError("computed in the server process")

    monkeypatch.setattr(Snapshot, "_compute", no_compute)
    ix = ArchiveIndex.open(index_dir)
    ix.prepare_columns = prepare_in_subprocess
    assert ix.searcher().snap.columns_mapped and _answers(ix)[0][1] == 2
    ix.close()


def test_a_failed_subprocess_falls_back_to_computing_here(index_dir: Path, caplog) -> None:
    ix = ArchiveIndex.open(index_dir)
    ix.prepare_columns = lambda _path: prepare_in_subprocess(index_dir / "missing")
    with caplog.at_level(logging.WARNING, logger="index.prepare"):
        assert _answers(ix)[0][1] == 2
    assert "preparing the search columns failed" in caplog.text and ix.searcher().snap.columns_mapped
    ix.close()
