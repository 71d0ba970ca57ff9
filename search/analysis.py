"""Thai-first text analysis shared by every backend (index time and query time).

* :func:`normalize` — NFKC for non-Thai characters, NFC Thai with PyThaiNLP's fixes (doubled vowels
  and tone marks), zero-width and soft-hyphen removal, Thai digits → ASCII digits, case folding.
* :func:`tokens` — paragraph by paragraph: runs of Thai letters are segmented into words (``nlpo3``,
  the Rust implementation of ``newmm``, when it is installed; PyThaiNLP's ``newmm`` otherwise; both
  use PyThaiNLP's bundled dictionary, nothing is downloaded); other runs of letters and digits are
  words; Latin words are stemmed (Snowball English).
* :func:`compound_parts` — the dictionary words a long Thai compound is made of (โรงงานอุตสาหกรรม →
  โรงงาน, อุตสาหกรรม): the index adds them after the tokens of titles, keywords and names, so a
  search for one part finds the compound.
* :func:`trigrams` — character trigrams of Thai runs, the fallback for words the segmenter splits
  differently at index and query time.
* :func:`fold` — the index key of a token: common spelling variants of Thai loanwords made equal
  (ไม้ไต่คู้ dropped, a letter silenced by การันต์ dropped with its mark: เซ็นเซอร์, เซนเซอร์ and
  เซ็นเซอ all become เซนเซอ; ซอฟต์แวร์, ซอฟท์แวร์ and ซอฟแวร์ become ซอฟแว). Index terms and
  query clauses are folded; words shown to people (did you mean) are not. The segmenter's
  dictionary holds the folded spellings of its long words too, so a variant spelling is segmented
  like the word it spells.

Tokens never contain spaces or FTS syntax, so a backend may join them with spaces and quote them.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Iterable

import snowballstemmer

ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"), None)
THAI_DIGITS = {ord(d): str(i) for i, d in enumerate("๐๑๒๓๔๕๖๗๘๙")}
# Thai letters, vowels and marks (not digits, ฯ, ๆ, ฿ or ๏๚๛ which act as punctuation).
THAI_CLASS = "\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e"
TOKEN_RE = re.compile(rf"(?P<thai>[{THAI_CLASS}]+)|(?P<word>[^\W_\u0e00-\u0e7f]+)")
THAI_RUN_RE = re.compile(rf"[{THAI_CLASS}]+")
PARAGRAPH_RE = re.compile(r"\n\s*\n|\r\n\s*\r\n")
THAI_RE = re.compile("[\u0e00-\u0e7f]")
LATIN_WORD_RE = re.compile(r"^[a-z]+$")
MAX_TOKEN_LENGTH = 64
MAX_QUERY_CHARS = 500
_NON_THAI_RUN = re.compile("[^\u0e00-\u0e7f]+")
_NEEDS_TRANSLATION = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u0e50-\u0e59]")


def _nfkc_non_thai(match: re.Match) -> str:
    return unicodedata.normalize("NFKC", match.group(0))


def normalize(text: str | None) -> str:
    """Normalise Thai and English text the same way at index and at query time."""
    if not text:
        return ""
    text = str(text)
    if _NEEDS_TRANSLATION.search(text):  # str.translate is slow on long non-ASCII text
        text = text.translate(ZERO_WIDTH).translate(THAI_DIGITS)
    # NFKC folds full-width Latin, ligatures and odd spaces, but would decompose Thai SARA AM, so
    # Thai runs get NFC and PyThaiNLP's Thai-specific fixes instead.
    text = _NON_THAI_RUN.sub(_nfkc_non_thai, text)
    if THAI_RE.search(text):
        text = unicodedata.normalize("NFC", text.replace("\u0e4d\u0e32", "\u0e33"))
        # The fixes of PyThaiNLP's ``normalize`` that matter for matching, as two regexes (it is
        # ten times slower): doubled SARA E typed for SARA AE, and repeated vowels/tone marks.
        text = _THAI_DOUBLE_E.sub("\u0e41", text)
        text = _THAI_REPEATED_MARK.sub(r"\1", text)
    return text.casefold()


_THAI_DOUBLE_E = re.compile("\u0e40\u0e40")
_THAI_REPEATED_MARK = re.compile("([\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])\\1+")


# ไม้ไต่คู้, and a letter (with its vowel) silenced by การันต์: dropped by :func:`fold`.
_FOLDED_MARKS_RE = re.compile("\u0e47|[\u0e01-\u0e2e][\u0e34\u0e38]?\u0e4c")
# Dictionary words at least this long get their folded spellings added to the segmenter's
# dictionary (shorter ones, e.g. เป็น → เปน, would match inside unrelated words).
FOLDED_DICTIONARY_MIN_LENGTH = 5


@functools.lru_cache(maxsize=65536)
def fold(token: str) -> str:
    """The index key of a (normalised) token: spelling variants of loanwords folded together."""
    if "\u0e47" not in token and "\u0e4c" not in token:
        return token
    return _FOLDED_MARKS_RE.sub("", token) or token


def fold_prefix(prefix: str) -> str:
    """:func:`fold` for the start of a word being typed: a last Thai letter may be one the next
    keystroke silences with การันต์ (เซ็นเซอร… → เซ็นเซอร์), so it is left off."""
    folded = fold(prefix)
    if len(folded) >= 3 and "\u0e01" <= folded[-1] <= "\u0e2e":
        return folded[:-1]
    return folded


_SILENCED_RE = re.compile("[\u0e01-\u0e2e][\u0e34\u0e38]?\u0e4c")


def _spelling_variants(word: str) -> set[str]:
    """The ways the word is commonly misspelt: with or without ไม้ไต่คู้, and with any of its
    (at most three) silenced letters left out."""
    silenced = list(_SILENCED_RE.finditer(word))[:3]
    variants: set[str] = set()
    for base in {word, word.replace("\u0e47", "")}:
        spans = list(_SILENCED_RE.finditer(base))[: len(silenced)]
        for mask in range(1 << len(spans)):
            out, last = [], 0
            for bit, match in enumerate(spans):
                if mask >> bit & 1:
                    out.append(base[last : match.start()])
                    last = match.end()
            variants.add("".join(out) + base[last:])
    variants.discard(word)
    return {v for v in variants if v}


@functools.cache
def _dictionary_path() -> str:
    """PyThaiNLP's word list plus the folded spellings of its long words (written once per
    version of the list, next to nothing else: a file in the temporary directory)."""
    import hashlib
    import tempfile

    words = _dictionary()
    extra = sorted(
        {
            variant
            for word in words
            if len(word) >= FOLDED_DICTIONARY_MIN_LENGTH
            for variant in _spelling_variants(word)
        }
        - words
    )
    digest = hashlib.sha256("\n".join(extra).encode()).hexdigest()[:16]
    path = os.path.join(tempfile.gettempdir(), f"ic-search-words-{len(words)}-{digest}.txt")
    if not os.path.exists(path):
        partial = f"{path}.{os.getpid()}"
        with open(partial, "w", encoding="utf-8") as out:
            out.write("\n".join(sorted(words | set(extra))) + "\n")
        os.replace(partial, path)
    return path


@functools.cache
def _segmenter():
    """The word segmenter: nlpo3 (fast, offline) if installed, else PyThaiNLP's newmm."""
    try:
        import nlpo3

        nlpo3.load_dict(_dictionary_path(), "ic_th")
        return lambda run: nlpo3.segment(run, "ic_th")
    except ImportError:  # pragma: no cover - nlpo3 is a dependency, newmm is the fallback
        from pythainlp.tokenize import word_tokenize
        from pythainlp.util import Trie

        with open(_dictionary_path(), encoding="utf-8") as handle:
            trie = Trie({line.strip() for line in handle if line.strip()})
        return lambda run: word_tokenize(
            run, engine="newmm", custom_dict=trie, keep_whitespace=True
        )


@functools.cache
def _stemmer():
    return snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _stemmer().stemWord(word) if LATIN_WORD_RE.match(word) else word


def segment_thai(run: str) -> list[str]:
    return [word for word in _segmenter()(run) if word.strip()]


def paragraphs(text: str) -> list[str]:
    return [p for p in PARAGRAPH_RE.split(text) if p.strip()]


_WORD_RE = re.compile(rf"[{THAI_CLASS}]+|[^\W_\u0e00-\u0e7f]+")
_MARKS = frozenset(
    "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
)
_PIECE_SEPARATOR = "\x1f"  # not a word character: splits the segmenter's pieces in one regex pass


def _tokens_of_normalized(text: str, *, stem: bool = True) -> list[str]:
    out: list[str] = []
    segment = _segmenter()
    for paragraph in paragraphs(text):
        # One segmenter call per paragraph (the call overhead dominates per-run calls), then one
        # regex pass over the pieces splits off punctuation and separates Thai from other words.
        if THAI_RE.search(paragraph):
            paragraph = _PIECE_SEPARATOR.join(segment(paragraph))
        for word in _WORD_RE.findall(paragraph):
            first = word[0]
            if first < "\u0e00":
                out.append(_stem(word[:MAX_TOKEN_LENGTH]) if stem else word[:MAX_TOKEN_LENGTH])
            elif first in _MARKS and _only_marks(word):
                continue
            else:
                out.append(word[:MAX_TOKEN_LENGTH])
    return out


def _only_marks(word: str) -> bool:
    return all(unicodedata.category(ch) == "Mn" for ch in word)


def tokens(text: str | None, *, stem: bool = True) -> list[str]:
    """Words of ``text``: normalised, Thai segmented paragraph by paragraph, English stemmed."""
    return _tokens_of_normalized(normalize(text), stem=stem)


def tokens_and_surfaces(text: str | None, *, compounds: bool = True) -> tuple[list[str], set[str]]:
    """Index tokens (stemmed, folded), then the parts of the Thai compounds among them, and the
    words as written that differ from them (for "did you mean", which should suggest words people
    type, not stems or folded keys). The parts come after every token, so phrases of the text keep
    their positions."""
    surfaces = tokens(text, stem=False)
    stemmed = [_stem(word) for word in surfaces]
    parts = [fold(part) for word in stemmed for part in compound_parts(word)] if compounds else []
    keys = [fold(word) for word in stemmed]
    return keys + parts, {w for w, key in zip(surfaces, keys, strict=True) if w != key}


def query_tokens(text: str | None) -> list[str]:
    """The index keys of a query's words (stemmed and folded, as :func:`tokens_and_surfaces`
    indexes them)."""
    return [fold(token) for token in tokens(text)]


# Parts shorter than this are left alone: splitting โรงเรียน into โรง + เรียน, or การศึกษา into การ +
# ศึกษา, would make a search for เรียน match every school.
COMPOUND_MIN_PART = 4


@functools.cache
def _dictionary() -> frozenset[str]:
    import pythainlp

    path = os.path.join(os.path.dirname(pythainlp.__file__), "corpus", "words_th.txt")
    with open(path, encoding="utf-8") as words:
        return frozenset(line.strip() for line in words if line.strip())


@functools.lru_cache(maxsize=65536)
def compound_parts(token: str) -> tuple[str, ...]:
    """The parts of a Thai compound token: two or three dictionary words of at least
    :data:`COMPOUND_MIN_PART` characters that spell it (the longest first part wins); stopwords
    among them are dropped. ``()`` for anything else."""
    if len(token) < 2 * COMPOUND_MIN_PART or not THAI_RE.match(token):
        return ()
    parts = _split_compound(token, _dictionary(), depth=3)
    if not parts or len(parts) < 2:
        return ()
    return tuple(p for p in parts if p not in thai_stopwords())


def _split_compound(text: str, words: frozenset[str], *, depth: int) -> list[str] | None:
    if text in words and len(text) >= COMPOUND_MIN_PART and depth < 3:
        return [text]
    if depth == 1:
        return None
    for cut in range(len(text) - COMPOUND_MIN_PART, COMPOUND_MIN_PART - 1, -1):
        head = text[:cut]
        if head in words:
            rest = _split_compound(text[cut:], words, depth=depth - 1)
            if rest:
                return [head, *rest]
    return None


@functools.lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """The index key of one word as segmented in the original text (highlighting, did you mean)."""
    return fold(_stem(normalize(word)))


def segmented(text: str | None) -> str:
    """``text`` as space-separated tokens (what the full-text engines index and query)."""
    return " ".join(tokens(text))


def trigrams(text: str | None, *, normalized: bool = False) -> list[str]:
    """Character trigrams of the Thai runs in ``text`` (a run shorter than 3 is kept whole)."""
    text = text if normalized else normalize(text)
    grams: list[str] = []
    for run in THAI_RUN_RE.findall(text):
        if len(run) < 3:
            grams.append(run)
        else:
            grams.extend(run[i : i + 3] for i in range(len(run) - 2))
    return grams


_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_controls(text: str) -> str:
    """Drop control characters (NUL and friends): PostgreSQL refuses NUL in text parameters and
    no engine can match them anyway."""
    return _CONTROL_CHARS.sub(" ", text)


def clean_query(text: str | None) -> str:
    """A query as typed, bounded in length (10,000 characters of input never reach an engine)."""
    text = strip_controls((text or "")[: MAX_QUERY_CHARS * 4])
    return normalize(text)[:MAX_QUERY_CHARS].strip()


def unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


@functools.cache
def thai_stopwords() -> frozenset[str]:
    from pythainlp.corpus import thai_stopwords as stopwords

    words = frozenset(stopwords())
    return words | {fold(word) for word in words}


def word_boundaries(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the words of ``text`` (not normalised), for cutting snippets: one
    segmenter call for the whole text, whose pieces concatenate back to it."""
    pieces = _segmenter()(text) if THAI_RE.search(text) else [text]
    if "".join(pieces) != text:  # a segmenter that drops characters: segment run by run
        pieces = []
        last = 0
        for match in THAI_RUN_RE.finditer(text):
            pieces += [text[last : match.start()], *_segmenter()(match.group(0))]
            last = match.end()
        pieces.append(text[last:])
    spans: list[tuple[int, int]] = []
    position = 0
    for piece in pieces:
        for match in _WORD_RE.finditer(piece):
            spans.append((position + match.start(), position + match.end()))
        position += len(piece)
    return spans
