"""Incremental ingest: the rate of one batch into an empty index against the same batch into a big one.

    .venv/bin/python bench/incremental.py [--base bench/work/full-index] [--batch 5000] [--workers 0] [--copy 1]

The batch is copy `--copy` (bench/scale.py's `perturb`: new ids, ≈3 % of body words swapped, numbers shifted)
of the first `--batch` records (a base that bench/scale.py grew to N× already holds copies 1…N-1:
give `--copy N`) of the nested seeded subset (bench/_corpus.py), written to one JSON Lines
file. The real command `python -m ingest --index DIR --workers W -q --no-quarantine FILE` ingests it, in
this order, into

1. a fresh empty index ("empty");
2. a copy of `--base` (an index the real ingest built, e.g. the full corpus: `ingest add --index
   bench/work/full-index ../shared/corpus/articles.jsonl.gz ../shared/seed/`), copied under
   bench/work/incremental/ so the base is never written ("base").

The copies are reprints of articles the base holds, so in the base they also join those stories (the
work a real reprint batch brings). Reported per step: wall time, CPU time of the ingest process tree
(getrusage of the children: less sensitive than wall time to other jobs on a shared machine), the seconds of
the wall time the command spent writing the new generation's search columns (its --report), articles/s
by all three (the last without the columns step), and the ratio base / empty of the rates (the issue-13
goal: ≥ 0.80). The last line is a JSON object.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from _corpus import load_records  # noqa: E402
from scale import live_count, write_copies  # noqa: E402

WORK = BENCH / "work" / "incremental"


def timed_ingest(index_dir: Path, source: Path, workers: int) -> dict[str, float]:
    """Run the real ingest command on `source`; wall and CPU seconds of its process tree, and the part of
    the wall time spent writing the new generation's search columns (from the command's --report)."""
    report = source.with_suffix(".report.json")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "ingest", "--index", str(index_dir), "--workers", str(workers),
                    "-q", "--no-quarantine", "--report", str(report), str(source)],
                   cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    columns = json.loads(report.read_text(encoding="utf-8"))["columns_s"] or 0.0
    return {"wall_s": round(wall, 1), "cpu_s": round(cpu, 1), "columns_s": round(columns, 1)}


def step(name: str, index_dir: Path, source: Path, articles: int, workers: int) -> dict[str, float]:
    """One ingest of the batch into `index_dir`, with its rates; prints a line."""
    start_count = live_count(index_dir) if index_dir.exists() else 0
    times = timed_ingest(index_dir, source, workers)
    added = live_count(index_dir) - start_count
    if added != articles:
        raise SystemExit(f"{name}: {added} articles added, expected {articles}")
    row = {"index_before": start_count, **times, "per_s_wall": round(articles / times["wall_s"], 1),
           "per_s_cpu": round(articles / times["cpu_s"], 1),
           "per_s_wall_without_columns": round(articles / (times["wall_s"] - times["columns_s"]), 1)}
    print(f"{name:>6}: into {start_count:>7,} articles: {times['wall_s']:7.1f} s wall ({times['columns_s']:.1f} s of it "
          f"search columns), {times['cpu_s']:7.1f} s CPU, {row['per_s_wall']:6.1f} articles/s (wall), "
          f"{row['per_s_cpu']:6.1f} (CPU), {row['per_s_wall_without_columns']:6.1f} (wall without the columns)",
          flush=True)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", type=Path, default=BENCH / "work" / "full-index")
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=0, help="ingest --workers (0: extraction in the writer)")
    parser.add_argument("--copy", type=int, default=1, help="which perturbed copy the batch is (new to the base)")
    args = parser.parse_args(argv)
    if not (args.base / "archive.json").exists():
        raise SystemExit(f"{args.base} is not an archive index; build it with `ingest add --index {args.base} …`")
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    source = WORK / "batch.jsonl"
    articles = write_copies(load_records(args.batch), range(args.copy, args.copy + 1), source)
    rows = {"empty": step("empty", WORK / "empty", source, articles, args.workers)}
    shutil.copytree(args.base, WORK / "base", ignore=shutil.ignore_patterns("MAIN_WRITELOCK"))
    rows["base"] = step("base", WORK / "base", source, articles, args.workers)
    ratios = {k: round(rows["base"][k] / rows["empty"][k], 2)
              for k in ("per_s_wall", "per_s_cpu", "per_s_wall_without_columns")}
    print(f"rate into the base / into an empty index: {ratios['per_s_wall']:.2f} (wall), "
          f"{ratios['per_s_cpu']:.2f} (CPU), {ratios['per_s_wall_without_columns']:.2f} (wall without the columns)")
    print(json.dumps({"batch": articles, "copy": args.copy, "workers": args.workers, **rows, "ratio": ratios}))
    shutil.rmtree(WORK / "base")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
