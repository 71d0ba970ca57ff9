"""Small helpers over Django's storage API (the same code for local disk and S3)."""

from __future__ import annotations

from django.core.files.storage import Storage, default_storage


def storage_walk(prefix: str, *, storage: Storage | None = None) -> list[str]:
    """Every file name under ``prefix`` (recursive)."""
    storage = storage or default_storage
    prefix = prefix.rstrip("/")
    try:
        directories, files = storage.listdir(prefix)
    except (FileNotFoundError, NotADirectoryError):
        return []
    names = [f"{prefix}/{name}" for name in files]
    for directory in directories:
        names += storage_walk(f"{prefix}/{directory}", storage=storage)
    return names


def storage_delete_tree(prefix: str, *, storage: Storage | None = None) -> int:
    storage = storage or default_storage
    names = storage_walk(prefix, storage=storage)
    for name in names:
        storage.delete(name)
    return len(names)
