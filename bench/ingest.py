"""Ingest benchmark: the `ingest` command on the shared corpus vs stock Whoosh on the same records.

    .venv/bin/python bench/ingest.py [--limit N] [--workers W] [--batch-size 4000] [--order stock-first] [--rerun]

Both systems run in their own child process, one after the other, in the same run, each into a
fresh folder under bench/work/ingest/. For each: wall time, articles/s, CPU time (user + system of
the whole process tree, from getrusage), peak RSS (summed over the tree, sampled every 0.1 s from
/proc) and index size on disk.

- "archive": `python -m ingest --index DIR [--workers W] --batch-size B -q --no-quarantine CORPUS`,
  the real command: reading, hygiene, metadata extraction, classification and atomic batches.
- "whoosh": the stock Whoosh peer of bench/relevance.py (`peers/whoosh_stock.py`: StandardAnalyzer
  title/body, sortable facet columns, `procs=2, limitmb=512, multisegment=True`) fed the same
  records already parsed, in one writer (its fastest setting; no hygiene, no extraction).

With `--rerun`, the archive command then runs a second time on its filled index (every article must
come out "unchanged" and nothing is written).

The last output line is one JSON object with both results and the ratios stock/ours of wall time
and of CPU time (above 1 means we are faster).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from _corpus import CORPUS, load_records  # noqa: E402

WORK = BENCH / "work" / "ingest"


def _tree_rss_kib(root: int) -> int:
    """Resident memory of a process and all its descendants, in KiB (0 once it has exited)."""
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/status") as fh:
                total += next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as fh:
                    stack.extend(int(child) for child in fh.read().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def measure(command: list[str]) -> dict[str, float]:
    """Run `command`; return its wall time, CPU time (user + system, whole process tree) and peak
    tree RSS; raise if it fails. CPU time is the figure to compare when other jobs share the cores."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    proc = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss_kib(proc.pid))
        time.sleep(0.1)
    elapsed = time.monotonic() - start
    out, err = proc.communicate()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{command[:3]} failed ({proc.returncode}):\n{out}\n{err}")
    return {"seconds": round(elapsed, 2), "cpu_seconds": round(cpu, 1), "peak_rss_mib": round(peak / 1024, 1),
            "output": out.strip().splitlines()[-1:]}


def dir_size_mb(path: Path) -> float:
    """Size of the files under `path`, in MB."""
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6, 1)


def corpus_file(limit: int | None) -> tuple[Path, int]:
    """The corpus itself, or its nested seeded subset of `limit` records written as .jsonl.gz."""
    records = load_records(limit)
    if limit is None:
        return CORPUS, len(records)
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"subset-{limit}.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path, len(records)


def stock_child(limit: int | None, folder: str) -> None:
    """Child-process entry: build the stock Whoosh index of the same records."""
    from peers.whoosh_stock import WhooshStock

    records = load_records(limit)
    WhooshStock(Path(folder)).build(records, batch_size=len(records))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; the last line printed is the JSON result."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="nested seeded subset of N records (default: all)")
    parser.add_argument("--workers", type=int, default=None, help="default: the ingest command's own choice")
    parser.add_argument("--batch-size", type=int, default=4000)
    parser.add_argument("--skip-stock", action="store_true", help="only measure the archive")
    parser.add_argument("--rerun", action="store_true", help="then run the archive command again (idempotence)")
    parser.add_argument("--order", choices=["archive-first", "stock-first"], default="archive-first",
                        help="which system runs first (alternate it between runs: the VM's load drifts)")
    parser.add_argument("--stock-child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stock_child:
        stock_child(args.limit, args.stock_child)
        return 0

    source, count = corpus_file(args.limit)
    ours_dir, stock_dir = WORK / "archive-index", WORK / "stock-index"
    for folder in (ours_dir, stock_dir):
        subprocess.run(["rm", "-rf", str(folder)], check=True)
    results: dict[str, object] = {"articles": count, "workers": args.workers, "batch_size": args.batch_size,
                                  "cpus": os.cpu_count(), "order": args.order}
    workers = [] if args.workers is None else ["--workers", str(args.workers)]
    commands = {
        "archive": ([sys.executable, "-m", "ingest", "--index", str(ours_dir), *workers, "--batch-size",
                     str(args.batch_size), "-q", "--no-quarantine", str(source)], ours_dir),
        "whoosh": ([sys.executable, str(Path(__file__).resolve()), "--stock-child", str(stock_dir),
                    *([] if args.limit is None else ["--limit", str(args.limit)])], stock_dir),
    }
    names = ["archive"] if args.skip_stock else ["archive", "whoosh"]
    for name in names if args.order == "archive-first" else names[::-1]:
        command, folder = commands[name]
        result = measure(command)
        result.update(articles_per_s=round(count / result["seconds"], 1), index_mb=dir_size_mb(folder))
        results[name] = result
        print(f"{name}: {count:,} articles in {result['seconds']} s (CPU {result['cpu_seconds']} s) = "
              f"{result['articles_per_s']}/s, peak RSS {result['peak_rss_mib']} MiB, index {result['index_mb']} MB")
    if args.rerun:      # the same command again on the filled index: everything must be "unchanged"
        command, folder = commands["archive"]
        result = measure(command)
        result.update(articles_per_s=round(count / result["seconds"], 1), index_mb=dir_size_mb(folder))
        results["archive_rerun"] = result
        print(f"archive re-run: {result['seconds']} s (CPU {result['cpu_seconds']} s), {result['output']}")
    if not args.skip_stock:
        ours, stock = results["archive"], results["whoosh"]
        results["ratio_stock_time_over_ours"] = round(stock["seconds"] / ours["seconds"], 2)
        results["ratio_stock_cpu_over_ours"] = round(stock["cpu_seconds"] / ours["cpu_seconds"], 2)
        print(f"ratio stock/ours: wall {results['ratio_stock_time_over_ours']}, CPU {results['ratio_stock_cpu_over_ours']}")
    print(json.dumps(results, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
