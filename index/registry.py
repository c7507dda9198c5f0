"""The archive-wide entity registry: each official and organization once, with its written forms, and for
officials the titles held with the first and last article dates and the articles that support them.

It is derived from one row per stored article (date, withdrawn flag, officials with titles, organizations,
and the written forms and registry-inferred officials that ingest records under `ENTITIES_KEY` in the
provenance). The rows live in the sidecar `registry.pickle` beside the index, tagged with the generation
they describe and replaced atomically under the writer's lock by every commit (`ArchiveIndex`); when it is
missing or stale they are read again from the stored fields. Officials that the extractor inferred from the
registry itself (named without a title, or a bare post) are not counted as support, nor are organizations it
recognised named bare: the registry grows only from what articles state.
"""

from __future__ import annotations

import json
import pickle
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .atomic import replace_atomically
from .normalize import normalize_text

__all__ = ["ENTITIES_KEY", "REGISTRY_FILE", "Entity", "Registry", "RegistryRows", "Row", "TitleHeld",
           "entity_key", "load_rows", "row_of", "save_rows"]

REGISTRY_FILE = "registry.pickle"
COMMON_SHARE = 0.01       # an organization named in more than this share of the articles tells no one apart
# Provenance key (JSON): {"forms": [[kind, canonical, written], ...], "inferred": [official names],
# "inferred_organizations": [organization names]}.
ENTITIES_KEY = "entities"


@dataclass(frozen=True)
class Row:
    """What one stored article contributes."""

    published: str | None                                  # ISO date-time in Vietnam time
    withdrawn: bool
    officials: tuple[tuple[str, tuple[str, ...]], ...]      # stated in the article (not inferred)
    organizations: tuple[str, ...]                          # stated (not recognised through the registry)
    forms: tuple[tuple[str, str, str], ...]                 # (kind, canonical name, form written in the article)


RegistryRows = dict[str, Row]


@dataclass(frozen=True)
class TitleHeld:
    """A title an official held, as the supporting articles state it."""

    title: str
    first: datetime | None          # earliest and latest dated supporting article (None: all undated)
    last: datetime | None
    articles: tuple[tuple[str, datetime | None], ...]   # supporting (id, date), oldest first, undated last


@dataclass(frozen=True)
class Entity:
    """One official or organization of the archive."""

    kind: str
    name: str
    aliases: tuple[str, ...]        # other written forms seen
    articles: tuple[str, ...]       # live articles naming it (as extracted, not inferred)
    titles: tuple[TitleHeld, ...] = ()


def entity_key(name: str) -> str:
    """The lookup key of a name or written form: normalized, single spaces, case-folded."""
    return " ".join(normalize_text(name).split()).casefold()


def row_of(fields: Mapping[str, Any]) -> Row:
    """The row of a stored document (Whoosh stored fields, or the fields written for it)."""
    entities = json.loads(json.loads(fields.get("provenance") or "{}").get(ENTITIES_KEY) or "{}")
    inferred = set(entities.get("inferred", ()))
    stated = tuple((name, tuple(titles)) for name, titles in fields.get("official_titles", ()) if name not in inferred)
    recognised = set(entities.get("inferred_organizations", ()))
    bodies = tuple(name for name in fields.get("organizations", ()) if name not in recognised)
    return Row(fields.get("published"), bool(fields.get("withdrawn")), stated, bodies,
               tuple((k, c, w) for k, c, w in entities.get("forms", ())))


def load_rows(index_dir: Path, generation: int) -> RegistryRows | None:
    """The rows saved for `generation`, or None when the file is missing, unreadable or of another generation."""
    try:
        with open(index_dir / REGISTRY_FILE, "rb") as fh:
            saved_generation, rows = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return None
    return rows if saved_generation == generation else None


def save_rows(index_dir: Path, rows: RegistryRows, generation: int) -> None:
    """Replace the sidecar atomically (written beside it, synced, renamed over it; no partial file is left)."""
    replace_atomically(index_dir / REGISTRY_FILE,
                       lambda fh: pickle.dump((generation, rows), fh, protocol=pickle.HIGHEST_PROTOCOL))


def _date_order(item: tuple[str, datetime | None]) -> tuple[bool, datetime | str]:
    article_id, when = item
    return (when is None, when or article_id)


def _title_held(forms: Counter[str], support: list[tuple[str, datetime | None]]) -> TitleHeld:
    dated = [w for _, w in support if w is not None]
    return TitleHeld(forms.most_common(1)[0][0], min(dated, default=None), max(dated, default=None),
                     tuple(sorted(support, key=_date_order)))


class Registry:
    """The entities of a set of rows, looked up by canonical name or any written form.

    `word_documents(words)`, when the index supplies it, counts the articles whose body has each word (what tells
    a name that is written mostly as a name from an ordinary word: see `documents_with`)."""

    def __init__(self, rows: Mapping[str, Row],
                 word_documents: Callable[[Collection[str]], dict[str, int]] | None = None) -> None:
        self._word_documents = word_documents
        live = [(i, r) for i, r in sorted(rows.items()) if not r.withdrawn]
        spellings: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for _, row in live:
            for name, _ in row.officials:
                spellings["official", entity_key(name)][name] += 1
            for name in row.organizations:
                spellings["organization", entity_key(name)][name] += 1
        # Spellings that differ only in case or tone marks are one entity, under the most frequent one.
        spelled = {key: names.most_common(1)[0][0] for key, names in spellings.items()}
        articles: dict[tuple[str, str], dict[str, None]] = defaultdict(dict)
        forms: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        title_forms: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        support: dict[tuple[str, str], list[tuple[str, datetime | None]]] = defaultdict(list)

        def canonical(kind: str, written: str) -> str:
            name = spelled.get((kind, entity_key(written)), written)
            if name != written:
                forms[kind, name][written] += 1
            return name

        context: dict[str, set[str]] = defaultdict(set)
        for article_id, row in live:
            when = datetime.fromisoformat(row.published) if row.published else None
            bodies = [canonical("organization", written) for written in row.organizations]
            for body in bodies:
                articles["organization", body][article_id] = None
            for written, titles in row.officials:
                name = canonical("official", written)
                articles["official", name][article_id] = None
                for title in titles:
                    title_forms[name, entity_key(title)][title] += 1
                    support[name, entity_key(title)].append((article_id, when))
                if titles:
                    context[name].update(bodies)
            for kind, name, written in row.forms:
                forms[kind, canonical(kind, name)][written] += 1
        held: dict[str, list[TitleHeld]] = defaultdict(list)
        for (name, key), written in title_forms.items():
            held[name].append(_title_held(written, support[name, key]))
        self._entities: dict[tuple[str, str], Entity] = {}
        self._keys: dict[tuple[str, str], str] = {}
        for (kind, name), ids in articles.items():
            aliases = tuple(w for w, _ in forms[kind, name].most_common() if w != name)
            titles = tuple(sorted(held.get(name, ()) if kind == "official" else (),
                                  key=lambda t: (-len(t.articles), t.title)))
            self._entities[kind, name] = Entity(kind, name, aliases, tuple(ids), titles)
        for (kind, name), entity in sorted(self._entities.items(), key=lambda e: len(e[1].articles)):
            for alias in entity.aliases:          # a form two bodies share goes to the one named more often
                self._keys[kind, entity_key(alias)] = name
        for kind, name in self._entities:
            self._keys[kind, entity_key(name)] = name
        # Organizations named beside an official's stated titles, less the common ones (named in more than
        # COMMON_SHARE of the articles, or in more than 3 articles of a small archive): what tells one person
        # from a namesake.
        common = max(3.0, COMMON_SHARE * len(live))
        self._context = {name: frozenset(entity_key(b) for b in bodies if len(articles["organization", b]) <= common)
                         for name, bodies in context.items()}
        self._by_last: dict[str, list[Entity]] = defaultdict(list)
        for entity in self.entities("official"):
            words = entity_key(entity.name).split()
            if entity.titles and len(words) > 1:
                self._by_last[words[-1]].append(entity)
        self._posts: dict[str, list[tuple[str, datetime, datetime]]] = defaultdict(list)
        for name, titles in held.items():
            for title in titles:       # a span needs two dated articles: one alone may be a misreading
                if sum(when is not None for _, when in title.articles) >= 2:
                    self._posts[entity_key(title.title)].append((name, title.first, title.last))

    def __len__(self) -> int:
        return len(self._entities)

    def documents_with(self, words: Collection[str]) -> dict[str, int] | None:
        """For each of `words`, the articles of the archive whose body has it (None when the registry was built
        from rows alone)."""
        return self._word_documents(words) if self._word_documents is not None else None

    def lookup(self, kind: str, name: str) -> Entity | None:
        """The entity named `name` (canonical name or a written form seen, any case), or None."""
        canonical = self._keys.get((kind, entity_key(name)))
        return self._entities[kind, canonical] if canonical is not None else None

    def entities(self, kind: str) -> Iterable[Entity]:
        """Every entity of `kind`."""
        return (e for (k, _), e in self._entities.items() if k == kind)

    def titled_officials(self) -> list[str]:
        """Names of the officials the archive shows with at least one title."""
        return [e.name for e in self.entities("official") if e.titles]

    def context(self, name: str) -> frozenset[str]:
        """Keys (`entity_key`) of the uncommon organizations named in the articles that give official `name` a
        title."""
        return self._context.get(name, frozenset())

    def title_on(self, name: str, when: datetime | None) -> str | None:
        """The title `name` held on `when`: one whose dated span holds it, else the latest one begun before it,
        else (undated, or only later titles) the best-supported one."""
        entity = self._entities.get(("official", name))
        if entity is None or not entity.titles:
            return None
        if when is not None:
            spans = [t for t in entity.titles if t.first is not None and t.first <= when]
            holding = [t for t in spans if when <= t.last]
            if holding or spans:
                return max(holding or spans, key=lambda t: (t.first, len(t.articles))).title
        return entity.titles[0].title

    def full_name(self, short: str, when: datetime | None) -> str | None:
        """The titled official a one-word reference stands for ("Putin"): of those whose longer name ends with
        it (any case), the one with most supporting articles among those holding a title on `when` (all of
        them when none does or `when` is None); None when there is none."""
        key = entity_key(short)
        owners = self._by_last.get(key, ())
        holding = [e for e in owners if when is not None and any(
            t.first is not None and t.first <= when <= t.last for t in e.titles)]
        best = max(holding or owners, key=lambda e: (sum(len(t.articles) for t in e.titles), e.name), default=None)
        return best.name if best is not None else None

    def holder(self, title: str, when: datetime) -> str | None:
        """The one official whose dated span of `title` (any case, supported by two dated articles or more) holds
        `when`; None when none or several."""
        holders = {name for name, first, last in self._posts.get(entity_key(title), ()) if first <= when <= last}
        return holders.pop() if len(holders) == 1 else None
