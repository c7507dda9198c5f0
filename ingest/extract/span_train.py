"""Count the corpus into the span table of :mod:`ingest.extract.spans` (where organization names end).

    python -m ingest.extract.span_train --corpus ../shared/corpus/articles.jsonl.gz [--out PATH]
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections.abc import Iterable
from pathlib import Path

from index import normalize_text
from ingest.records import record_article

from .bylines import article_text
from .lexicon import MORE_ORG_HEADS, ORG_HEADS, phrase_pattern
from .officials import strip_footer
from .spans import TABLE_PATH, count_prefixes


def _corpus_texts(path: Path) -> Iterable[str]:
    """The corpus's texts as `enrich` reads them (title, then the body without its footer)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            try:
                article = record_article(json.loads(line), {})
            except ValueError:
                continue
            yield normalize_text(f"{article.title or ''}\n{strip_footer(article_text(article.body))}")


def main(argv: list[str] | None = None) -> None:
    """Count the corpus and write the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=TABLE_PATH)
    args = parser.parse_args(argv)
    table = count_prefixes(_corpus_texts(args.corpus), phrase_pattern(ORG_HEADS + MORE_ORG_HEADS))
    with gzip.open(args.out, "wt", encoding="utf-8") as fh:
        json.dump(dict(sorted(table.items())), fh, ensure_ascii=False, separators=(",", ":"))
    print(f"{len(table)} prefixes -> {args.out}")


if __name__ == "__main__":
    main()
