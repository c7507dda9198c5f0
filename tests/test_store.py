"""Opening, writing and withdrawing: ids are unique, batches are atomic, errors are clear."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from index import (
    LOCAL_TZ,
    ArchiveIndex,
    Article,
    ForeignIndexError,
    IndexLockedError,
    IndexNotFoundError,
    Official,
    SearchRequest,
)


def article(i: int, body: str = "Nội dung bài viết về Hà Nội", **kw) -> Article:
    return Article(id=f"a{i}", body=f"{body} số {i}", title=f"Tiêu đề {i}", **kw)


@pytest.fixture()
def ix(tmp_path: Path) -> ArchiveIndex:
    index = ArchiveIndex.open(tmp_path / "ix", create=True)
    yield index
    index.close()


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(IndexNotFoundError, match="no archive index"):
        ArchiveIndex.open(tmp_path / "nothing")


def test_foreign_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not an index")
    with pytest.raises(ForeignIndexError, match="not an archive index"):
        ArchiveIndex.open(tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "not an index"


def test_other_schema_version_is_refused(tmp_path: Path) -> None:
    ArchiveIndex.open(tmp_path / "ix", create=True).close()
    (tmp_path / "ix" / "archive.json").write_text('{"format": "vn-news-archive", "schema_version": 0}')
    with pytest.raises(ForeignIndexError, match="schema version"):
        ArchiveIndex.open(tmp_path / "ix")


def test_readding_the_same_article_never_duplicates(ix: ArchiveIndex) -> None:
    first = ix.write_batch([article(1), article(2)])
    assert sorted(first.added) == ["a1", "a2"]
    again = ix.write_batch([article(1), article(2)])
    assert sorted(again.unchanged) == ["a1", "a2"] and not again.added
    assert ix.doc_count() == 2


def test_changed_article_is_updated_in_place(ix: ArchiveIndex) -> None:
    ix.write_batch([article(1)])
    result = ix.write_batch([article(1, body="Nội dung đã sửa")])
    assert result.updated == ["a1"]
    page = ix.searcher().search(SearchRequest(q="da sua"))
    assert [h.id for h in page.hits] == ["a1"] and page.total == 1
    assert ix.doc_count() == 1


def test_same_id_twice_in_a_batch_counts_once_last_wins(ix: ArchiveIndex) -> None:
    result = ix.write_batch([article(1), article(1, body="Bản cuối cùng")])
    assert result.added == ["a1"]
    assert ix.doc_count() == 1
    assert ix.get_article("a1").body.startswith("Bản cuối cùng")


def test_stored_text_is_normalized(ix: ArchiveIndex) -> None:
    ix.write_batch([Article(id="n", body="Ho\u0300a Bi\u0300nh thuỷ điện", title="\u00d0à Nẵng")])
    stored = ix.get_article("n")
    assert stored.body == "Hòa Bình thủy điện"
    assert stored.title == "Đà Nẵng"


def test_metadata_round_trips(ix: ArchiveIndex) -> None:
    published = datetime(2021, 12, 3, 14, 0, tzinfo=LOCAL_TZ)
    a = Article(id="m", body="Thân bài", title="Tựa", url="https://example.vn/a", source="Haiphong.gov.vn",
                published=published, published_how="inferred", authors=("Hoàng Tùng", "Đàm Thanh"),
                officials=(Official("Lê Trí Vũ", ("Phó Chủ tịch",)),), organizations=("Bộ Nội vụ",),
                topics=("Xã hội",), tags=("a", "b"), category="Thoi su", provenance={"file": "x.txt"})
    ix.write_batch([a])
    assert ix.get_article("m") == a.normalized()
    assert ix.content_hashes(["m", "zzz"]) == {"m": a.content_hash()}


def test_naive_datetime_is_rejected() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Article(id="x", body="b", published=datetime(2020, 1, 1))


def test_body_hash_lookup_finds_duplicates(ix: ArchiveIndex) -> None:
    ix.write_batch([Article(id="x", body="Cùng một nội dung"), Article(id="y", body="Khác")])
    twin = Article(id="z", body="Cùng  một nội dung")
    assert ix.body_duplicates([twin.body_hash(), "0" * 40]) == {twin.body_hash(): [("x", None)]}


def test_withdraw_hides_and_keeps_tombstone_then_restore(ix: ArchiveIndex) -> None:
    ix.write_batch([article(1), article(2)])
    stone = ix.withdraw("a1", "Yêu cầu gỡ bài của tòa soạn")
    assert stone.reason == "Yêu cầu gỡ bài của tòa soạn"
    searcher = ix.searcher()
    assert [h.id for h in searcher.search(SearchRequest(q="noi dung")).hits] == ["a2"]
    assert ix.tombstone("a1").reason == stone.reason
    assert [t.id for t in ix.tombstones()] == ["a1"]
    assert ix.doc_count() == 1
    # Re-ingesting a withdrawn article does not bring it back.
    ix.write_batch([article(1, body="Nội dung mới")])
    assert ix.tombstone("a1") is not None
    ix.restore("a1")
    assert ix.tombstone("a1") is None
    assert {h.id for h in ix.searcher().search(SearchRequest(q="noi dung")).hits} == {"a1", "a2"}


def test_withdraw_needs_reason_and_known_id(ix: ArchiveIndex) -> None:
    ix.write_batch([article(1)])
    with pytest.raises(ValueError):
        ix.withdraw("a1", "   ")
    with pytest.raises(KeyError):
        ix.withdraw("missing", "lý do")


def test_second_writer_gets_clear_lock_error(ix: ArchiveIndex) -> None:
    other = ArchiveIndex.open(ix.path)
    writer = ix._ix.writer()
    try:
        with pytest.raises(IndexLockedError, match="another process is writing"):
            other.write_batch([article(9)], timeout=0.3)
    finally:
        writer.cancel()
    assert other.write_batch([article(9)]).added == ["a9"]


def test_failed_batch_leaves_index_as_before(ix: ArchiveIndex) -> None:
    ix.write_batch([article(1)])

    class Boom(Article):
        def normalized(self):  # noqa: D102 - simulates a crash while the batch is being built
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        ix.write_batch([article(2), Boom(id="b", body="x")])
    assert ix.doc_count() == 1


def test_counts_stay_exact_after_merging_commits(ix: ArchiveIndex) -> None:
    """Regression for whoosh-reloaded 2.7.5 Searcher.refresh() double counting after merges."""
    for batch in range(25):
        ix.write_batch([article(batch * 10 + i) for i in range(10)])
        searcher = ix.searcher()
        assert searcher.doc_count() == (batch + 1) * 10
        assert searcher.search(SearchRequest(q="ha noi")).total == (batch + 1) * 10


def test_a_replaced_generation_closes_its_files_once_released(ix: ArchiveIndex) -> None:
    import gc

    ix.write_batch([article(1)])
    old = ix.searcher()
    old_files = old.snap.searcher
    ix.write_batch([article(2)])
    new = ix.searcher()
    assert new is not old
    assert not old_files.is_closed                   # a search may still be running on it
    assert old.search(SearchRequest(q="ha noi")).total == 1
    del old
    gc.collect()
    assert old_files.is_closed
    assert not new.snap.searcher.is_closed


def test_an_idle_reader_picks_up_another_writers_generation_by_itself(tmp_path: Path) -> None:
    import time

    reader = ArchiveIndex.open(tmp_path / "ix", create=True)
    reader.write_batch([article(1)])
    assert reader.searcher().search(SearchRequest(q="ha noi")).total == 1
    writer = ArchiveIndex.open(tmp_path / "ix")            # another process, as far as `reader` knows
    writer.write_batch([article(2)])
    writer.close()
    time.sleep(3)                      # no request in between: nothing but the watcher can notice
    assert reader.searcher().search(SearchRequest(q="ha noi")).total == 2
    reader.close()


def test_a_commit_landing_while_a_generation_opens_is_picked_up_by_the_watcher(tmp_path: Path, monkeypatch) -> None:
    import time

    writer = ArchiveIndex.open(tmp_path / "ix", create=True)
    writer.write_batch([article(1)])
    reader = ArchiveIndex.open(tmp_path / "ix")            # another process, as far as `writer` knows
    open_searcher = reader._ix.searcher
    landed: list[bool] = []

    def open_then_commit(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - wraps whoosh's searcher()
        opened = open_searcher(*args, **kwargs)
        if not landed:                      # the other process commits just after this one opened
            landed.append(True)
            writer.write_batch([article(2)])
        return opened

    monkeypatch.setattr(reader._ix, "searcher", open_then_commit)
    assert reader.searcher().search(SearchRequest(q="ha noi")).total == 1     # what it opened
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and reader.searcher().search(SearchRequest(q="ha noi")).total != 2:
        time.sleep(0.1)
    assert reader.searcher().search(SearchRequest(q="ha noi")).total == 2
    writer.close()
    reader.close()


def test_waiting_for_own_writes_never_pauses_other_readers(ix: ArchiveIndex, monkeypatch) -> None:
    import threading
    import time

    from index.searcher import SnapshotHolder

    ix.write_batch([article(1)])
    old = ix.searcher()
    build = SnapshotHolder._build
    building = threading.Event()

    def slow_build(self):  # noqa: ANN001, ANN202 - wraps SnapshotHolder._build
        building.set()
        time.sleep(1.0)
        return build(self)

    monkeypatch.setattr(SnapshotHolder, "_build", slow_build)
    monkeypatch.setattr(SnapshotHolder, "CHECK_INTERVAL", 60.0)
    ix.write_batch([article(2)])                 # this object's own write: its next call waits
    waiting = threading.Thread(target=ix.searcher)
    waiting.start()
    assert building.wait(5)
    began = time.monotonic()
    assert ix._snapshots.current() is old         # another request meanwhile: the old snapshot, now
    assert time.monotonic() - began < 0.3
    waiting.join()
    assert ix.searcher().search(SearchRequest(q="ha noi")).total == 2


def test_identity_differs_between_indexes_and_survives_reopening(tmp_path: Path) -> None:
    a = ArchiveIndex.open(tmp_path / "a", create=True)
    b = ArchiveIndex.open(tmp_path / "b", create=True)
    assert a.identity != b.identity
    assert ArchiveIndex.open(tmp_path / "a").identity == a.identity


def test_large_batch_is_written_in_parallel_all_or_nothing(ix: ArchiveIndex, monkeypatch) -> None:
    from index.parallel import PARALLEL_MIN_DOCS

    monkeypatch.setenv("ARCHIVE_WRITER_PROCS", "2")
    batch = [article(i) for i in range(PARALLEL_MIN_DOCS + 50)]
    assert len(ix.write_batch(batch).added) == len(batch)
    assert ix.searcher().search(SearchRequest(q="ha noi")).total == len(batch)
    again = ix.write_batch([article(i, body="Bản sửa về Hà Nội") for i in range(PARALLEL_MIN_DOCS + 50)])
    assert len(again.updated) == len(batch)
    assert ix.doc_count() == len(batch)
    assert ix.searcher().search(SearchRequest(q="ban sua")).total == len(batch)


def test_a_lost_writer_process_fails_the_batch(ix: ArchiveIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    from index import parallel

    monkeypatch.setenv("ARCHIVE_WRITER_PROCS", "2")
    ix.write_batch([article(0)])
    monkeypatch.setattr(parallel, "_RESULT_TIMEOUT_S", 0.5)
    monkeypatch.setattr(parallel._SubWriter, "run", lambda self: None)   # dies without a segment
    with pytest.raises(RuntimeError, match="not committed"):
        ix.write_batch([article(i) for i in range(1, parallel.PARALLEL_MIN_DOCS + 1)])
    assert ix.doc_count() == 1
    assert ix.write_batch([article(7)], timeout=1).added == ["a7"]     # and the lock is free


def test_word_documents_count_live_articles_only_after_rewrites(ix: ArchiveIndex) -> None:
    ix.write_batch([article(i, body="Tập đoàn Zentrix công bố kết quả") for i in range(3)])
    ix.write_batch([article(i, body="Tập đoàn Zentrix sửa lại kết quả") for i in range(2)])   # old versions deleted
    assert ix.doc_count() == 3
    assert ix.registry().documents_with(["Zentrix", "sửa"]) == {"Zentrix": 3, "sửa": 2}
