"""Refuse an upload that is too big from its declared size, before its body is read."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.template.defaultfilters import filesizeformat


class UploadTooLarge(RequestDataTooBig):
    """Django answers it through ``handler400`` (``files.views.bad_request``: a clear 413 page)."""

    def __init__(self, size: int, maximum: int):
        self.size = size
        self.maximum = maximum
        super().__init__(f"upload of {size} bytes refused (limit {maximum})")

    @property
    def sizes(self) -> dict[str, str]:
        return {"size": filesizeformat(self.size), "maximum": filesizeformat(self.maximum)}


class RequestSizeLimitUploadHandler(FileUploadHandler):
    """First in ``FILE_UPLOAD_HANDLERS``: a body declared over the limit is refused at once, so not
    a byte of it is read into memory or onto disk."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        maximum = settings.FILES_LIMITS["REQUEST_MAX_BYTES"]
        if content_length and content_length > maximum:
            raise UploadTooLarge(content_length, maximum)

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None
