"""The bulk import in the Wagtail admin: upload a records file (or a zip of it and its files),
see every error, then import what was checked without choosing the file again. Templates and the
help sheet are generated from the importer's own column definitions."""

from __future__ import annotations

import io

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from intelligent_center.messages import bilingual

from . import importing, selectors
from .importing import staging, templates
from .importing.records import LIST_SEPARATOR, RecordError

MAX_RECORDS_BYTES = 20 * 1024 * 1024


def _max_archive_bytes() -> int:
    return settings.FILES_LIMITS["DOCUMENT_MAX_BYTES"]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (JSON Lines, CSV, or a zip of one of them with its files)"),
        help_text=_(
            "One record per resource; every column is described in the help sheet. To attach "
            "files, upload a .zip holding the records file and the files it names."
        ),
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
        if upload.name.lower().endswith(".zip"):
            if upload.size > _max_archive_bytes():
                raise forms.ValidationError(
                    bilingual(
                        _("The zip is larger than %(size)s."),
                        size=filesizeformat(_max_archive_bytes()),
                    )
                )
            return upload
        if upload.size > MAX_RECORDS_BYTES:
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


def _failed(message: str) -> importing.ImportReport:
    return importing.ImportReport(errors=[RecordError(0, "", message)])


def _staged_import(staged, *, dry_run: bool, user, allowed, publishable):
    """Checks (or imports) a staged upload; every problem comes back in the report."""
    try:
        with staging.staged_records(staged) as (records_path, base_dir):
            file_format = importing.detect_format(records_path)
            try:
                text = records_path.read_bytes().decode("utf-8-sig")
            except UnicodeDecodeError:
                return _failed(_("The file is not UTF-8 text / ไฟล์ไม่ใช่ข้อความ UTF-8"))
            # Records of fields where the user may not publish are imported as drafts.
            publish = not staged.draft and _fields_in(text, file_format) <= publishable
            return importing.resources_import_stream(
                stream=io.StringIO(text, newline=""),
                file_format=file_format,
                base_dir=base_dir,
                publish=publish,
                dry_run=dry_run,
                user=user,
                allowed_field_codes=allowed,
            )
    except ValidationError as exc:
        return _failed(
            " ".join(bilingual(error.message, **(error.params or {})) for error in exc.error_list)
        )


def resources_import_view(request):
    allowed, publishable = import_permissions(user=request.user)
    if not allowed:
        raise PermissionDenied
    report, staged, expired = None, None, False
    form = ImportForm()
    run = {"user": request.user, "allowed": allowed, "publishable": publishable}
    if request.method == "POST" and request.POST.get("action") == "confirm":
        staged = staging.staged_find(
            session=request.session, token=request.POST.get("token", ""), user=request.user
        )
        if staged is None:
            expired = True
        else:
            report = _staged_import(staged, dry_run=False, **run)
            staging.staged_discard(session=request.session)
            staged = None
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            staged = staging.upload_stage(
                upload=form.cleaned_data["file"],
                user=request.user,
                session=request.session,
                draft=form.cleaned_data["draft"],
            )
            dry_run = form.cleaned_data["action"] == "preview"
            report = _staged_import(staged, dry_run=dry_run, **run)
            if not (dry_run and report.ok):
                staging.staged_discard(session=request.session)
                staged = None
    if report is not None:
        report.shown_errors = report.errors[: importing.MAX_ERRORS_SHOWN]
    return render(
        request,
        "content/admin/import.html",
        {
            "form": form,
            "report": report,
            "staged": staged,
            "expired": expired,
            "allowed_fields": sorted(allowed),
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


# --- Templates and the help sheet --------------------------------------------------------------


def _allowed_or_403(request) -> set[str]:
    allowed, _publishable = import_permissions(user=request.user)
    if not allowed:
        raise PermissionDenied
    return allowed


@require_GET
def import_help_view(request):
    _allowed_or_403(request)
    return render(
        request,
        "content/admin/import_help.html",
        {"rows": templates.help_rows(), "separator": LIST_SEPARATOR},
    )


DOWNLOADS = {
    "template.csv": ("text/csv", "resources-template.csv"),
    "template.jsonl": ("application/x-ndjson", "resources-template.jsonl"),
    "help.csv": ("text/csv", "resources-import-help.csv"),
}


@require_GET
def import_download_view(request, name: str):
    allowed = _allowed_or_403(request)
    if name not in DOWNLOADS:
        raise Http404
    content_type, filename = DOWNLOADS[name]
    if name == "help.csv":
        body = templates.help_csv()
    else:
        file_format = name.rsplit(".", 1)[1]
        body = templates.template_text(file_format=file_format, field_code=sorted(allowed)[0])
    # A BOM so spreadsheet programs read the Thai text as UTF-8 (the import skips it).
    prefix = "\ufeff" if name.endswith(".csv") else ""
    response = HttpResponse(prefix + body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
