"""Story clusters: the copies of one story (reprints, syndicated dispatches, near-duplicates) share a story id.

Every article has a MinHash signature of its body (index/minhash.py). When a batch is written, its
articles are looked up by LSH banding (datasketch's bands for the threshold, matched with numpy sorts
over the whole archive's signatures); a candidate whose estimated Jaccard similarity reaches SAME_STORY is a copy of the same story. Stories are the
connected groups of such links; a story's id is its head's id: its earliest dated copy (undated copies
after dated ones, ties by id). When a batch joins or bridges stories, the archive's copies whose head
changed are rewritten with the new id.

The signatures live beside the index in `stories.npz` (ids, signatures, shingle counts, dates and
story ids), replaced atomically after each commit and tagged with the generation it describes, so a
batch is matched against the archive without re-reading its articles. A missing or stale file (an
index written before clusters existed, or a crash between the commit and the file) is rebuilt from
the stored bodies, and so is one signed by an older version of the rule (the stored story ids are kept;
new batches are matched with the new signatures).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from datasketch import MinHashLSH

from .atomic import replace_atomically
from .minhash import MIN_SHINGLES, NUM_PERM, SEED, SIGNING, longest_shared_run, signature, similarity
from .schema import NO_DATE

__all__ = ["StoryRows", "assign_stories", "load_rows", "save_rows", "rows_for", "SAME_STORY", "SIDECAR"]

SIDECAR = "stories.npz"
# Estimated Jaccard of two bodies' shingle sets from which they are one story. Chosen on the dev half of
# bench/gold/cluster_pairs.jsonl (`bench/clusters.py --sweep`): every dev pair labelled "not the same story"
# scores below 0.75 (the highest, 0.73, two reports of one accident from one agency's dispatch); pairs
# labelled the same score 0.2-0.98, so a lower threshold buys recall with merges of different reports.
SAME_STORY = 0.75
# From VERBATIM_FLOOR up to SAME_STORY a pair is one story when a passage of VERBATIM_RUN words stands word for
# word in both (a reprint with a new lead paragraph); chosen on the same dev pairs (the dev pairs labelled
# different in that band share at most 54 words) and on planted reprints of another seed than the bench's.
VERBATIM_FLOOR = 0.6
VERBATIM_RUN = 60
LSH_THRESHOLD = 0.5       # below VERBATIM_FLOOR so that the banding misses few pairs the estimate would confirm


@dataclass
class StoryRows:
    """Per article: id, signature, shingle count, publication time (NO_DATE if undated), story id ("" for an
    article stored before stories existed: its own, until a copy joins it and it is rewritten)."""

    ids: list[str]
    signatures: np.ndarray        # uint32 (n, NUM_PERM)
    sizes: np.ndarray             # int32 (n,)
    dates: np.ndarray             # int64 (n,)
    stories: list[str]

    @classmethod
    def empty(cls) -> StoryRows:
        return cls([], np.zeros((0, NUM_PERM), np.uint32), np.zeros(0, np.int32), np.zeros(0, np.int64), [])

    def __len__(self) -> int:
        return len(self.ids)

    def select(self, keep: np.ndarray) -> StoryRows:
        """The rows where `keep` is true."""
        rows = np.flatnonzero(keep)
        return StoryRows([self.ids[i] for i in rows], self.signatures[rows], self.sizes[rows],
                         self.dates[rows], [self.stories[i] for i in rows])

    def extend(self, other: StoryRows) -> StoryRows:
        """These rows followed by `other`'s."""
        return StoryRows(self.ids + other.ids, np.concatenate([self.signatures, other.signatures]),
                         np.concatenate([self.sizes, other.sizes]), np.concatenate([self.dates, other.dates]),
                         self.stories + other.stories)


def rows_for(articles: Iterable[tuple[str, str, int | None, str | None]]) -> StoryRows:
    """Rows of (id, body, publication timestamp or None, stored story id or None) tuples."""
    ids, sigs, sizes, dates, stories = [], [], [], [], []
    for article_id, body, published_ts, story in articles:
        sig, size = signature(body)
        ids.append(article_id)
        sigs.append(sig)
        sizes.append(size)
        dates.append(NO_DATE if published_ts is None else published_ts)
        stories.append(story or "")
    if not ids:
        return StoryRows.empty()
    return StoryRows(ids, np.vstack(sigs), np.asarray(sizes, np.int32), np.asarray(dates, np.int64), stories)


def _head_key(rows: StoryRows, i: int) -> tuple[bool, int, str]:
    """Sort key of a story's head: dated before undated, earliest first, then by id."""
    return (bool(rows.dates[i] == NO_DATE), int(rows.dates[i]), rows.ids[i])


class _Groups:
    """Union-find over row numbers."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


# The bands of datasketch's MinHashLSH at LSH_THRESHOLD (its optimum for equal false-positive and
# false-negative weights): band k is the signature's values hashranges[k]. A batch is matched by sorting the
# archive's band keys with numpy instead of inserting every archive row into a MinHashLSH per batch (which
# took 4 s a batch at 42k articles and grows with the archive).
_HASHRANGES = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM).hashranges
_BAND_MIX = np.random.default_rng(SEED).integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)


def _band_keys(signatures: np.ndarray) -> np.ndarray:
    """(n, bands) uint64 keys: each band's values mixed into one number (equal bands, equal keys)."""
    values = signatures.astype(np.uint64) * _BAND_MIX
    return np.stack([np.bitwise_xor.reduce(values[:, a:b] ^ (values[:, a:b] >> np.uint64(29)), axis=1)
                     for a, b in _HASHRANGES], axis=1)


def _candidates(rows: StoryRows, first_new: int) -> dict[int, set[int]]:
    """For each batch row (from `first_new`) with enough text, the other rows with enough text that share
    at least one band with it (what MinHashLSH.query answers)."""
    comparable = np.flatnonzero(rows.sizes >= MIN_SHINGLES)
    new = comparable[comparable >= first_new]
    found: dict[int, set[int]] = {int(i): set() for i in new}
    if not len(new):
        return found
    keys = _band_keys(rows.signatures[comparable])
    new_keys = keys[len(comparable) - len(new):]
    for band in range(keys.shape[1]):
        order = np.argsort(keys[:, band], kind="stable")
        column = keys[order, band]
        lo = np.searchsorted(column, new_keys[:, band], side="left")
        hi = np.searchsorted(column, new_keys[:, band], side="right")
        for i, a, b in zip(new, lo, hi):
            if b - a > 1:
                found[int(i)].update(int(j) for j in comparable[order[a:b]] if j != i)
    return found


def assign_stories(archive: StoryRows, batch: StoryRows, bodies: Callable[[set[str]], dict[str, str]]
                   ) -> tuple[StoryRows, dict[str, str]]:
    """Join a batch's rows to the archive's stories; `bodies(ids)` gives normalized bodies by id, asked once
    for the pairs whose estimate falls between VERBATIM_FLOOR and SAME_STORY.

    Returns the archive's rows afterwards (batch rows replace archive rows of the same id) and
    id → story id for every batch article and every archive article whose story id changed.
    """
    batch_ids = set(batch.ids)
    kept = archive.select(np.asarray([i not in batch_ids for i in archive.ids], dtype=bool))
    rows = kept.extend(batch)
    first_new = len(kept)
    groups = _Groups(len(rows))
    root_of_story: dict[str, int] = {}
    for i, story in enumerate(kept.stories):
        if story:
            groups.union(root_of_story.setdefault(story, i), i)
    # Stories that lose a rewritten copy may need a new head too.
    touched = {root_of_story[s] for i, s in zip(archive.ids, archive.stories) if i in batch_ids and s in root_of_story}
    touched.update(range(first_new, len(rows)))
    to_read: list[tuple[int, int]] = []
    for i, others in _candidates(rows, first_new).items():
        for j in sorted(others):
            estimate = similarity(rows.signatures[i], rows.signatures[j])
            if estimate >= SAME_STORY:
                groups.union(i, j)
            elif estimate >= VERBATIM_FLOOR:
                to_read.append((i, j))
    if to_read:
        texts = bodies({rows.ids[k] for pair in to_read for k in pair})
        for i, j in to_read:
            if longest_shared_run(texts.get(rows.ids[i], ""), texts.get(rows.ids[j], "")) >= VERBATIM_RUN:
                groups.union(i, j)
    touched_roots = {groups.find(i) for i in touched}
    members: dict[int, list[int]] = {}
    for i in range(len(rows)):
        root = groups.find(i)
        if root in touched_roots:
            members.setdefault(root, []).append(i)
    changed: dict[str, str] = {}
    for group in members.values():
        head = rows.ids[min(group, key=lambda i: _head_key(rows, i))]
        for i in group:
            if i >= first_new or rows.stories[i] != head:
                rows.stories[i] = head
                changed[rows.ids[i]] = head
    return rows, changed


def load_rows(index_dir: Path, generation: int) -> StoryRows | None:
    """The rows saved for `generation`, or None when the file is missing, unreadable, of another generation or
    signed by another version of index/minhash.py's rule (SIGNING)."""
    try:
        with np.load(index_dir / SIDECAR, allow_pickle=False) as data:
            if int(data["generation"]) != generation or int(data["signing"]) != SIGNING:
                return None
            return StoryRows(data["ids"].tolist(), data["signatures"], data["sizes"], data["dates"],
                             data["stories"].tolist())
    except (OSError, KeyError, ValueError):
        return None


def save_rows(index_dir: Path, rows: StoryRows, generation: int) -> None:
    """Replace the sidecar atomically (written beside it, synced, renamed over it; no partial file is left
    when writing fails)."""
    replace_atomically(index_dir / SIDECAR, lambda fh: np.savez(
        fh, generation=np.int64(generation), signing=np.int64(SIGNING), ids=np.asarray(rows.ids, dtype=np.str_),
        signatures=rows.signatures, sizes=rows.sizes, dates=rows.dates, stories=np.asarray(rows.stories, dtype=np.str_)))
