"""The demo: every bank page and group, plus staff logins for one field and for OVEC.

Idempotent: running it again changes nothing. Later parts of the system add their demo content
through :data:`DEMO_STEPS` so ``manage.py load_demo`` stays the one entry point.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from content import permissions, services

DEMO_FIELD_CODE = "F64-11"  # สาขาวิชาเมคคาทรอนิกส์และหุ่นยนต์, วิทยาลัยเทคนิคสัตหีบ
DEMO_PASSWORD = "demo-1234-kpv"  # noqa: S105 (published demo login, never for production)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    description: str


DEMO_LOGINS = (
    DemoLogin("ovec", DEMO_PASSWORD, "OVEC central office: all knowledge banks"),
    DemoLogin("cvm-mechatronics", DEMO_PASSWORD, f"CVM staff of field {DEMO_FIELD_CODE} only"),
    DemoLogin(
        "cvm-mechatronics-editor",
        DEMO_PASSWORD,
        f"CVM editor of field {DEMO_FIELD_CODE}: drafts, submitted to the CVM head for approval",
    ),
)

Progress = Callable[[str], None]
DEMO_STEPS: list[Callable[[Progress], None]] = []

from content.demo.resources import demo_resources_ensure  # noqa: E402 (the knowledge-bank demo)

DEMO_STEPS.append(demo_resources_ensure)

from files.demo import demo_simulator_ensure  # noqa: E402 (the files app's demo simulator)

DEMO_STEPS.append(demo_simulator_ensure)

from workforce.demo import demo_workforce_ensure  # noqa: E402 (workforce intelligence)

DEMO_STEPS.append(demo_workforce_ensure)


@transaction.atomic
def demo_users_ensure() -> list[DemoLogin]:
    User = get_user_model()
    groups = {
        "ovec": Group.objects.get(name=permissions.OVEC_GROUP_NAME),
        "cvm-mechatronics": Group.objects.get(name=permissions.cvm_group_name(DEMO_FIELD_CODE)),
        "cvm-mechatronics-editor": Group.objects.get(
            name=permissions.cvm_editors_group_name(DEMO_FIELD_CODE)
        ),
    }
    for login in DEMO_LOGINS:
        user, created = User.objects.get_or_create(
            username=login.username,
            defaults={"email": f"{login.username}@demo.intelligent-center.local"},
        )
        if created:
            user.set_password(login.password)
            user.save()
        user.groups.add(groups[login.username])
    return list(DEMO_LOGINS)


def demo_load(*, progress: Progress) -> list[DemoLogin]:
    created = services.banks_ensure(progress=progress)
    progress(f"Knowledge banks: {created} created")
    logins = demo_users_ensure()
    for step in DEMO_STEPS:
        step(progress)
    return logins
