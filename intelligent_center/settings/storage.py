"""File storage: S3-compatible object storage when ``AWS_STORAGE_BUCKET_NAME`` is set, else disk.

Static files always stay separate from media (served by WhiteNoise). Also the limits the ``files``
app enforces on uploads (documents, simulator packages, images).
"""

from pathlib import Path

from . import env

# Presigned URLs for restricted files live this long (seconds).
PRESIGNED_URL_SECONDS = 300


def uses_object_storage() -> bool:
    return bool(env.AWS_STORAGE_BUCKET_NAME)


def s3_options(*, bucket_name: str, endpoint_url: str = "", **overrides) -> dict:
    """django-storages ``S3Storage`` options; files are private and reached via presigned URLs."""
    options = {
        "bucket_name": bucket_name,
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": PRESIGNED_URL_SECONDS,
        "file_overwrite": False,
    }
    for option, value in {
        "endpoint_url": endpoint_url,
        "region_name": env.AWS_S3_REGION_NAME,
        "access_key": env.AWS_ACCESS_KEY_ID,
        "secret_key": env.AWS_SECRET_ACCESS_KEY,
        "custom_domain": env.AWS_S3_CUSTOM_DOMAIN,
        **overrides,
    }.items():
        if value:
            options[option] = value
    return options


def storages_settings(*, manifest_static: bool) -> dict:
    staticfiles_backend = (
        "intelligent_center.staticfiles.GzipManifestStaticFilesStorage"
        if manifest_static
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    # Both keep Thai file names readable (files/storage.py).
    default = {"BACKEND": "files.storage.UnicodeNameFileSystemStorage"}
    if uses_object_storage():
        default = {
            "BACKEND": "files.storage.UnicodeNameS3Storage",
            "OPTIONS": s3_options(
                bucket_name=env.AWS_STORAGE_BUCKET_NAME, endpoint_url=env.AWS_S3_ENDPOINT_URL
            ),
        }
    return {"default": default, "staticfiles": {"BACKEND": staticfiles_backend}}


def media_root(base_dir: Path) -> Path:
    return Path(env.MEDIA_ROOT) if env.MEDIA_ROOT else base_dir / "media"


def media_origins() -> list[str]:
    """Where the browser fetches media (images) from when they are on object storage (for CSP)."""
    from urllib.parse import urlsplit

    if not uses_object_storage():
        return []
    if env.AWS_S3_CUSTOM_DOMAIN:
        return [f"https://{env.AWS_S3_CUSTOM_DOMAIN}"]
    if env.AWS_S3_ENDPOINT_URL:
        parts = urlsplit(env.AWS_S3_ENDPOINT_URL)
        return [f"{parts.scheme}://{parts.netloc}"]
    return [f"https://{env.AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com", "https://*.amazonaws.com"]


MEDIA_ORIGINS = media_origins()

FILES_LIMITS = {
    "IMAGE_MAX_BYTES": 20 * 1024 * 1024,
    # Whole upload request (the largest document plus form fields).
    "REQUEST_MAX_BYTES": 210 * 1024 * 1024,
    "DOCUMENT_MAX_BYTES": 200 * 1024 * 1024,
    "PDF_MAX_PAGES": 3000,
    "EPUB_MAX_CHAPTERS": 2000,
    "EPUB_MAX_UNCOMPRESSED_BYTES": 500 * 1024 * 1024,
    "SIMULATOR_MAX_BYTES": 100 * 1024 * 1024,
    "SIMULATOR_MAX_UNCOMPRESSED_BYTES": 300 * 1024 * 1024,
    "SIMULATOR_MAX_FILES": 2000,
    "SIMULATOR_MAX_RATIO": 100,
    # A zip uploaded to the resources import (records file + the files it names); its size is
    # capped by REQUEST_MAX_BYTES, its expansion ratio by SIMULATOR_MAX_RATIO.
    "IMPORT_ARCHIVE_MAX_FILES": 2000,
    "IMPORT_ARCHIVE_MAX_UNCOMPRESSED_BYTES": 1024 * 1024 * 1024,
    # Simulator frames may embed external sites only from these origins' answers (checked live).
    "EXTERNAL_CHECK_TIMEOUT": 5,
}


def files_settings() -> dict:
    """Upload handling and the limits, each defined once (in ``FILES_LIMITS``)."""
    return {
        "FILES_LIMITS": FILES_LIMITS,
        # A simulator's attempt token (embedded in the page that hosts it) is valid this long.
        "SIMULATOR_ATTEMPT_TOKEN_SECONDS": 3 * 60 * 60,
        # Scores are client-reported: per address (a college NAT) and per user and simulator.
        "SIMULATOR_ATTEMPT_RATE": "300/m",
        "SIMULATOR_ATTEMPT_USER_RATE": "12/m",
        # Documents are served by Wagtail's view, which runs the permission checks (page
        # privacy, the ``before_serve_document`` hook) first; then it streams from disk, or
        # redirects to a short-lived presigned URL on object storage.
        "WAGTAILDOCS_SERVE_METHOD": "redirect" if uses_object_storage() else "serve_view",
        "WAGTAILDOCS_DOCUMENT_FORM_BASE": "files.forms.ValidatedDocumentForm",
        "WAGTAILIMAGES_IMAGE_FORM_BASE": "files.forms.ValidatedImageForm",
        "WAGTAILDOCS_MAX_UPLOAD_SIZE": FILES_LIMITS["DOCUMENT_MAX_BYTES"],
        "WAGTAILIMAGES_MAX_UPLOAD_SIZE": FILES_LIMITS["IMAGE_MAX_BYTES"],
        # Refuse an oversized upload from its Content-Length, before the body is read.
        "FILE_UPLOAD_HANDLERS": [
            "files.uploadhandlers.RequestSizeLimitUploadHandler",
            "django.core.files.uploadhandler.MemoryFileUploadHandler",
            "django.core.files.uploadhandler.TemporaryFileUploadHandler",
        ],
        # Images: refuse decompression bombs; modern formats with a JPEG fallback (files_tags).
        "WAGTAILIMAGES_MAX_IMAGE_PIXELS": 40_000_000,
        "WAGTAILIMAGES_FORMAT_CONVERSIONS": {
            "bmp": "png",
            "gif": "gif",
            "heic": "jpeg",
            "tiff": "jpeg",
        },
    }
