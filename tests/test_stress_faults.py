"""Faults inside one writing process: an I/O error at the commit point, a seeded `random` module.

A long-running process (the web server's admin upload, a resumed ingest) must survive a failed
commit: the index keeps its last generation and the next write goes through.
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage

from index import ArchiveIndex, Article


def article(i: int) -> Article:
    return Article(id=f"f-{i}", title=f"Tin thử {i}", body=f"Nội dung bài số {i} về mùa lễ hội ở Huế.")


def io_error(*_args: object, **_kwargs: object) -> None:
    """A disk that fails: what FileStorage.rename_file raises in these tests."""
    raise OSError(5, "Input/output error")


@pytest.fixture()
def ix(tmp_path: Path) -> ArchiveIndex:
    index = ArchiveIndex.open(tmp_path / "index", create=True)
    index.write_batch([article(1)])
    yield index
    index.close()


def test_a_failed_commit_releases_the_write_lock(ix: ArchiveIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(FileStorage, "rename_file", io_error)      # the TOC rename is the commit point
        with pytest.raises(OSError) as failure:
            ix.write_batch([article(2)])
    assert failure.value.errno == 5                  # kept alive, as an error log or report would
    assert ix.doc_count() == 1 and ix.get_article("f-2") is None
    ix.write_batch([article(3)], timeout=2)
    assert ix.doc_count() == 2


def test_a_failed_commit_keeps_the_last_generation(ix: ArchiveIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    generation = ix.generation()

    monkeypatch.setattr(FileStorage, "rename_file", io_error)
    with pytest.raises(OSError):
        ix.write_batch([article(2), article(3)])
    reopened = ArchiveIndex.open(ix.path)
    assert reopened.generation() == generation and reopened.doc_count() == 1
    assert reopened.get_article("f-2") is None
    reopened.close()


def test_writes_do_not_depend_on_the_global_random_state(ix: ArchiveIndex) -> None:
    random.seed(7)
    ix.write_batch([article(2)])
    random.seed(7)
    ix.write_batch([article(3)])
    assert ix.doc_count() == 3
