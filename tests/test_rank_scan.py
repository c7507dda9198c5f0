"""Whole runs found from the pair postings, and tiers by the typed reading: the articles holding the
typed run rank first, even when many articles with its words split or apart score higher and the
candidate pool is small; the typed reading (level tone for unmarked words) before other readings."""
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


@pytest.fixture()
def readings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(index.rank, "POOL_SIZE", 3)
    monkeypatch.setattr(index.searcher, "POOL_SIZE", 3)
    ix = ArchiveIndex.open(tmp_path / "readings", create=True)
    filler = "Các thủ tục khác giữ nguyên như trước đây và không thay đổi gì thêm. " * 12
    ix.write_batch([
        # One syllable of the run in a short title, the other in the body: the best BM25 scores.
        *(Article(id=f"title-{i}", title=f"Bao giờ có giờ {i}", body=f"Những người dân số {i}.")
          for i in range(6)),
        # Another adjacent reading ("nhưng giờ"), the typed words present elsewhere.
        Article(id="other-reading", title="Tin ngắn", body="Nhưng giờ đã khác, những người cũ."),
        # The typed run in a long body: the lowest BM25 score of all.
        Article(id="typed", title="Một ngày ở bến xe", body="Những giờ cao điểm, xe đông. " + filler),
        # "một giai đoạn" (level tone) and "một giải" (other tone) for an unmarked word.
        Article(id="giai-doan", title="Bóng đá", body="Đây là một giai đoạn khó. " + filler),
        *(Article(id=f"giai-{i}", title=f"Một giải đấu {i}", body="Một giải thưởng lớn cho đội.")
          for i in range(4)),
    ])
    yield ix.searcher()
    ix.close()


def test_typed_run_then_other_readings_then_apart(readings) -> None:
    hits = [h.id for h in readings.search(SearchRequest(q="những giờ", page_size=10)).hits]
    assert hits[:2] == ["typed", "other-reading"]
    assert set(hits[2:8]) == {f"title-{i}" for i in range(6)}


def test_unmarked_word_in_a_marked_query_prefers_the_level_tone(readings) -> None:
    hits = [h.id for h in readings.search(SearchRequest(q="một giai", page_size=10)).hits]
    assert hits[0] == "giai-doan"
    assert set(hits[1:5]) == {f"giai-{i}" for i in range(4)}


@pytest.fixture()
def cut_numbers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Titles where a typed window may start or end inside a date or a grouped number, beside
    titles holding the same digits on the wrong side of the token or as other numbers."""
    monkeypatch.setattr(index.rank, "POOL_SIZE", 2)
    monkeypatch.setattr(index.searcher, "POOL_SIZE", 2)
    ix = ArchiveIndex.open(tmp_path / "ix", create=True)
    filler = "Tin tức tổng hợp trong ngày. " * 3
    ix.write_batch([
        Article(id="ends-in-date", title="Tin vắn ngày 9/7", body=filler),
        Article(id="date-ends-9", title="Tin vắn ngày 20/9", body=filler),
        Article(id="date-ends-9b", title="Tin vắn ngày 14/9, nhiều tin vắn về ngày nghỉ", body=filler),
        Article(id="thousands", title="Dự án cảng hơn 50.000 tỷ đồng", body=filler),
        Article(id="other-number", title="Chi 15 tỷ đồng, thu 000 lần", body=filler + " 15 tỷ đồng" * 3),
        Article(id="starts-in-date", title="Ngày 30/5 hoàn thành cầu mới", body=filler),
        Article(id="other-5", title="Năm 15 hoàn thành cầu? Cầu số 5 sắp hoàn thành", body=filler * 2),
        # A lone combining mark is a token that folds to nothing; the pairs beside it are still written.
        Article(id="stray-mark", title="Lịch ̀ 9/7", body=filler),
    ])
    yield ix.searcher()
    ix.close()


@pytest.mark.parametrize("q, first", [
    ("vắn ngày 9", "ends-in-date"),          # ends inside 9/7 (not the 9 that ends 20/9 or 14/9)
    ("000 tỷ đồng", "thousands"),            # starts inside 50.000 (= 50000)
    ("5 hoàn thành cầu", "starts-in-date"),  # starts inside 30/5 (not inside 15)
])
def test_a_window_cut_inside_a_number_finds_the_token_it_cut(cut_numbers, q: str, first: str) -> None:
    hits = cut_numbers.search(SearchRequest(q=q, page_size=5)).hits
    assert hits[0].id == first


def test_a_quoted_phrase_may_end_inside_a_date_but_not_inside_another_number(cut_numbers) -> None:
    ids = {h.id for h in cut_numbers.search(SearchRequest(q='"hoàn thành cầu" "ngày 30"')).hits}
    assert ids == {"starts-in-date"}
    assert not {h.id for h in cut_numbers.search(SearchRequest(q='"năm 1 hoàn thành"')).hits}
