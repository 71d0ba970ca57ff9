"""Files of an import: the one place a file on disk becomes a Wagtail document."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model

from intelligent_center.messages import bilingual

from .records import FILE_FIELD, ImportRecord, RecordError


class ImportAborted(Exception):
    """The import stopped while writing (a file could not be stored, a bank disappeared after
    validation); ``errors`` say where, in Thai and English. Everything is rolled back."""

    def __init__(self, errors: list[RecordError]):
        super().__init__("; ".join(map(str, errors)))
        self.errors = errors


def file_sha1(path: str | Path) -> str:
    digest = hashlib.sha1()  # noqa: S324 (content hash like Wagtail's file_hash, not security)
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def document_from_path(*, path: str | Path, collection, title: str):
    """The one place a file on disk becomes a Wagtail document (reused when the same file is
    already in the collection). The files app wraps this with validation and text extraction."""
    from files import services as files_services  # validation + synchronous text extraction

    Document = get_document_model()
    path = Path(path)
    files_services.document_validate_path(path=path)  # ValidationError fails the import
    file_hash = file_sha1(path)
    existing = Document.objects.filter(collection=collection, file_hash=file_hash).first()
    if existing is not None:
        files_services.document_process(document=existing, raise_errors=True)
        return existing
    with path.open("rb") as handle:
        document = Document(title=title[:255], collection=collection)
        document.file.save(path.name, File(handle), save=False)
        document.file_size = path.stat().st_size
        document.file_hash = file_hash
        document._ic_skip_processing = True  # extracted here, before the import returns
        document.save()
    files_services.document_process(document=document, raise_errors=True)
    return document


def documents_for(records: list[ImportRecord], fields: dict) -> dict[str, int]:
    """Stores each distinct file the records name; returns path → document pk. A file that
    cannot be stored aborts the import with its record's line."""
    from ..services import field_collection_ensure

    documents: dict[str, int] = {}
    for record in records:
        if not record.file or record.file in documents:
            continue
        collection = field_collection_ensure(field_of_study=fields[record.field])
        try:
            document = document_from_path(
                path=record.file, collection=collection, title=Path(record.file).stem
            )
        except (OSError, ValidationError) as exc:
            problem = " ".join(exc.messages) if isinstance(exc, ValidationError) else ""
            message = bilingual(
                _("The file %(name)s could not be stored. %(problem)s"),
                name=Path(record.file).name,
                problem=problem,
            )
            raise ImportAborted([RecordError(record.line, record.external_id, message)]) from exc
        documents[record.file] = document.pk
    return documents


def document_hash(page, resource_type: str) -> str:
    document = getattr(page, FILE_FIELD[resource_type], None)
    return getattr(document, "file_hash", "") if document else ""
