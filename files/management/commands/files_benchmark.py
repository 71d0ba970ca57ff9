"""``manage.py files_benchmark --benchmark``: text extraction speed, peak memory, upload→searchable.

Builds a Thai PDF (fpdf2 + a TLWG font, from the ``dev`` extra) with marks stored out of order as
real PDFs do, then measures the work ``files.services`` does on it.
"""

from __future__ import annotations

import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from wagtail.documents import get_document_model


class Command(BaseCommand):
    help = (
        "Benchmark e-book text extraction on a generated Thai PDF: pages/s, peak memory, and the "
        "time from upload to searchable text. Creates one document and deletes it afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("--benchmark", action="store_true", help="run the benchmark")
        parser.add_argument("--pages", type=int, default=300, help="pages in the test PDF")
        parser.add_argument("--lines", type=int, default=25, help="Thai lines per page")

    def handle(self, *args, **options):
        if not options["benchmark"]:
            raise CommandError("Pass --benchmark to run it (it writes and deletes one document).")
        try:
            from tests.files.factories import thai_pdf_bytes
        except ImportError as exc:
            raise CommandError("Needs the dev extra: pip install -e '.[dev]'") from exc
        from files import extraction, services
        from files.models import DocumentText

        pages, lines = options["pages"], options["lines"]
        self.stdout.write(f"Building a {pages}-page Thai PDF ({lines} lines a page)…")
        data = thai_pdf_bytes(pages, lines=lines)
        self.stdout.write(f"  {len(data) / 1024 / 1024:.1f} MB")

        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "benchmark.pdf"
            path.write_bytes(data)
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            started = time.perf_counter()
            count = 0
            characters = 0
            for part in extraction.pdf_pages(str(path)):
                count += 1
                characters += len(part.text)
                if count % 100 == 0:
                    self.stdout.write(f"  extracted {count}/{pages} pages")
            elapsed = time.perf_counter() - started
            rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            # A second pass under tracemalloc (slower) for the Python heap's peak.
            tracemalloc.start()
            for _part in extraction.pdf_pages(str(path)):
                pass
            _current, peak_python = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        self.stdout.write(
            f"Extraction: {count} pages, {characters} characters in {elapsed:.2f} s = "
            f"{count / elapsed:.1f} pages/s"
        )
        self.stdout.write(
            f"Peak memory while extracting: Python heap {peak_python / 1024 / 1024:.1f} MB; "
            f"process max RSS {rss_after / 1024:.0f} MB (grew {(rss_after - rss_before) / 1024:.0f}"
            " MB)"
        )

        Document = get_document_model()
        document = Document(title="files benchmark")
        document.file = ContentFile(data, name="files-benchmark.pdf")
        started = time.perf_counter()
        document._set_document_file_metadata()
        document._ic_skip_processing = True
        document.save()
        try:
            services.document_process(document=document, raise_errors=True)
            stored = DocumentText.objects.filter(document=document, text__contains="เครื่องจักรกล")
            found = stored.values_list("number", flat=True)[:1]
            searchable = time.perf_counter() - started
            assert list(found) == [1], "text not stored"
        finally:
            document.delete()
        self.stdout.write(
            f"Upload to searchable (store, validate, extract, store text, cover): "
            f"{searchable:.2f} s for {pages} pages"
        )
