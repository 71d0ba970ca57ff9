"""Validate uploaded files by what they really are (magic bytes), never by their extension.

Each check raises :class:`django.core.exceptions.ValidationError` with a message in English
(translated to Thai in ``files/locale``) and a stable ``code``; nothing is written to storage
before a file has passed.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .models import DocumentKind

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
EPUB_MIMETYPE = b"application/epub+zip"
OFFICE_ZIP_EXTENSIONS = {"docx", "xlsx", "pptx", "odt"}
TEXT_EXTENSIONS = {"csv", "txt"}

# File types a simulator package may contain (lower-case extensions).
SIMULATOR_CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "htm": "text/html; charset=utf-8",
    "js": "text/javascript; charset=utf-8",
    "mjs": "text/javascript; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "json": "application/json",
    "txt": "text/plain; charset=utf-8",
    "xml": "application/xml",
    "svg": "image/svg+xml",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "avif": "image/avif",
    "ico": "image/x-icon",
    "mp3": "audio/mpeg",
    "ogg": "audio/ogg",
    "wav": "audio/wav",
    "mp4": "video/mp4",
    "webm": "video/webm",
    "woff": "font/woff",
    "woff2": "font/woff2",
    "ttf": "font/ttf",
    "otf": "font/otf",
    "wasm": "application/wasm",
    "glb": "model/gltf-binary",
    "gltf": "model/gltf+json",
    "bin": "application/octet-stream",
    "map": "application/json",
}


def limit(name: str) -> int:
    return settings.FILES_LIMITS[name]


@dataclass
class Inspection:
    """What a file turned out to be."""

    kind: str
    page_count: int | None = None
    # For simulator packages: the members to unpack (archive name → name inside the package).
    members: dict[str, str] = field(default_factory=dict)
    total_bytes: int = 0


def _reject(message, code: str, **params) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)


def extension_of(name: str) -> str:
    return Path(name).suffix.lower().lstrip(".")


@contextmanager
def local_path(fileobj: IO[bytes] | str | os.PathLike) -> Iterator[str]:
    """A path on the local disk for ``fileobj``: the file itself when it has one, else a temporary
    copy written in chunks (never the whole file in memory)."""
    if isinstance(fileobj, str | os.PathLike):
        yield os.fspath(fileobj)
        return
    temporary_path = getattr(fileobj, "temporary_file_path", None)
    if callable(temporary_path):
        yield temporary_path()
        return
    with tempfile.NamedTemporaryFile(prefix="ic-file-", suffix=".bin") as copy:
        if hasattr(fileobj, "seek"):
            fileobj.seek(0)
        shutil.copyfileobj(fileobj, copy, length=1024 * 1024)
        copy.flush()
        yield copy.name
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)


def check_size(size: int, *, maximum: int) -> None:
    if size > maximum:
        raise _reject(
            _("This file is too big (%(size)s). The largest allowed is %(maximum)s."),
            "file_too_large",
            size=filesizeformat(size),
            maximum=filesizeformat(maximum),
        )
    if size == 0:
        raise _reject(_("This file is empty."), "file_empty")


def _head(path: str, length: int = 1024) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(length)


# --- PDF ----------------------------------------------------------------------------------------


def inspect_pdf(path: str) -> Inspection:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    if PDF_MAGIC not in _head(path):
        raise _reject(
            _("This file is not a PDF, although its name ends in .pdf (it looks like %(actual)s)."),
            "not_pdf",
            actual=describe_content(path),
        )
    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise _reject(
                _("This PDF is encrypted (password-protected). Upload a copy without a password."),
                "encrypted",
            ) from exc
        raise _reject(
            _("This PDF is damaged and cannot be opened (%(reason)s)."), "corrupt", reason=str(exc)
        ) from exc
    try:
        if pdfium_c.FPDF_GetSecurityHandlerRevision(pdf.raw) != -1:
            raise _reject(
                _("This PDF is encrypted (password-protected). Upload a copy without a password."),
                "encrypted",
            )
        pages = len(pdf)
        if pages == 0:
            raise _reject(_("This PDF has no pages."), "no_pages")
        if pages > limit("PDF_MAX_PAGES"):
            raise _reject(
                _("This PDF has %(pages)s pages; the most allowed is %(maximum)s."),
                "too_many_pages",
                pages=pages,
                maximum=limit("PDF_MAX_PAGES"),
            )
        try:
            pdf[0].close()
        except pdfium.PdfiumError as exc:
            raise _reject(
                _("This PDF is damaged and cannot be opened (%(reason)s)."),
                "corrupt",
                reason=str(exc),
            ) from exc
    finally:
        pdf.close()
    return Inspection(kind=DocumentKind.PDF, page_count=pages)


def describe_content(path: str) -> str:
    head = _head(path, 512).lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "HTML"
    if head.startswith(ZIP_MAGIC):
        return "ZIP"
    if head.startswith(PDF_MAGIC):
        return "PDF"
    if head.startswith((b"\x89png", b"\xff\xd8\xff", b"gif8")):
        return _("an image")
    return _("another kind of file")


# --- Zip archives (EPUB, simulator packages, office files) ---------------------------------------


def _open_zip(path: str, *, kind_label) -> zipfile.ZipFile:
    if not _head(path, 4).startswith(ZIP_MAGIC):
        raise _reject(
            _("This file is not a valid %(kind)s (it looks like %(actual)s)."),
            "wrong_type",
            kind=kind_label,
            actual=describe_content(path),
        )
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise _reject(
            _("This %(kind)s is damaged or incomplete (the upload may have been cut short)."),
            "corrupt",
            kind=kind_label,
        ) from exc


UNSAFE_NAME = re.compile(r"^(/|\\|[A-Za-z]:)")


def check_archive(
    archive: zipfile.ZipFile,
    *,
    archive_size: int,
    max_files: int,
    max_uncompressed: int,
    max_ratio: int,
) -> int:
    """Refuse unsafe paths, symlinks, encrypted members and zip bombs; return the unpacked size."""
    infos = archive.infolist()
    if len(infos) > max_files:
        raise _reject(
            _("The archive holds %(count)s files; the most allowed is %(maximum)s."),
            "too_many_files",
            count=len(infos),
            maximum=max_files,
        )
    total = 0
    for info in infos:
        name = info.filename
        if UNSAFE_NAME.match(name) or "\\" in name or ".." in PurePosixPath(name).parts:
            raise _reject(
                _(
                    "The archive contains an unsafe path (%(name)s): absolute or “..” paths are "
                    "not allowed."
                ),
                "unsafe_path",
                name=name,
            )
        if stat.S_ISLNK(info.external_attr >> 16):
            raise _reject(
                _("The archive contains a symbolic link (%(name)s), which is not allowed."),
                "symlink",
                name=name,
            )
        if info.flag_bits & 0x1:
            raise _reject(
                _("The archive is encrypted (password-protected)."), "encrypted", name=name
            )
        total += info.file_size
        if info.file_size > 1024 * 1024 and info.file_size > max_ratio * max(info.compress_size, 1):
            raise _reject(
                _(
                    "The archive expands far more than real files do (a “zip bomb”) and was "
                    "refused."
                ),
                "zip_bomb",
            )
    ratio_exceeded = total > 10 * 1024 * 1024 and total > max_ratio * max(archive_size, 1)
    if total > max_uncompressed or ratio_exceeded:
        raise _reject(
            _("The archive expands far more than real files do (a “zip bomb”) and was refused."),
            "zip_bomb",
        )
    try:
        broken = archive.testzip() if total <= 50 * 1024 * 1024 else None
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise _reject(
            _("The archive is damaged or incomplete (the upload may have been cut short)."),
            "corrupt",
        ) from exc
    if broken:
        raise _reject(
            _("The archive is damaged or incomplete (the upload may have been cut short)."),
            "corrupt",
        )
    return total


def inspect_epub(path: str, *, size: int) -> Inspection:
    label = "EPUB"
    with _open_zip(path, kind_label=label) as archive:
        names = set(archive.namelist())
        if "mimetype" not in names or archive.read("mimetype").strip() != EPUB_MIMETYPE:
            raise _reject(
                _("This file is not a valid %(kind)s (it looks like %(actual)s)."),
                "wrong_type",
                kind=label,
                actual="ZIP",
            )
        check_archive(
            archive,
            archive_size=size,
            max_files=limit("SIMULATOR_MAX_FILES") * 5,
            max_uncompressed=limit("EPUB_MAX_UNCOMPRESSED_BYTES"),
            max_ratio=limit("SIMULATOR_MAX_RATIO"),
        )
        if "META-INF/encryption.xml" in names:
            raise _reject(
                _("This e-book is encrypted (DRM). Upload a copy without DRM."), "encrypted"
            )
    from . import extraction

    try:
        chapters = extraction.epub_chapter_count(path)
    except extraction.ExtractionError as exc:
        raise _reject(
            _("This %(kind)s is damaged or incomplete (the upload may have been cut short)."),
            "corrupt",
            kind=label,
        ) from exc
    if chapters == 0:
        raise _reject(_("This e-book has no chapters."), "no_pages")
    if chapters > limit("EPUB_MAX_CHAPTERS"):
        raise _reject(
            _("This e-book has %(pages)s chapters; the most allowed is %(maximum)s."),
            "too_many_pages",
            pages=chapters,
            maximum=limit("EPUB_MAX_CHAPTERS"),
        )
    return Inspection(kind=DocumentKind.EPUB, page_count=chapters)


def inspect_simulator(path: str, *, size: int) -> Inspection:
    label = _("simulator package (zip)")
    check_size(size, maximum=limit("SIMULATOR_MAX_BYTES"))
    with _open_zip(path, kind_label=label) as archive:
        total = check_archive(
            archive,
            archive_size=size,
            max_files=limit("SIMULATOR_MAX_FILES"),
            max_uncompressed=limit("SIMULATOR_MAX_UNCOMPRESSED_BYTES"),
            max_ratio=limit("SIMULATOR_MAX_RATIO"),
        )
        files = [info.filename for info in archive.infolist() if not info.is_dir()]
    ignored = {"__MACOSX", ".DS_Store", "Thumbs.db"}
    files = [name for name in files if not set(PurePosixPath(name).parts) & ignored]
    prefix = ""
    if "index.html" not in files:
        tops = {PurePosixPath(name).parts[0] for name in files}
        if len(tops) == 1 and f"{next(iter(tops))}/index.html" in files:
            prefix = f"{next(iter(tops))}/"
        else:
            raise _reject(
                _("A simulator package must have an index.html at its top level."),
                "no_index",
            )
    members: dict[str, str] = {}
    for name in files:
        extension = extension_of(name)
        if extension not in SIMULATOR_CONTENT_TYPES:
            raise _reject(
                _(
                    "The package contains a file type that is not allowed: %(name)s. Allowed: "
                    "%(allowed)s."
                ),
                "file_type",
                name=name,
                allowed=", ".join(sorted(SIMULATOR_CONTENT_TYPES)),
            )
        members[name] = name[len(prefix) :]
    return Inspection(
        kind=DocumentKind.SIMULATOR, page_count=None, members=members, total_bytes=total
    )


def inspect_office(path: str, *, size: int, extension: str) -> Inspection:
    with _open_zip(path, kind_label=extension.upper()) as archive:
        check_archive(
            archive,
            archive_size=size,
            max_files=10_000,
            max_uncompressed=limit("EPUB_MAX_UNCOMPRESSED_BYTES"),
            max_ratio=limit("SIMULATOR_MAX_RATIO"),
        )
    return Inspection(kind=DocumentKind.OTHER)


def inspect_text(path: str) -> Inspection:
    head = _head(path, 64 * 1024)
    if b"\x00" in head:
        raise _reject(
            _("This file is not a text file (it looks like %(actual)s)."),
            "wrong_type",
            actual=describe_content(path),
        )
    return Inspection(kind=DocumentKind.OTHER)


def inspect_document(*, fileobj: IO[bytes] | str | os.PathLike, name: str, size: int) -> Inspection:
    """Validate an uploaded document: size first (before anything is read), then its real type."""
    check_size(size, maximum=limit("DOCUMENT_MAX_BYTES"))
    extension = extension_of(name)
    with local_path(fileobj) as path:
        if extension == "pdf":
            return inspect_pdf(path)
        if extension == "epub":
            return inspect_epub(path, size=size)
        if extension == "zip":
            return inspect_simulator(path, size=size)
        if extension in OFFICE_ZIP_EXTENSIONS:
            return inspect_office(path, size=size, extension=extension)
        if extension in TEXT_EXTENSIONS:
            return inspect_text(path)
    raise _reject(
        _("Files of type “.%(extension)s” are not accepted."), "extension", extension=extension
    )


def file_size(fileobj) -> int:
    if isinstance(fileobj, str | os.PathLike):
        return os.stat(fileobj).st_size
    return fileobj.size
