"""The whole-run scan of a pasted sentence: the one article holding it ranks first, even when many
articles with its words split between title and body score higher and the scan depth is small."""
from __future__ import annotations

from pathlib import Path

import pytest

import index.rank
import index.searcher
from index import ArchiveIndex, Article, SearchRequest


@pytest.fixture()
def searcher(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(index.rank, "POOL_SIZE", 2)
    monkeypatch.setattr(index.searcher, "POOL_SIZE", 2)
    monkeypatch.setattr(index.rank, "SCAN_DEPTH", 12)          # 4 words: scans the best 12
    ix = ArchiveIndex.open(tmp_path / "ix", create=True)
    articles = [
        # Two words in the title, two in a short body: the best BM25 scores, never the run.
        *(Article(id=f"split-{i}", title=f"Người dân {i}", body="sử dụng sử dụng " * 3 + f"số {i}")
          for i in range(20)),
        # All four words, scattered: they hold every word but not the run.
        *(Article(id=f"scattered-{i}", title=f"Bài {i}",
                  body=f"Người nói chuyện với dân, nhận xét về sử dụng đất số {i}. " * 2)
          for i in range(8)),
        Article(id="pasted", title="Quy định mới",
                body="Theo quy định mới, người dân sử dụng dịch vụ công trực tuyến sẽ được hỗ trợ. "
                     + "Các thủ tục khác giữ nguyên như trước đây và không thay đổi gì thêm. " * 15),
    ]
    ix.write_batch(articles)
    yield ix.searcher()
    ix.close()


def test_pasted_run_ranks_first_beyond_the_words_best_scorers(searcher) -> None:
    hits = searcher.search(SearchRequest(q="nguoi dan su dung", page_size=5)).hits
    assert hits[0].id == "pasted"


@pytest.fixture()
def two_pieces(tmp_path: Path):
    ix = ArchiveIndex.open(tmp_path / "pieces", create=True)
    ix.write_batch([
        # Both pieces of "chu thap hai phong", apart: "Hải Phòng" in the title, "Chữ thập" in the body.
        Article(id="both", title="Hải Phòng: trao quà cho người nghèo",
                body="Sáng nay, hội Chữ thập trao quà cho người nghèo ở các quận của thành phố. "
                     "Các hộ được nhận gạo, dầu ăn và tiền mặt."),
        # One piece only ("Hải Phòng"); the other words stand apart, with a shorter body.
        Article(id="one", title="Hải Phòng: phạt nhà đầu tư",
                body="Chủ đầu tư dự án ở quận bị phạt vì xây nhà thấp tầng sai phép."),
        *(Article(id=f"other-{i}", title=f"Tin {i}", body=f"Hà Nội có tin số {i}.") for i in range(5)),
    ])
    yield ix.searcher()
    ix.close()


def test_each_typed_piece_standing_together_counts(two_pieces) -> None:
    hits = two_pieces.search(SearchRequest(q="chu thap hai phong", page_size=5)).hits
    assert [h.id for h in hits[:2]] == ["both", "one"]
