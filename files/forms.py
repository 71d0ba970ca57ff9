"""Wagtail's document and image forms (``WAGTAILDOCS_DOCUMENT_FORM_BASE``,
``WAGTAILIMAGES_IMAGE_FORM_BASE``): files are validated by their real type before anything is
stored, and a refusal gives one clear reason."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from PIL import UnidentifiedImageError
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from . import validation


class ValidatedDocumentForm(BaseDocumentForm):
    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded is None or "file" not in self.changed_data:
            return uploaded
        try:
            self.ic_inspection = validation.inspect_document(
                fileobj=uploaded, name=uploaded.name, size=uploaded.size
            )
        except ValidationError:
            uploaded.close()
            raise
        return uploaded

    def _post_clean(self):
        refused = list(self._errors["file"].data) if self.has_error("file") else None
        super()._post_clean()
        if refused is not None:
            # The model's extension check sees no file once ours refused it and would add a
            # misleading "File extension “” is not allowed": keep only the real reason.
            self._errors["file"].data[:] = refused


class SafeImageField(WagtailImageField):
    """Wagtail's image field, but a file that only looks like an image (``GIF89a`` + junk) is a
    form error, not a server error: Willow trusts the magic bytes, Pillow then fails."""

    def to_python(self, data):
        try:
            return super().to_python(data)
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from exc


class ValidatedImageForm(BaseImageForm):
    """``WAGTAILIMAGES_IMAGE_FORM_BASE``: Wagtail's image form with :class:`SafeImageField`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None and type(field) is WagtailImageField:
            field.__class__ = SafeImageField  # same field, safer parsing
