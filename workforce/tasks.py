"""Background work of workforce intelligence (django-tasks)."""

from __future__ import annotations

from django_tasks import task


def _store(events) -> int:
    import datetime as dt

    from . import services

    for day, kind, page_id, document_id, digest, count in events:
        services.usage_event_store(
            kind=kind,
            page_id=page_id,
            document_id=document_id,
            day=dt.date.fromisoformat(day),
            digest=digest,
            count=count,
        )
    return len(events)


# Counting a view can wait: under load the queue serves indexing, extraction, URL checks and
# grade sends first (a busy hour's views are counted when it calms down).
@task(priority=-10)
def usage_events_task(*, events: list[list]) -> int:
    """Store a batch of ``[day, kind, page_id, document_id, digest, count]`` (one row per
    visitor and page: views added up in a web process, see usage_buffer)."""
    return _store(events)


# One event a task: kept for tasks queued before usage_events_task replaced it.
@task(priority=-10)
def usage_event_task(
    kind: str, page_id: int, document_id: int, day: str, digest: str | None
) -> None:
    _store([[day, kind, page_id, document_id, digest, 1]])
