"""The demo's HTML5 simulator: a PLC ladder-logic exercise in Thai that reports its score through
the ``ic.score`` postMessage API. Added to ``content.demo.loader.DEMO_STEPS``."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model

PACKAGE_DIR = Path(__file__).resolve().parent / "plc_start_stop"
DEMO_EXTERNAL_ID = "demo-simulator-plc-start-stop"
DEMO_FIELD_CODE = "F64-11"


def demo_package_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(PACKAGE_DIR.iterdir()):
            archive.write(path, path.name)
    return buffer.getvalue()


@transaction.atomic
def demo_simulator_ensure(progress: Callable[[str], None]) -> None:
    SimulatorPage = apps.get_model("content", "SimulatorPage")
    KnowledgeBankPage = apps.get_model("content", "KnowledgeBankPage")
    if SimulatorPage.objects.filter(external_id=DEMO_EXTERNAL_ID).exists():
        progress("Demo simulator: already there")
        return
    bank = KnowledgeBankPage.objects.get(field__code=DEMO_FIELD_CODE)
    from wagtail.models import Collection

    collection = (
        Collection.get_first_root_node().get_children().filter(name__startswith="F64-11 ").first()
    )
    Document = get_document_model()
    document = Document(title="PLC ladder start–stop simulator (HTML5)")
    if collection is not None:
        document.collection = collection
    document.file = ContentFile(demo_package_bytes(), name="plc-start-stop-simulator.zip")
    document._set_document_file_metadata()
    document.save()
    page = SimulatorPage(
        title="จำลองวงจรแลดเดอร์ PLC: สตาร์ท–สต็อปมอเตอร์",
        title_en="PLC ladder logic simulator: start–stop motor",
        summary=(
            "แบบฝึกจำลองการเขียนโปรแกรม PLC ภาษาแลดเดอร์ วงจรสตาร์ท–สต็อปมอเตอร์แบบมีหน้าสัมผัส"
            "ช่วยคงสภาพ ทดสอบได้ทันทีในเบราว์เซอร์และบันทึกคะแนน"
        ),
        slug="plc-start-stop-simulator",
        external_id=DEMO_EXTERNAL_ID,
        home_field=bank.field,
        package=document,
        is_graded=True,
        max_score=10,
        equipment="PLC (Siemens S7-1200 / Mitsubishi FX)",
        licence="cc-by",
    )
    bank.add_child(instance=page)
    page.save_revision().publish()
    progress("Demo simulator: PLC ladder start–stop added")


__all__ = ["demo_package_bytes", "demo_simulator_ensure"]
