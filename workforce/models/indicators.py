"""Indicators OVEC announces later: data staff add (name, formula over the counts, target)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from intelligent_center.bilingual import BilingualNameMixin


class Indicator(BilingualNameMixin, models.Model):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    formula = models.CharField(
        _("formula"),
        max_length=500,
        help_text=_(
            "An arithmetic expression over the report counts, e.g. "
            "graduates_certified / graduates * 100"
        ),
    )
    target = models.DecimalField(
        _("target"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=32, blank=True)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["sort_order", "code"]

    def clean(self) -> None:
        from ..formulas import FormulaError, formula_validate

        try:
            formula_validate(formula=self.formula)
        except FormulaError as error:
            raise ValidationError({"formula": str(error)}) from error
