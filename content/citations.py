"""Citation export of research: BibTeX and RIS."""

from __future__ import annotations

import re

from .dates import BUDDHIST_ERA_OFFSET

_BIBTEX_SPECIALS = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)


def _bibtex_value(value: str) -> str:
    return " ".join(str(value).split()).translate(_BIBTEX_SPECIALS)


def bibtex_key(page) -> str:
    key = re.sub(r"[^A-Za-z0-9_-]+", "", page.external_id) or f"ic{page.pk}"
    return key


def research_bibtex(*, page, url: str) -> str:
    """A ``@techreport`` entry (vocational research reports are not journal articles)."""
    fields: list[tuple[str, str]] = [("title", page.title)]
    if page.title_en:
        fields.append(("note", f"English title: {page.title_en}"))
    if page.author_names:
        fields.append(("author", " and ".join(page.author_names)))
    if page.year:
        fields.append(("year", str(page.year)))
    if page.institution_id:
        fields.append(("institution", page.institution.name_th))
    if page.doi:
        fields.append(("doi", page.doi))
    fields.append(("url", page.external_url or url))
    if page.abstract or page.summary:
        fields.append(("abstract", page.abstract or page.summary))
    keywords = [tag.name for tag in page.keywords.all()]
    if keywords:
        fields.append(("keywords", ", ".join(keywords)))
    fields.append(("language", ", ".join(page.language_codes)))
    body = ",\n".join(f"  {name} = {{{_bibtex_value(value)}}}" for name, value in fields)
    return f"@techreport{{{bibtex_key(page)},\n{body}\n}}\n"


def _ris_line(tag: str, value: str) -> str:
    return f"{tag}  - {' '.join(str(value).split())}"


def research_ris(*, page, url: str) -> str:
    """An RIS record (type RPRT), CRLF line ends as the format expects."""
    lines = [_ris_line("TY", "RPRT"), _ris_line("TI", page.title)]
    if page.title_en:
        lines.append(_ris_line("TT", page.title_en))
    lines += [_ris_line("AU", name) for name in page.author_names]
    if page.year:
        lines.append(_ris_line("PY", str(page.year)))
        lines.append(_ris_line("N1", f"B.E. {page.year + BUDDHIST_ERA_OFFSET}"))
    if page.institution_id:
        lines.append(_ris_line("PB", page.institution.name_th))
    if page.doi:
        lines.append(_ris_line("DO", page.doi))
    lines.append(_ris_line("UR", page.external_url or url))
    if page.abstract or page.summary:
        lines.append(_ris_line("AB", page.abstract or page.summary))
    lines += [_ris_line("KW", tag.name) for tag in page.keywords.all()]
    lines += [_ris_line("LA", code) for code in page.language_codes]
    lines.append(_ris_line("ID", page.external_id))
    lines.append("ER  - ")
    return "\r\n".join(lines) + "\r\n"


# Other resource types: electronic-resource records of the same form as research's.
RIS_TYPES = {"ebook": "EBOOK", "elearning": "ELEC", "econtent": "ELEC", "simulator": "ELEC"}
BIBTEX_TYPES = {"ebook": "book"}


def resource_ris(*, page, url: str) -> str:
    """A RIS record of any resource; research reports get :func:`research_ris`."""
    if page.resource_type == "research":
        return research_ris(page=page, url=url)
    lines = [_ris_line("TY", RIS_TYPES.get(page.resource_type, "GEN")), _ris_line("TI", page.title)]
    if page.title_en:
        lines.append(_ris_line("TT", page.title_en))
    lines += [_ris_line("AU", name) for name in page.author_names]
    if page.year:
        lines.append(_ris_line("PY", page.year))
    if page.institution_id:
        lines.append(_ris_line("PB", page.institution.name_th))
    lines.append(_ris_line("UR", url))
    if page.summary:
        lines.append(_ris_line("AB", page.summary))
    lines += [_ris_line("LA", code) for code in page.language_codes]
    lines.append(_ris_line("ID", page.external_id))
    lines.append("ER  - ")
    return "\r\n".join(lines) + "\r\n"


def resource_bibtex(*, page, url: str) -> str:
    """A BibTeX entry of any resource; research reports get :func:`research_bibtex`."""
    if page.resource_type == "research":
        return research_bibtex(page=page, url=url)
    fields = [("title", page.title)]
    if page.title_en:
        fields.append(("note", f"English title: {page.title_en}"))
    if page.author_names:
        fields.append(("author", " and ".join(page.author_names)))
    if page.year:
        fields.append(("year", str(page.year)))
    if page.institution_id:
        fields.append(("publisher", page.institution.name_th))
    fields.append(("url", url))
    fields.append(("howpublished", "คลังปัญญาอาชีวศึกษา (Intelligent Center)"))
    fields.append(("language", ", ".join(page.language_codes)))
    body = ",\n".join(f"  {name} = {{{_bibtex_value(value)}}}" for name, value in fields)
    kind = BIBTEX_TYPES.get(page.resource_type, "misc")
    return f"@{kind}{{{bibtex_key(page)},\n{body}\n}}\n"
