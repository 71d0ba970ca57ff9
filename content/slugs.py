"""Slugs that keep every Thai character.

Django's ``slugify`` normalises to NFKC and keeps only letters and digits, so Thai vowels above and
below the line and the tone marks (combining marks, category Mn) are lost: "คู่มือการบำรุงรักษา"
became "คมอการบารงรกษา". Wagtail's admin makes the same kind of slug in the browser.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

_THAI = "\u0e00-\u0e7f"
_DROP = re.compile(rf"[^\w\s{_THAI}-]")
_DASHES = re.compile(r"[-\s]+")

# Django's unicode slug validator (and Wagtail's URL pattern) takes \w only, which has no Thai
# combining marks: a slug of ours is \w, "-" and any Thai character.
SLUG_CHARACTERS = rf"[-\w{_THAI}]"
validate_thai_slug = RegexValidator(
    re.compile(rf"^{SLUG_CHARACTERS}+\Z"),
    _("Enter a valid slug: letters (Thai with its vowels and tone marks), numbers, - or _."),
    "invalid",
)
# The page-serving URL pattern with the same characters (intelligent_center/urls.py).
SERVE_PATTERN = rf"^((?:{SLUG_CHARACTERS}+/)*)$"


def thai_slugify(value: str, *, max_length: int = 240) -> str:
    """Lower-case words joined by "-", every Thai character kept (NFC, so "ำ" stays whole)."""
    value = unicodedata.normalize("NFC", str(value)).lower()
    value = _DASHES.sub("-", _DROP.sub("", value)).strip("-_")
    return value[:max_length].rstrip("-")


def _without_marks(value: str) -> str:
    return "".join(c for c in value if unicodedata.category(c) != "Mn")


def lossy_title_slugs(title: str) -> set[str]:
    """The slugs a mark-dropping slugifier (Django's, Wagtail admin's) makes from ``title``."""
    kept = thai_slugify(title)
    return {slugify(title, allow_unicode=True), _without_marks(kept)} - {kept}


class ThaiSlugPageMixin:
    """For page models: a slug made from the title keeps its Thai marks; a slug an editor typed
    is left alone; the slug is checked with :data:`validate_thai_slug`."""

    def full_clean(self, *args, **kwargs):
        if self.title and (not self.slug or self.slug in lossy_title_slugs(self.title)):
            self.slug = thai_slugify(self.title, max_length=self._meta.get_field("slug").max_length)
        return super().full_clean(*args, **kwargs)

    def clean_fields(self, exclude=None):
        exclude = set(exclude or ())
        errors = {}
        if "slug" not in exclude:
            try:
                validate_thai_slug(self.slug)
            except ValidationError as error:
                errors["slug"] = error.error_list
        try:
            super().clean_fields(exclude=exclude | {"slug"})
        except ValidationError as error:
            errors.update(error.error_dict)
        if errors:
            raise ValidationError(errors)


def thai_slug_form_field(field) -> None:
    """Let an admin form's slug field take Thai marks (its default validator refuses them)."""
    field.validators = [v for v in field.validators if v.code != "invalid"] + [validate_thai_slug]
