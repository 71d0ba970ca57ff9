"""Writes of the files app: keyword-only, atomic, side effects after commit."""

from __future__ import annotations

import io
import logging
import math
import os
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from . import extraction, signals, validation
from .models import (
    DocumentInfo,
    DocumentKind,
    DocumentText,
    ExtractionStatus,
    SimulatorAttempt,
    SimulatorPackageBuild,
)
from .storage_utils import storage_delete_tree

logger = logging.getLogger("intelligent_center.files")

TEXT_BATCH = 200
COVER_WIDTH = 800


# --- Documents ------------------------------------------------------------------------------------


def document_inspect_stored(*, document) -> validation.Inspection:
    """Validate a document already in storage (size first, then its real type)."""
    size = document.file.size
    validation.check_size(size, maximum=validation.limit("DOCUMENT_MAX_BYTES"))
    with document.file.open("rb") as handle:
        return validation.inspect_document(fileobj=handle, name=document.file.name, size=size)


def _texts_replace(*, document, parts) -> int:
    DocumentText.objects.filter(document=document).delete()
    batch: list[DocumentText] = []
    count = 0
    for part in parts:
        batch.append(
            DocumentText(document=document, number=part.number, text=part.text, label=part.label)
        )
        count += 1
        if len(batch) >= TEXT_BATCH:
            DocumentText.objects.bulk_create(batch)
            batch = []
    DocumentText.objects.bulk_create(batch)
    return count


def _cover_save(*, document, image_bytes: bytes, old_cover):
    Image = get_image_model()
    cover = Image(
        title=f"{document.title} — cover"[:255],
        file=ContentFile(image_bytes, name=f"cover-document-{document.pk}.jpg"),
        collection=document.collection,
    )
    cover.save()
    if old_cover is not None:
        old_cover.delete()
    return cover


def ebook_cover_render(*, document, path: str, kind: str):
    """A cover image from page 1 (PDF) or the book's own cover (EPUB), as a Wagtail image."""
    from PIL import Image as PILImage

    info = DocumentInfo.objects.filter(document=document).first()
    old_cover = info.cover if info else None
    if kind == DocumentKind.PDF:
        picture = extraction.pdf_render_first_page(path, width=COVER_WIDTH)
    else:
        raw = extraction.epub_cover_image(path)
        if raw is None:
            return old_cover
        picture = PILImage.open(io.BytesIO(raw))
        picture.thumbnail((COVER_WIDTH, COVER_WIDTH * 2))
        picture = picture.convert("RGB")
    output = io.BytesIO()
    picture.save(output, "JPEG", quality=85)
    return _cover_save(document=document, image_bytes=output.getvalue(), old_cover=old_cover)


def _extract(*, document, inspection: validation.Inspection, path: str) -> DocumentInfo:
    if inspection.kind == DocumentKind.PDF:
        parts = extraction.pdf_pages(path)
    else:
        parts = extraction.epub_chapters(path)
    with transaction.atomic():
        count = _texts_replace(document=document, parts=parts)
        cover = ebook_cover_render(document=document, path=path, kind=inspection.kind)
        info, _created = DocumentInfo.objects.update_or_create(
            document=document,
            defaults={
                "kind": inspection.kind,
                "page_count": count,
                "file_hash": document.file_hash,
                "status": ExtractionStatus.DONE,
                "error": "",
                "extracted_at": timezone.now(),
                "cover": cover,
            },
        )
        transaction.on_commit(
            lambda: signals.document_text_extracted.send(
                sender=DocumentInfo, document=document, info=info
            )
        )
    return info


def document_process(*, document, raise_errors: bool = False) -> DocumentInfo:
    """Validate a stored document, then extract its text (e-books) or unpack it (simulators).

    Idempotent: a document whose file has not changed since its last success is left alone.
    A file that fails validation is recorded as failed (or raises, with ``raise_errors``).
    """
    info = DocumentInfo.objects.filter(document=document).first()
    if info and info.status == ExtractionStatus.DONE and info.file_hash == document.file_hash:
        return info
    try:
        inspection = document_inspect_stored(document=document)
    except ValidationError as exc:
        message = " ".join(exc.messages)
        DocumentInfo.objects.update_or_create(
            document=document,
            defaults={
                "kind": DocumentKind.OTHER,
                "status": ExtractionStatus.FAILED,
                "error": message,
                "file_hash": document.file_hash,
            },
        )
        logger.warning("document %s failed validation: %s", document.pk, message)
        if raise_errors:
            raise
        return DocumentInfo.objects.get(document=document)
    if inspection.kind in (DocumentKind.PDF, DocumentKind.EPUB):
        with document.file.open("rb") as handle, validation.local_path(handle) as path:
            return _extract(document=document, inspection=inspection, path=path)
    if inspection.kind == DocumentKind.SIMULATOR:
        simulator_package_build(document=document, inspection=inspection)
    info, _created = DocumentInfo.objects.update_or_create(
        document=document,
        defaults={
            "kind": inspection.kind,
            "page_count": inspection.page_count,
            "file_hash": document.file_hash,
            "status": ExtractionStatus.DONE,
            "error": "",
            "extracted_at": timezone.now(),
        },
    )
    return info


def document_process_later(*, document) -> None:
    """Queue :func:`document_process` once the current transaction commits."""
    from . import tasks

    document_id = document.pk
    transaction.on_commit(lambda: tasks.document_process_task.enqueue(document_id=document_id))


def document_validate_path(*, path: str | os.PathLike) -> validation.Inspection:
    """Validate a file on disk (size first, from ``stat``, then its real type); raises
    ``ValidationError`` with a Thai/English message. Stores nothing."""
    path = Path(path)
    size = os.stat(path).st_size
    return validation.inspect_document(fileobj=path, name=path.name, size=size)


def document_create_from_path(
    *, path: str | os.PathLike, title: str, collection=None, uploaded_by_user=None
):
    """Validate a file on disk, store it as a Wagtail document, and extract it *now*.

    Raises ``ValidationError`` (nothing stored) when the file is refused: the import service
    fails the whole import on it. Returns only when the text is extracted.
    """
    path = Path(path)
    document_validate_path(path=path)  # refused by size before a byte is read
    Document = get_document_model()
    document = Document(title=title, uploaded_by_user=uploaded_by_user)
    if collection is not None:
        document.collection = collection
    with open(path, "rb") as handle:
        document.file = File(handle, name=path.name)
        document._set_document_file_metadata()
        document._ic_skip_processing = True
        document.save()
    try:
        document_process(document=document, raise_errors=True)
    except BaseException:
        document.delete()
        raise
    return document


# --- Simulator packages ---------------------------------------------------------------------------


def simulator_package_build(
    *, document, inspection: validation.Inspection | None = None
) -> SimulatorPackageBuild:
    """Unpack a validated HTML5 package under a fresh ``simulators/<key>/`` prefix.

    A failure part-way deletes what was written; the previous build is removed after commit.
    """
    with document.file.open("rb") as handle, validation.local_path(handle) as path:
        if inspection is None or not inspection.members:
            inspection = validation.inspect_simulator(path, size=os.stat(path).st_size)
        build = SimulatorPackageBuild(document=document)
        written: list[str] = []
        try:
            with zipfile.ZipFile(path) as archive:
                for member, target in inspection.members.items():
                    with archive.open(member) as source:
                        name = default_storage.save(f"{build.prefix}{target}", File(source))
                    written.append(name)
                    if name != f"{build.prefix}{target}":
                        raise ValidationError(f"storage renamed {target!r} to {name!r}")
        except BaseException:
            for name in written:
                default_storage.delete(name)
            raise
    build.file_hash = document.file_hash
    build.file_count = len(written)
    build.total_bytes = inspection.total_bytes
    old = SimulatorPackageBuild.objects.filter(document=document).first()
    with transaction.atomic():
        if old is not None:
            old_prefix = old.prefix
            old.delete()
            transaction.on_commit(lambda: storage_delete_tree(old_prefix))
        build.save()
    return build


# --- Simulator attempts ---------------------------------------------------------------------------


class AttemptRejected(ValueError):
    """A score message that is malformed or out of range (logged, never stored)."""


MAX_SCORE_CEILING = Decimal("100000")


def _as_decimal(value, name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise AttemptRejected(f"{name} must be a number, got {value!r}")
    if not math.isfinite(value):
        raise AttemptRejected(f"{name} must be finite")
    if abs(value) > MAX_SCORE_CEILING:  # before Decimal: 1e308 has no 0.01 quantum
        raise AttemptRejected(f"{name} out of range: {value!r}")
    return Decimal(str(value)).quantize(Decimal("0.01"))


class AttemptTokenRefused(Exception):
    """The score came without a valid token of a started attempt (``code`` says why)."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


@dataclass(frozen=True)
class AttemptViewer:
    user: object
    launch_id: int | None
    nonce: str


def simulator_attempt_viewer(*, token, page) -> AttemptViewer:
    """Check the attempt token a score came with (see ``selectors.simulator_attempt_token``)."""
    from .selectors import ATTEMPT_TOKEN_SALT

    if not token or not isinstance(token, str) or len(token) > 2000:
        raise AttemptTokenRefused("missing")
    try:
        payload = signing.loads(
            token, salt=ATTEMPT_TOKEN_SALT, max_age=settings.SIMULATOR_ATTEMPT_TOKEN_SECONDS
        )
    except signing.SignatureExpired as exc:
        raise AttemptTokenRefused("expired") from exc
    except signing.BadSignature as exc:
        raise AttemptTokenRefused("invalid") from exc
    if not isinstance(payload, dict) or payload.get("p") != page.pk or not payload.get("n"):
        raise AttemptTokenRefused("other_page")
    user = get_user_model().objects.filter(pk=payload.get("u"), is_active=True).first()
    if user is None or not constant_time_compare(
        user.get_session_auth_hash()[:20], str(payload.get("h", ""))
    ):
        raise AttemptTokenRefused("viewer_changed")  # password changed or account switched off
    if SimulatorAttempt.objects.filter(token_nonce=payload["n"]).exists():
        raise AttemptTokenRefused("used")
    launch_id = payload.get("l")
    return AttemptViewer(
        user=user, launch_id=launch_id if isinstance(launch_id, int) else None, nonce=payload["n"]
    )


def simulator_attempt_record(
    *,
    user,
    page,
    score,
    max_score,
    completed,
    request=None,
    lti_context: dict | None = None,
    token_nonce: str | None = None,
    raw_message: dict | None = None,
) -> SimulatorAttempt:
    """Store one attempt; ``simulator_attempt_recorded`` is sent after commit.

    The score is rescaled to the page's own ``max_score`` when the page sets one. A token nonce
    already used raises :class:`AttemptTokenRefused` (one score per started attempt).
    """
    score_value = _as_decimal(score, "score")
    max_value = _as_decimal(max_score, "maxScore")
    if not isinstance(completed, bool):
        raise AttemptRejected(f"completed must be true or false, got {completed!r}")
    if max_value <= 0 or max_value > MAX_SCORE_CEILING:
        raise AttemptRejected(f"maxScore out of range: {max_value}")
    if score_value < 0 or score_value > max_value:
        raise AttemptRejected(f"score out of range: {score_value} of {max_value}")
    page_max = getattr(page, "max_score", None)
    if page_max:
        page_max = Decimal(str(page_max))
        if page_max != max_value:
            score_value = (score_value / max_value * page_max).quantize(Decimal("0.01"))
            max_value = page_max
    try:
        with transaction.atomic():
            attempt = SimulatorAttempt.objects.create(
                user=user,
                simulator=page,
                score=score_value,
                max_score=max_value,
                completed=completed,
                lti_context=lti_context or {},
                token_nonce=token_nonce,
                raw_message=raw_message or {},
            )
            transaction.on_commit(
                lambda: signals.simulator_attempt_recorded.send(
                    sender=SimulatorAttempt, attempt=attempt, request=request
                )
            )
    except IntegrityError as exc:
        raise AttemptTokenRefused("used") from exc
    return attempt


__all__ = [
    "AttemptRejected",
    "AttemptTokenRefused",
    "AttemptViewer",
    "document_create_from_path",
    "document_inspect_stored",
    "document_process",
    "document_process_later",
    "document_validate_path",
    "ebook_cover_render",
    "simulator_attempt_record",
    "simulator_attempt_viewer",
    "simulator_package_build",
]
