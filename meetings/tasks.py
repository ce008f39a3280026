from celery import shared_task
from celery.signals import worker_ready
from django.utils import timezone

from .progress import send_phase_reminders
from .services import milestone_reminders_send


@shared_task
def send_milestone_reminders() -> int:
    """Daily (Celery beat): milestones due soon or overdue, then each phase's own reminders."""
    today = timezone.localdate()
    return milestone_reminders_send(today=today) + send_phase_reminders(today)


# A refresh not started within this many seconds is dropped: beat sends the next one (a
# long document job holding the worker must not leave a queue of them behind it).
REFRESH_EXPIRES = 4 * 60


@shared_task
def refresh_statuses() -> int:
    """Every few minutes (Celery beat): the recent meetings' statuses kept anew, so that the
    supervisors' overview finds them (meetings.status.refresh_kept_statuses). Returns how
    many were kept."""
    from .status import refresh_kept_statuses

    return refresh_kept_statuses()[0]


@worker_ready.connect
def _refresh_when_a_worker_starts(sender=None, **kwargs) -> None:
    # A worker starting may find the cache cold (Redis restarted, a new day, another set
    # of status columns): keep the statuses before the first supervisor asks, not at the
    # first beat.
    refresh_statuses.apply_async(expires=REFRESH_EXPIRES)
