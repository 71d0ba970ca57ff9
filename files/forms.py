"""The Wagtail document form (``WAGTAILDOCS_DOCUMENT_FORM_BASE``): files are validated by their real
type before anything is stored."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from wagtail.documents.forms import BaseDocumentForm

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
