"""Uploads the admin has checked, kept so "Import" needs no second upload.

The file is kept on the server, outside media (never served), under a random name, readable only
by the server's user, for :data:`STAGING_TTL`; the user's session holds its token, and it is only
used by the same user, from the same session, before it expires. Unpacking (for a zip) happens
into a private temporary folder each time it is read.
"""

from __future__ import annotations

import os
import secrets
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings

from .sources import archive_unpack

STAGING_TTL = 30 * 60  # seconds
SESSION_KEY = "content_import_staged"
SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv", ".zip")


def staging_root() -> Path:
    base = Path(settings.FILE_UPLOAD_TEMP_DIR or tempfile.gettempdir())
    root = base / "ic-import-staging"
    root.mkdir(mode=0o700, exist_ok=True)
    return root


@dataclass(frozen=True)
class StagedUpload:
    token: str
    name: str  # the name the user gave the file (shown back, and its suffix picks the format)
    user_id: int
    created: float
    draft: bool

    @property
    def path(self) -> Path:
        return staging_root() / f"{self.token}{Path(self.name).suffix.lower()}"

    @property
    def is_archive(self) -> bool:
        return self.name.lower().endswith(".zip")


def _sweep(root: Path) -> None:
    """Removes staged files left behind (never confirmed) once they have expired."""
    cutoff = time.time() - STAGING_TTL
    for path in root.iterdir():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            continue


def upload_stage(*, upload, user, session, draft: bool) -> StagedUpload:
    root = staging_root()
    _sweep(root)
    previous = session.pop(SESSION_KEY, None)
    if previous:
        _discard(previous)
    suffix = Path(upload.name).suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(suffix)
    staged = StagedUpload(
        token=secrets.token_urlsafe(24),
        name=Path(upload.name).name[:200],
        user_id=user.pk,
        created=time.time(),
        draft=draft,
    )
    descriptor = os.open(staged.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    session[SESSION_KEY] = asdict(staged)
    return staged


def staged_find(*, session, token: str, user) -> StagedUpload | None:
    """The upload this session checked, if ``token`` names it, it is this user's and fresh."""
    data = session.get(SESSION_KEY)
    if not data or not isinstance(token, str):
        return None
    staged = StagedUpload(**data)
    fresh = time.time() - staged.created < STAGING_TTL
    if not (secrets.compare_digest(staged.token, token) and staged.user_id == user.pk and fresh):
        return None
    return staged if staged.path.is_file() else None


def _discard(data: dict) -> None:
    with suppress(TypeError, OSError):
        StagedUpload(**data).path.unlink(missing_ok=True)


def staged_discard(*, session) -> None:
    data = session.pop(SESSION_KEY, None)
    if data:
        _discard(data)


@contextmanager
def staged_records(staged: StagedUpload) -> Iterator[tuple[Path, Path | None]]:
    """``(records file, folder its files come from)``: a plain records file takes no files; a
    zip is unpacked into a private temporary folder, removed afterwards. ``ValidationError`` for
    a zip that cannot be unpacked safely."""
    if not staged.is_archive:
        yield staged.path, None
        return
    with tempfile.TemporaryDirectory(prefix="ic-import-") as folder:
        records_path = archive_unpack(archive_path=staged.path, folder=Path(folder))
        yield records_path, records_path.parent
