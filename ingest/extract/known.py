"""Officials the archive already knows (the entity registry, `index.Registry`), applied to one article.

Two general rules, on top of what the article itself states (`officials.scan_officials`):

* a person the registry shows with a title, named in the article by full name without one, is an official
  of the article, with the title the registry shows them holding on the article's date (only a person-shaped
  name, not inside another proper name such as "Đại học Tôn Đức Thắng", with a title naming a body or a sole
  post: see `_recognisable`), and only when the article also names an uncommon organization named beside
  that person's titles elsewhere (`Registry.context`): common names are shared by players, defendants and
  officials alike;
* a one-word reference the article leaves unresolved ("Tổng thống Putin" with no fuller name) is the registry's
  best-supported titled official whose name ends with that word (`Registry.full_name`);
* a position title written with no name ("Thủ tướng", "Bộ trưởng Bộ Y tế") first resolves within the article
  (an official of the article holds it: nothing to add); otherwise, on a dated article that is not world
  news, to the one person the registry shows in that post on that date (none when several or none do).
  Only posts one person holds are resolved: a sole national post, or a post of a named body that is not a
  deputy's or member's ("Phó Chủ tịch VFF" has several holders at once) nor of a bare level ("Chủ tịch UBND
  tỉnh" depends on the article's place); a bare position word ("Chủ tịch") names nobody.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from index import Official, Registry, entity_key

from .lexicon import COUNTRIES, FOREIGN_PLACES, ORG_HEADS, PROVINCES, phrase_pattern
from .officials import Scan, is_bare_position
from .phrases import UPPER_CLASS, VIETNAMESE_NAME
from .registry_tables import per_registry

__all__ = ["Resolved", "resolve_with_registry"]

_CAPITALIZED = re.compile(f"(?<![\\w]){UPPER_CLASS}\\w*")
# Words before a name that make it a street, school, prize or place named after a person ("đường Lê Duẩn",
# "Đại học Tôn Đức Thắng"): these and the last word of every organization head, in lower case.
_NAMED_AFTER = frozenset("""đường phố ngõ hẻm cầu trường quận phường xã huyện làng thôn ấp bến chợ khu tòa
nhà lăng tượng đền giải quỹ tuyến sân cảng tên hiệu""".split()) | {h.split()[-1].lower() for h in ORG_HEADS}
# What a recognised name must look like: a Vietnamese full name, or two to four foreign (ASCII) words; places
# that the registry holds by mistake ("Đông Nam Á") are neither or are listed places.
_PERSON = re.compile(f"{VIETNAMESE_NAME}|[A-Z][a-z'’-]+(?:[ ][A-Z](?:[a-z'’-]+|\\.)){{1,3}}")
_PLACE = phrase_pattern(PROVINCES + COUNTRIES + FOREIGN_PLACES)
_LEVEL_END = re.compile(r"(?:^|[ ])(?:tỉnh|thành phố|TP\.?|huyện|quận|xã|phường|thị xã|thị trấn)$", re.IGNORECASE)
# Posts one person holds at a time without naming a body; any other bare position word ("Chủ tịch") is too
# general to resolve.
_SOLE_POSTS = frozenset({"thủ tướng", "thủ tướng chính phủ", "tổng bí thư", "chủ tịch nước", "tổng kiểm toán nhà nước"})
# Posts several people hold at once (deputies, members, delegates): the date cannot tell which one is meant.
_SHARED_POST = re.compile(r"^(?:(?:nguyên|cựu|quyền)[ ])?(?:phó|ủy viên|uỷ viên|thành viên|đại biểu|đbqh|thứ trưởng"
                          r"|nghị sĩ|thượng nghị sĩ|hạ nghị sĩ)(?:[ ]|$)")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\n]\s*)$")


@dataclass(frozen=True)
class Resolved:
    """The officials of an article with the registry applied, and which of them came from it."""

    officials: tuple[Official, ...]
    inferred: tuple[str, ...]


def _recognisable(registry: Registry, name: str) -> bool:
    """Whether the registry's evidence is enough to recognise ``name`` untitled: it is person-shaped, not a place
    nor one of the registry's organizations, and one of its titles names a body or a sole post (a bare "Chủ
    tịch" before "Real Madrid" is how clubs get misread as people)."""
    if not _PERSON.fullmatch(name) or _PLACE.fullmatch(name) or registry.lookup("organization", name):
        return False
    entity = registry.lookup("official", name)
    return any(not is_bare_position(t.title) or entity_key(t.title) in _SOLE_POSTS for t in entity.titles)


class _Names:
    """The registry's recognisable officials by first word, longest first (built once per registry)."""

    def __init__(self, registry: Registry) -> None:
        by_first: dict[str, list[str]] = defaultdict(list)
        for name in registry.titled_officials():
            if _recognisable(registry, name):
                by_first[name.split(" ", 1)[0]].append(name)
        self.by_first = {w: sorted(names, key=len, reverse=True) for w, names in by_first.items()}


_names = per_registry(_Names)


def _named_after(text: str, start: int) -> bool:
    """Whether the name at ``start`` is part of another proper name or names a street, school, prize …"""
    before = text[max(0, start - 40):start].rstrip()
    words = before.split()
    if not words:
        return False
    last = words[-1]
    if last.lower() in _NAMED_AFTER:
        return True
    return last[:1].isupper() and not _SENTENCE_END.search(before[:-len(last)])


def _known_in(text: str, registry: Registry, found: dict[str, list[str]]) -> list[str]:
    """Full names of titled registry officials written in ``text`` and not among ``found``, in text order."""
    names = _names(registry).by_first
    seen: dict[str, None] = {}
    for word in _CAPITALIZED.finditer(text):
        for name in names.get(word.group(0), ()):
            end = word.start() + len(name)
            if text.startswith(name, word.start()) and not text[end:end + 1].isalnum() \
                    and not (text[end:end + 1] == " " and text[end + 1:end + 2].isupper()):
                if name not in found and not _named_after(text, word.start()):
                    seen.setdefault(name)
                break
    return list(seen)


def _resolvable(title: str) -> bool:
    """Whether a nameless title can name one person by its date: a sole post, or a post of a named body that is
    not shared (deputies, members) and not of a bare level ("Chủ tịch UBND tỉnh")."""
    key = entity_key(title)
    if key in _SOLE_POSTS:
        return True
    return not (is_bare_position(title) or _SHARED_POST.match(key) or _LEVEL_END.search(title))


def _held_in_article(title: str, found: dict[str, list[str]]) -> bool:
    key = entity_key(title)
    return any(entity_key(t) == key or entity_key(t).startswith(key + " ") for ts in found.values() for t in ts)


def resolve_with_registry(scan: Scan, text: str, registry: Registry, when: datetime | None,
                          foreign: bool, organizations: tuple[str, ...]) -> Resolved:
    """``scan``'s officials plus those the registry supplies (see the module docstring); ``organizations`` are
    the article's."""
    found = {name: list(titles) for name, titles in scan.found.items()}
    for short in scan.short_names():         # "Tổng thống Putin" alone: the registry's "Vladimir Putin"
        full = registry.full_name(short, when)
        if full is not None:
            titles, held = found.pop(short), found.setdefault(full, [])
            held.extend(t for t in titles if t not in held)
    inferred: list[str] = []
    for name in _known_in(text, registry, found):
        title = registry.title_on(name, when)
        if title and registry.context(name) & {entity_key(o) for o in organizations}:
            found[name] = [title]
            inferred.append(name)
    if when is not None and not foreign:
        for title in dict.fromkeys(scan.bare_titles):
            if not _resolvable(title) or _held_in_article(title, found):
                continue
            holder = registry.holder(title, when)
            if holder is not None and holder not in found:
                found[holder] = [title]
                inferred.append(holder)
    resolved = Scan(found, scan.forms, scan.bare_titles).officials()
    return Resolved(resolved, tuple(inferred))
