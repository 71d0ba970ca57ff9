"""Shared fixtures. The reference data comes from migrations; the bank pages and staff groups are
made once per test database by the same service `make run` uses."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from content import permissions, services


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.db import connections

    with django_db_blocker.unblock():
        services.banks_ensure()
        # Transactional tests (the browser checks) restore this snapshot after each flush, so it
        # must include what we just made, not only what the migrations made.
        for connection in connections.all(initialized_only=True):
            if connection.settings_dict.get("TEST", {}).get("SERIALIZE", True):
                connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture
def make_staff(db):
    """A staff user in the named groups (``"OVEC"`` or a field code such as ``"F64-11"``)."""

    def make(username: str, *groups: str):
        user = get_user_model().objects.create_user(username=username, password="pw-test-1234")
        for group in groups:
            name = (
                group if group == permissions.OVEC_GROUP_NAME else permissions.cvm_group_name(group)
            )
            user.groups.add(Group.objects.get(name=name))
        return user

    return make
