"""Background work of the bridge (django-tasks)."""

from django_tasks import task


@task()
def score_send_task(outbox_id: int) -> str:
    from . import services

    return services.score_send(outbox_id=outbox_id).status
