"""Relevance and latency benchmark: our `index` against stock Whoosh and SQLite FTS5 on one query file.

    .venv/bin/python bench/relevance.py --queries bench/queries/dev.jsonl [--peers] [--collapse] [--limit N]

Indexes `../shared/corpus/articles.jsonl.gz` (or the nested seeded subset of `--limit` records) with
each system into `--work DIR`, reusing a build whose stamp says it holds exactly those records
(`--rebuild` forces a new one; the stamp keeps the build's index time). Then, per system: open the
index and run 20 warm-up queries (`open_s`), and run every query once, single-threaded, in a seeded
shuffled order, timing the whole results page (top 10, match count, five facets, highlights).
The archive's row searches every copy of a story (`collapse` off); `--collapse` adds the row
"archive+collapse", the same index searched as the web app does by default (one hit per story, the
total counting stories), so both are timed in one run (its relevance scores count a known item
hidden behind another copy of its story as missed).
Latency is wall time; the table also shows the searching thread's CPU time, which other jobs on
the shared cores do not inflate.

Query lines: `{"kind", "q", "target"}` is a known-item query (R@10, MRR@10 per kind);
`{"kind", "q", "exact"}` is scored by P@10, relevant = title or body holds the phrase's canonical
syllables adjacently; `{"kind", "q", "pieces"}` by RP@10 = relevant in the top 10 / min(10, relevant
indexed documents), relevant = every piece held that way; `{"kind", "q"}` counts for latency only.
The last output line is one JSON object keyed by system: "archive", then "whoosh", "fts5".
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import random
import resource
import sys
import time
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from _corpus import Record, contains_run, fold_syllable, load_records, syllables, to_article
from peers import SearchSystem, batches, fresh_dir
from peers.fts5 import Fts5Peer
from peers.whoosh_stock import WhooshStock

HERE = Path(__file__).resolve().parent
WARMUP = 20
SEED = 20261129


class ArchiveSystem:
    """Our `index` package, driven only through its public API; with `collapse`, one result per story."""

    build_name = "archive"

    def __init__(self, path: Path, collapse: bool = False) -> None:
        self.path = path
        self.collapse = collapse
        self.name = "archive+collapse" if collapse else "archive"
        self._ix = None
        self._searcher = None

    def build(self, records: Sequence[Record], batch_size: int) -> None:
        """Write the records through `ArchiveIndex.write_batch`, one call per batch."""
        from index import ArchiveIndex

        ix = ArchiveIndex.open(fresh_dir(self.path), create=True)
        for batch in batches(records, batch_size):
            ix.write_batch([to_article(r) for r in batch])

    def open(self) -> None:
        """Open the index and its searcher."""
        from index import ArchiveIndex

        self._ix = ArchiveIndex.open(self.path)
        self._searcher = self._ix.searcher()

    def doc_count(self) -> int:
        """Live articles in the index (0 when there is no index)."""
        from index import ArchiveIndex, IndexNotFoundError

        try:
            return ArchiveIndex.open(self.path).doc_count()
        except IndexNotFoundError:
            return 0

    def search(self, q: str) -> list[str]:
        """Top 10 ids of one results page (facets and highlights come with every search)."""
        from index import SearchRequest

        page = self._searcher.search(SearchRequest(q=q, page=1, page_size=10, collapse=self.collapse))
        return [hit.id for hit in page.hits]

    def close(self) -> None:
        """Drop the searcher and the index."""
        self._ix = self._searcher = None


@dataclass
class Query:
    """One line of the query file."""

    kind: str
    q: str
    target: str | None = None
    exact: str | None = None
    pieces: tuple[str, ...] | None = None


@dataclass
class Run:
    """What one system did with the query file."""

    index_s: float
    open_s: float
    index_cpu_s: float = 0.0
    latency_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)   # this thread's CPU time: robust to load
    ranked: list[list[str]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)


def read_queries(path: Path) -> list[Query]:
    """Parse and check the query file."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if sum(key in row for key in ("target", "exact", "pieces")) > 1:
            raise SystemExit(f"{path}:{n}: a query has one of 'target', 'exact' and 'pieces'")
        pieces = tuple(row["pieces"]) if "pieces" in row else None
        out.append(Query(row["kind"], row["q"], row.get("target"), row.get("exact"), pieces))
    return out


def corpus_stamp(records: Sequence[Record], batch_size: int) -> dict:
    """What a reusable build must match: the exact record ids and the batch size."""
    digest = hashlib.blake2b(digest_size=16)
    for r in records:
        digest.update(r["id"].encode() + b"\0")
    return {"docs": len(records), "ids": digest.hexdigest(), "batch_size": batch_size}


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (Whoosh's `procs=2` sub-writers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def build_or_reuse(system: SearchSystem, stamp_path: Path, stamp: dict, rebuild: bool,
                   records: Sequence[Record], batch_size: int) -> tuple[float, float, bool]:
    """Index wall and CPU seconds, and whether an earlier build was reused."""
    if not rebuild and stamp_path.exists():
        saved = json.loads(stamp_path.read_text())
        if {k: saved.get(k) for k in stamp} == stamp and system.doc_count() == stamp["docs"]:
            system.close()
            return saved["index_s"], saved["index_cpu_s"], True
    system.close()
    stamp_path.unlink(missing_ok=True)
    gc.collect()
    c0, t0 = cpu_seconds(), time.perf_counter()
    system.build(records, batch_size)
    index_s, index_cpu_s = time.perf_counter() - t0, cpu_seconds() - c0
    stamp_path.write_text(json.dumps({**stamp, "index_s": index_s, "index_cpu_s": index_cpu_s}))
    return index_s, index_cpu_s, False


def run_queries(system: SearchSystem, queries: list[Query], index_s: float) -> Run:
    """Open + warm up (timed together), then one timed search per query in a seeded order."""
    rng = random.Random(SEED)
    gc.collect()
    t0 = time.perf_counter()
    system.open()
    for query in rng.sample(queries, min(WARMUP, len(queries))):
        system.search(query.q)
    run = Run(index_s=index_s, open_s=time.perf_counter() - t0)
    run.ranked = [[] for _ in queries]
    run.latency_ms = [0.0] * len(queries)
    run.cpu_ms = [0.0] * len(queries)
    order = list(range(len(queries)))
    rng.shuffle(order)
    for i in order:
        c0, t0 = time.thread_time(), time.perf_counter()
        try:
            run.ranked[i] = system.search(queries[i].q)[:10]
        except Exception as exc:  # an instrument reports failures instead of stopping on them
            run.errors.append((queries[i].q, f"{type(exc).__name__}: {exc}"))
        run.latency_ms[i] = (time.perf_counter() - t0) * 1000
        run.cpu_ms[i] = (time.thread_time() - c0) * 1000
    system.close()
    return run


class Judge:
    """Relevance of an indexed document for a phrase, judged on its canonical syllables."""

    def __init__(self, records: Sequence[Record]) -> None:
        self.records = records
        self.by_id = {r["id"]: r for r in records}
        self._text = ""
        self._starts: list[int] = []

    def holders(self, pieces: Sequence[str]) -> set[str]:
        """Ids of the indexed documents whose title or body holds every piece adjacently."""
        if not self._starts:          # every document's canonical syllables, joined once
            parts, pos = [], 0
            for rec in self.records:
                text = " " + " | ".join(" ".join(syllables(t)) for t in (rec.get("title"), rec["body"])) + " \n"
                self._starts.append(pos)
                parts.append(text)
                pos += len(text)
            self._text = "".join(parts)
        held: set[int] | None = None
        for piece in pieces:
            needle, found = f" {' '.join(syllables(piece))} ", set()
            pos = self._text.find(needle)
            while pos >= 0:
                d = bisect_right(self._starts, pos) - 1
                found.add(d)
                pos = self._text.find(needle, self._starts[d + 1]) if d + 1 < len(self._starts) else -1
            held = found if held is None else held & found
        return {self.records[d]["id"] for d in held or ()}

    def relevant(self, doc_id: str, phrase: str) -> bool:
        """True when the title or the body holds the phrase's canonical syllables adjacently."""
        rec = self.by_id.get(doc_id)
        run = syllables(phrase)
        return rec is not None and (contains_run(rec.get("title"), run) or contains_run(rec["body"], run))

    def readings(self, doc_id: str, phrase: str) -> Counter[str]:
        """Adjacent syllable runs in the document whose unaccented form is the phrase's."""
        run = syllables(phrase)
        want = [fold_syllable(s) for s in run]
        rec = self.by_id[doc_id]
        found: Counter[str] = Counter()
        for text in (rec.get("title"), rec["body"]):
            s = syllables(text)
            for i in range(len(s) - len(run) + 1):
                if [fold_syllable(x) for x in s[i : i + len(run)]] == want:
                    found[" ".join(s[i : i + len(run)])] += 1
        return found


class RunCounter:
    """How many indexed documents hold a query's syllable run, query words typed with marks in that
    exact reading and the others in any reading. Titles only for `title_*` kinds, titles and bodies
    otherwise. A known-item query whose run is in more than 10 documents has no reliable answer from
    the query alone, so the share of runs found in at most 10 documents is the R@10 ceiling."""

    def __init__(self, records: Sequence[Record], with_body: bool) -> None:
        self.records, self.with_body = records, with_body
        self.starts: list[int] = []
        parts, pos = [], 0
        for rec in records:
            text = " " + " | ".join(" ".join(map(fold_syllable, s)) for s in self._fields(rec)) + " \n"
            self.starts.append(pos)
            parts.append(text)
            pos += len(text)
        self.text = "".join(parts)

    def _fields(self, rec: Record) -> list[list[str]]:
        return [syllables(rec.get("title"))] + ([syllables(rec["body"])] if self.with_body else [])

    def _holds(self, rec: Record, run: list[str]) -> bool:
        """The run in the document, marked query words matching exactly."""
        want = [fold_syllable(w) for w in run]
        for s in self._fields(rec):
            for i in range(len(s) - len(run) + 1):
                window = s[i : i + len(run)]
                if [fold_syllable(w) for w in window] == want and all(
                    w == q for w, q in zip(window, run) if fold_syllable(q) != q
                ):
                    return True
        return False

    def count(self, q: str, cap: int = 11) -> int:
        """Documents holding the run of `q`, counted up to `cap`."""
        run = syllables(q)
        needle = " " + " ".join(map(fold_syllable, run)) + " "
        docs, pos = 0, self.text.find(needle) if run else -1
        while pos >= 0 and docs < cap:
            d = bisect_right(self.starts, pos) - 1
            docs += self._holds(self.records[d], run)
            pos = self.text.find(needle, self.starts[d + 1]) if d + 1 < len(self.starts) else -1
        return docs


def ambiguity(queries: list[Query], records: Sequence[Record]) -> list[int | None]:
    """For each known-item query, the number of documents holding its run (capped at 11)."""
    counters: dict[bool, RunCounter] = {}
    out: list[int | None] = []
    for query in queries:
        if query.target is None:
            out.append(None)
            continue
        with_body = not query.kind.startswith("title_")
        if with_body not in counters:
            counters[with_body] = RunCounter(records, with_body)
        out.append(counters[with_body].count(query.q))
    return out


def score(queries: list[Query], run: Run, judge: Judge) -> dict[str, dict[str, float]]:
    """Per-kind R@10 and MRR@10 (known-item), P@10 (exact phrase) or RP@10 (pieces); kinds in file order."""
    per_kind: dict[str, list[tuple[float, ...]]] = defaultdict(list)
    metric: dict[str, tuple[str, ...]] = {}
    for query, ranked in zip(queries, run.ranked):
        if query.target is not None:
            if query.target not in judge.by_id:
                continue  # the target is outside the indexed subset
            rank = ranked.index(query.target) + 1 if query.target in ranked else 0
            per_kind[query.kind].append((1.0 if rank else 0.0, 1.0 / rank if rank else 0.0))
            metric[query.kind] = ("R@10", "MRR")
        elif query.exact is not None:
            hits = sum(judge.relevant(doc_id, query.exact) for doc_id in ranked)
            per_kind[query.kind].append((hits / 10,))
            metric[query.kind] = ("P@10",)
        elif query.pieces is not None:
            relevant = judge.holders(query.pieces)
            if relevant:
                per_kind[query.kind].append((len(relevant & set(ranked)) / min(10, len(relevant)),))
                metric[query.kind] = ("RP@10",)
    out: dict[str, dict[str, float]] = {}
    for kind, rows in per_kind.items():
        cols = np.mean(np.array(rows), axis=0)
        out[kind] = {name: round(float(value), 4) for name, value in zip(metric[kind], cols)}
        out[kind]["n"] = len(rows)
    return out


def describe_failures(queries: list[Query], run: Run, judge: Judge, amb: list[int | None],
                      per_kind: int) -> list[str]:
    """Up to `per_kind` concrete failures per kind — the query, the target, what ranked instead —
    unambiguous known-item misses first (`amb`: documents holding the query's run, see RunCounter)."""
    lines: list[str] = []
    shown: Counter[str] = Counter()
    by_id = judge.by_id
    order = sorted(range(len(queries)), key=lambda i: (amb[i] or 0) > 10)
    for i in order:
        query, ranked = queries[i], run.ranked[i]
        if shown[query.kind] >= per_kind:
            continue
        if query.target is not None and query.target in by_id and query.target not in ranked:
            shown[query.kind] += 1
            held = ">10" if (amb[i] or 0) > 10 else amb[i]
            lines.append(f"  [{query.kind}] q={query.q!r} target={query.target} (run in {held} docs) "
                         f"title={(by_id[query.target].get('title') or '')[:80]!r}")
            lines += [f"      #{n} {doc_id} {(by_id[doc_id].get('title') or '')[:80]!r}"
                      for n, doc_id in enumerate(ranked[:3], 1)] or ["      (no results)"]
        elif query.exact is not None:
            wrong = [d for d in ranked if not judge.relevant(d, query.exact)]
            if len(ranked) == 10 and not wrong:
                continue
            shown[query.kind] += 1
            lines.append(f"  [{query.kind}] q={query.q!r} P@10={(len(ranked) - len(wrong)) / 10:.1f}")
            for doc_id in wrong[:5]:
                found = judge.readings(doc_id, query.exact)
                what = ", ".join(f"{k!r}×{v}" for k, v in found.most_common(3)) or "no adjacent reading"
                lines.append(f"      {doc_id}: {what}")
    return lines


def summary(name: str, run: Run, kinds: dict[str, dict[str, float]]) -> dict:
    """The system's entry of the final JSON line."""
    lat = np.array(run.latency_ms)
    entry: dict = {k: {m: v for m, v in s.items() if m != "n"} for k, s in kinds.items()}
    entry["index_s"] = round(run.index_s, 1)
    entry["latency_ms"] = {"p50": round(float(np.percentile(lat, 50)), 1),
                           "p95": round(float(np.percentile(lat, 95)), 1)}
    entry["open_s"] = round(run.open_s, 2)
    return entry


def ceilings(queries: list[Query], amb: list[int | None]) -> dict[str, float]:
    """Per known-item kind, the share of queries whose run is in at most 10 documents."""
    per_kind: dict[str, list[bool]] = defaultdict(list)
    for query, held in zip(queries, amb):
        if held:
            per_kind[query.kind].append(held <= 10)
    return {kind: sum(v) / len(v) for kind, v in per_kind.items()}


def print_table(results: dict[str, dict], queries: list[Query], runs: dict[str, Run],
                amb: list[int | None]) -> None:
    """Human-readable comparison: one row per kind (with the R@10 ceiling), then costs."""
    names = list(results)
    kinds = list(dict.fromkeys(q.kind for q in queries))
    ceiling = ceilings(queries, amb)
    print(f"{'kind':<24}{'ceiling':>8}" + "".join(f"{n:>22}" for n in names))
    for kind in kinds:
        cells = []
        for n in names:
            s = results[n].get(kind)
            if s is None:
                cells.append("latency only")
            elif "R@10" in s:
                cells.append(f"R {s['R@10']:.3f} MRR {s['MRR']:.3f}")
            elif "RP@10" in s:
                cells.append(f"RP@10 {s['RP@10']:.3f}")
            else:
                cells.append(f"P@10 {s['P@10']:.3f}")
        cap = f"{ceiling[kind]:.3f}" if kind in ceiling else ""
        print(f"{kind:<24}{cap:>8}" + "".join(f"{c:>22}" for c in cells))
    for key in ("index_s", "open_s"):
        print(f"{key:<32}" + "".join(f"{results[n][key]:>22}" for n in names))
    print(f"{'index CPU s':<32}" + "".join(f"{runs[n].index_cpu_s:>22.1f}" for n in names))
    print(f"{'p50 / p95 ms':<32}" + "".join(
        f"{results[n]['latency_ms']['p50']:>14} / {results[n]['latency_ms']['p95']:<5}" for n in names))
    print(f"{'cpu p50 / p95 ms':<32}" + "".join(
        f"{np.percentile(runs[n].cpu_ms, 50):>14.1f} / {np.percentile(runs[n].cpu_ms, 95):<5.1f}" for n in names))
    print("per kind, ms: p50 / p95 / max")
    for kind in kinds:
        idx = [i for i, q in enumerate(queries) if q.kind == kind]
        cells = [np.percentile([runs[n].latency_ms[i] for i in idx], [50, 95, 100]) for n in names]
        print(f"{'  ' + kind:<32}" + "".join(f"{a:>10.1f} /{b:>5.0f} /{c:>5.0f}" for a, b, c in cells))
    for n in names:
        if runs[n].errors:
            print(f"{n}: {len(runs[n].errors)} queries raised, e.g. {runs[n].errors[:3]}")


def main(argv: list[str] | None = None) -> int:
    """CLI entry point."""
    ap = argparse.ArgumentParser(description="Relevance and latency benchmark (see module docstring).")
    ap.add_argument("--queries", type=Path, default=HERE / "queries" / "dev.jsonl")
    ap.add_argument("--work", type=Path, default=HERE / "work" / "relevance",
                    help="folder for the indexes (reused when they hold exactly the same records)")
    ap.add_argument("--limit", type=int, default=None, help="index the nested seeded subset of N records")
    ap.add_argument("--peers", action="store_true", help="also run stock Whoosh and SQLite FTS5")
    ap.add_argument("--collapse", action="store_true",
                    help="also time the archive with story copies collapsed (the web app's default)")
    ap.add_argument("--rebuild", action="store_true", help="build every index anew")
    ap.add_argument("--batch-size", type=int, default=5000, help="records per committed batch")
    ap.add_argument("--failures", type=int, default=10, help="failing examples to print per kind")
    args = ap.parse_args(argv)

    queries = read_queries(args.queries)
    records = load_records(args.limit)
    judge = Judge(records)
    stamp = corpus_stamp(records, args.batch_size)
    args.work.mkdir(parents=True, exist_ok=True)
    systems: list[SearchSystem] = [ArchiveSystem(args.work / "archive")]
    if args.collapse:
        systems.append(ArchiveSystem(args.work / "archive", collapse=True))
    if args.peers:
        systems += [WhooshStock(args.work / "whoosh"), Fts5Peer(args.work / "fts5.db")]
    print(f"{len(records)} records, {len(queries)} queries from {args.queries}", flush=True)

    runs: dict[str, Run] = {}
    results: dict[str, dict] = {}
    for system in systems:
        build = getattr(system, "build_name", system.name)     # archive+collapse searches the archive's build
        index_s, index_cpu_s, reused = build_or_reuse(
            system, args.work / f"{build}.build.json", stamp, args.rebuild and build == system.name, records,
            args.batch_size)
        print(f"{system.name}: {'reused build of' if reused else 'indexed in'} {index_s:.1f} s "
              f"({index_cpu_s:.1f} CPU s incl. sub-processes)", flush=True)
        runs[system.name] = run_queries(system, queries, index_s)
        runs[system.name].index_cpu_s = index_cpu_s
        kinds = score(queries, runs[system.name], judge)
        results[system.name] = summary(system.name, runs[system.name], kinds)
        print(f"{system.name}: open {results[system.name]['open_s']} s, latency "
              f"{results[system.name]['latency_ms']}, "
              + ", ".join(f"{k} {v}" for k, v in kinds.items()), flush=True)

    amb = ambiguity(queries, records)
    print_table(results, queries, runs, amb)
    if args.failures:
        print(f"archive failures (up to {args.failures} per kind):")
        for line in describe_failures(queries, runs["archive"], judge, amb, args.failures):
            print(line)
    print(json.dumps(results, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
