"""Organizations the archive already knows, named bare: "Apple", "Reuters", "Tuổi Trẻ", "Real Madrid" without the
head or cue word ("hãng", "báo", "CLB") that other articles give them.

News text names companies, media and clubs by their name alone far more often than with a head word, and no
head word means the rules of `organizations` cannot see them. The corpus is the evidence: a body the entity
registry holds (`index.Registry`), named in at least MIN_SUPPORT live articles, whose canonical name or a
written form is a bare-able head plus a proper name, or a name found after a cue ("hãng tin AFP"), makes
that proper name recognisable everywhere — a one-word name only when the body's articles are at least
MIN_NAMED_SHARE of the archive's articles with that word ("USD" or "Internet" after a head once or twice is no
company). A bare form must look like a name no common word can be: every
word capitalized, not a place, not a person's name, not a title or head word, and a single word only when it
cannot be a Vietnamese syllable (a brand in Latin letters, "Nikon", or an abbreviation of three capitals or
more, "AFP"). In a text it counts when written exactly so, as a whole run of capitalized words (a
capitalized function word may open the run: "Theo Reuters,"), outside the spans already found and outside
photo credits and source lines.
"""

from __future__ import annotations

import re
from collections import defaultdict

from index import Registry, canonical_place, is_vietnamese_syllable

from .lexicon import COUNTRIES, EXPANSIONS, FOREIGN_PLACES, FUNCTION_WORDS, MEDIA_CUES, ORG_HEADS, PROVINCES, TITLE_WORDS
from .organizations import CREDIT_LINE, Mention
from .phrases import UPPER_CLASS, VIETNAMESE_NAME, starts_name
from .registry_tables import per_registry

__all__ = ["MIN_NAMED_SHARE", "MIN_SUPPORT", "bare_organizations"]

MIN_SUPPORT = 2           # live articles naming the body: one alone may be a misreading
MIN_NAMED_SHARE = 0.01    # of the articles with a one-word form, the share that name the body (chosen on the dev set)
# Heads after which the proper name also stands alone in news text (media, companies, brands, clubs); a
# ministry, school or hospital is not named by its field alone.
_BARE_HEADS = tuple(sorted({*MEDIA_CUES, "báo", "đài", "công ty", "tập đoàn", "ngân hàng", "câu lạc bộ", "clb",
                            "nhà mạng", "đội bóng"}, key=len, reverse=True))
_NAME_WORD = re.compile(rf"(?:{UPPER_CLASS}|\d)(?:[\w&'’-]|\.(?=\w))*")
# A run of capitalized words in a text: where a bare form may stand.
_RUN = re.compile(rf"(?<![\w&.'’-]){_NAME_WORD.pattern}(?:[ ]{_NAME_WORD.pattern})*")
# A source line ("Theo Reuters", "(Nguồn: AFP)") or a lead's source mark ("(NLĐ) - Sáng 3/12, …"): a name there
# is a credit, not a mention.
_SOURCE_LINE = re.compile(r"^[ (]*(?:Theo|Nguồn)\b:?(?:[ ]+[^\s]+){1,4}[ )]*$|^[ ]*\([^()\n]{1,30}\)[ ]*[-–—]",
                          re.MULTILINE)
_NOT_NAMES = frozenset(w.casefold() for w in (*ORG_HEADS, *TITLE_WORDS, *EXPANSIONS, *PROVINCES, *COUNTRIES,
                                             *FOREIGN_PLACES))
_MAX_WORDS = 6


def _bare_form(written: str) -> str | None:
    """The proper name a written form of a body stands for without its head word, or None when it has no
    bare-able head or what is left could be something else than this body's name."""
    folded = written.casefold()
    head = next((h for h in _BARE_HEADS if folded.startswith(h + " ")), None)
    if head is not None:
        written = written[len(head) + 1:]
    elif written.split(" ", 1)[0].casefold() in _NOT_NAMES or any(folded.startswith(h + " ") for h in _NOT_NAMES):
        return None
    words = written.split()
    if not 1 <= len(words) <= _MAX_WORDS or not all(_NAME_WORD.fullmatch(w) for w in words):
        return None
    if written.casefold() in _NOT_NAMES or canonical_place(written) or re.fullmatch(VIETNAMESE_NAME, written):
        return None
    if all(w.casefold() in FUNCTION_WORDS for w in words):
        return None
    if len(words) == 1:
        word = words[0]
        letters = re.sub(r"[^\w]", "", word)
        abbreviation = letters.isupper() and len(letters) >= 3
        brand = letters.isascii() and letters.isalpha() and len(letters) >= 3 and not is_vietnamese_syllable(letters)
        if not (abbreviation or brand):
            return None
    return written


# The registry's bare forms by their first word: (words, canonical name), longest first.
BareNames = dict[str, list[tuple[tuple[str, ...], str]]]


def _build(registry: Registry) -> BareNames:
    claims: dict[str, dict[str, int]] = defaultdict(dict)
    for entity in registry.entities("organization"):
        support = len(entity.articles)
        if support < MIN_SUPPORT or registry.lookup("official", entity.name) is not None:
            continue
        for written in (entity.name, *entity.aliases):
            form = _bare_form(written)
            if form is not None and registry.lookup("official", form) is None:
                claims[form][entity.name] = support
    # A one-word form counts only when the body's articles are at least MIN_NAMED_SHARE of the archive's
    # articles with that word ("Reuters", "AFP" are; "USD", "Internet" are mostly ordinary words that some
    # article put after a head). A registry built from rows alone has no counts: every form counts.
    documents = registry.documents_with([form for form in claims if " " not in form]) or {}
    by_first: BareNames = defaultdict(list)
    for form, bodies in claims.items():
        ranked = sorted(bodies.items(), key=lambda b: -b[1])
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            continue                     # two bodies as often named so: the bare form tells them not apart
        if form in documents and ranked[0][1] < MIN_NAMED_SHARE * documents[form]:
            continue
        words = tuple(form.split())
        by_first[words[0]].append((words, ranked[0][0]))
    return {w: sorted(forms, key=lambda f: -len(f[0])) for w, forms in by_first.items()}


_bare_names = per_registry(_build)


def bare_organizations(text: str, registry: Registry, found: list[Mention]) -> list[Mention]:
    """Registry bodies named bare in ``text`` (normalized, as `find_organizations` reads it), outside the
    ``found`` mentions, one per body not among them; each Mention spans the written bare form."""
    forms = _bare_names(registry)
    if not forms:
        return []
    taken = [(m.start, m.end) for m in found] + [m.span() for p in (CREDIT_LINE, _SOURCE_LINE) for m in p.finditer(text)]
    have = {m.name.casefold() for m in found}
    added: list[Mention] = []
    for run in _RUN.finditer(text):
        words = run.group(0).split(" ")
        offsets = [run.start()]
        for word in words[:-1]:
            offsets.append(offsets[-1] + len(word) + 1)
        lead = 0
        while lead < len(words) - 1 and words[lead].casefold() in FUNCTION_WORDS:
            lead += 1
        for first in range(lead + 1):
            match = next((f for f in forms.get(words[first], ()) if tuple(words[first:first + len(f[0])]) == f[0]), None)
            if match is None:
                continue
            start = offsets[first]
            end = start + len(" ".join(match[0]))
            rest = first + len(match[0])
            if (rest < len(words) and not starts_name(text, offsets[rest])) or any(a < end and start < b for a, b in taken):
                break
            if match[1].casefold() not in have:
                have.add(match[1].casefold())
                added.append(Mention(match[1], start, end))
            break
    return added
