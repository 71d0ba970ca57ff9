"""Events the content app sends (see ``docs/architecture.md``)."""

from django.dispatch import Signal

# Sent after a bulk import commits (``page_published`` is also sent for each published page;
# listeners that can work in bulk should prefer this one).
# Arguments: ``sender`` (``Page``), ``page_ids`` (list[int], the pages it created),
# ``published`` (bool: whether they went live).
resources_imported = Signal()
