"""Suggestions as the user types in a search box: glossary terms (the staff-edited synonym groups,
Thai ↔ English) and titles of resources the user may see (through the query service).

Prefix matching, Thai without spaces included: a glossary term matches when it, or one of its
words, starts with what was typed (spaces, case and Thai spelling normalised); titles match
through :func:`search.query.search_autocomplete`. Answers are cached briefly per language,
audience and text, so a burst of keystrokes from many users costs few queries.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import analysis
from .index import audience_of_user
from .query import search_autocomplete

MIN_CHARS = 2
MAX_CHARS = 100
TERM_LIMIT = 3
RESOURCE_LIMIT = 6
SUGGEST_CACHE_SECONDS = 60
GLOSSARY_CACHE_KEY = "search:glossary-terms:v2"
# Part of every cached answer's key: a glossary edit starts a new generation of answers.
GENERATION_CACHE_KEY = "search:suggest:generation"
GLOSSARY_CACHE_SECONDS = 300


@dataclass
class Suggestion:
    kind: str  # "term" (search for it) or "resource" (open it)
    title: str
    url: str
    type: str
    type_label: str
    # Other words of the same glossary group (a term's translation and spelling variants).
    alternatives: tuple[str, ...] = ()
    title_en: str = ""


def _key(text: str) -> str:
    """What a prefix is compared on: normalised (case, Thai spelling), without spaces."""
    return "".join(analysis.normalize(text).split())


def _written_forms(terms: list[str]) -> dict[str, str]:
    """The form each term of a group is shown in: terms that differ only by spaces or case (e.g.
    "พี แอล ซี", kept in the glossary so the spaced spelling is found too) show as the group's
    form with the fewest spaces ("พีแอลซี"), as people write the word."""
    best: dict[str, str] = {}
    for term in terms:
        key = _key(term)
        if key not in best or term.count(" ") < best[key].count(" "):
            best[key] = term
    return {term: best[_key(term)] for term in terms}


def glossary_entries() -> list[tuple[tuple[str, ...], str, tuple[str, ...], frozenset[str]]]:
    """Every glossary term as (keys it matches by, the form it is shown in, the other forms of
    its group, the keys of its whole group)."""
    entries = cache.get(GLOSSARY_CACHE_KEY)
    if entries is None:
        from .models import Synonym

        entries = []
        for synonym in Synonym.objects.only("terms"):
            terms = synonym.term_list
            written = _written_forms(terms)
            forms = analysis.unique(written[term] for term in terms)
            group_keys = frozenset(_key(term) for term in terms)
            for term in terms:
                words = analysis.normalize(term).split()
                keys = analysis.unique([_key(term), *(w for w in words[1:] if w)])
                others = tuple(f for f in forms if f != written[term])
                entries.append((tuple(keys), written[term], others, group_keys))
        cache.set(GLOSSARY_CACHE_KEY, entries, GLOSSARY_CACHE_SECONDS)
    return entries


def glossary_clear_cache() -> None:
    cache.delete(GLOSSARY_CACHE_KEY)
    cache.set(GENERATION_CACHE_KEY, uuid.uuid4().hex[:12], None)


def glossary_matches(text: str, *, limit: int = TERM_LIMIT) -> list[tuple[str, tuple[str, ...]]]:
    """Glossary terms starting with ``text`` (whole term first, then one of its later words);
    exact matches first, then the shortest. One entry per synonym group: a term already shown,
    or one of its group's words, is not offered again (spelling variants of one group, and
    groups staff added that overlap the shipped glossary)."""
    key = _key(text)
    if not key:
        return []
    found = []
    for keys, term, others, group_keys in glossary_entries():
        if keys[0].startswith(key):
            rank = (0 if keys[0] == key else 1, len(keys[0]), term)
        elif any(k.startswith(key) for k in keys[1:]):
            rank = (2, len(keys[0]), term)
        else:
            continue
        found.append((rank, term, others, group_keys))
    found.sort(key=lambda match: match[0])
    out: list[tuple[str, tuple[str, ...]]] = []
    shown: set[str] = set()
    for _rank, term, others, group_keys in found:
        if _key(term) in shown:
            continue
        shown |= group_keys
        out.append((term, others))
        if len(out) >= limit:
            break
    return out


def _search_url(text: str) -> str:
    return reverse("search:page") + "?" + urlencode({"q": text})


def suggestions_for(*, text: str, user=None) -> list[Suggestion]:
    """Glossary terms, then resources, for what was typed so far (cached for a minute)."""
    text = analysis.clean_query(text or "")[:MAX_CHARS]
    if len(_key(text)) < MIN_CHARS:
        return []
    audience = audience_of_user(user)
    audience_key = "all" if audience is None else ",".join(sorted(audience))
    digest = hashlib.sha256(f"{audience_key}\n{text.casefold()}".encode()).hexdigest()[:32]
    generation = cache.get(GENERATION_CACHE_KEY, "0")
    cache_key = f"search:suggest:v1:{generation}:{(get_language() or 'th')[:2]}:{digest}"
    cached = cache.get(cache_key)
    if cached is not None:
        return cached
    term_label = _("Search term")
    suggestions = [
        Suggestion(
            kind="term",
            title=term,
            url=_search_url(term),
            type="term",
            type_label=term_label,
            alternatives=others[:3],
        )
        for term, others in glossary_matches(text)
    ]
    suggestions += [
        Suggestion(
            kind="resource",
            title=item.title,
            title_en=item.title_en,
            url=item.url,
            type=item.type,
            type_label=item.type_label,
        )
        for item in search_autocomplete(text=text, user=user, limit=RESOURCE_LIMIT)
    ]
    cache.set(cache_key, suggestions, SUGGEST_CACHE_SECONDS)
    return suggestions
