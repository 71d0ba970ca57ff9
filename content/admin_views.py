"""The bulk import in the Wagtail admin: upload a JSONL or CSV file, see every error, import."""

from __future__ import annotations

import io
from pathlib import Path

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from . import importing, selectors

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (JSON Lines or CSV)"),
        help_text=_("One record per resource; the format is described in the README."),
    )
    draft = forms.BooleanField(label=_("Import as drafts"), required=False)
    action = forms.ChoiceField(
        choices=[("preview", _("Check only")), ("import", _("Import"))],
        initial="preview",
        widget=forms.RadioSelect,
        label=_("What to do"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB / ไฟล์มีขนาดเกิน 20 MB"))
        try:
            importing.detect_format(upload.name)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload


def import_permissions(*, user) -> tuple[set[str], set[str]]:
    """(field codes the user may import into, those where the user may also publish)."""
    managed = selectors.fields_managed_by(user=user)
    return {code.upper() for code in managed.add}, {code.upper() for code in managed.publish}


def resources_import_view(request):
    allowed, publishable = import_permissions(user=request.user)
    if not allowed:
        raise PermissionDenied
    report = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        file_format = importing.detect_format(upload.name)
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            form.add_error("file", _("The file is not UTF-8 text / ไฟล์ไม่ใช่ข้อความ UTF-8"))
        else:
            dry_run = form.cleaned_data["action"] == "preview"
            # Records of fields where the user may not publish are imported as drafts.
            records_fields = _fields_in(text, file_format)
            publish = not form.cleaned_data["draft"] and records_fields <= publishable
            report = importing.resources_import_stream(
                stream=io.StringIO(text, newline=""),
                file_format=file_format,
                base_dir=None,
                publish=publish,
                dry_run=dry_run,
                user=request.user,
                allowed_field_codes=allowed,
            )
            report.shown_errors = report.errors[: importing.MAX_ERRORS_SHOWN]
    return render(
        request,
        "content/admin/import.html",
        {
            "form": form,
            "report": report,
            "allowed_fields": sorted(allowed),
            "example_name": Path("docs/examples/resources.jsonl").name,
        },
    )


def _fields_in(text: str, file_format: str) -> set[str]:
    fields = set()
    for _number, raw, _error in importing.records_read(
        stream=io.StringIO(text, newline=""), file_format=file_format
    ):
        if raw and isinstance(raw.get("field"), str):
            fields.add(raw["field"].strip().upper())
    return fields
