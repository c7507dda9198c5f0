"""Latency of related coverage (ArchiveSearcher.related) on a built index, and what its lists hold.

    .venv/bin/python bench/related.py --index bench/work/full-index [--sample 300] [--n 5] [--show 3] [--pages]

Asks for the related stories of a seeded sample of live articles plus five articles of each of the ten
most mentioned officials, each twice: the first call finds the posting cache as the earlier calls left
it (the article's rarer words are read from disk), the repeat finds it warm. Prints p50/p95/max of
both (wall and CPU ms), the share of articles given a full list, found within a date window, and with
an entity among the reasons; --show prints the lists of that many officials' articles to read;
--pages asks the site (Flask test client) for the article page and /api/articles/<id> of each
official's article and reports any answer but 200. The index is only read.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from index import ArchiveIndex  # noqa: E402
from index.schema import NO_DATE  # noqa: E402

OFFICIALS, PER_OFFICIAL = 10, 5


def _timed(call) -> tuple[list, float, float]:
    """The call's result with its wall and CPU milliseconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return result, (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def _articles(snap, sample: int) -> tuple[list[int], list[int]]:
    """(seeded sample of live documents, documents of the most mentioned officials)."""
    live = np.flatnonzero(snap.live)
    drawn = np.random.default_rng(14).choice(live, size=min(sample, len(live)), replace=False)
    column = snap.facets["official"]
    prominent = []
    for o in range(min(OFFICIALS, len(column.values))):
        docs = column.docs_by_value[column.value_start[o]:column.value_start[o + 1]]
        prominent += [int(d) for d in docs[snap.live[docs]][:PER_OFFICIAL]]
    return [int(d) for d in drawn], prominent


def _row(name: str, values: list[float]) -> str:
    p50, p95 = np.percentile(values, [50, 95])
    return f"{name:<22} p50 {p50:7.1f}  p95 {p95:7.1f}  max {max(values):7.1f} ms"


def _check_pages(index: Path, ids: list[str]) -> None:
    """Fetch each article's page and API answer through the site; print the failures and page timings."""
    from search_app import create_app

    with tempfile.TemporaryDirectory() as instance:
        app = create_app({"INDEX_DIR": str(index), "SECRET_KEY": "bench"}, instance_path=instance)
        client = app.test_client()
        took, failures = [], []
        for article_id in ids:
            for url in (f"/article/{article_id}", f"/api/articles/{article_id}"):
                started = time.perf_counter()
                response = client.get(url)
                took.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200 or (url.startswith("/api/") and "related" not in response.json):
                    failures.append(f"{url}: {response.status_code}")
        app.extensions["archive_index"].close()
    print(f"\npages: {len(took)} fetched, {len(failures)} failed {failures[:5]}")
    print(_row("page or API answer", took))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--n", type=int, default=5)
    parser.add_argument("--show", type=int, default=0)
    parser.add_argument("--pages", action="store_true")
    args = parser.parse_args()
    ix = ArchiveIndex.open(args.index)
    searcher = ix.searcher()
    snap = searcher.snap
    sampled, prominent = _articles(snap, args.sample)
    ids = [snap.stored(d)["id"] for d in sampled + prominent]
    times: dict[str, list[float]] = {"first wall": [], "first cpu": [], "repeat wall": [], "repeat cpu": []}
    full = windowed = entity = 0
    for article_id in ids:
        related, wall, cpu = _timed(lambda: searcher.related(article_id, args.n))
        times["first wall"].append(wall)
        times["first cpu"].append(cpu)
        _, wall, cpu = _timed(lambda: searcher.related(article_id, args.n))
        times["repeat wall"].append(wall)
        times["repeat cpu"].append(cpu)
        full += len(related) == args.n
        windowed += any(r.reason.window_days is not None for r in related)
        entity += any(r.reason.officials or r.reason.organizations or r.reason.places for r in related)
    dated = int(np.count_nonzero(snap.published[snap.live] != NO_DATE))
    print(f"{len(ids)} articles ({len(sampled)} sampled, {len(prominent)} of top officials) of "
          f"{snap.live_count} live, {dated} dated; n={args.n}")
    for name, values in times.items():
        print(_row(name, values))
    print(f"full list {full / len(ids):.1%}  within a date window {windowed / len(ids):.1%}  "
          f"an entity among the reasons {entity / len(ids):.1%}")
    for article_id in ids[len(sampled):len(sampled) + args.show * PER_OFFICIAL:PER_OFFICIAL]:
        article = searcher.get(article_id)
        print(f"\n{article_id} {article.published} {article.title!r}")
        for r in searcher.related(article_id, args.n):
            why = r.reason
            print(f"  {r.hit.score:5.1f} {r.hit.id} {r.hit.published} {r.hit.title!r}\n"
                  f"        officials {list(why.officials)} organizations {list(why.organizations)} "
                  f"places {list(why.places)} words {list(why.words)} window {why.window_days}")
    ix.close()
    if args.pages:
        _check_pages(args.index, ids[len(sampled):])


if __name__ == "__main__":
    main()
