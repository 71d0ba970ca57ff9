"""The bilingual vocational glossary shipped as data (``search/data/vocational_glossary.tsv``):
Thai ↔ English term groups over the 10 target industries, loaded into the staff-editable synonym
list (:class:`search.models.Synonym`) by migration ``0004_vocational_glossary``."""

from __future__ import annotations

from pathlib import Path

GLOSSARY_PATH = Path(__file__).resolve().parent / "data" / "vocational_glossary.tsv"
# The note of a glossary group in the synonym list ("which industry it came from").
NOTE_PREFIX = "Vocational glossary / อภิธานศัพท์อาชีวะ: "


def glossary_groups(path: Path = GLOSSARY_PATH) -> list[tuple[str, list[str]]]:
    """``(industry code, terms)`` per line of the glossary, in file order (comments and blank
    lines skipped; a line with fewer than two terms is an error, with its line number)."""
    groups: list[tuple[str, list[str]]] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            industry, _tab, terms_text = line.partition("\t")
            terms = list(dict.fromkeys(t.strip() for t in terms_text.split(",") if t.strip()))
            if len(terms) < 2:
                raise ValueError(f"{path}:{number}: a group needs at least two terms")
            groups.append((industry.strip(), terms))
    return groups
