"""Re-extraction benchmark: `ingest reextract` against the first ingest of the same articles.

    .venv/bin/python bench/reextract.py [--limit 5000]

Into a fresh folder under bench/work/reextract/, in child processes, one after the other:

1. "ingest": the real `python -m ingest --index DIR -q --no-quarantine SUBSET` on the nested seeded
   subset of the shared corpus (bench/_corpus.py), with the command's own choice of workers;
2. "reextract_same": `ingest reextract` with the extractor that built the index (every article read
   and extracted again, almost none written);
3. "reextract_noop": the same command again (the checkpoint says the pass is done: nothing to do);
4. (untimed) every article rewritten with its extracted fields emptied, as if an extractor that found
   nothing had built the index;
5. "reextract_all": `ingest reextract --from-start`: every article gets its metadata back and is
   rewritten (the worst case: each batch rewrites all its articles).

Reported: wall time, CPU time, articles/s, and the ratio of each reextract to the ingest (below 1 means
re-extraction is faster than the first ingest). The last output line is one JSON object.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / "work" / "reextract"
_EMPTIED = {"officials": (), "organizations": (), "places": (), "topics": ()}


def _bench_ingest():  # noqa: ANN202 - the module bench/ingest.py (its name clashes with the ingest package)
    spec = importlib.util.spec_from_file_location("bench_ingest", BENCH / "ingest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def empty_extracted(folder: Path, batch_size: int = 1000) -> None:
    """Child-process entry: rewrite every stored article with officials, organizations, places and topics empty."""
    sys.path.insert(0, str(REPO))
    from index import ArchiveIndex

    ix = ArchiveIndex.open(folder)
    ids = ix.article_ids()
    for begin in range(0, len(ids), batch_size):
        stored = ix.get_articles(ids[begin:begin + batch_size]).values()
        ix.write_batch([dataclasses.replace(a, **_EMPTIED) for a in stored], timeout=60,
                       rewrite_of=ix.content_hashes(a.id for a in stored))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; the last line printed is the JSON result."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=5000, help="nested seeded subset of N records")
    parser.add_argument("--empty-extracted", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.empty_extracted:
        empty_extracted(Path(args.empty_extracted))
        return 0
    bench_ingest = _bench_ingest()
    source, count = bench_ingest.corpus_file(args.limit)
    folder = WORK / "index"
    subprocess.run(["rm", "-rf", str(folder), str(WORK / "index.reextract.json")], check=True)
    WORK.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "ingest"]
    reextract = [*command, "reextract", "--index", str(folder), "-q"]
    results: dict[str, object] = {"articles": count}

    def timed(name: str, argv_: list[str]) -> dict[str, object]:
        result = bench_ingest.measure(argv_)
        result["articles_per_s"] = round(count / result["seconds"], 1)
        results[name] = result
        print(f"{name}: {result['seconds']} s (CPU {result['cpu_seconds']} s) = {result['articles_per_s']}/s; "
              f"{result['output']}")
        return result

    first = timed("ingest", [*command, "--index", str(folder), "-q", "--no-quarantine", str(source)])
    for name, extra in (("reextract_same", []), ("reextract_noop", [])):
        timed(name, [*reextract, *extra])
    subprocess.run([sys.executable, __file__, "--empty-extracted", str(folder)], cwd=REPO, check=True)
    timed("reextract_all", [*reextract, "--from-start"])
    for name in ("reextract_same", "reextract_noop", "reextract_all"):
        run = results[name]
        results[f"ratio_{name}_over_ingest"] = {"wall": round(run["seconds"] / first["seconds"], 3),
                                                "cpu": round(run["cpu_seconds"] / first["cpu_seconds"], 3)}
        print(f"{name} / ingest: wall {results[f'ratio_{name}_over_ingest']['wall']}, "
              f"CPU {results[f'ratio_{name}_over_ingest']['cpu']}")
    print(json.dumps(results, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
