from celery import shared_task
from django.conf import settings

from .services import file_generate, files_requeue_stale


# The soft limit lets the job record its own timeout; the hard one stops a job that
# ignores it. Both stay below the broker's visibility timeout (config/settings.py).
@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.DOCUMENT_TIME_LIMIT,
    time_limit=settings.DOCUMENT_TIME_LIMIT + 30,
)
def generate_file(self, file_id: int) -> int:
    generated = file_generate(file_id=file_id, task_id=self.request.id or "")
    return generated.size


@shared_task
def requeue_stale_files() -> int:
    return files_requeue_stale()
