"""Staff screens of the bridge and the cron command."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from lms_bridge.models import ScoreOutbox
from tests.lti.platform import ROLE_LEARNER

from .conftest import TOOL
from .test_services_ags_nrps import Attempt

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(flow, simulator, django_capture_on_commit_callbacks):
    from lms_bridge import receivers

    flow.launch(target=TOOL + simulator.url, roles=[ROLE_LEARNER])
    from lms_bridge.models import Launch

    launch = Launch.objects.get()
    flow.platform.score_status = 503
    with django_capture_on_commit_callbacks(execute=True):
        receivers.score_passback_on_attempt(
            sender=None, attempt=Attempt(launch.platform_user.user, simulator, Decimal("11"))
        )
    return ScoreOutbox.objects.get()


def test_outbox_is_visible_to_superusers_only(client, queued, django_user_model, make_staff):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw-1234-x")
    client.force_login(admin)
    response = client.get("/django-admin/lms_bridge/scoreoutbox/")
    assert response.status_code == 200
    assert "จำลองเครื่อง CNC" in response.content.decode()
    assert "503" in response.content.decode()
    # no delete: a score is never lost
    assert (
        client.get(f"/django-admin/lms_bridge/scoreoutbox/{queued.pk}/delete/").status_code == 403
    )
    cvm = make_staff("cvm-user", "F64-11")
    client.force_login(cvm)
    response = client.get("/django-admin/lms_bridge/scoreoutbox/")
    assert response.status_code == 302  # not Django-admin staff


def test_retry_action_sends_again(client, queued, flow, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw-1234-x")
    client.force_login(admin)
    flow.platform.score_status = None
    response = client.post(
        "/django-admin/lms_bridge/scoreoutbox/",
        {"action": "retry", "_selected_action": [queued.pk]},
    )
    assert response.status_code == 302
    # the immediate task backend ran on commit (the admin request's transaction)
    queued.refresh_from_db()
    assert queued.status in (ScoreOutbox.Status.PENDING, ScoreOutbox.Status.SENT)


def test_platform_admin_shows_tool_urls(client, registered, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw-1234-x")
    client.force_login(admin)
    html = client.get(f"/django-admin/lms_bridge/platform/{registered.pk}/change/").content.decode()
    assert TOOL + "/lti/launch/" in html and TOOL + "/lti/jwks.json" in html


def test_send_scores_command(queued, flow):
    flow.platform.score_status = None
    ScoreOutbox.objects.update(next_attempt_at=timezone.now())
    out = StringIO()
    call_command("lti_send_scores", stdout=out)
    assert "1 due: sent 1" in out.getvalue()
    assert flow.platform.scores[0]["scoreGiven"] == 11


def test_benchmark_command_rolls_back(registered):
    from lms_bridge.models import Launch, Platform

    out = StringIO()
    call_command("lti_benchmark", "--launches", "3", stdout=out)
    assert "3 launches: mean" in out.getvalue()
    assert not Launch.objects.exists() and Platform.objects.count() == 1


def test_tool_url_home_launch(flow):
    """Moodle's tool-level link (target = the site root) opens the home page in the LTI layout."""
    response = flow.launch(target=TOOL + "/")
    assert response.status_code == 200
    assert "lti-layout" in response.content.decode()
