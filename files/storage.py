"""Storage backends that keep Thai file names readable.

Django's ``get_valid_filename`` keeps only ``\\w`` characters, which drops Thai vowel and tone marks
(Unicode category Mn): "คู่มือ.pdf" would be stored as "คมอ.pdf". These keep every letter, mark and
digit, turn spaces into underscores and drop anything else (path separators, quotes, controls).
"""

from __future__ import annotations

import contextvars
import logging
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, Storage
from storages.backends.s3 import S3Storage

logger = logging.getLogger("intelligent_center.files")

_ALLOWED_PUNCTUATION = {"-", "_", "."}


def valid_unicode_filename(name: str) -> str:
    name = unicodedata.normalize("NFC", str(name)).strip().replace(" ", "_")
    cleaned = "".join(
        char
        for char in name
        if char in _ALLOWED_PUNCTUATION or unicodedata.category(char)[0] in {"L", "M", "N"}
    )
    if cleaned in {"", ".", ".."}:
        raise SuspiciousFileOperation(f"Could not derive file name from {name!r}")
    return cleaned


# The open recordings of :func:`writes_recorded` (nested ones each see every write).
_recordings: contextvars.ContextVar[tuple[list, ...]] = contextvars.ContextVar(
    "files_storage_recordings", default=()
)


@contextmanager
def writes_recorded() -> Iterator[list[tuple[Storage, str]]]:
    """Collects ``(storage, name)`` of every file this thread stores meanwhile (documents, their
    covers, unpacked simulator members), so a failed import can remove exactly what it stored:
    a database rollback does not undo storage."""
    written: list[tuple[Storage, str]] = []
    token = _recordings.set((*_recordings.get(), written))
    try:
        yield written
    finally:
        _recordings.reset(token)


def recorded_writes_delete(written: list[tuple[Storage, str]]) -> None:
    """Deletes what :func:`writes_recorded` collected (best effort: a file already gone is fine)."""
    for storage, name in reversed(written):
        try:
            storage.delete(name)
        except Exception:  # cleaning up after a failure: the first error is the one raised
            logger.warning("Could not delete %s after a failed import", name, exc_info=True)
    written.clear()


class _RecordsWrites:
    def _save(self, name, content):
        name = super()._save(name, content)
        for written in _recordings.get():
            written.append((self, name))
        return name


class UnicodeNameFileSystemStorage(_RecordsWrites, FileSystemStorage):
    def get_valid_name(self, name: str) -> str:
        return valid_unicode_filename(name)


class UnicodeNameS3Storage(_RecordsWrites, S3Storage):
    def get_valid_name(self, name: str) -> str:
        return valid_unicode_filename(name)
