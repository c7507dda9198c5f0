"""Precision and recall of the place recogniser against articles labelled by hand.

    .venv/bin/python bench/places.py sample dev 40      # print a seeded sample to read and label
    .venv/bin/python bench/places.py score blind        # score ingest's find_places on bench/gold/places_blind.jsonl

Samples are drawn from the shared corpus in a fixed pseudo-random order per set name ("dev", "blind"; the
sets never share an article), among articles of 300-2,200 characters so a person can read each one whole.
A gold line is {"id": ..., "places": [canonical units the text names, as it names them]} — the units before
any date is applied (an article naming Hải Dương is "Hải Dương" whatever its date). Scoring is micro-averaged
over (article, unit) pairs. The blind set was labelled before the recogniser ever ran on it and is scored
once; tuning uses the dev set.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.append(str(REPO / "bench"))  # after the repo: bench/ingest.py must not shadow the package

from _corpus import iter_records  # noqa: E402

from index import normalize_text  # noqa: E402
from ingest.extract.places import find_places  # noqa: E402

GOLD = REPO / "bench" / "gold"
MIN_CHARS, MAX_CHARS = 300, 2200


def _order(set_name: str, article_id: str) -> str:
    return hashlib.sha1(f"places-{set_name}:{article_id}".encode()).hexdigest()


def sample(set_name: str, n: int) -> list[dict]:
    """The first `n` readable articles of the set's order, none of them in the other set's first 200."""
    readable = [r for r in iter_records() if MIN_CHARS <= len((r.get("title") or "") + r["body"]) <= MAX_CHARS]
    other = "blind" if set_name == "dev" else "dev"
    taken = {r["id"] for r in sorted(readable, key=lambda r: _order(other, r["id"]))[:200]}
    ordered = [r for r in sorted(readable, key=lambda r: _order(set_name, r["id"])) if r["id"] not in taken]
    return ordered[:n]


def score(set_name: str) -> dict[str, float]:
    """Micro precision/recall/F1 of find_places on the set's gold file, with the disagreements."""
    gold = {g["id"]: set(g["places"]) for g in map(json.loads, (GOLD / f"places_{set_name}.jsonl").open())}
    records = {r["id"]: r for r in iter_records() if r["id"] in gold}
    tp = fp = fn = 0
    for article_id, expected in gold.items():
        r = records[article_id]
        found = set(find_places(normalize_text(f"{r.get('title') or ''}\n{r['body']}")))
        tp += len(found & expected)
        fp += len(found - expected)
        fn += len(expected - found)
        if found != expected:
            print(f"{article_id}: extra {sorted(found - expected)} missed {sorted(expected - found)}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"articles": len(gold), "gold_places": tp + fn, "precision": round(precision, 3),
            "recall": round(recall, 3), "f1": round(f1, 3)}


def main(argv: list[str]) -> None:
    if len(argv) >= 2 and argv[0] == "sample":
        for r in sample(argv[1], int(argv[2]) if len(argv) > 2 else 60):
            print(f"=== {r['id']}\n{r.get('title') or ''}\n{r['body']}\n")
    elif len(argv) == 2 and argv[0] == "score":
        print(json.dumps(score(argv[1]), ensure_ascii=False))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
