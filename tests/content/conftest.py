"""The S3 server fixtures of the files tests, for the import's storage checks."""

from tests.files.conftest import moto_endpoint, s3_storage  # noqa: F401 (pytest fixtures)
