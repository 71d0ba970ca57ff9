from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from accounts.models import Profile
from tests.lms_bridge.conftest import flow, lti_settings, platform, registered  # noqa: F401


@pytest.fixture
def bank(db):
    from content.models import KnowledgeBankPage

    return KnowledgeBankPage.objects.select_related("field").get(field__code="F64-11")


@pytest.fixture
def make_resource(bank, django_capture_on_commit_callbacks):
    from content.models import RESOURCE_TYPES

    def make(type_key="research", *, title="งานวิจัยแขนกล", parent=None, **fields):
        model = RESOURCE_TYPES[type_key]
        page = model(title=title, home_field=(parent or bank).field, **fields)
        (parent or bank).add_child(instance=page)
        with django_capture_on_commit_callbacks(execute=True):  # search indexes on commit
            page.save_revision().publish()
        return page

    return make


@pytest.fixture
def three(make_resource):
    return [
        make_resource("research", title="งานวิจัยแขนกลอัจฉริยะ", authors="สมชาย ใจดี", year=2023),
        make_resource("ebook", title="ตำราหุ่นยนต์อุตสาหกรรม"),
        make_resource("simulator", title="จำลองเครื่อง CNC"),
    ]


@pytest.fixture
def member(db):
    def make(name="kru", display="ครูกัญญา"):
        user = get_user_model().objects.create_user(
            name, email=f"{name}@college.ac.th", password="x"
        )
        Profile.objects.create(user=user, display_name=display, role="teacher")
        return user

    return make


@pytest.fixture
def teacher(member):
    return member()
