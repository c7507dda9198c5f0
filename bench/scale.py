"""Cost curve at 1×, 3× and 10× the shared corpus: ingest rate, index size, search + facets latency, RSS.

    .venv/bin/python bench/scale.py [--factors 1,3,10] [--limit N] [--workers 2] [--queries 400]
                                    [--budget-min 40] [--svg docs/scale.svg]

Copy 0 is the corpus itself; copy c ≥ 1 of every record gets the id `<id>-x<c>` and lightly perturbed
text (about 3 % of the body's words swapped with a neighbour, numbers shifted, the title's first two
words swapped), so copies are new articles and never body-duplicates. Each size is built from scratch
under bench/work/scale/ (the rebuild path: all its copies in one file, one run of the real command
`python -m ingest --index DIR --workers W -q --no-quarantine FILE`); with --incremental one index
grows instead, each step ingesting only the missing copies; with --base DIR as well, that index starts as a
copy of DIR (an index the real ingest built from the corpus once: the 1× step is then measured, not
ingested). Each size then measures:

- ingest: wall time and articles/s of that step;
- index bytes per article (`du` of the folder / live articles);
- search + facets: the real server (`python -m search_app --index DIR`, one process) answers a fixed
  mix of `/api/search` requests (queries from bench/queries/dev.jsonl, one in three with a facet
  filter, facets computed on every request), one client, after a warm-up; p50/p95 of the HTTP time;
- server RSS (VmRSS after the mix, VmHWM peak) and the time until the server first answers.

A step whose ingest is projected (from the last measured articles/s) to exceed the remaining
`--budget-min` is not run; it is reported as skipped with the projection. The baseline is the 1× step
of the same run: every later figure is also given as a ratio to it. The last line is a JSON object.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from _corpus import iter_records

WORK = BENCH / "work" / "scale"
DEV_QUERIES = BENCH / "queries" / "dev.jsonl"
_NUMBER = re.compile(r"\d+")


def perturb(record: dict, copy: int) -> dict:
    """Copy `copy` of a record: new id, lightly perturbed title and body (deterministic)."""
    rng = random.Random(f"{record['id']}:{copy}")
    out = dict(record, id=f"{record['id']}-x{copy}")
    words = (record.get("body") or "").split(" ")
    for _ in range(max(1, len(words) // 33)):
        i = rng.randrange(max(len(words) - 1, 1))
        if i + 1 < len(words) and "\n" not in words[i] + words[i + 1]:
            words[i], words[i + 1] = words[i + 1], words[i]
    body = " ".join(words)
    out["body"] = _NUMBER.sub(lambda m: str(int(m.group()) + copy) if len(m.group()) < 6 else m.group(), body)
    if out["body"] == record.get("body"):
        out["body"] = f"{body}\n\nBản cập nhật {copy}."
    title = (record.get("title") or "").split(" ")
    if len(title) > 2:
        title[0], title[1] = title[1], title[0]
        out["title"] = " ".join(title)
    return out


def write_copies(records: list[dict], copies: range, path: Path) -> int:
    """Write the given copies of every record to one JSON Lines file; returns the article count."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for copy in copies:
            for record in records:
                out.write(json.dumps(record if copy == 0 else perturb(record, copy), ensure_ascii=False) + "\n")
                count += 1
    return count


def dir_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def proc_kib(pid: int, field: str) -> int:
    """VmRSS / VmHWM of a process in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def request_mix(count: int, rng: random.Random) -> list[str]:
    """A fixed list of /api/search URLs: dev queries, a third with a facet filter."""
    queries = [json.loads(line)["q"] for line in DEV_QUERIES.read_text(encoding="utf-8").splitlines() if line]
    facets = [("source", "VnExpress"), ("source", "Tuổi Trẻ"), ("year", "2020"), ("topic", "Thể thao"),
              ("topic", "Kinh tế"), ("not_topic", "Xã hội")]
    urls = []
    for _ in range(count):
        params = [("q", rng.choice(queries)), ("size", "20")]
        if rng.random() < 1 / 3:
            params.append(rng.choice(facets))
        urls.append("/api/search?" + urllib.parse.urlencode(params))
    return urls


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure_server(index_dir: Path, urls: list[str]) -> dict[str, float]:
    """Start the server on the index, time the request mix, read its memory; stop it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ, ARCHIVE_SECRET_KEY="bench-scale", ARCHIVE_INDEX="")
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "search_app", "--index", str(index_dir), "--port", str(port),
                             "--workers", "1"],
                            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                with urllib.request.urlopen(base + "/api/search?size=1", timeout=600) as response:
                    response.read()
                break
            except OSError:
                if proc.poll() is not None or time.perf_counter() - started > 900:
                    raise SystemExit("the server did not start")
                time.sleep(0.2)
        first_answer_s = time.perf_counter() - started
        for url in urls[:40]:                      # warm-up
            urllib.request.urlopen(base + url, timeout=600).read()
        latencies, took, errors = [], [], 0
        for url in urls:
            t0 = time.perf_counter()
            try:
                with urllib.request.urlopen(base + url, timeout=600) as response:
                    body = json.loads(response.read())
            except OSError:
                errors += 1
                continue
            latencies.append((time.perf_counter() - t0) * 1000)
            took.append(body["took_ms"])
        return {"first_answer_s": round(first_answer_s, 2), "requests": len(urls), "errors": errors,
                "p50_ms": round(percentile(latencies, 0.5), 1), "p95_ms": round(percentile(latencies, 0.95), 1),
                "index_p50_ms": round(percentile(took, 0.5), 1), "index_p95_ms": round(percentile(took, 0.95), 1),
                "rss_mb": round(proc_kib(proc.pid, "VmRSS") / 1024, 1),
                "peak_rss_mb": round(proc_kib(proc.pid, "VmHWM") / 1024, 1)}
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def live_count(index_dir: Path) -> int:
    code = "import sys; from index import ArchiveIndex; print(ArchiveIndex.open(sys.argv[1]).doc_count())"
    out = subprocess.run([sys.executable, "-c", code, str(index_dir)],
                         cwd=REPO, capture_output=True, text=True, check=True)
    return int(out.stdout)


def ingest_step(index_dir: Path, source: Path, workers: int) -> float:
    """Run the real ingest command; returns its wall time in seconds."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "ingest", "--index", str(index_dir), "--workers", str(workers),
                    "-q", "--no-quarantine", str(source)], cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


PROJECTED = ("p50_ms", "p95_ms", "rss_mb", "index_mb", "first_answer_s", "s_per_article")


def project(rows: list[dict], factor: int) -> dict[str, float]:
    """Each cost at `factor`, from the power law cost ∝ size^b through the last two measured sizes."""
    measured = [r for r in rows if "p95_ms" in r]
    if len(measured) < 2:
        return {}
    a, b = measured[-2], measured[-1]
    out = {}
    for key in PROJECTED:
        if a[key] > 0 and b[key] > 0:
            exponent = math.log(b[key] / a[key]) / math.log(b["factor"] / a["factor"])
            out[key] = round(b[key] * (factor / b["factor"]) ** exponent, 3)
            out[f"{key}_exponent"] = round(exponent, 2)
    return out


def write_svg(rows: list[dict], path: Path) -> None:
    """A hand-written SVG line chart: each cost relative to the 1× step, against the linear y = x;
    sizes that were not run show their projection (dotted line, hollow marker)."""
    measured = [r for r in rows if "p95_ms" in r]
    projected = [r for r in rows if r.get("projected")]
    base = measured[0]
    series = [("search + facets p95", "p95_ms", "#b03a2e"), ("search + facets p50", "p50_ms", "#e67e22"),
              ("seconds per ingested article", "s_per_article", "#1f618d"),
              ("index bytes per article", "bytes_per_article", "#27ae60"), ("server RSS", "rss_mb", "#6c3483")]
    top_factor = max(r["factor"] for r in rows)
    ratios = [r[key] / base[key] for r in measured for _, key, _ in series if base.get(key)]
    ratios += [r["projected"][key] / base[key] for r in projected for _, key, _ in series
               if base.get(key) and key in r["projected"]]
    y_max = max([top_factor, *ratios]) * 1.1
    width, height, left, right, top, bottom = 720, 420, 60, 250, 30, 50

    def x(f: float) -> float:
        return left + (f - 1) / max(top_factor - 1, 1) * (width - left - right)

    def y(v: float) -> float:
        return height - bottom - v / y_max * (height - top - bottom)

    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
              'font-family="sans-serif" font-size="12" role="img" aria-label="Cost relative to 1x corpus">'),
             '<title>Cost at each corpus size relative to 1× (bench/scale.py)</title>',
             f'<line x1="{left}" y1="{y(0)}" x2="{width - right}" y2="{y(0)}" stroke="#333"/>',
             f'<line x1="{left}" y1="{y(0)}" x2="{left}" y2="{top}" stroke="#333"/>']
    for tick in range(0, int(y_max) + 1, max(1, int(y_max) // 5)):
        parts.append(f'<text x="{left - 8}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick}×</text>')
        parts.append(f'<line x1="{left}" y1="{y(tick):.1f}" x2="{width - right}" y2="{y(tick):.1f}" stroke="#ddd"/>')
    for r in rows:
        label = f'{r["factor"]}× ({r["articles"]:,})' + ("" if "p95_ms" in r else ", projected")
        parts.append(f'<text x="{x(r["factor"]):.1f}" y="{height - bottom + 18}" text-anchor="middle">{label}</text>')
    parts.append(f'<text x="{(left + width - right) / 2}" y="{height - 12}" text-anchor="middle">corpus size</text>')
    parts.append(f'<line x1="{x(1):.1f}" y1="{y(1):.1f}" x2="{x(top_factor):.1f}" y2="{y(top_factor):.1f}" '
                 'stroke="#888" stroke-dasharray="6 4"/>')
    legend = [("linear growth (y = x)", "#888", "6 4")] + [(n, c, "") for n, _, c in series]
    if projected:
        legend.append(("dotted, hollow: projected", "#888", "2 3"))
    for name, key, colour in series:
        points = " ".join(f"{x(r['factor']):.1f},{y(r[key] / base[key]):.1f}" for r in measured if base.get(key))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts.extend(f'<circle cx="{x(r["factor"]):.1f}" cy="{y(r[key] / base[key]):.1f}" r="3" fill="{colour}"/>'
                     for r in measured if base.get(key))
        last = measured[-1]
        for r in projected:             # sizes not run: the projection, dotted, hollow marker
            if base.get(key) and key in r["projected"]:
                px, py = x(r["factor"]), y(r["projected"][key] / base[key])
                parts.append(f'<line x1="{x(last["factor"]):.1f}" y1="{y(last[key] / base[key]):.1f}" x2="{px:.1f}" '
                             f'y2="{py:.1f}" stroke="{colour}" stroke-width="2" stroke-dasharray="2 3"/>')
                parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="white" stroke="{colour}"/>')
    for i, (name, colour, pattern) in enumerate(legend):
        ly = top + 10 + i * 20
        dash = f' stroke-dasharray="{pattern}"' if pattern else ""
        parts.append(f'<line x1="{width - right + 15}" y1="{ly}" x2="{width - right + 40}" y2="{ly}" '
                     f'stroke="{colour}" stroke-width="2"{dash}/>')
        parts.append(f'<text x="{width - right + 46}" y="{ly + 4}">{name}</text>')
    parts.append("</svg>")
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--factors", default="1,3,10", help="corpus multiples, increasing (default 1,3,10)")
    parser.add_argument("--limit", type=int, help="use only the first N corpus records (smoke runs)")
    parser.add_argument("--workers", type=int, default=2, help="ingest worker processes (default 2)")
    parser.add_argument("--queries", type=int, default=400, help="search requests per size (default 400)")
    parser.add_argument("--budget-min", type=float, default=40.0, help="ingest time budget for the whole run")
    parser.add_argument("--svg", type=Path, help="write the chart here (e.g. docs/scale.svg)")
    parser.add_argument("--incremental", action="store_true",
                        help="grow one index (each step ingests only the missing copies into the bigger "
                             "index) instead of building every size from scratch in one run")
    parser.add_argument("--base", type=Path,
                        help="with --incremental: start from a copy of this index, which must hold the corpus "
                             "once (its 1x step is measured but not ingested)")
    parser.add_argument("--rows", type=Path,
                        help="measure nothing: summarize (ratios, projections, chart) the per-size JSON lines "
                             "an earlier run printed; sizes of --factors missing there are reported as not run")
    args = parser.parse_args(argv)
    factors = [int(f) for f in args.factors.split(",")]
    if args.rows:
        lines = args.rows.read_text(encoding="utf-8").splitlines()
        rows = [row for row in map(json.loads, filter(None, lines)) if "p95_ms" in row]
        per_copy = rows[0]["articles"] // rows[0]["factor"]
        rate = rows[-1]["articles_per_s"]
        for factor in factors:
            if all(r["factor"] != factor for r in rows):
                rows.append({"factor": factor, "articles": factor * per_copy,
                             "skipped": f"not run: its ingest alone is projected at {factor * per_copy / rate / 60:.0f} "
                                        f"min ({rate:.0f} articles/s)", "projected": project(rows, factor)})
        return summarize(rows, per_copy, args.svg)
    records = []
    for record in iter_records():
        records.append(record)
        if args.limit and len(records) >= args.limit:
            break
    WORK.mkdir(parents=True, exist_ok=True)
    index_dir = WORK / "index"
    subprocess.run(["rm", "-rf", str(index_dir)], check=True)
    urls = request_mix(args.queries, random.Random(6))
    rows: list[dict] = []
    done_copies = 0
    spent = 0.0
    rate = None
    if args.base:
        if not args.incremental or factors[0] != 1:
            raise SystemExit("--base needs --incremental and factors starting at 1")
        subprocess.run(["cp", "-a", str(args.base.resolve()), str(index_dir)], check=True)   # the folder, not a link
    for factor in factors:
        if args.base and factor == 1:         # the copied base: measured, not ingested
            articles = live_count(index_dir)
            done_copies = 1
            row = {"factor": 1, "articles": articles, "step_articles": 0, "base": str(args.base),
                   "index_mb": round(dir_bytes(index_dir) / 2**20, 1),
                   "bytes_per_article": round(dir_bytes(index_dir) / articles)}
            row.update(measure_server(index_dir, urls))
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
            continue
        if not args.incremental:            # the rebuild-from-sources path: a fresh index per size
            subprocess.run(["rm", "-rf", str(index_dir)], check=True)
            done_copies = 0
        new = (factor - done_copies) * len(records)
        if rate and spent + new / rate > args.budget_min * 60:
            rows.append({"factor": factor, "articles": factor * len(records),
                         "skipped": f"projected ingest {new / rate / 60:.0f} min at {rate:.0f} articles/s "
                                    f"exceeds the {args.budget_min:g} min budget",
                         "projected": project(rows, factor)})
            print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
            continue
        source = WORK / "step.jsonl"
        write_copies(records, range(done_copies, factor), source)
        seconds = ingest_step(index_dir, source, args.workers)
        source.unlink()
        spent += seconds
        rate = new / seconds
        done_copies = factor
        articles = live_count(index_dir)
        row = {"factor": factor, "articles": articles, "step_articles": new, "ingest_s": round(seconds, 1),
               "articles_per_s": round(rate, 1), "s_per_article": seconds / new,
               "index_mb": round(dir_bytes(index_dir) / 2**20, 1),
               "bytes_per_article": round(dir_bytes(index_dir) / articles)}
        row.update(measure_server(index_dir, urls))
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
    return summarize(rows, len(records), args.svg)


def summarize(rows: list[dict], records: int, svg: Path | None) -> int:
    """Ratios to the 1× step, the chart, and the closing JSON line."""
    base = rows[0]
    for row in rows[1:]:
        if "p95_ms" in row:
            row["vs_1x"] = {k: round(row[k] / base[k], 2) for k in
                            ("p50_ms", "p95_ms", "bytes_per_article", "rss_mb", "s_per_article", "first_answer_s")
                            if base.get(k)}
    if svg:
        write_svg(rows, svg)
    print(json.dumps({"machine": f"{os.cpu_count()} cores", "records": records, "rows": rows}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
