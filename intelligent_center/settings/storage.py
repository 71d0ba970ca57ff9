"""File storage: S3-compatible object storage when ``AWS_STORAGE_BUCKET_NAME`` is set, else disk.

Static files always stay separate from media (served by WhiteNoise).
"""

from pathlib import Path

from . import env


def storages_settings(*, manifest_static: bool) -> dict:
    staticfiles_backend = (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if manifest_static
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    default = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if env.AWS_STORAGE_BUCKET_NAME:
        options = {
            "bucket_name": env.AWS_STORAGE_BUCKET_NAME,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        }
        for option, value in {
            "endpoint_url": env.AWS_S3_ENDPOINT_URL,
            "region_name": env.AWS_S3_REGION_NAME,
            "access_key": env.AWS_ACCESS_KEY_ID,
            "secret_key": env.AWS_SECRET_ACCESS_KEY,
            "custom_domain": env.AWS_S3_CUSTOM_DOMAIN,
        }.items():
            if value:
                options[option] = value
        default = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
    return {"default": default, "staticfiles": {"BACKEND": staticfiles_backend}}


def media_root(base_dir: Path) -> Path:
    return Path(env.MEDIA_ROOT) if env.MEDIA_ROOT else base_dir / "media"
