"""Reads of workforce intelligence, one module per concern:

- ``figures``: demand (both sources), supply and partnerships by year, shared by the others;
- ``dashboards``: the field and national dashboards and their charts;
- ``usage``: use of the banks' resources (yearly usage, published, most used);
- ``matching``: employers' unmet demand next to colleges' graduates (scored by
  ``workforce.scoring``);
- ``report_counts``: the OVEC report's counts per field and fiscal year, and the indicators.

Callers use the names re-exported here.
"""

from .dashboards import Chart, Dashboard, Series, Summary, field_dashboard, national_dashboard
from .figures import (
    TopEmployer,
    demand_by,
    demand_by_year,
    fiscal_year_period,
    partnerships_by_year,
    supply_by_year,
    supply_graduates_by,
    top_employers,
    year_label,
)
from .matching import DemandItem, MatchSuggestion, demand_items, matching_suggestions
from .report_counts import (
    COUNT_LABELS,
    FieldReport,
    IndicatorResult,
    count_labels,
    field_report,
    indicators_evaluate,
    national_report,
    report_counts_by_field,
)
from .usage import (
    UsedResource,
    resources_most_used,
    resources_published_by_field,
    resources_published_count,
    usage_by_year,
)

__all__ = [
    "COUNT_LABELS",
    "Chart",
    "Dashboard",
    "DemandItem",
    "FieldReport",
    "IndicatorResult",
    "MatchSuggestion",
    "Series",
    "Summary",
    "TopEmployer",
    "UsedResource",
    "count_labels",
    "demand_by",
    "demand_by_year",
    "demand_items",
    "field_dashboard",
    "field_report",
    "fiscal_year_period",
    "indicators_evaluate",
    "matching_suggestions",
    "national_dashboard",
    "national_report",
    "partnerships_by_year",
    "report_counts_by_field",
    "resources_most_used",
    "resources_published_by_field",
    "resources_published_count",
    "supply_by_year",
    "supply_graduates_by",
    "top_employers",
    "usage_by_year",
    "year_label",
]
