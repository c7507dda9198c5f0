"""The `ingest` command: --if-empty, --dry-run, --index/$ARCHIVE_INDEX, withdraw/restore, exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from index import ArchiveIndex
from ingest.cli import cli
from ingest.progress import ProgressPrinter
from test_ingest_bad_input import jsonl, record


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    path = tmp_path / "a.jsonl"
    path.write_bytes(jsonl([record(1), record(2)]))
    return path


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_if_empty_ingests_once_then_skips(tmp_path: Path, data: Path) -> None:
    index_dir = tmp_path / "ix"
    first = run("--if-empty", "--index", str(index_dir), "-q", str(data))
    assert first.exit_code == 0 and "2 added" in first.output
    data.write_bytes(jsonl([record(3)]))
    second = run("--if-empty", "--index", str(index_dir), "-q", str(data))
    assert second.exit_code == 0
    assert "already holds 2 articles; skipping (--if-empty)" in second.output
    assert ArchiveIndex.open(index_dir).doc_count() == 2


def test_index_from_environment_and_dry_run(tmp_path: Path, data: Path) -> None:
    index_dir = tmp_path / "env-ix"
    dry = run("--dry-run", "-q", str(data), env={"ARCHIVE_INDEX": str(index_dir)})
    assert dry.exit_code == 0 and "2 would be added" in dry.output
    assert not index_dir.exists()
    real = run("-q", str(data), env={"ARCHIVE_INDEX": str(index_dir)})
    assert real.exit_code == 0
    assert ArchiveIndex.open(index_dir).doc_count() == 2


def test_withdraw_and_restore(tmp_path: Path, data: Path) -> None:
    index_dir = tmp_path / "ix"
    run("--index", str(index_dir), "-q", str(data))
    out = run("withdraw", "bad-001", "--reason", "Yêu cầu gỡ bài của tòa soạn", "--index", str(index_dir))
    assert out.exit_code == 0 and "withdrew bad-001" in out.output
    ix = ArchiveIndex.open(index_dir)
    assert ix.doc_count() == 1
    stone = ix.tombstone("bad-001")
    assert stone.reason == "Yêu cầu gỡ bài của tòa soạn" and stone.date is not None
    # re-ingesting the same input does not bring it back
    again = run("--index", str(index_dir), "-q", str(data))
    assert again.exit_code == 0 and ArchiveIndex.open(index_dir).doc_count() == 1
    assert run("restore", "bad-001", "--index", str(index_dir)).exit_code == 0
    assert ArchiveIndex.open(index_dir).doc_count() == 2
    missing = run("withdraw", "no-such-id", "--reason", "x", "--index", str(index_dir))
    assert missing.exit_code == 2 and "no-such-id" in missing.output


def test_nothing_can_be_done_exits_2(tmp_path: Path, data: Path) -> None:
    foreign = tmp_path / "not-an-index"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine", encoding="utf-8")
    bad_index = run("--index", str(foreign), "-q", str(data))
    assert bad_index.exit_code == 2 and "is not an archive index" in bad_index.output
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "mine"
    no_input = run("--index", str(tmp_path / "ix"), "-q", str(tmp_path / "missing.jsonl"))
    assert no_input.exit_code == 2 and "no such file or directory" in no_input.output
    assert run("--index", str(tmp_path / "ix")).exit_code == 2       # no PATH at all


def test_progress_lines_when_not_a_terminal(tmp_path: Path, data: Path) -> None:
    import io

    stream = io.StringIO()
    printer = ProgressPrinter(stream, interval=0)
    printer(10, 50, 100)
    printer(20, 100, 100)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("ingest: 10 items, 50% of input read,") and "items/s, ETA" in lines[0]
    assert "100% of input read" in lines[1] and lines[1].endswith("ETA 0:00:00")


def test_progress_bar_on_a_terminal() -> None:
    import io

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    printer = ProgressPrinter(stream, interval=0, width=10)
    printer(500, 25, 100)
    printer.close()
    text = stream.getvalue()
    assert text.startswith("\r\x1b[2K[##--------]  25% 500 items ") and "/s ETA 0:00:" in text
    assert text.endswith("\n")
