"""Display labels of facet values and resource types (Thai or English, from the reference data)."""

from __future__ import annotations

from django.core.cache import cache
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from content.dates import format_year

FACET_TITLES = {
    "field": gettext_lazy("Field of study"),
    "type": gettext_lazy("Type"),
    "industry": gettext_lazy("Industry"),
    "level": gettext_lazy("Level"),
    "language": gettext_lazy("Language"),
    "year": gettext_lazy("Year"),
}


def facet_titles() -> dict:
    return FACET_TITLES


def _reference_model(name: str):
    from content.models import FieldOfStudy, Industry, Level

    return {"field": FieldOfStudy, "industry": Industry, "level": Level}.get(name)


def _names(name: str) -> dict[str, str]:
    model = _reference_model(name)
    english = (get_language() or "th").startswith("en")
    out: dict[str, str] = {}
    for obj in model.objects.all():
        label = (obj.name_en or obj.name_th) if english else obj.name_th
        out[obj.code] = f"{obj.code} {label}" if name == "field" else label
    return out


def facet_label(name: str, value: str, *, labels: dict[str, str] | None = None) -> str:
    if name == "type":
        return type_label(value)
    if name == "language":
        return {"th": _("Thai"), "en": _("English")}.get(value, value)
    if name == "year":
        try:
            return format_year(int(value), language=get_language())
        except (TypeError, ValueError):
            return value
    if _reference_model(name) is None:
        return value
    return (labels if labels is not None else _names(name)).get(value, value)


LABEL_CACHE_SECONDS = 60


def facet_labels(name: str) -> dict[str, str]:
    """Labels of a reference facet (field, industry, level) in the current language (cached for a
    minute: staff edits of the reference data show within that)."""
    if _reference_model(name) is None:
        return {}
    key = f"search:labels:{name}:{(get_language() or 'th')[:2]}"
    labels = cache.get(key)
    if labels is None:
        labels = _names(name)
        cache.set(key, labels, LABEL_CACHE_SECONDS)
    return labels


def type_label(resource_type: str) -> str:
    from content.models import RESOURCE_TYPES

    model = RESOURCE_TYPES.get(resource_type)
    return str(model._meta.verbose_name) if model else resource_type


def facet_values_resolve(name: str, values: list[str]) -> dict[str, str]:
    """Map each known filter value to its indexed value (a B.E. year becomes A.D.); unknown
    values are left out (the caller reports them, never an error)."""
    if name == "type":
        from content.models import RESOURCE_TYPES

        return {v: v for v in values if v in RESOURCE_TYPES}
    if name == "language":
        return {v: v for v in values if v in ("th", "en")}
    if name == "year":
        out = {}
        for v in values:
            if v.isdigit() and 1000 <= int(v) <= 3000:
                year = int(v)
                out[v] = str(year - 543 if year > 2400 else year)
        return out
    model = _reference_model(name)
    if model is None:
        return {}
    known = set(model.objects.filter(code__in=values).values_list("code", flat=True))
    return {v: v for v in values if v in known}


def type_label_plural(resource_type: str) -> str:
    from content.models import RESOURCE_TYPES

    model = RESOURCE_TYPES.get(resource_type)
    return str(model._meta.verbose_name_plural) if model else resource_type


def browse_all_label(resource_type: str) -> str:
    """ "All e-books" / "อีบุ๊กทั้งหมด": the heading and header link of one type's listing."""
    return _("All %(types)s") % {"types": type_label_plural(resource_type)}
