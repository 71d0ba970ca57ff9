"""Supply, establishments and their demand, partnerships, teacher development, curriculum units.

Every row belongs to one field of study, so the per-field permissions of the knowledge banks apply
(``workforce.permissions``). Years are Buddhist-era integers, as Thai staff write them (ปีการศึกษา,
ปีงบประมาณ).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from content.models import FieldOfStudy, Industry, Institution, Level
from intelligent_center.bilingual import BilingualNameMixin

from ..geo import PROVINCE_CHOICES, region_of

BE_YEAR_VALIDATORS = [MinValueValidator(2500), MaxValueValidator(2700)]


class SupplyRecord(models.Model):
    """What one college produces in one field, academic year and level."""

    field = models.ForeignKey(
        FieldOfStudy, verbose_name=_("field"), on_delete=models.CASCADE, related_name="+"
    )
    institution = models.ForeignKey(
        Institution, verbose_name=_("college"), on_delete=models.PROTECT, related_name="+"
    )
    academic_year = models.PositiveSmallIntegerField(
        _("academic year (B.E.)"), validators=BE_YEAR_VALIDATORS
    )
    level = models.ForeignKey(Level, verbose_name=_("level"), on_delete=models.PROTECT)
    planned = models.PositiveIntegerField(_("enrolment plan"), default=0)
    enrolled = models.PositiveIntegerField(_("enrolled"), default=0)
    graduates = models.PositiveIntegerField(_("graduates"), default=0)
    certified_tpqi = models.PositiveIntegerField(_("graduates certified by TPQI"), default=0)
    certified_dsd = models.PositiveIntegerField(_("graduates certified by DSD"), default=0)
    certified_international = models.PositiveIntegerField(
        _("graduates certified internationally"), default=0
    )
    employed_or_studying = models.PositiveIntegerField(
        _("graduates employed or studying within a year"), default=0
    )

    class Meta:
        verbose_name = _("supply record")
        verbose_name_plural = _("supply (graduates)")
        ordering = ["-academic_year", "field", "institution"]
        constraints = [
            models.UniqueConstraint(
                fields=["field", "institution", "academic_year", "level"],
                name="workforce_supply_unique",
            )
        ]
        indexes = [
            models.Index(fields=["academic_year", "field"]),
            # Covers the dashboards' sums: the national totals are read from the index alone.
            models.Index(
                fields=[
                    "academic_year",
                    "field",
                    "institution",
                    "level",
                    "planned",
                    "enrolled",
                    "graduates",
                    "certified_tpqi",
                    "certified_dsd",
                    "certified_international",
                    "employed_or_studying",
                ],
                name="workforce_supply_sums",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.field.code} · {self.institution} · {self.academic_year} · {self.level}"

    @property
    def graduates_certified(self) -> int:
        return self.certified_tpqi + self.certified_dsd + self.certified_international

    def clean(self) -> None:
        errors = {}
        if self.graduates_certified > self.graduates:
            errors["certified_tpqi"] = _("More graduates certified than graduates.")
        if self.employed_or_studying > self.graduates:
            errors["employed_or_studying"] = _(
                "More graduates employed or studying than graduates."
            )
        if errors:
            raise ValidationError(errors)


class SupplyTotal(models.Model):
    """Supply summed over colleges per field, academic year and level, kept current by the supply
    records' save/delete signals (and rebuilt after bulk loads): the dashboards read a few
    thousand totals instead of every college's row."""

    field = models.ForeignKey(FieldOfStudy, on_delete=models.CASCADE, related_name="+")
    academic_year = models.PositiveSmallIntegerField()
    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="+")
    colleges = models.PositiveIntegerField(default=0)
    planned = models.PositiveIntegerField(default=0)
    enrolled = models.PositiveIntegerField(default=0)
    graduates = models.PositiveIntegerField(default=0)
    certified_tpqi = models.PositiveIntegerField(default=0)
    certified_dsd = models.PositiveIntegerField(default=0)
    certified_international = models.PositiveIntegerField(default=0)
    employed_or_studying = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("supply total")
        verbose_name_plural = _("supply totals")
        constraints = [
            models.UniqueConstraint(
                fields=["field", "academic_year", "level"], name="workforce_supply_total_unique"
            )
        ]


class Establishment(BilingualNameMixin, models.Model):
    """An employer (สถานประกอบการ). It may have a public profile page in a knowledge bank, or not:
    some employers state their demand but do not want a public profile."""

    province_th = models.CharField(
        _("province"), max_length=100, blank=True, choices=PROVINCE_CHOICES
    )
    industry = models.ForeignKey(
        Industry,
        verbose_name=_("industry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    field = models.ForeignKey(
        FieldOfStudy,
        verbose_name=_("recorded by the CVM of field"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    profile_page = models.OneToOneField(
        "content.EmployerProfilePage",
        verbose_name=_("public profile page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workforce_establishment",
        help_text=_("Set when the employer has a public profile in a knowledge bank."),
    )

    class Meta:
        verbose_name = _("establishment")
        verbose_name_plural = _("establishments")
        ordering = ["name_th"]
        constraints = [
            models.UniqueConstraint(
                fields=["name_th", "province_th"], name="workforce_establishment_unique"
            )
        ]

    @property
    def region(self) -> str:
        return region_of(self.province_th)


class EmployerDemand(models.Model):
    """Demand recorded here rather than on a public employer profile page."""

    field = models.ForeignKey(
        FieldOfStudy, verbose_name=_("field"), on_delete=models.CASCADE, related_name="+"
    )
    establishment = models.ForeignKey(
        Establishment,
        verbose_name=_("establishment"),
        on_delete=models.CASCADE,
        related_name="demands",
    )
    year = models.PositiveSmallIntegerField(_("year (B.E.)"), validators=BE_YEAR_VALIDATORS)
    position = models.CharField(_("position"), max_length=255)
    headcount = models.PositiveIntegerField(_("headcount"), validators=[MinValueValidator(1)])
    level = models.ForeignKey(Level, verbose_name=_("level"), on_delete=models.PROTECT)
    competencies = models.TextField(
        _("competencies required"), blank=True, help_text=_("One per line.")
    )

    class Meta:
        verbose_name = _("demand without public profile")
        verbose_name_plural = _("demand without public profile")
        ordering = ["-year", "field", "establishment"]
        constraints = [
            models.UniqueConstraint(
                fields=["field", "establishment", "year", "position", "level"],
                name="workforce_demand_unique",
            )
        ]
        indexes = [models.Index(fields=["year", "field"])]

    def __str__(self) -> str:
        return f"{self.establishment} · {self.position} × {self.headcount} ({self.year})"


class PartnershipMode(models.TextChoices):
    FORMAL = "formal", _("Formal")
    NON_FORMAL = "non_formal", _("Non-formal")
    DUAL = "dual", _("Dual vocational training (ทวิภาคี)")


class PartnershipPurpose(models.TextChoices):
    STUDENT_PLACEMENT = "student_placement", _("Student placement")
    TEACHER_PLACEMENT = "teacher_placement", _("Teacher placement in industry")
    DUAL_TRAINING = "dual_training", _("Dual training")
    INTERNSHIP = "internship", _("Internship")


class PartnershipStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Partnership(models.Model):
    """A match between an employer and a college for a field (การจับคู่ / MOU / MOA)."""

    reference = models.SlugField(_("reference"), max_length=64, unique=True)
    field = models.ForeignKey(
        FieldOfStudy, verbose_name=_("field"), on_delete=models.CASCADE, related_name="+"
    )
    establishment = models.ForeignKey(
        Establishment,
        verbose_name=_("establishment"),
        on_delete=models.PROTECT,
        related_name="partnerships",
    )
    institution = models.ForeignKey(
        Institution, verbose_name=_("college"), on_delete=models.PROTECT, related_name="+"
    )
    mode = models.CharField(_("mode"), max_length=16, choices=PartnershipMode.choices)
    purpose = models.CharField(_("purpose"), max_length=24, choices=PartnershipPurpose.choices)
    year = models.PositiveSmallIntegerField(_("year (B.E.)"), validators=BE_YEAR_VALIDATORS)
    level = models.ForeignKey(
        Level, verbose_name=_("level"), null=True, blank=True, on_delete=models.PROTECT
    )
    places_offered = models.PositiveIntegerField(_("places offered"), default=0)
    places_filled = models.PositiveIntegerField(_("places filled"), default=0)
    agreement_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("MOU/MOA document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_on = models.DateField(_("MOU/MOA signed on"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=PartnershipStatus.choices,
        default=PartnershipStatus.PROPOSED,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships (matching)")
        ordering = ["-year", "field", "establishment"]
        indexes = [models.Index(fields=["year", "field"]), models.Index(fields=["signed_on"])]

    def __str__(self) -> str:
        return f"{self.establishment} ↔ {self.institution} ({self.year})"

    def clean(self) -> None:
        errors = {}
        if self.places_filled > self.places_offered:
            errors["places_filled"] = _("More places filled than offered.")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end date is before the start date.")
        if errors:
            raise ValidationError(errors)


class DevelopmentKind(models.TextChoices):
    TRAINING = "training", _("Training")
    INDUSTRY_PLACEMENT = "industry_placement", _("Industry placement")


class TeacherDevelopment(models.Model):
    """A teacher's training or placement in industry."""

    reference = models.SlugField(_("reference"), max_length=64, unique=True)
    field = models.ForeignKey(
        FieldOfStudy, verbose_name=_("field"), on_delete=models.CASCADE, related_name="+"
    )
    institution = models.ForeignKey(
        Institution, verbose_name=_("college"), on_delete=models.PROTECT, related_name="+"
    )
    teacher_name = models.CharField(_("teacher"), max_length=255)
    kind = models.CharField(_("kind"), max_length=24, choices=DevelopmentKind.choices)
    title = models.CharField(_("course or placement"), max_length=255)
    establishment = models.CharField(_("establishment"), max_length=255, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    hours = models.PositiveIntegerField(_("hours"), default=0)
    certificate = models.CharField(
        _("certificate obtained"),
        max_length=255,
        blank=True,
        help_text=_("Leave empty when no certificate was obtained."),
    )

    class Meta:
        verbose_name = _("teacher development")
        verbose_name_plural = _("teacher development")
        ordering = ["-starts_on"]
        indexes = [models.Index(fields=["starts_on", "field"])]

    def __str__(self) -> str:
        return f"{self.teacher_name} · {self.title}"

    @property
    def certified(self) -> bool:
        return bool(self.certificate)

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date is before the start date.")})


class CurriculumUnit(models.Model):
    """A unit of the field's curriculum, compared with the competencies employers require."""

    field = models.ForeignKey(
        FieldOfStudy, verbose_name=_("field"), on_delete=models.CASCADE, related_name="+"
    )
    code = models.CharField(_("code"), max_length=64, blank=True)
    title_th = models.CharField(_("title (Thai)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("curriculum unit")
        verbose_name_plural = _("curriculum units")
        ordering = ["field", "code", "title_th"]

    def __str__(self) -> str:
        return f"{self.code} {self.title_th}".strip()
