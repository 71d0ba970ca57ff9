"""Bulk import and export of resources and profiles (JSON Lines or CSV).

The whole file is validated first; any bad record means nothing is imported. New pages are written
in bulk (one insert per table per batch, paths computed once per bank, one revision per page)
because Wagtail's one-page-at-a-time ``add_child`` + ``save_revision`` + ``publish`` is far too slow
for ten thousand records. Existing pages (same ``external_id``) that changed are updated through
Wagtail's ordinary revision + publish path; unchanged ones are skipped, so importing the same file
twice changes nothing.

Modules: ``records`` (the format: columns, record, error, report), ``formats`` (JSONL/CSV),
``sources`` (where files may come from; uploaded zips), ``checks`` and ``validation``,
``documents``, ``writing`` / ``creating`` / ``bulk_pages`` (the database writes), ``export``,
``templates`` (downloadable templates and the help sheet), ``staging`` (checked uploads kept for
the admin's confirm), ``benchmark``. The entry points other code uses are re-exported here.
"""

from .documents import document_from_path
from .export import FilesCopy, page_to_record, resources_export
from .formats import detect_format, records_read, records_to_text, records_write
from .records import FORMATS, MAX_ERRORS_SHOWN, ImportRecord, ImportReport, RecordError
from .service import (
    resources_import,
    resources_import_dicts,
    resources_import_file,
    resources_import_stream,
    resources_imported_notify,
)
from .validation import records_validate

__all__ = [
    "FORMATS",
    "MAX_ERRORS_SHOWN",
    "FilesCopy",
    "ImportRecord",
    "ImportReport",
    "RecordError",
    "detect_format",
    "document_from_path",
    "page_to_record",
    "records_read",
    "records_to_text",
    "records_validate",
    "records_write",
    "resources_export",
    "resources_import",
    "resources_import_dicts",
    "resources_import_file",
    "resources_import_stream",
    "resources_imported_notify",
]
