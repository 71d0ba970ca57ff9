"""Storage backends that keep Thai file names readable.

Django's ``get_valid_filename`` keeps only ``\\w`` characters, which drops Thai vowel and tone marks
(Unicode category Mn): "คู่มือ.pdf" would be stored as "คมอ.pdf". These keep every letter, mark and
digit, turn spaces into underscores and drop anything else (path separators, quotes, controls).
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage
from storages.backends.s3 import S3Storage

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


class UnicodeNameFileSystemStorage(FileSystemStorage):
    def get_valid_name(self, name: str) -> str:
        return valid_unicode_filename(name)


class UnicodeNameS3Storage(S3Storage):
    def get_valid_name(self, name: str) -> str:
        return valid_unicode_filename(name)
