from pathlib import Path

from django.core.management.base import BaseCommand

from content import importing
from content.models import RESOURCE_TYPES


class Command(BaseCommand):
    help = (
        "Export resources and profiles in the import format (JSON Lines or CSV), to stdout or a "
        "file. Importing the output again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="file to write (.jsonl or .csv); default stdout")
        parser.add_argument("--format", choices=importing.FORMATS, help="default: by extension")
        parser.add_argument("--field", action="append", help="only this field code (repeatable)")
        parser.add_argument("--type", action="append", choices=list(RESOURCE_TYPES))

    def handle(self, *args, **options):
        output = options["output"]
        file_format = options["format"] or (importing.detect_format(output) if output else "jsonl")
        records = importing.resources_export(
            field_codes=[code.upper() for code in options["field"] or []] or None,
            types=options["type"],
        )
        if output:
            with Path(output).open("w", encoding="utf-8", newline="") as stream:
                count = importing.records_write(
                    records=records, stream=stream, file_format=file_format
                )
            self.stderr.write(f"{count} records written to {output}")
        else:
            count = importing.records_write(
                records=records, stream=self.stdout, file_format=file_format
            )
