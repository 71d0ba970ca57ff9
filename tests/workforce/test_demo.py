"""The workforce demo step: idempotent, and it fills the demo field's dashboard and matching."""

import pytest

from workforce import selectors
from workforce.demo import demo_workforce_ensure
from workforce.models import EmployerDemand, Indicator, Partnership, SupplyRecord

from .factories import field

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_fills_the_dashboard():
    messages = []
    demo_workforce_ensure(messages.append)
    counts = (
        SupplyRecord.objects.count(),
        EmployerDemand.objects.count(),
        Partnership.objects.count(),
        Indicator.objects.count(),
    )
    demo_workforce_ensure(messages.append)
    assert counts == (
        SupplyRecord.objects.count(),
        EmployerDemand.objects.count(),
        Partnership.objects.count(),
        Indicator.objects.count(),
    )
    assert counts[0] > 0 and counts[1] > 0 and len(messages) == 2
    summary = selectors.field_dashboard(field_of_study=field(), user=None).summary
    assert summary.year == 2567 and summary.demand > 0 and summary.graduates > 0
    assert selectors.matching_suggestions(field_of_study=field(), year=2567)
    report = selectors.field_report(field_of_study=field(), fiscal_year=2567)
    assert all(result.value is not None for result in report.indicators)
