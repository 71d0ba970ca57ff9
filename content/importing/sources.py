"""Where a record's ``file`` may come from: only from inside the import's own folder.

The command reads files next to the records file; the admin unpacks the uploaded zip into a
private temporary folder and reads from there. A name that is absolute, holds ``..``, or resolves
(through a symbolic link) out of the folder is refused with one message that does not depend on
what exists outside, so an import can never read, or probe for, other files on the server.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from intelligent_center.messages import bilingual

from .formats import detect_format

RECORDS_SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv")


class FileRefused(Exception):
    """A record's file cannot be used; ``str(exc)`` is the Thai/English message."""


@dataclass(frozen=True)
class ImportFolder:
    """The folder a record's relative ``file`` names are read from (and confined to)."""

    root: Path

    def locate(self, name: str) -> Path:
        """The real path of ``name`` inside the folder, or :class:`FileRefused`."""
        refused = FileRefused(
            bilingual(
                _(
                    "file %(name)s must be a relative path inside the import's folder (no "
                    "absolute path, “..” or link out of it)."
                ),
                name=name,
            )
        )
        relative = PurePosixPath(name)
        if not name or "\\" in name or relative.is_absolute() or ".." in relative.parts:
            raise refused
        try:
            root = self.root.resolve()
            candidate = (root / relative).resolve()
        except (OSError, ValueError, RuntimeError) as exc:  # NUL byte, loop, too long
            raise refused from exc
        if not candidate.is_relative_to(root) or candidate == root:
            raise refused
        try:
            exists = candidate.is_file()
        except (OSError, ValueError):
            exists = False
        if not exists:
            raise FileRefused(
                bilingual(_("file not found in the import's folder: %(name)s"), name=name)
            )
        return candidate


def no_files_refusal() -> FileRefused:
    return FileRefused(
        bilingual(
            _(
                "This import takes no files: to attach files, upload a .zip holding the records "
                "file and the files it names."
            )
        )
    )


def import_folder(base_dir: str | Path | None) -> ImportFolder | None:
    return ImportFolder(Path(base_dir)) if base_dir is not None else None


# --- Uploaded zip archives -------------------------------------------------------------------


def _limit(name: str) -> int:
    return settings.FILES_LIMITS[name]


def _archive_problem(message) -> ValidationError:
    return ValidationError(str(message))


def _records_member(archive: zipfile.ZipFile) -> zipfile.ZipInfo:
    candidates = [
        info
        for info in archive.infolist()
        if not info.is_dir()
        and info.filename.lower().endswith(RECORDS_SUFFIXES)
        and not any(part.startswith((".", "__MACOSX")) for part in Path(info.filename).parts)
    ]
    if len(candidates) != 1:
        raise _archive_problem(
            bilingual(
                _(
                    "The zip must hold exactly one records file (.jsonl or .csv); it holds "
                    "%(count)s."
                ),
                count=len(candidates),
            )
        )
    return candidates[0]


def _member_extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path) -> int:
    """Copies one member, never more bytes than it declared (zipfile stops there, and checks
    the CRC); returns the bytes written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with archive.open(info) as source, target.open("wb") as out:
        while chunk := source.read(1 << 20):
            written += len(chunk)
            if written > info.file_size:
                raise _archive_problem(bilingual(_("The zip is damaged or incomplete.")))
            out.write(chunk)
    return written


def archive_unpack(*, archive_path: Path, folder: Path) -> Path:
    """Unpacks an uploaded zip into ``folder`` (private, empty) after refusing unsafe paths,
    symbolic links, encrypted members and zip bombs; returns the records file's path. Raises
    ``ValidationError`` with a Thai/English message."""
    from files.validation import check_archive

    size = archive_path.stat().st_size
    try:
        archive = zipfile.ZipFile(archive_path)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise _archive_problem(bilingual(_("The zip is damaged or incomplete."))) from exc
    with archive:
        check_archive(
            archive,
            archive_size=size,
            max_files=_limit("IMPORT_ARCHIVE_MAX_FILES"),
            max_uncompressed=_limit("IMPORT_ARCHIVE_MAX_UNCOMPRESSED_BYTES"),
            max_ratio=_limit("SIMULATOR_MAX_RATIO"),
        )
        records = _records_member(archive)
        root = folder.resolve()
        total = 0
        try:
            for info in archive.infolist():
                if info.is_dir():
                    continue
                target = (root / info.filename).resolve()
                if not target.is_relative_to(root):  # check_archive refused these already
                    raise _archive_problem(bilingual(_("The zip is damaged or incomplete.")))
                total += _member_extract(archive, info, target)
                if total > _limit("IMPORT_ARCHIVE_MAX_UNCOMPRESSED_BYTES"):
                    raise _archive_problem(bilingual(_("The zip is damaged or incomplete.")))
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
            raise _archive_problem(bilingual(_("The zip is damaged or incomplete."))) from exc
    records_path = root / records.filename
    detect_format(records_path)  # the suffixes above are all formats
    return records_path
