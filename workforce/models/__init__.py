"""Models of workforce intelligence."""

from .indicators import Indicator
from .records import (
    CurriculumUnit,
    DevelopmentKind,
    EmployerDemand,
    Establishment,
    Partnership,
    PartnershipMode,
    PartnershipPurpose,
    PartnershipStatus,
    SupplyRecord,
    SupplyTotal,
    TeacherDevelopment,
)
from .usage import UsageDaily, UsageDailySalt, UsageKind, UsageSeen, UsageYearly

__all__ = [
    "CurriculumUnit",
    "DevelopmentKind",
    "EmployerDemand",
    "Establishment",
    "Indicator",
    "Partnership",
    "PartnershipMode",
    "PartnershipPurpose",
    "PartnershipStatus",
    "SupplyRecord",
    "SupplyTotal",
    "TeacherDevelopment",
    "UsageDaily",
    "UsageDailySalt",
    "UsageKind",
    "UsageSeen",
    "UsageYearly",
]
