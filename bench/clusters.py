"""Story-cluster benchmark: planted reprints found, precision on hand-labelled pairs, clustered share, CPU.

    .venv/bin/python bench/clusters.py [--limit 10000] [--planted 300]
    .venv/bin/python bench/clusters.py --candidates 60 [--limit 10000] > pairs-to-label.txt

On the nested seeded subset of the shared corpus (bench/_corpus.py):

1. Planted near-copies: `--planted` subset articles (with enough text) get a reprint each, of one of
   four kinds: first sentence changed, a "Theo TTXVN" credit line added, a few words swapped for
   synonyms, or all three. Subset and reprints are ingested by the real `ingest_paths` (in-process,
   batches of `--batch` articles, so later batches join stories of earlier ones), and each reprint
   counts as found when its story id is its original's.
2. Pairwise precision and recall on bench/gold/cluster_pairs.jsonl (pairs chosen from LSH candidates and
   from random pairs with similar titles, labelled by hand before the threshold was chosen), per split,
   both for the pairwise rule (estimated Jaccard >= SAME_STORY, or >= VERBATIM_FLOOR with a passage of
   VERBATIM_RUN words shared word for word) and for the stories actually built.
   `--sweep` only scores the dev split at several thresholds (how SAME_STORY was chosen).
3. The share of the subset in stories of two or more copies, and the largest stories.
4. Ingest CPU: process CPU of the whole ingest, and the part spent in clustering (signatures, LSH,
   sidecar, assignment), as a share of the ingest without it.

`--candidates N` prints N LSH-candidate pairs and N similar-title pairs (no scores shown) for labelling;
`--blind-candidates N` prints N of the whole corpus's pairs estimated at 0.5 or more, of the "test" hash
half and not in the first gold file (how bench/gold/cluster_pairs_blind.jsonl was drawn). The blind pairs
are scored pairwise from the corpus bodies (they lie outside the ingested subset).
The last output line is one JSON object.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.append(str(REPO / "bench"))          # after the repository: bench/ingest.py would shadow ingest/

from _corpus import fold_syllable, load_records, syllables  # noqa: E402

from index import ArchiveIndex  # noqa: E402
from index import store as store_module  # noqa: E402
from index import stories as stories_module  # noqa: E402
from index.minhash import MIN_SHINGLES, longest_shared_run, signature, similarity  # noqa: E402
from index.stories import SAME_STORY, VERBATIM_FLOOR, VERBATIM_RUN, StoryRows, rows_for  # noqa: E402
from ingest.pipeline import ingest_paths  # noqa: E402

GOLD = REPO / "bench" / "gold" / "cluster_pairs.jsonl"
BLIND = REPO / "bench" / "gold" / "cluster_pairs_blind.jsonl"
BLIND_SEED = 1414
LONG_SHINGLES = 150           # planted results are also given for originals below and above this length
KINDS = ("first_sentence", "credit_line", "word_swaps", "all_three")
# Swaps a copy editor makes: (word, replacement), folded forms matched on word boundaries.
SWAPS = (("cho biết", "cho hay"), ("người dân", "bà con"), ("thực hiện", "triển khai"), ("tuy nhiên", "song"),
         ("hiện nay", "hiện tại"), ("theo đó", "qua đó"), ("đồng thời", "cùng lúc"), ("rất", "hết sức"),
         ("khoảng", "chừng"), ("nhiều", "không ít"))
NEW_OPENINGS = ("Theo thông tin từ cơ quan chức năng, ", "Ghi nhận của phóng viên cho thấy, ",
                "Mới đây, ", "Trong ngày hôm qua, ")


def _split(a: str, b: str) -> str:
    """A pair's split, fixed by its ids: half dev (tuning), half test (reporting)."""
    digest = hashlib.blake2b(f"{min(a, b)}|{max(a, b)}".encode(), digest_size=2).digest()
    return "dev" if digest[0] % 2 == 0 else "test"


# -- planted copies -------------------------------------------------------------------------
def plant(record: dict[str, Any], kind: str, rng: random.Random) -> dict[str, Any]:
    """A reprint of `record` of one kind, dated a day later, from another outlet."""
    body = record["body"]
    if kind in ("first_sentence", "all_three"):
        first_end = re.search(r"[.!?](\s|$)", body)
        rest = body[first_end.end():] if first_end else body
        body = rng.choice(NEW_OPENINGS) + "có thông tin đáng chú ý về sự việc này. " + rest.lstrip()
    if kind in ("word_swaps", "all_three"):
        swaps = 0
        for old, new in rng.sample(SWAPS, len(SWAPS)):
            body, count = re.subn(rf"\b{old}\b", new, body, count=2)
            swaps += count
            if swaps >= 4:
                break
    if kind in ("credit_line", "all_three"):
        body = body.rstrip() + "\n\nTheo TTXVN"
    copy = dict(record, id=f"planted-{kind}-{record['id']}", body=body, source="Báo Đăng Lại", url=None)
    if record.get("published"):
        copy["published"] = record["published"][:10] + "T23:59:00+07:00"
    return copy


# -- timing ---------------------------------------------------------------------------------
class ClusterClock:
    """Process CPU seconds spent inside the clustering functions of index.store during a run."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.rewrites = 0
        self._saved: list[tuple[Any, str, Callable]] = []

    def _wrap(self, owner: Any, name: str) -> None:
        original = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds += time.process_time() - started

        self._saved.append((owner, name, original))
        setattr(owner, name, timed)

    def __enter__(self) -> ClusterClock:
        for name in ("_join_stories", "_rows_from_index"):
            self._wrap(store_module.ArchiveIndex, name)
        for name in ("load_rows", "save_rows"):
            self._wrap(store_module, name)
        original_assign = stories_module.assign_stories

        def counting(archive: StoryRows, batch: StoryRows, bodies: Callable) -> Any:
            rows, changed = original_assign(archive, batch, bodies)
            self.rewrites += len(set(changed) - set(batch.ids))
            return rows, changed

        self._saved.append((store_module, "assign_stories", store_module.assign_stories))
        store_module.assign_stories = counting
        return self

    def __exit__(self, *exc: object) -> None:
        for owner, name, original in reversed(self._saved):
            setattr(owner, name, original)


# -- gold pairs -----------------------------------------------------------------------------
def title_words(title: str | None) -> set[str]:
    return {fold_syllable(s) for s in syllables(title or "")}


def _lsh_pairs(rows: StoryRows, threshold: float) -> set[tuple[int, int]]:
    """(i, j) row pairs, i < j, that a datasketch LSH at `threshold` gives as candidates."""
    from datasketch import LeanMinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=rows.signatures.shape[1])
    for i in range(len(rows)):
        if rows.sizes[i] >= MIN_SHINGLES:
            lsh.insert(i, LeanMinHash(seed=1, hashvalues=rows.signatures[i], scheme="affine32"))
    pairs = set()
    for i in range(len(rows)):
        if rows.sizes[i] >= MIN_SHINGLES:
            pairs.update((min(i, j), max(i, j)) for j in lsh.query(
                LeanMinHash(seed=1, hashvalues=rows.signatures[i], scheme="affine32")) if j != i)
    return pairs


def candidate_pairs(records: list[dict[str, Any]], count: int, seed: int) -> list[tuple[str, str, str]]:
    """(id, id, how chosen): `count` LSH candidates, as many from each tenth of the estimated Jaccard
    from 0.2 up (most candidates are far below any threshold), and `count` similar-title pairs."""
    rng = random.Random(seed)
    rows = rows_for((r["id"], _normalized_body(r), None, None) for r in records)
    by_id = {r["id"]: r for r in records}
    bins: dict[int, list[tuple[int, int]]] = {}
    for i, j in sorted(_lsh_pairs(rows, 0.2)):
        score = similarity(rows.signatures[i], rows.signatures[j])
        if score >= 0.2:
            bins.setdefault(min(int(score * 10), 9), []).append((i, j))
    chosen = [pair for pairs in bins.values() for pair in rng.sample(pairs, min(len(pairs), count // len(bins)))]
    rng.shuffle(chosen)
    out = [(rows.ids[i], rows.ids[j], "lsh") for i, j in chosen]
    words = {r["id"]: title_words(r.get("title")) for r in records}
    holders: dict[str, list[str]] = {}
    for rid, ws in words.items():
        for w in ws:
            holders.setdefault(w, []).append(rid)
    titled: list[tuple[str, str, str]] = []
    taken = {(min(a, b), max(a, b)) for a, b, _ in out}
    ids = list(by_id)
    while len(titled) < count:
        a = rng.choice(ids)
        if len(words[a]) < 4:
            continue
        shared = Counter(b for w in words[a] if len(holders[w]) < 200 for b in holders[w] if b != a)
        similar = [b for b, n in shared.items() if n / len(words[a] | words[b]) >= 0.4]
        if not similar:
            continue
        b = rng.choice(similar)
        pair = (min(a, b), max(a, b))
        if pair not in taken:
            taken.add(pair)
            titled.append((*pair, "title"))
    return out + titled


def _normalized_body(record: dict[str, Any]) -> str:
    from index import Article

    return Article(id=record["id"], body=record["body"]).normalized().body


def print_candidates(records: list[dict[str, Any]], count: int, seed: int) -> None:
    """The pairs to label, with enough of each article to judge them (no similarity shown)."""
    by_id = {r["id"]: r for r in records}
    for a, b, how in candidate_pairs(records, count, seed):
        print(json.dumps({"a": a, "b": b, "from": how, "split": _split(a, b)}, ensure_ascii=False))
        for rid in (a, b):
            r = by_id[rid]
            text = " ".join(r["body"].split())
            print(f"   [{r.get('source')} {r.get('published')}] {r.get('title')}\n      {text[:200]} … {text[-120:]}")


def print_blind_candidates(records: list[dict[str, Any]], count: int, seed: int) -> None:
    """`count` pairs estimated at 0.5 or more, of the "test" hash half and not in GOLD, to label blind: each
    article's source, date, title, length, opening, a middle passage and ending (no similarity shown)."""
    rows = rows_for((r["id"], _normalized_body(r), None, None) for r in records)
    by_id = {r["id"]: r for r in records}
    labelled = {frozenset((p["a"], p["b"])) for p in load_gold()}
    pairs = sorted(tuple(sorted((rows.ids[i], rows.ids[j]))) for i, j in _lsh_pairs(rows, 0.5)
                   if similarity(rows.signatures[i], rows.signatures[j]) >= 0.5)
    pairs = [(a, b) for a, b in pairs if _split(a, b) == "test" and frozenset((a, b)) not in labelled]
    for a, b in random.Random(seed).sample(pairs, min(count, len(pairs))):
        print(json.dumps({"a": a, "b": b, "from": "lsh>=0.5", "split": "blind"}))
        for rid in (a, b):
            r = by_id[rid]
            text = " ".join(r["body"].split())
            middle = text[len(text) // 2: len(text) // 2 + 160]
            print(f"   [{r.get('source')} {r.get('published')}] {r.get('title')} ({len(text)} chars)\n"
                  f"      {text[:260]} … {middle} … {text[-160:]}")


def load_gold(path: Path = GOLD) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def pair_scores(gold: list[dict[str, Any]], bodies: dict[str, str]) -> list[tuple[dict[str, Any], float, int]]:
    """Each labelled pair with the estimated Jaccard of its two bodies (0 when one is too short) and the
    length of the longest passage they share word for word."""
    out = []
    for pair in gold:
        (sig_a, size_a), (sig_b, size_b) = signature(bodies[pair["a"]]), signature(bodies[pair["b"]])
        out.append((pair, similarity(sig_a, sig_b) if min(size_a, size_b) >= MIN_SHINGLES else 0.0,
                    longest_shared_run(bodies[pair["a"]], bodies[pair["b"]])))
    return out


def same_by_rule(estimate: float, run: int, threshold: float = SAME_STORY) -> bool:
    """index/stories.py's pairwise rule: the estimate reaches the threshold, or the verbatim band's test."""
    return estimate >= threshold or (estimate >= VERBATIM_FLOOR and run >= VERBATIM_RUN)


def share(flags: list[bool]) -> dict[str, Any]:
    """How many of the flags are true, of how many, and the share."""
    return {"of": len(flags), "found": sum(flags), "share": round(sum(flags) / len(flags), 3) if flags else None}


def precision_recall(judged: list[tuple[bool, bool]]) -> dict[str, Any]:
    """(predicted same, labelled same) pairs → precision, recall and counts."""
    tp = sum(p and g for p, g in judged)
    fp = sum(p and not g for p, g in judged)
    fn = sum(g and not p for p, g in judged)
    return {"pairs": len(judged), "labelled_same": tp + fn, "tp": tp, "fp": fp, "fn": fn,
            "precision": round(tp / (tp + fp), 3) if tp + fp else None,
            "recall": round(tp / (tp + fn), 3) if tp + fn else None}


# -- the run --------------------------------------------------------------------------------
def run(limit: int, planted: int, batch: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    records = load_records(limit)
    eligible = [r for r in records if signature(_normalized_body(r))[1] >= 4 * MIN_SHINGLES]
    originals = rng.sample(eligible, min(planted, len(eligible)))
    copies = [plant(r, KINDS[i % len(KINDS)], rng) for i, r in enumerate(originals)]
    stream = records + copies
    rng.shuffle(stream)                    # copies may come before their originals, in any batch
    with tempfile.TemporaryDirectory(prefix="bench-clusters-") as tmp:
        source = Path(tmp) / "subset.jsonl.gz"
        with gzip.open(source, "wt", encoding="utf-8") as fh:
            for record in stream:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        index = ArchiveIndex.open(Path(tmp) / "index", create=True)
        with ClusterClock() as clock:
            cpu_started, wall_started = time.process_time(), time.perf_counter()
            report = ingest_paths([source], index, batch_size=batch, alerts=None)
            cpu = time.process_time() - cpu_started
            wall = time.perf_counter() - wall_started
        searcher = index.searcher()
        story = {i: searcher.get(i).story for i in index.article_ids()}
        bodies = {i: a.body for i, a in index.get_articles([p[k] for p in load_gold() for k in ("a", "b")]).items()}
        index.close()
    linked = [story[c["id"]] == story[o["id"]] for c, o in zip(copies, originals)]
    kinds = [KINDS[i % len(KINDS)] for i in range(len(copies))]
    long_text = [signature(_normalized_body(o))[1] >= LONG_SHINGLES for o in originals]
    sizes = Counter(story[r["id"]] for r in records)
    in_clusters = sum(n for n in sizes.values() if n > 1)
    gold = [p for p in load_gold() if p["a"] in bodies and p["b"] in bodies]   # all of them from --limit 10000 up
    scored = pair_scores(gold, bodies)
    result: dict[str, Any] = {
        "articles": len(records), "planted": len(copies),
        "planted_found": share(linked),
        "planted_by_kind": {k: share([ok for ok, kind in zip(linked, kinds) if kind == k]) for k in KINDS},
        f"planted_found_originals_under_{LONG_SHINGLES}_shingles": share([ok for ok, big in zip(linked, long_text) if not big]),
        f"planted_found_originals_of_{LONG_SHINGLES}_or_more": share([ok for ok, big in zip(linked, long_text) if big]),
        "same_story_threshold": SAME_STORY, "verbatim_band": [VERBATIM_FLOOR, SAME_STORY, VERBATIM_RUN],
        "gold": {split: {
            "pairwise": precision_recall([(same_by_rule(s, run), p["same"]) for p, s, run in scored
                                          if p["split"] == split]),
            "stories": precision_recall([(story[p["a"]] == story[p["b"]], p["same"]) for p, _, _ in scored
                                         if p["split"] == split])} for split in ("dev", "test")},
        "blind": blind_scores(),
        "share_in_clusters": round(in_clusters / len(records), 4),   # the subset's own articles, planted copies aside
        "stories_of_2_or_more": sum(1 for n in sizes.values() if n > 1),
        "largest_stories": sorted(sizes.values(), reverse=True)[:5],
        "ingest_cpu_s": round(cpu, 1), "ingest_wall_s": round(wall, 1),
        "cluster_cpu_s": round(clock.seconds, 1),
        "cluster_share_of_ingest_without": round(clock.seconds / max(1e-9, cpu - clock.seconds), 3),
        "copies_rewritten_for_a_new_head": clock.rewrites,
        "ingest_totals": report.totals, "ingest_fatal": report.fatal,
    }
    return result


def blind_scores() -> dict[str, Any]:
    """Pairwise precision and recall of the rule on bench/gold/cluster_pairs_blind.jsonl (bodies from the corpus)."""
    blind = load_gold(BLIND)
    wanted = {p[k] for p in blind for k in ("a", "b")}
    bodies = {r["id"]: _normalized_body(r) for r in load_records(None) if r["id"] in wanted}
    return {"pairwise": precision_recall([(same_by_rule(s, run), p["same"]) for p, s, run in pair_scores(blind, bodies)])}


def dev_sweep(limit: int) -> dict[str, Any]:
    """Pairwise precision and recall of the dev split at several thresholds (no ingest): how SAME_STORY was chosen."""
    gold = [p for p in load_gold() if p["split"] == "dev"]
    wanted = {p[k] for p in gold for k in ("a", "b")}
    bodies = {r["id"]: _normalized_body(r) for r in load_records(limit) if r["id"] in wanted}
    scored = pair_scores(gold, bodies)
    sweep = {f"estimate>={t:.2f}": precision_recall([(s >= t, p["same"]) for p, s, _ in scored])
             for t in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)}
    sweep["rule"] = precision_recall([(same_by_rule(s, run), p["same"]) for p, s, run in scored])
    return sweep


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=10_000)
    parser.add_argument("--planted", type=int, default=300)
    parser.add_argument("--batch", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--sweep", action="store_true", help="only score the dev split at several thresholds")
    parser.add_argument("--candidates", type=int, default=0, help="print pairs to label instead")
    parser.add_argument("--blind-candidates", type=int, default=0,
                        help="print pairs of the whole corpus estimated at 0.5 or more to label blind instead")
    args = parser.parse_args()
    if args.blind_candidates:
        print_blind_candidates(load_records(None), args.blind_candidates, BLIND_SEED)
        return
    if args.candidates:
        print_candidates(load_records(args.limit), args.candidates, args.seed)
        return
    result = dev_sweep(args.limit) if args.sweep else run(args.limit, args.planted, args.batch, args.seed)
    for key, value in result.items():
        print(f"{key}: {value}")
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
