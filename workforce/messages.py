"""Messages passed to ``importing.bilingual`` by value, marked here so makemessages finds them."""

from django.utils.translation import gettext_noop

IMPORT_MESSAGES = (
    gettext_noop("Line %(line)s"),
    gettext_noop("The file is empty."),
    gettext_noop("The file is larger than %(size)s MB."),
    gettext_noop("Upload a .csv or .xlsx file."),
    gettext_noop("More than %(rows)s lines: split the file."),
    gettext_noop("The CSV file is not UTF-8 text."),
    gettext_noop("The CSV file cannot be read."),
    gettext_noop("The XLSX file cannot be read."),
    gettext_noop("Longer than %(max)s characters."),
    gettext_noop("Use only letters, digits, - and _."),
    gettext_noop("“%(value)s” is not a whole number."),
    gettext_noop("Must be greater than zero."),
    gettext_noop("Must not be negative."),
    gettext_noop("Write the year in the Buddhist era, e.g. 2567 (got %(value)s)."),
    gettext_noop("“%(value)s” is not a date (YYYY-MM-DD or DD/MM/YYYY)."),
    gettext_noop("Unknown field code “%(value)s”."),
    gettext_noop("You may not edit the data of field %(code)s."),
    gettext_noop("Unknown college key “%(value)s”."),
    gettext_noop("Unknown level “%(value)s” (use one of: %(codes)s)."),
    gettext_noop("Unknown industry code “%(value)s”."),
    gettext_noop("Unknown province “%(value)s”."),
    gettext_noop("“%(value)s” is not one of: %(choices)s."),
    gettext_noop("Missing columns: %(columns)s."),
    gettext_noop("Unknown columns: %(columns)s."),
    gettext_noop("This value is required."),
    gettext_noop("Same row as line %(line)s."),
    gettext_noop("Reference %(reference)s belongs to another field."),
)
