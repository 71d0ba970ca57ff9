"""A resource restricted to signed-in users sends a visitor to the public sign-in (Thai first,
English under /en/) and back to the resource afterwards, never to the admin's login."""

from urllib.parse import parse_qs, urlsplit

import pytest
from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db


@pytest.fixture
def members_only(make_resource):
    page = make_resource("research", title="งานวิจัยเฉพาะสมาชิก")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return page


def test_a_signed_out_visitor_is_sent_to_the_public_sign_in(client, members_only):
    response = client.get(members_only.url)
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/accounts/login/"
    assert parse_qs(location.query)["next"] == [members_only.url]  # back to the page after


def test_a_signed_in_member_reads_the_page(client, members_only, django_user_model):
    client.force_login(django_user_model.objects.create_user("kru", password="x"))
    assert client.get(members_only.url).status_code == 200
