"""Production adds usage events up in the web process and queues one task per batch: a busy
site must not put one task per page view into the queue (it buried the URL checks under 46,000
view counts), yet every view is still counted, each visitor once."""

import time

import pytest
from django.test import override_settings
from django.utils import timezone

from content.models import KnowledgeBankPage
from workforce import services
from workforce.models import UsageDaily, UsageYearly
from workforce.usage_buffer import UsageBuffer, usage_buffer

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def bank():
    return KnowledgeBankPage.objects.get(field__code="F64-11")


DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def queued_batches() -> list:
    """The batches the (dummy) queue holds, as the worker would receive them."""
    from django_tasks import default_task_backend

    return [result.kwargs["events"] for result in default_task_backend.results]


class RecordingBuffer(UsageBuffer):
    """Keeps what it would queue (from any thread: the dummy queue is per thread)."""

    def __init__(self):
        super().__init__()
        self.batches = []

    def _queue(self, events):
        self.batches.append(events)


@override_settings(USAGE_BUFFER_SECONDS=60, TASKS=DUMMY_TASKS)
def test_many_views_become_one_queued_batch(bank, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _n in range(40):
            services.usage_event_enqueue(kind="view", page_id=bank.pk, identity=None)
        services.usage_event_enqueue(kind="view", page_id=bank.pk, identity="user:7")
    assert queued_batches() == []  # nothing queued per view
    assert usage_buffer.flush() == 41
    (batch,) = queued_batches()
    counts = sorted((row[4] is not None, row[5]) for row in batch)
    assert counts == [(False, 40), (True, 1)]  # anonymous views added up; the visitor apart


@override_settings(USAGE_BUFFER_SECONDS=60)
def test_a_stored_batch_counts_every_view_and_each_visitor_once(
    bank, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for identity in ["user:1", "user:1", "user:2", None, None]:
            services.usage_event_enqueue(kind="view", page_id=bank.pk, identity=identity)
    assert usage_buffer.flush() == 5  # the immediate backend stores the batch now
    row = UsageDaily.objects.get(kind="view", page_id=bank.pk, day=timezone.localdate())
    assert (row.count, row.unique_users) == (5, 2)
    assert row.field.code == "F64-11"
    assert UsageYearly.objects.get(kind="view", year=row.day.year).count == 5


@override_settings(TASKS=DUMMY_TASKS)
def test_without_buffering_each_event_is_queued_at_once(bank, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.usage_event_enqueue(kind="download", page_id=bank.pk, identity=None)
    (batch,) = queued_batches()
    assert batch[0][1:] == ["download", bank.pk, 0, None, 1]
    assert usage_buffer.pending() == 0


def test_the_timer_queues_a_batch_without_further_traffic():
    buffer = RecordingBuffer()
    buffer.add(("2026-12-06", "view", 1, 0, None), seconds=0.05)
    buffer.add(("2026-12-06", "view", 1, 0, None), seconds=0.05)
    deadline = time.monotonic() + 5
    while not buffer.batches and time.monotonic() < deadline:
        time.sleep(0.02)
    assert buffer.batches == [[["2026-12-06", "view", 1, 0, None, 2]]]
    assert buffer.pending() == 0


def test_counts_wait_while_the_queue_is_down_and_go_when_it_is_back(caplog):
    class FlakyBuffer(RecordingBuffer):
        down = True

        def _queue(self, events):
            if self.down:
                raise ConnectionError("queue down")
            super()._queue(events)

    buffer = FlakyBuffer()
    buffer.add(("2026-12-06", "view", 1, 0, None), seconds=60)
    buffer._flush_from_timer()  # the database is down: nothing is lost
    assert buffer.pending() == 1
    assert "usage counts kept for the next try" in caplog.text
    assert "Traceback" not in caplog.text  # one line, not a traceback every few seconds
    buffer.add(("2026-12-06", "view", 1, 0, None), seconds=60)
    buffer.down = False
    assert buffer.flush() == 2
    assert buffer.batches == [[["2026-12-06", "view", 1, 0, None, 2]]]


def test_the_buffer_holds_a_bounded_number_of_keys(monkeypatch):
    from workforce import usage_buffer as module

    monkeypatch.setattr(module, "MAX_KEYS", 2)
    buffer = RecordingBuffer()
    for page in (1, 2, 3, 1):
        buffer.add(("2026-12-06", "view", page, 0, None), seconds=60)
    assert buffer.flush() == 3  # page 3 came when the buffer was full; page 1 still counts
    assert sorted(row[2] for row in buffer.batches[0]) == [1, 2]
