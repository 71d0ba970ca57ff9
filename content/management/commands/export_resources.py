from pathlib import Path

from django.core.management.base import BaseCommand

from content import importing
from content.models import RESOURCE_TYPES


class Command(BaseCommand):
    help = (
        "Export resources and profiles in the import format (JSON Lines or CSV), to stdout or a "
        "file. With -o, attached files are copied into '<name>-files/' beside it, so the export "
        "imports again (here or on another server) and changes nothing. CSV cells that a "
        "spreadsheet would read as a formula are written with a leading apostrophe."
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="file to write (.jsonl or .csv); default stdout")
        parser.add_argument("--format", choices=importing.FORMATS, help="default: by extension")
        parser.add_argument("--field", action="append", help="only this field code (repeatable)")
        parser.add_argument("--type", action="append", choices=list(RESOURCE_TYPES))

    def handle(self, *args, **options):
        output = options["output"]
        file_format = options["format"] or (importing.detect_format(output) if output else "jsonl")
        selection = {
            "field_codes": [code.upper() for code in options["field"] or []] or None,
            "types": options["type"],
        }
        if not output:
            records = importing.resources_export(**selection)
            importing.records_write(records=records, stream=self.stdout, file_format=file_format)
            return
        path = Path(output)
        files = importing.FilesCopy(
            folder=path.with_name(f"{path.stem}-files"), relative_to=path.parent
        )
        records = importing.resources_export(**selection, files=files)
        with path.open("w", encoding="utf-8", newline="") as stream:
            count = importing.records_write(records=records, stream=stream, file_format=file_format)
        self.stderr.write(f"{count} records written to {output} ({len(files.copied)} files)")
