"""Import and export of supply, demand, partnerships and teacher development as CSV and XLSX.

All or nothing: every line is read and checked first; a single error anywhere saves nothing and the
person gets every error with its line number, in Thai and English. Rows are matched on a natural key
(or the ``reference`` column), so importing the same file twice changes nothing.
"""

from intelligent_center.messages import bilingual

from . import reading
from .reading import read_table
from .saving import import_file
from .specs import (
    FORMATS,
    SPECS,
    Column,
    ImportFileError,
    ImportResult,
    LineError,
    Spec,
)
from .writing import export_file, export_rows, table_to_csv, table_to_xlsx, template_help_rows

__all__ = [
    "FORMATS",
    "SPECS",
    "Column",
    "ImportFileError",
    "ImportResult",
    "LineError",
    "Spec",
    "bilingual",
    "export_file",
    "export_rows",
    "import_file",
    "read_table",
    "reading",
    "table_to_csv",
    "table_to_xlsx",
    "template_help_rows",
]
