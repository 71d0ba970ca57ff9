"""Models of the knowledge banks: reference data (snippets) and pages."""

from .competencies import (
    UNIT_VALUE_FIELDS,
    ProposalStatus,
    StandardBody,
    UnitOfCompetency,
    UnitOfCompetencyProposal,
)
from .pages import HomePage, KnowledgeBankPage
from .profiles import (
    CompanyOrigin,
    CompanySize,
    ContactPreference,
    EmployerProfilePage,
    ExpertKind,
    ExpertProfilePage,
    ManpowerDemand,
)
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
from .resources import (
    LANGUAGE_CHOICES,
    EBookPage,
    EContentPage,
    ELearningPage,
    Licence,
    ResearchPage,
    ResearchType,
    ResourcePage,
    SimulatorPage,
)

# The import format's ``type`` → page model. Order is the display order on a bank page.
RESOURCE_TYPES: dict[str, type[ResourcePage]] = {
    model.resource_type: model
    for model in (
        ResearchPage,
        EBookPage,
        ELearningPage,
        EContentPage,
        SimulatorPage,
        ExpertProfilePage,
        EmployerProfilePage,
    )
}
PROFILE_TYPES = ("expert", "employer")

__all__ = [
    "LANGUAGE_CHOICES",
    "PROFILE_TYPES",
    "RESOURCE_TYPES",
    "CompanyOrigin",
    "CompanySize",
    "ContactPreference",
    "EBookPage",
    "EContentPage",
    "ELearningPage",
    "EmployerProfilePage",
    "ExpertKind",
    "ExpertProfilePage",
    "Licence",
    "ManpowerDemand",
    "ResearchPage",
    "ResearchType",
    "ResourcePage",
    "SimulatorPage",
    "StandardBody",
    "UnitOfCompetency",
    "UnitOfCompetencyProposal",
    "ProposalStatus",
    "UNIT_VALUE_FIELDS",
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
