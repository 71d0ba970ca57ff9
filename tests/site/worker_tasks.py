"""A task for the worker test: it always fails (a service that stays down)."""

from django_tasks import task

from intelligent_center.task_retry import retried

RETRY_BASE_SECONDS = 120


@task()
@retried(attempts=3, base_seconds=RETRY_BASE_SECONDS)
def always_fails(*, what: str) -> None:
    raise ConnectionError(f"{what} is down")
