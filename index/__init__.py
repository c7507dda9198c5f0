"""The archive's search engine: Vietnamese analysis, the Whoosh index, and searching.

Only this package imports whoosh. Import the public API from here, never from submodules.
"""

from .article import LOCAL_TZ, Article, Official
from .normalize import fold_text, is_vietnamese_syllable, normalize_text
from .places import (FORMER_SUFFIX, PLACE_CHANGES, PLACE_NAMES, PlaceChange, canonical_place, merged_predecessors,
                     place_aliases, place_facet_values, place_on, units_in_force, with_predecessors_label)
from .query import MAX_QUERY_CHARS, MAX_TERMS
from .registry import ENTITIES_KEY, Entity, Registry, TitleHeld, entity_key
from .searcher import (
    FACET_NAMES,
    MAX_PAGE_SIZE,
    SORTS,
    ArchiveSearcher,
    EntitySummary,
    FacetValue,
    Hit,
    QueryError,
    SearchPage,
    SearchRequest,
    StoredArticle,
)
from .store import (
    ArchiveIndex,
    BatchResult,
    ForeignIndexError,
    IndexLockedError,
    IndexNotFoundError,
    Tombstone,
    resolve_index_dir,
)
from .tokenize import syllables

__all__ = [
    "ENTITIES_KEY", "Entity", "Registry", "TitleHeld", "entity_key",
    "Article", "Official", "LOCAL_TZ", "normalize_text", "fold_text", "syllables", "is_vietnamese_syllable",
    "ArchiveIndex", "BatchResult", "Tombstone", "IndexNotFoundError", "ForeignIndexError",
    "IndexLockedError", "resolve_index_dir",
    "ArchiveSearcher", "SearchRequest", "SearchPage", "Hit", "FacetValue", "StoredArticle",
    "EntitySummary", "QueryError", "FACET_NAMES", "SORTS", "MAX_PAGE_SIZE", "MAX_QUERY_CHARS",
    "MAX_TERMS", "PlaceChange", "PLACE_CHANGES", "PLACE_NAMES", "FORMER_SUFFIX", "canonical_place",
    "merged_predecessors", "place_aliases", "place_facet_values", "place_on", "units_in_force",
    "with_predecessors_label",
]
