"""The workforce demo step: idempotent, and it fills the demo field's dashboard and matching."""

import pytest
from wagtail.models import Page

from content.models import KnowledgeBankPage
from workforce import selectors
from workforce.demo import demo_workforce_ensure
from workforce.models import (
    EmployerDemand,
    Indicator,
    Partnership,
    SupplyRecord,
    TeacherDevelopment,
    UsageDaily,
)

from .factories import field

pytestmark = pytest.mark.django_db


def _counts():
    return tuple(
        model.objects.count()
        for model in (
            SupplyRecord,
            EmployerDemand,
            Partnership,
            TeacherDevelopment,
            Indicator,
            UsageDaily,
        )
    )


def test_demo_is_idempotent_and_fills_the_dashboard():
    bank = KnowledgeBankPage.objects.get(field__code="F64-11")
    resource = bank.add_child(instance=Page(title="สื่อสาธิต", slug="demo-media"))
    messages = []
    demo_workforce_ensure(messages.append)
    counts = _counts()
    demo_workforce_ensure(messages.append)
    assert counts == _counts()
    assert all(counts) and len(messages) == 2
    summary = selectors.field_dashboard(field_of_study=field(), user=None).summary
    assert summary.year == 2567 and summary.demand > 0 and summary.graduates > 0
    assert selectors.matching_suggestions(field_of_study=field(), year=2567)
    report = selectors.field_report(field_of_study=field(), fiscal_year=2567)
    assert all(result.value is not None for result in report.indicators)
    assert report.counts["teachers_trained"] == 1 and report.counts["mous"] == 3
    # Usage of the bank's resources: "most used in this field" and the usage chart show it.
    [used] = selectors.resources_most_used(field_of_study=field())
    assert used.page.pk == resource.pk and used.views > 0 and used.downloads > 0
    assert sum(row["view"] for row in selectors.usage_by_year(field_ids=[field().pk]).values())
