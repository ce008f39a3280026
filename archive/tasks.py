from celery import shared_task

from .services import TIME_LIMIT, package_build


# The soft limit lets the job record its own timeout; the hard one stops a job that
# ignores it. Both stay below the broker's visibility timeout (config/settings.py).
@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, soft_time_limit=TIME_LIMIT,
             time_limit=TIME_LIMIT + 30)
def build_package(self, package_id: int) -> int:
    package = package_build(package_id=package_id, task_id=self.request.id or "")
    return package.size
