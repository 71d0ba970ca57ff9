"""Thai-first bilingual naming: one abstract model mixin for every model with a Thai and an English
name (the reference data in ``content``, workforce establishments and indicators)."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualNameMixin(models.Model):
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language, falling back to Thai."""
        if (get_language() or "th").startswith("en") and self.name_en:
            return self.name_en
        return self.name_th
