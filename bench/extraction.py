"""Metadata extraction benchmark: precision/recall/F1 against a hand-checked gold file, and extraction cost.

    .venv/bin/python bench/extraction.py --gold bench/gold/extraction_dev.jsonl [--dump FILE] [--cost N]

Gold (JSON lines): {"id", "officials": [{"name", "titles"}], "organizations": [{"name", "aliases"}],
"published_or_event_date": "YYYY-MM-DD" | null, "topics": [label] (optional)}. Ids are shared-corpus ids;
"seed-NAME" is ../shared/seed/NAME.txt read as scraped text. Each article goes through the ingest reader
(`ingest.records.record_article` / `ingest.readers.scraped_text.scraped_text_article`) and then
`ingest.extract.enrich`, exactly as in ingest.

Matching rules (all strings compared after NFC, canonical tones, single spaces and case folding):
- official: same name; "with title" also needs one extracted title equal to a gold title, or one a
  word-prefix of the other ("Bộ trưởng Bộ Y tế" vs "Bộ trưởng Bộ Y tế Việt Nam");
- organization: the extracted name or one of its aliases (`organization_aliases`, and the forms the article
  wrote it in, which the registry keeps as its aliases) equals the gold name or one of the gold aliases;
  each gold organization is matched at most once;
- date: the extracted date, in Asia/Ho_Chi_Minh, equals the gold date; scored over gold entries with a
  date (the ones a reader can determine);
- topics: macro-F1 over the gold entries that carry topics (first label of each side).

Every run also prints, first, the same scores for a naive same-run baseline: officials = every Vietnamese
full name (family name + capitalized syllables) with no title, organizations = exact gazetteer names and
aliases, dates = the source's date only, topics = the source label mapped, else the most common topic.

`--dump FILE` writes what was extracted, one JSON line per gold id, then the score object. The last line
printed is the score object: {"officials": {"p","r","f1"}, "officials_with_title": {...},
"organizations": {...}, "dates": {"accuracy"}, "topics": {"macro_f1"}}.

`--dates-check` first checks text dates against source dates: on every corpus article that has a source
date, the date `ingest.extract.dates.date_from_text` finds in its text (ignoring the source date) is counted
correct when it falls 0–3 days before publication (the lead's event day), per how it was found.

`--peers` also runs underthesea's NER (the CRF model inside its wheel, `underthesea.ner`, offline) on the
same gold articles in the same run and prints, before the score object, a "peers" object with name-only rows:
PER spans scored as officials by name alone (whatever the title) and ORG spans as organizations (no aliases),
next to the archive's extractor scored the same way (its officials by name, its organizations with their
aliases). underthesea is not a project dependency and is never installed into .venv: it runs in a subprocess
of a separate interpreter, `--peer-python` (default bench/work/peer-venv/bin/python, created by
`python3 -m venv bench/work/peer-venv && bench/work/peer-venv/bin/pip install underthesea`); when that
interpreter or the package is missing, the peer row says so and the rest of the run is unchanged. The peer
reads the same text as the extractor (title, then body), one line at a time, sentences split by
`underthesea.sent_tokenize`; a span is a B- tag and the I- tags of the same type after it.

`--registry INDEX` extracts with the entity registry of that index (as `ingest` into it would: titled people
named without a title, bare posts on the article's date, bodies named bare); without it the registry is empty.
With `--cost`, `enrich` is also timed with that registry.

`--cost N` first times N corpus records (the nested seeded subset of bench/_corpus.py; 0 = all): the reader
alone vs reader + enrich in this process, then the real ingest pipeline (`ingest.pipeline.ingest_paths`,
in-process, into fresh indexes under bench/work/extraction/) with `enrich` and with `enrich` replaced by
the identity, and prints articles per wall second and per CPU second of this process for each, and the share
of throughput lost to extraction in CPU time (wall time on the shared 2-core machine moves with other jobs;
CPU time of this one process does much less).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
import sys
import time
from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "articles.jsonl.gz"
WORK = REPO / "bench" / "work" / "extraction"
sys.path.insert(0, str(REPO))
sys.path.append(str(REPO / "bench"))  # after the repo: bench/ingest.py must not shadow the package

from _corpus import load_records  # noqa: E402
from index import ENTITIES_KEY, Article, ArchiveIndex, Registry, normalize_text  # noqa: E402
from ingest.extract import enrich, organization_aliases  # noqa: E402
from ingest.extract.lexicon import GAZETTEER, phrase_pattern  # noqa: E402
from ingest.extract.phrases import VIETNAMESE_NAME  # noqa: E402
from ingest.extract.dates import date_from_text  # noqa: E402
from ingest.extract.topics import topic_for_label  # noqa: E402
from ingest.pipeline import ingest_paths  # noqa: E402
from ingest.readers.scraped_text import scraped_text_article  # noqa: E402
from ingest.records import record_article  # noqa: E402

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_NAMES = re.compile(VIETNAMESE_NAME)
_GAZETTEER = phrase_pattern([n for name, aliases in GAZETTEER.items() for n in (name, *aliases)])
_CANONICAL = {n: name for name, aliases in GAZETTEER.items() for n in (name, *aliases)}
BASELINE_TOPIC = "Chính trị – Xã hội"


def key(text: str) -> str:
    """Comparison form of a name or title."""
    return " ".join(normalize_text(text).split()).casefold()


def load_articles(ids: Iterable[str]) -> dict[str, Article]:
    """The gold ids read as ingest reads them."""
    wanted = set(ids)
    articles: dict[str, Article] = {}
    for gold_id in [i for i in wanted if i.startswith("seed-")]:
        path = SHARED / "seed" / f"{gold_id.removeprefix('seed-')}.txt"
        articles[gold_id] = scraped_text_article(path.read_text(encoding="utf-8"), id=gold_id)
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record["id"] in wanted:
                articles[record["id"]] = record_article(record, {"file": CORPUS.name})
    missing = wanted - articles.keys()
    if missing:
        raise SystemExit(f"gold ids not found: {sorted(missing)}")
    return articles


def _prf(tp_p: int, n_pred: int, tp_r: int, n_gold: int) -> dict[str, float]:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_r / n_gold if n_gold else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def _title_match(a: str, b: str) -> bool:
    a, b = key(a), key(b)
    short, long = sorted((a, b), key=len)
    return a == b or long.startswith(short + " ")


def score_officials(pairs: list[tuple[list[dict], list[dict]]]) -> tuple[dict, dict]:
    """(name only, name + a correct title) precision/recall/F1 over all articles."""
    counts = Counter()
    for predicted, gold in pairs:
        gold_by_name = {key(g["name"]): g["titles"] for g in gold}
        pred_by_name = {key(p["name"]): p["titles"] for p in predicted}
        counts["pred"] += len(pred_by_name)
        counts["gold"] += len(gold_by_name)
        for name, titles in pred_by_name.items():
            if name in gold_by_name:
                counts["name"] += 1
                if any(_title_match(t, g) for t in titles for g in gold_by_name[name]):
                    counts["titled"] += 1
    return (_prf(counts["name"], counts["pred"], counts["name"], counts["gold"]),
            _prf(counts["titled"], counts["pred"], counts["titled"], counts["gold"]))


def score_organizations(pairs: list[tuple[list[dict], list[dict]]]) -> dict:
    """Precision/recall/F1 with alias-aware, one-to-one matching."""
    tp = n_pred = n_gold = 0
    for predicted, gold in pairs:
        gold_forms = [{key(g["name"]), *map(key, g["aliases"])} for g in gold]
        used: set[int] = set()
        n_pred += len(predicted)
        n_gold += len(gold)
        for p in predicted:
            forms = {key(p["name"]), *map(key, p["aliases"])}
            hit = next((i for i, g in enumerate(gold_forms) if i not in used and forms & g), None)
            if hit is not None:
                used.add(hit)
                tp += 1
    return _prf(tp, n_pred, tp, n_gold)


def macro_f1(pairs: list[tuple[str | None, str]]) -> float:
    """Macro-averaged F1 over the labels that occur in gold or predictions."""
    labels = {g for _, g in pairs} | {p for p, _ in pairs if p}
    scores = []
    for label in labels:
        tp = sum(1 for p, g in pairs if p == label and g == label)
        fp = sum(1 for p, g in pairs if p == label and g != label)
        fn = sum(1 for p, g in pairs if p != label and g == label)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return round(sum(scores) / len(scores), 4) if scores else 0.0


def extracted(article: Article) -> dict:
    """The dump record of one enriched article; an organization's aliases are its spellings
    (`organization_aliases`) and the forms this article wrote it in (kept by the registry as aliases)."""
    entities = json.loads(article.provenance.get(ENTITIES_KEY) or "{}")
    written: dict[str, list[str]] = {}
    for kind, name, form in entities.get("forms", ()):
        if kind == "organization":
            written.setdefault(name, []).append(form)
    return {
        "id": article.id,
        "officials": [{"name": o.name, "titles": list(o.titles)} for o in article.officials],
        "organizations": [{"name": n, "aliases": [*organization_aliases(n), *written.get(n, ())]}
                          for n in article.organizations],
        "published": article.published.isoformat() if article.published else None,
        "published_how": article.published_how,
        "published_evidence": article.published_evidence,
        "topics": list(article.topics),
        "source": article.source,
        "authors": list(article.authors),
    }


def baseline(article: Article) -> dict:
    """The naive same-run baseline's dump record (see the module docstring)."""
    text = f"{article.title or ''}\n{article.body}"
    names = dict.fromkeys(m.group(0) for m in _NAMES.finditer(text))
    organizations = dict.fromkeys(_CANONICAL[m.group(0)] for m in _GAZETTEER.finditer(text))
    return {
        "officials": [{"name": n, "titles": []} for n in names],
        "organizations": [{"name": n, "aliases": list(organization_aliases(n))} for n in organizations],
        "published": article.published.isoformat() if article.published else None,
        "topics": [topic_for_label(article.category) or BASELINE_TOPIC],
    }


def score_dates(rows: list[dict], gold: list[dict]) -> dict:
    """Exact-day accuracy over the gold entries with a date (the day taken in Asia/Ho_Chi_Minh)."""
    dated = [(r, g) for r, g in zip(rows, gold) if g.get("published_or_event_date")]
    correct = sum(1 for r, g in dated if r["published"] and
                  _local_date(r["published"]) == g["published_or_event_date"])
    return {"accuracy": round(correct / len(dated), 4) if dated else 0.0, "correct": correct, "dated": len(dated)}


def score(rows: list[dict], gold: list[dict]) -> dict:
    """The score object of extracted rows against the gold records; a dates-only gold file (no
    "officials" in its records, e.g. bench/gold/dates_blind.jsonl) is scored on dates alone."""
    if not any("officials" in g for g in gold):
        return {"dates": score_dates(rows, gold)}
    officials, titled = score_officials([(r["officials"], g["officials"]) for r, g in zip(rows, gold)])
    return {
        "officials": officials,
        "officials_with_title": titled,
        "organizations": score_organizations([(r["organizations"], g["organizations"]) for r, g in zip(rows, gold)]),
        "dates": score_dates(rows, gold),
        "topics": {"macro_f1": macro_f1([(r["topics"][0] if r["topics"] else None, g["topics"][0])
                                         for r, g in zip(rows, gold) if g.get("topics")])},
    }


def evaluate(gold: list[dict], dump: Path | None, peer_python: Path | None = None,
             registry: Registry | None = None) -> dict:
    """Enrich every gold article (with ``registry`` when given), score it, optionally dump and run the peers
    (``peer_python`` set); returns the score object."""
    articles = load_articles(g["id"] for g in gold)
    print(json.dumps({"baseline": score([baseline(articles[g["id"]]) for g in gold], gold)}))
    rows = [extracted(enrich(articles[g["id"]], registry)) for g in gold]
    result = score(rows, gold)
    dated = sum(1 for g in gold if g.get("published_or_event_date"))
    undated_wrong = sum(1 for r, g in zip(rows, gold) if not g.get("published_or_event_date") and r["published"])
    print(f"gold articles: {len(gold)}; with a determinable date: {dated}; "
          f"dates extracted where the reader finds none: {undated_wrong}")
    if dump:
        with dump.open("w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
            out.write(json.dumps(result) + "\n")
    if peer_python is not None:
        print(json.dumps({"peers": peers(gold, articles, rows, peer_python)}, ensure_ascii=False))
    return result


PEER_PYTHON = REPO / "bench" / "work" / "peer-venv" / "bin" / "python"
PEER_INSTALL = "python3 -m venv bench/work/peer-venv && bench/work/peer-venv/bin/pip install underthesea"
_PEER_SCRIPT = r"""
import json, sys
from underthesea import ner, sent_tokenize
import underthesea
for line in sys.stdin:
    item = json.loads(line)
    spans = {"PER": [], "ORG": []}
    for part in item["text"].splitlines():
        for sentence in sent_tokenize(part) if part.strip() else []:
            current = None
            for token in ner(sentence):
                word, tag = token[0], token[-1]
                kind = tag[2:] if tag[:2] in ("B-", "I-") else None
                if kind and current and tag.startswith("I-") and current[0] == kind:
                    current[1].append(word)
                    continue
                if current and current[0] in spans:
                    spans[current[0]].append(" ".join(current[1]))
                current = (kind, [word]) if kind else None
            if current and current[0] in spans:
                spans[current[0]].append(" ".join(current[1]))
    print(json.dumps({"id": item["id"], "version": underthesea.__version__, **spans}, ensure_ascii=False), flush=True)
"""


def underthesea_spans(articles: list[Article], python: Path) -> dict[str, dict] | str:
    """PER and ORG spans per article id from underthesea's CRF NER in a subprocess of ``python``; a
    string saying what is missing when it cannot run."""
    import os
    import subprocess
    if not python.exists():
        return f"missing: no interpreter at {python} (install: {PEER_INSTALL})"
    text = "".join(json.dumps({"id": a.id, "text": f"{a.title or ''}\n{a.body}"}, ensure_ascii=False) + "\n"
                   for a in articles)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    done = subprocess.run([str(python), "-c", _PEER_SCRIPT], input=text, capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=str(WORK.parent))
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return f"missing: underthesea did not run under {python}: {last} (install: {PEER_INSTALL})"
    return {row["id"]: row for row in map(json.loads, done.stdout.splitlines())}


def peers(gold: list[dict], articles: dict[str, Article], rows: list[dict], python: Path) -> dict:
    """Name-only rows: the archive's extractor and underthesea's NER on the same gold (see the docstring)."""
    archive_names, _ = score_officials([(r["officials"], g["officials"]) for r, g in zip(rows, gold)])
    result = {"archive": {
        "per_name_only": archive_names,
        "org": score_organizations([(r["organizations"], g["organizations"]) for r, g in zip(rows, gold)])}}
    start = time.perf_counter()
    spans = underthesea_spans([articles[g["id"]] for g in gold], python)
    if isinstance(spans, str):
        result["underthesea"] = spans
        return result
    per = [([{"name": n, "titles": []} for n in dict.fromkeys(spans[g["id"]]["PER"])], g["officials"]) for g in gold]
    org = [([{"name": n, "aliases": []} for n in dict.fromkeys(spans[g["id"]]["ORG"])], g["organizations"])
           for g in gold]
    names, _ = score_officials(per)
    result["underthesea"] = {"version": next(iter(spans.values()))["version"] if spans else None,
                             "model": "CRF NER (ner_crf_2017_10_12.bin, in the wheel), name-only",
                             "per_name_only": names, "org": score_organizations(org),
                             "wall_s": round(time.perf_counter() - start, 1)}
    return result


def _local_date(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(LOCAL_TZ).date().isoformat()


def _ingest_seconds(subset: Path, folder: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one in-process ingest of ``subset`` into a fresh index."""
    shutil.rmtree(folder, ignore_errors=True)
    index = ArchiveIndex.open(folder, create=True)
    wall, cpu = time.perf_counter(), time.process_time()
    ingest_paths([subset], index)
    return time.perf_counter() - wall, time.process_time() - cpu


def cost(limit: int, registry: Registry | None = None) -> dict:
    """Extraction cost over ``limit`` records (0 = all): reader vs reader + enrich (CPU time), and real ingest
    with and without extraction (the "without" run replaces ``ingest.build.enrich`` by the identity). With a
    ``registry``, `enrich` is also timed with it (as a batch into that archive is extracted), and its share of
    an ingest is estimated as that time over the ingest without extraction plus that time."""
    records = load_records(limit or None)
    articles = [record_article(r, {"file": CORPUS.name}) for r in records[:1]]
    enrich(articles[0])                        # load the topic model outside the timings
    start = time.process_time()
    articles = [record_article(r, {"file": CORPUS.name}) for r in records]
    read = time.process_time() - start
    start = time.process_time()
    for article in articles:
        enrich(article)
    extract = time.process_time() - start
    start = time.process_time()
    for article in articles if registry is not None else ():
        enrich(article, registry)
    extract_with_registry = time.process_time() - start
    WORK.mkdir(parents=True, exist_ok=True)
    subset = WORK / f"subset-{len(records)}.jsonl"
    subset.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    with_wall, with_cpu = _ingest_seconds(subset, WORK / "with")
    with mock.patch("ingest.build.enrich", lambda article, registry=None: article):
        without_wall, without_cpu = _ingest_seconds(subset, WORK / "without")
    n = len(records)
    return {"articles": n, "reader_per_s": round(n / read), "reader_enrich_per_s": round(n / (read + extract)),
            "enrich_ms_per_article": round(1000 * extract / n, 3),
            "ingest_with_extraction_per_s": round(n / with_wall),
            "ingest_without_extraction_per_s": round(n / without_wall),
            "ingest_with_extraction_per_cpu_s": round(n / with_cpu),
            "ingest_without_extraction_per_cpu_s": round(n / without_cpu),
            "throughput_lost_cpu": round(1 - without_cpu / with_cpu, 3),
            **({"enrich_with_registry_ms_per_article": round(1000 * extract_with_registry / n, 3),
                "extraction_share_with_registry_cpu": round(extract_with_registry / (without_cpu + extract_with_registry), 3)}
               if registry is not None else {})}


def dates_check() -> dict:
    """How often a date read from the text agrees with the source's date (see the module docstring)."""
    counts: Counter[str] = Counter()
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if not record.get("published"):
                continue
            article = record_article(record, {"file": CORPUS.name})
            found, how, _ = date_from_text(article.body, article.title)
            if found is None:
                counts["none"] += 1
                continue
            days = (article.published.astimezone(LOCAL_TZ).date() - found.date()).days
            counts[f"{how}_{'correct' if 0 <= days <= 3 else 'wrong'}"] += 1
    return dict(sorted(counts.items()))


def main(argv: list[str] | None = None) -> None:
    """Command line; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, required=True, help="gold JSON lines")
    parser.add_argument("--dump", type=Path, help="write the extracted metadata of every gold id here")
    parser.add_argument("--cost", type=int, metavar="N", help="also time N corpus records (0 = all)")
    parser.add_argument("--dates-check", action="store_true", help="also check text dates against source dates")
    parser.add_argument("--peers", action="store_true", help="also score underthesea's NER (name-only) as a peer row")
    parser.add_argument("--peer-python", type=Path, default=PEER_PYTHON,
                        help="interpreter that has underthesea (default bench/work/peer-venv/bin/python)")
    parser.add_argument("--registry", type=Path, metavar="INDEX",
                        help="extract with the entity registry of this index, as ingest into it would (also timed by --cost)")
    args = parser.parse_args(argv)
    registry = ArchiveIndex.open(args.registry).registry() if args.registry else None
    if args.dates_check:
        print(json.dumps({"dates_check": dates_check()}))
    if args.cost is not None:
        print(json.dumps({"cost": cost(args.cost, registry)}))
    gold = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    print(json.dumps(evaluate(gold, args.dump, args.peer_python if args.peers else None, registry)))


if __name__ == "__main__":
    main()
