"""When segments merge: in tiers of similar size, and never more per commit than a bounded multiple of its batch.

Whoosh's default policy (MERGE_SMALL) merges every segment below a Fibonacci threshold of the running total,
so in a big index one small batch can rewrite all of it: the second commit of a 5,000-article batch into the
421k-article scale index started a merge of all 24 segments, 427,510 documents (docs/benchmarks.md, issue 13). Here a segment's tier is the
decimal order of its document count (under 100, 100–999, 1k–9.9k, …). When the lowest tier at or above the
segment being written holds FANOUT segments counting that one, they merge into it, and the cascade goes on
with the next tier; a commit stops before a merge that would take the new segment past its budget
(BUDGET_PER_DOC × the documents it writes, at least MIN_BUDGET_DOCS). A batch then costs the same into a big
index as into a small one, and every article is rewritten about once per tier. Merges past the budget wait for
`compact` (`ingest compact`, at a quiet hour), which runs the same tiers with no budget.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from whoosh.reading import SegmentReader

__all__ = ["FANOUT", "plan_merge", "tiered_merge"]

FANOUT = 10                 # segments of one tier that merge into one
TIER_BASE_DOCS = 100        # tier 0 holds segments under this many documents
BUDGET_PER_DOC = 2 * FANOUT
MIN_BUDGET_DOCS = 20_000

MergePolicy = Callable[[Any, list[Any]], list[Any]]


def tier(docs: int) -> int:
    """The size tier of a segment of `docs` documents (deleted ones included: a merge rewrites them)."""
    return 0 if docs < TIER_BASE_DOCS else int(math.log10(docs / TIER_BASE_DOCS)) + 1


def plan_merge(new_docs: int, sizes: Sequence[int], budget: int | None) -> list[int]:
    """Indexes (into `sizes`, the existing segments' document counts) of the segments to merge into a new
    segment of `new_docs` documents; `budget` caps the merged segment's documents (None: no cap)."""
    remaining = sorted(range(len(sizes)), key=lambda i: sizes[i])
    chosen: list[int] = []
    total = new_docs
    while remaining:
        level = max(tier(total) if total else 0, tier(sizes[remaining[0]]))
        group = [i for i in remaining if tier(sizes[i]) <= level]
        if len(group) + (1 if total else 0) < FANOUT:
            break
        merged = total + sum(sizes[i] for i in group)
        if budget is not None and merged > budget:
            break
        chosen += group
        remaining = remaining[len(group):]
        total = merged
    return chosen


def tiered_merge(new_docs: int, *, bounded: bool = True) -> MergePolicy:
    """A whoosh merge policy (`writer.commit(mergetype=...)`) for a commit writing `new_docs` documents."""
    budget = max(MIN_BUDGET_DOCS, BUDGET_PER_DOC * new_docs) if bounded else None

    def policy(writer: Any, segments: list[Any]) -> list[Any]:
        chosen = set(plan_merge(new_docs, [s.doc_count_all() for s in segments], budget))
        for i in sorted(chosen):
            reader = SegmentReader(writer.storage, writer.schema, segments[i])
            writer.add_reader(reader)
            reader.close()
        return [s for i, s in enumerate(segments) if i not in chosen]

    return policy
