"""Models of the knowledge banks: reference data (snippets) and pages."""

from .pages import HomePage, KnowledgeBankPage
from .reference import (
    FieldOfStudy,
    FieldRole,
    Industry,
    Institution,
    InstitutionFieldRole,
    Level,
    Ownership,
    TeachingApproach,
)

__all__ = [
    "FieldOfStudy",
    "FieldRole",
    "HomePage",
    "Industry",
    "Institution",
    "InstitutionFieldRole",
    "KnowledgeBankPage",
    "Level",
    "Ownership",
    "TeachingApproach",
]
