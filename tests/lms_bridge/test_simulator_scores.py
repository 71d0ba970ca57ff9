"""A launched simulator page carries the attempt token that sends its score to the platform:
no cookie is needed, the score goes to the launch's user and line item."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from files.models import SimulatorAttempt
from lms_bridge.models import Launch
from tests.lti.platform import ROLE_LEARNER

from .conftest import TOOL

pytestmark = pytest.mark.django_db


@pytest.fixture
def plc_simulator(settings, tmp_path, django_capture_on_commit_callbacks):
    from content.models import SimulatorPage
    from files.demo import demo_simulator_ensure

    settings.MEDIA_ROOT = str(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        demo_simulator_ensure(lambda message: None)
    return SimulatorPage.objects.get(slug="plc-start-stop-simulator")


def test_a_launched_simulator_scores_without_any_cookie(
    flow, plc_simulator, django_capture_on_commit_callbacks
):
    response = flow.launch(target=TOOL + plc_simulator.url, roles=[ROLE_LEARNER])
    html = response.content.decode()
    token = re.search(r'data-attempt-token="([^"]+)"', html).group(1)
    frame_src = re.search(r'<iframe class="ic-simulator-frame" src="([^"]+)"', html).group(1)
    framed = Client().get(frame_src.replace("&amp;", "&"))
    # the package may be framed by our page inside the platform's course page
    assert f"frame-ancestors 'self' {flow.platform.base_url}" in framed["Content-Security-Policy"]
    cookieless = Client(enforce_csrf_checks=True)
    with django_capture_on_commit_callbacks(execute=True):
        posted = cookieless.post(
            f"/files/simulators/{plc_simulator.pk}/attempts/",
            data=json.dumps({"type": "ic.score", "score": 10, "maxScore": 10, "token": token}),
            content_type="application/json",
        )
    assert posted.status_code == 201
    launch = Launch.objects.get()
    attempt = SimulatorAttempt.objects.get()
    assert attempt.user == launch.platform_user.user
    assert attempt.lti_context == {"launch_id": launch.pk}
    (score,) = flow.platform.scores
    assert score["scoreGiven"] == 10.0 and score["gradingProgress"] == "FullyGraded"
