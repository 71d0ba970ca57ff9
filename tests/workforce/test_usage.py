"""Usage statistics: page views and downloads through Wagtail's hooks, LTI launches and simulator
attempts through the other apps' signals; daily aggregates, no IP or user agent, daily salt."""

import datetime as dt

import pytest
from django.utils import timezone

from content.models import KnowledgeBankPage
from workforce import receivers, selectors, services
from workforce.models import UsageDaily, UsageDailySalt, UsageSeen

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def bank():
    return KnowledgeBankPage.objects.get(field__code="F64-11")


def test_page_views_are_counted_per_day_with_unique_users(
    client, bank, make_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/f64-11/", HTTP_USER_AGENT="Secret/1.0", REMOTE_ADDR="10.1.2.3")
    client.force_login(make_staff("reader", "F64-01"))
    for _n in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.get("/f64-11/").status_code == 200
    row = UsageDaily.objects.get(kind="view", page_id=bank.pk)
    assert (row.count, row.unique_users) == (3, 1)  # anonymous without session: not unique
    assert row.field.code == "F64-11"
    assert row.day == timezone.localdate()
    # Nothing that identifies a person is stored.
    columns = {f.name for model in (UsageDaily, UsageSeen) for f in model._meta.fields}
    assert not columns & {"ip", "ip_address", "user_agent", "user", "user_id", "session"}
    digest = UsageSeen.objects.get().digest
    assert "reader" not in digest and len(digest) == 64


def test_salt_rotates_daily_and_old_digests_are_deleted():
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    UsageDailySalt.objects.create(day=yesterday, salt="old")
    UsageSeen.objects.create(day=yesterday, kind="view", page_id=1, digest="x" * 64)
    salt = services.usage_salt_for_today()
    assert salt != "old" and len(salt) == 64
    assert not UsageDailySalt.objects.filter(day=yesterday).exists()
    assert not UsageSeen.objects.filter(day=yesterday).exists()
    assert services.usage_salt_for_today() == salt
    same = services.usage_digest(identity="user:1", salt=salt)
    assert same == services.usage_digest(identity="user:1", salt=salt)
    assert same != services.usage_digest(identity="user:1", salt="tomorrow")


def test_launch_and_attempt_signals_are_counted(
    bank, make_staff, django_capture_on_commit_callbacks
):
    """The other apps' own signals reach the receivers (connected once, in ``ready()``)."""
    from files.signals import simulator_attempt_recorded
    from lms_bridge.signals import resource_launched

    user = make_staff("student", "F64-11")

    class Attempt:
        simulator = bank

        def __init__(self, user):
            self.user = user

    with django_capture_on_commit_callbacks(execute=True):
        resource_launched.send(sender=None, page=bank, user=user, launch=object())
        simulator_attempt_recorded.send(sender=None, attempt=Attempt(user), request=None)
        simulator_attempt_recorded.send(sender=None, attempt=Attempt(user), request=None)
        resource_launched.send(sender=None, page=None, user=user, launch=object())  # ignored
        receivers.attempt_counted(sender=None, attempt=object(), request=None)  # no page: ignored
    counts = dict(UsageDaily.objects.values_list("kind", "count"))
    assert counts == {"launch": 1, "attempt": 2}
    assert UsageDaily.objects.get(kind="attempt").unique_users == 1


def test_document_download_counts_for_its_collections_field(
    client, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    from tests.content.factories import ResourcePageFactory

    collection = Collection.objects.get(name__startswith="F64-11 ")
    document = get_document_model().objects.create(
        title="คู่มือ", file=ContentFile(b"hello", name="guide.txt"), collection=collection
    )
    # Only a document that a live public page uses is served to the public.
    ebook = ResourcePageFactory(type="ebook", field="F64-11", book=document)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(f"/documents/{document.pk}/guide.txt")
    assert response.status_code == 200
    row = UsageDaily.objects.get(kind="download")
    # A download of a resource's document counts for that resource.
    assert (row.page_id, row.field.code, row.count) == (ebook.pk, "F64-11", 1)


def test_most_used_lists_live_resources_of_the_field(bank):
    from wagtail.models import Page

    child = bank.add_child(instance=Page(title="สื่อทดสอบ", slug="media-test"))
    today = timezone.localdate()
    UsageDaily.objects.create(day=today, kind="view", page_id=child.pk, field=bank.field, count=5)
    UsageDaily.objects.create(
        day=today, kind="download", page_id=child.pk, field=bank.field, count=2
    )
    UsageDaily.objects.create(day=today, kind="view", page_id=bank.pk, field=bank.field, count=99)
    used = selectors.resources_most_used(field_of_study=bank.field)
    assert [(u.page.pk, u.views, u.downloads, u.total) for u in used] == [(child.pk, 5, 2, 7)]
    child.unpublish()
    assert selectors.resources_most_used(field_of_study=bank.field) == []


def test_yearly_totals_follow_the_daily_rows(bank, django_capture_on_commit_callbacks):
    from workforce.models import UsageYearly

    with django_capture_on_commit_callbacks(execute=True):
        services.usage_event_enqueue(kind="view", page_id=bank.pk, identity="user:1")
        services.usage_event_enqueue(kind="view", page_id=bank.pk, identity="user:2")
    year = timezone.localdate().year
    assert UsageYearly.objects.get(year=year, kind="view").count == 2
    assert selectors.usage_by_year(field_ids=[bank.field_id])[year + 543]["view"] == 2
    assert services.usage_yearly_rebuild() == 1
    assert UsageYearly.objects.get().count == 2


def test_most_used_template_tag(bank, rf):
    from django.template import Context, Template
    from wagtail.models import Page

    child = bank.add_child(instance=Page(title="สื่อยอดนิยม", slug="popular"))
    UsageDaily.objects.create(
        day=timezone.localdate(), kind="view", page_id=child.pk, field=bank.field, count=3
    )
    html = Template("{% load workforce_tags %}{% workforce_most_used field %}").render(
        Context({"field": bank.field, "request": rf.get("/")})
    )
    assert "สื่อยอดนิยม" in html and "/f64-11/popular/" in html
