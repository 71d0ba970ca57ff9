"""Demo data of workforce intelligence for the demo field (idempotent)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from content.models import FieldOfStudy, Institution, Level

from .models import (
    CurriculumUnit,
    EmployerDemand,
    Establishment,
    Indicator,
    Partnership,
    SupplyRecord,
    TeacherDevelopment,
)

DEMO_FIELD_CODE = "F64-11"
EMPLOYERS = (
    (
        "บริษัท อีสเทิร์น ออโตเมชั่น จำกัด",
        "ชลบุรี",
        "ช่างเทคนิคระบบอัตโนมัติ",
        14,
        "ติดตั้งระบบ PLC\nบำรุงรักษาหุ่นยนต์อุตสาหกรรม",
    ),
    (
        "บริษัท ระยอง โรโบติกส์ จำกัด",
        "ระยอง",
        "ช่างซ่อมบำรุงหุ่นยนต์",
        9,
        "บำรุงรักษาหุ่นยนต์อุตสาหกรรม\nอ่านแบบไฟฟ้า",
    ),
    ("บริษัท สยาม สมาร์ท แฟคตอรี่ จำกัด", "กรุงเทพมหานคร", "ผู้ควบคุมสายการผลิต", 6, "ควบคุมคุณภาพ"),
)


@transaction.atomic
def demo_workforce_ensure(progress) -> None:
    field_of_study = FieldOfStudy.objects.filter(code=DEMO_FIELD_CODE).first()
    if field_of_study is None:
        return
    host = field_of_study.host_college
    colleges = [host, *Institution.objects.exclude(pk=host.pk).order_by("pk")[:2]]
    levels = {level.code: level for level in Level.objects.all()}
    hvc, pvc = levels.get("hvc"), levels.get("pvc")
    for index, college in enumerate(colleges):
        for year, base in ((2564, 24), (2565, 28), (2566, 31), (2567, 35)):
            for level, factor in ((pvc, 1.0), (hvc, 0.7)):
                if level is None:
                    continue
                graduates = int((base - index * 4) * factor)
                SupplyRecord.objects.update_or_create(
                    field=field_of_study,
                    institution=college,
                    academic_year=year,
                    level=level,
                    defaults={
                        "planned": graduates + 10,
                        "enrolled": graduates + 5,
                        "graduates": graduates,
                        "certified_tpqi": graduates // 3,
                        "certified_dsd": graduates // 5,
                        "certified_international": 1,
                        "employed_or_studying": int(graduates * 0.8),
                    },
                )
    for units in (
        ("MEC-01", "ติดตั้งระบบ PLC"),
        ("MEC-02", "บำรุงรักษาหุ่นยนต์อุตสาหกรรม"),
        ("MEC-03", "อ่านแบบไฟฟ้า"),
    ):
        CurriculumUnit.objects.get_or_create(
            field=field_of_study, code=units[0], defaults={"title_th": units[1]}
        )
    for n, (name, province, position, headcount, competencies) in enumerate(EMPLOYERS):
        establishment, _created = Establishment.objects.get_or_create(
            name_th=name, province_th=province, defaults={"field": field_of_study}
        )
        for year, extra in ((2565, -4), (2566, -2), (2567, 0)):
            EmployerDemand.objects.update_or_create(
                field=field_of_study,
                establishment=establishment,
                year=year,
                position=position,
                level=hvc,
                defaults={"headcount": headcount + extra, "competencies": competencies},
            )
        Partnership.objects.update_or_create(
            reference=f"DEMO-{n + 1}",
            defaults={
                "field": field_of_study,
                "establishment": establishment,
                "institution": colleges[n % len(colleges)],
                "mode": "dual",
                "purpose": "student_placement",
                "year": 2567,
                "level": hvc,
                "places_offered": 5,
                "places_filled": 3 + n % 2,
                "signed_on": dt.date(2024, 5, 1 + n),
                "status": "active",
            },
        )
    TeacherDevelopment.objects.update_or_create(
        reference="DEMO-T1",
        defaults={
            "field": field_of_study,
            "institution": host,
            "teacher_name": "ครูวิชัย มั่นคง",
            "kind": "industry_placement",
            "title": "ฝึกงานระบบหุ่นยนต์เชื่อม",
            "establishment": EMPLOYERS[0][0],
            "starts_on": dt.date(2024, 4, 1),
            "ends_on": dt.date(2024, 4, 30),
            "hours": 120,
            "certificate": "TPQI ระดับ 4",
        },
    )
    for code, name_th, name_en, formula, target in (
        (
            "graduate-certification-rate",
            "ร้อยละผู้สำเร็จการศึกษาที่ได้รับการรับรองสมรรถนะ",
            "Graduates certified (%)",
            "graduates_certified / graduates * 100",
            30,
        ),
        (
            "placement-fill-rate",
            "ร้อยละที่ฝึกในสถานประกอบการที่ได้รับจริง",
            "Placement places filled (%)",
            "places_filled / places_offered * 100",
            80,
        ),
    ):
        Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name_th": name_th,
                "name_en": name_en,
                "formula": formula,
                "target": target,
                "unit": "%",
            },
        )
    used = _demo_usage_ensure(field_of_study)
    progress(
        f"Workforce demo data for {DEMO_FIELD_CODE}: supply, demand, partnerships, "
        f"usage of {used} resources"
    )


USAGE_DAYS = 60


def _demo_usage_ensure(field_of_study) -> int:
    """Daily usage of the demo bank's public resources over the last 60 days, so the usage chart,
    "most used in this field" and the report's usage counts show something. Made once: when the
    field has usage rows already (a second run, or real visits), nothing is added."""
    from django.utils import timezone
    from wagtail.models import Page

    from content.models import KnowledgeBankPage

    from .models import UsageDaily
    from .services import usage_yearly_rebuild

    if UsageDaily.objects.filter(field=field_of_study).exists():
        return 0
    bank = KnowledgeBankPage.objects.filter(field=field_of_study).first()
    if bank is None:
        return 0
    pages = list(
        Page.objects.live()
        .public()
        .descendant_of(bank)
        .order_by("path")
        .values_list("pk", flat=True)
    )
    today = timezone.localdate()
    rows = []
    for rank, page_id in enumerate(pages):
        for back in range(USAGE_DAYS):
            views = (rank * 7 + back * 3) % 11 + max(len(pages) - rank, 1)
            rows.append(
                UsageDaily(
                    day=today - dt.timedelta(days=back),
                    kind="view",
                    page_id=page_id,
                    field=field_of_study,
                    count=views,
                    unique_users=max(views // 2, 1),
                )
            )
            if (rank + back) % 3 == 0:
                rows.append(
                    UsageDaily(
                        day=today - dt.timedelta(days=back),
                        kind="download",
                        page_id=page_id,
                        field=field_of_study,
                        count=1 + rank % 3,
                        unique_users=1,
                    )
                )
    UsageDaily.objects.bulk_create(rows, batch_size=2000)
    usage_yearly_rebuild()  # the yearly totals the dashboards read
    return len(pages)
