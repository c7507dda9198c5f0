"""Stock Whoosh peer: what the Whoosh documentation leads an application to.

- schema: `title` and `body` as `TEXT` with the default `StandardAnalyzer` (English stop list,
  minsize 2, no accent folding), stored for highlighting; facet fields as sortable `ID` columns;
- writing: one writer per batch, `procs=2, limitmb=512, multisegment=True` (the settings the
  research runs used for every index, shared/research/retrieval-design.md §1);
- query: `MultifieldParser(["title", "body"])` with its default `AndGroup` — a stock app does not
  change the grouping, so every query word must match;
- page: `search_page(q, 1, pagelen=10, groupedby=<five FieldFacets>)`, the total, each facet's
  `groups()`, and `hit.highlights()` of title and body for the top 10.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import StandardAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import MultifieldParser
from whoosh.sorting import FieldFacet

from _corpus import Record
from peers import FACET_FIELDS, batches, facet_values, fresh_dir


def _schema() -> Schema:
    """Title/body text with StandardAnalyzer, id, and sortable facet columns."""
    facets = {name: ID(sortable=True) for name in FACET_FIELDS}
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=StandardAnalyzer(), stored=True),
        body=TEXT(analyzer=StandardAnalyzer(), stored=True),
        **facets,
    )


class WhooshStock:
    """Stock Whoosh index in `path`."""

    name = "whoosh"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._ix = None
        self._searcher = None
        self._parser = None
        self._facets = {name: FieldFacet(name) for name in FACET_FIELDS}

    def build(self, records: Sequence[Record], batch_size: int) -> None:
        """Create the index and add the records, one committed writer per batch."""
        ix = whoosh_index.create_in(str(fresh_dir(self.path)), _schema())
        for batch in batches(records, batch_size):
            writer = ix.writer(procs=2, limitmb=512, multisegment=True)
            for rec in batch:
                fields = {k: v for k, v in facet_values(rec).items() if v is not None}
                if rec.get("title"):
                    fields["title"] = rec["title"]
                writer.add_document(id=rec["id"], body=rec["body"], **fields)
            writer.commit()
        ix.close()

    def open(self) -> None:
        """Open the index, a searcher and the stock parser."""
        self._ix = whoosh_index.open_dir(str(self.path))
        self._searcher = self._ix.searcher()
        self._parser = MultifieldParser(["title", "body"], self._ix.schema)

    def doc_count(self) -> int:
        """Documents in the index."""
        if self._ix is None:
            if not whoosh_index.exists_in(str(self.path)):
                return 0
            self.open()
        return self._ix.doc_count()

    def search(self, q: str) -> list[str]:
        """Top 10 ids; the total, five facets and title/body highlights are computed too."""
        page = self._searcher.search_page(self._parser.parse(q), 1, pagelen=10, groupedby=self._facets)
        len(page)
        for name in FACET_FIELDS:
            page.results.groups(name)
        ids = []
        for hit in page:
            hit.highlights("title", text=hit.get("title", ""))
            hit.highlights("body")
            ids.append(hit["id"])
        return ids

    def close(self) -> None:
        """Close the searcher and the index."""
        if self._searcher is not None:
            self._searcher.close()
        if self._ix is not None:
            self._ix.close()
        self._ix = self._searcher = self._parser = None
