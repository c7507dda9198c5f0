"""`ingest reextract` (issue 11, deliverable 5): a changed extractor reaches every stored article; fields
the source gave are kept; withdrawals stay; a second run is a no-op; a run killed with SIGKILL resumes
and ends where an uninterrupted run ends, and the index is never half-written."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

import ingest.extract
import ingest.extract.bylines
import ingest.extract.dates
from index import LOCAL_TZ, ArchiveIndex, Article, SearchRequest
from ingest.checkpoint import checkpoint_path, load_checkpoint
from ingest.cli import cli
from ingest.extract.dates import DateFinding
from ingest.extract.given import GIVEN_KEY
from ingest.pipeline import ingest_paths
from ingest.reextract import reextract_index

REPO = Path(__file__).resolve().parents[1]
NEW_TOPIC = "Chủ đề mới"


def record(i: int, **changes: object) -> dict[str, object]:
    """A short invented news record (every field the corpus schema has)."""
    rec: dict[str, object] = {
        "id": f"rx-{i:03d}", "title": f"Hội chợ nông sản lần thứ {i} khai mạc",
        "url": f"https://baothu.example/hoi-cho-{i}.html", "source": "Báo Thử",
        "published": f"2022-0{1 + i % 9}-1{i % 10}", "author": "Lê Thu Hà", "category": "Kinh tế", "tags": [],
        "body": f"Hội chợ nông sản lần thứ {i} khai mạc sáng nay với {20 + i} gian hàng của các hợp tác xã.\n\n"
                f"Ban tổ chức cho biết hội chợ kéo dài ba ngày và mở cửa miễn phí.",
    }
    rec.update(changes)
    return rec


def write_records(path: Path, records: list[dict[str, object]]) -> Path:
    """`records` as a JSON Lines file at `path`."""
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def build_index(folder: Path, records: list[dict[str, object]]) -> ArchiveIndex:
    """An index holding `records`, ingested by the real pipeline."""
    data = write_records(folder.parent / f"{folder.name}.jsonl", records)
    ix = ArchiveIndex.open(folder, create=True)
    report = ingest_paths([data], ix)
    assert report.exit_code == 0 and report.totals["added"] == len(records)
    return ix


def everything(ix: ArchiveIndex) -> dict[str, Article]:
    return ix.get_articles(ix.article_ids())


@pytest.fixture()
def new_topics(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Installs a new extractor version: the topic classifier then answers NEW_TOPIC for everything."""
    return lambda: monkeypatch.setattr(ingest.extract, "topics_for", lambda category, title, body: (NEW_TOPIC,))


def test_a_changed_extraction_reaches_every_article(tmp_path: Path, new_topics: Callable[[], None]) -> None:
    ix = build_index(tmp_path / "ix", [record(i) for i in range(7)])
    assert all(NEW_TOPIC not in a.topics for a in everything(ix).values())
    new_topics()
    report = reextract_index(ix, tmp_path / "ckpt.json", version="v2", batch_size=3)
    assert (report.examined, report.updated, report.unchanged, report.exit_code) == (7, 7, 0, 0)
    assert report.fields == {"topics": 7}
    assert all(a.topics == (NEW_TOPIC,) for a in everything(ix).values())
    found = ix.searcher().search(SearchRequest(filters={"topic": [NEW_TOPIC]}))
    assert found.total == 7 and {v.value for v in found.facets["topic"]} == {NEW_TOPIC}


def test_source_given_fields_are_kept_and_extracted_ones_recomputed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, new_topics: Callable[[], None]) -> None:
    given = record(1)
    extracted = record(2, source=None, author=None, published=None,
                       body="Ngày 8/6/2010, hội chợ nông sản khai mạc với 30 gian hàng.\n\nMinh Châu")
    ix = build_index(tmp_path / "ix", [given, extracted])
    # An article stored before the given-fields marker existed: its source and authors are kept.
    ix.write_batch([Article(id="rx-legacy", body="Bài viết cũ về hội chợ nông sản.", source="Báo Cũ",
                            authors=("Trần Văn Ba",), topics=("Cũ",))])
    before = everything(ix)
    assert before["rx-002"].published_how == "text" and before["rx-002"].source is not None
    assert before["rx-001"].provenance[GIVEN_KEY] == "source,authors"
    assert GIVEN_KEY not in before["rx-legacy"].provenance

    new_date = datetime(2001, 2, 3, tzinfo=LOCAL_TZ)
    monkeypatch.setattr(ingest.extract, "source_from_lead", lambda body: "Nguồn Mới")
    monkeypatch.setattr(ingest.extract, "source_from_url", lambda url: "Nguồn Mới")
    monkeypatch.setattr(ingest.extract.bylines, "find_byline", lambda body: ("Tác Giả Mới", 0))
    monkeypatch.setattr(ingest.extract.dates, "date_from_text",
                        lambda body, title: DateFinding(new_date, "text", "ngày 3/2/2001"))
    new_topics()
    report = reextract_index(ix, tmp_path / "ckpt.json", version="v2")
    assert report.updated == 3 and report.exit_code == 0
    after = everything(ix)

    kept = after["rx-001"]
    assert (kept.source, kept.authors) == ("Báo Thử", ("Lê Thu Hà",))
    assert (kept.published, kept.published_how) == (before["rx-001"].published, "source")
    assert kept.published_evidence == before["rx-001"].published_evidence
    redone = after["rx-002"]
    assert (redone.source, redone.authors) == ("Nguồn Mới", ("Tác Giả Mới",))
    assert (redone.published, redone.published_how, redone.published_evidence) == (new_date, "text", "ngày 3/2/2001")
    assert redone.provenance[GIVEN_KEY] == ""
    legacy = after["rx-legacy"]
    assert (legacy.source, legacy.authors, legacy.topics) == ("Báo Cũ", ("Trần Văn Ba",), (NEW_TOPIC,))
    assert all(a.topics == (NEW_TOPIC,) for a in after.values())
    for article in after.values():            # everything else is as stored
        assert (article.body, article.title, article.tags, article.category) == \
               (before[article.id].body, before[article.id].title, before[article.id].tags,
                before[article.id].category)


def test_withdrawn_stays_withdrawn_and_ingest_times_are_kept(tmp_path: Path, new_topics: Callable[[], None]) -> None:
    ix = build_index(tmp_path / "ix", [record(i) for i in range(4)])
    stone = ix.withdraw("rx-002", "Yêu cầu của tòa soạn")
    ingested = {i: ix.searcher().get(i).ingested_at for i in ix.article_ids()}
    new_topics()
    report = reextract_index(ix, tmp_path / "ckpt.json", version="v2")
    assert report.updated == 4
    assert ix.doc_count() == 3
    after = ix.tombstone("rx-002")
    assert (after.reason, after.date) == (stone.reason, stone.date)
    assert ix.get_article("rx-002").topics == (NEW_TOPIC,)
    searcher = ix.searcher()
    assert "rx-002" not in {h.id for h in searcher.search(SearchRequest(q="hội chợ")).hits}
    assert searcher.get("rx-002").withdrawn
    assert {i: searcher.get(i).ingested_at for i in ix.article_ids()} == ingested


def test_a_finished_pass_is_a_noop_until_the_extractor_changes(tmp_path: Path, new_topics: Callable[[], None]) -> None:
    ix = build_index(tmp_path / "ix", [record(i) for i in range(5)])
    ckpt = tmp_path / "ckpt.json"
    first = reextract_index(ix, ckpt, version="v1")
    assert first.examined == 5 and first.updated == 0 and load_checkpoint(ckpt).finished
    generation = ix.generation()
    again = reextract_index(ix, ckpt, version="v1")
    assert again.up_to_date and again.examined == 0 and again.exit_code == 0
    redo = reextract_index(ix, ckpt, version="v1", from_start=True)
    assert (redo.examined, redo.updated, redo.unchanged) == (5, 0, 5)
    assert ix.generation() == generation      # nothing was rewritten

    new_topics()
    changed = reextract_index(ix, ckpt, version="v2")
    assert (changed.examined, changed.updated) == (5, 5) and ix.generation() != generation
    assert reextract_index(ix, ckpt, version="v2").up_to_date


def test_dry_run_counts_what_would_change_and_writes_nothing(tmp_path: Path, new_topics: Callable[[], None]) -> None:
    ix = build_index(tmp_path / "ix", [record(i) for i in range(3)])
    new_topics()
    generation, ckpt = ix.generation(), tmp_path / "ckpt.json"
    report = reextract_index(ix, ckpt, version="v2", dry_run=True)
    assert (report.examined, report.updated) == (3, 3) and report.fields == {"topics": 3}
    assert ix.generation() == generation and not ckpt.exists()
    assert all(a.topics != (NEW_TOPIC,) for a in everything(ix).values())


def test_cli_reports_failed_articles_and_exit_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_index(tmp_path / "ix", [record(i) for i in range(3)])

    def topics(category: str | None, title: str | None, body: str) -> tuple[str, ...]:
        if "lần thứ 1 " in (title or "") + " ":
            raise RuntimeError("bộ phân loại hỏng")
        return (NEW_TOPIC,)

    monkeypatch.setattr(ingest.extract, "topics_for", topics)
    report_file = tmp_path / "report.json"
    out = CliRunner().invoke(cli, ["reextract", "--index", str(tmp_path / "ix"), "-q", "--report", str(report_file)])
    assert out.exit_code == 1, out.output
    assert "2 updated" in out.output and "1 failed" in out.output
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert report["failed"] == [{"id": "rx-001", "reason": "RuntimeError: bộ phân loại hỏng"}]
    assert checkpoint_path(tmp_path / "ix").exists()
    ix = ArchiveIndex.open(tmp_path / "ix")
    assert ix.get_article("rx-001").topics != (NEW_TOPIC,) and ix.get_article("rx-002").topics == (NEW_TOPIC,)
    missing = CliRunner().invoke(cli, ["reextract", "--index", str(tmp_path / "none"), "-q"])
    assert missing.exit_code == 2 and "no index" in missing.output


# A child that runs the real command with a slowed extractor (each topic decision takes 0.15 s), so that
# the parent can kill it between batches.
_SLOW_CHILD = """
import sys, time
import ingest.extract
real = ingest.extract.topics_for
def slow(*args):
    time.sleep(0.15)
    return real(*args)
ingest.extract.topics_for = slow
from ingest.cli import cli
cli(["reextract", "--index", sys.argv[1], "--batch-size", sys.argv[2], "-q"], prog_name="ingest")
"""


def test_killed_run_resumes_and_ends_like_an_uninterrupted_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    batch, count = 4, 20
    with monkeypatch.context() as stale:        # an index built by an older extractor
        stale.setattr(ingest.extract, "topics_for", lambda category, title, body: ("Cũ",))
        build_index(tmp_path / "ix", [record(i) for i in range(count)])
    shutil.copytree(tmp_path / "ix", tmp_path / "reference")
    reference = ArchiveIndex.open(tmp_path / "reference")
    assert reextract_index(reference, checkpoint_path(tmp_path / "reference")).updated == count
    expected = everything(reference)

    ckpt = checkpoint_path(tmp_path / "ix")
    child = subprocess.Popen([sys.executable, "-c", _SLOW_CHILD, str(tmp_path / "ix"), str(batch)], cwd=REPO,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not ckpt.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(child.pid, signal.SIGKILL)
    _, err = child.communicate()
    assert child.returncode == -signal.SIGKILL, err.decode()

    ix = ArchiveIndex.open(tmp_path / "ix")
    ids = ix.article_ids()
    state = load_checkpoint(ckpt)
    assert state is not None and not state.finished
    stored = everything(ix)
    done = [i for i in ids if stored[i] == expected[i]]
    assert all(stored[i].topics == ("Cũ",) for i in ids if i not in done)    # the rest untouched, whole
    assert done == ids[:len(done)] and len(done) % batch == 0 and 0 < len(done) < count   # whole batches, in order
    assert len(done) - batch <= ids.index(state.last_id) + 1 <= len(done)    # at most one batch behind the index

    report = reextract_index(ix, ckpt)
    assert report.resumed_after == state.last_id and report.examined == count - ids.index(state.last_id) - 1
    assert everything(ix) == expected and load_checkpoint(ckpt).finished
    assert ix.doc_count() == reference.doc_count() == count


def test_an_article_another_writer_changes_during_the_pass_keeps_that_writers_version(tmp_path: Path) -> None:
    ix = build_index(tmp_path / "ix", [record(i) for i in range(3)])
    other = ArchiveIndex.open(tmp_path / "ix")           # a concurrent `ingest add`, between read and write
    fresh = record(1, body="Hội chợ nông sản lần thứ 1 được hoãn vì mưa bão.")

    def extract(article: Article) -> Article:
        if article.id == "rx-001":
            assert ingest_paths([write_records(tmp_path / "fresh.jsonl", [fresh])], other).totals["updated"] == 1
        return replace(ingest.extract.enrich(article), topics=(NEW_TOPIC,))

    report = reextract_index(ix, tmp_path / "ckpt.json", extract=extract, version="v2")
    assert report.changed_meanwhile == ["rx-001"] and report.updated == 2
    assert ix.get_article("rx-001").body == fresh["body"] and ix.get_article("rx-001").topics != (NEW_TOPIC,)
    assert ix.get_article("rx-002").topics == (NEW_TOPIC,)
