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


@shared_task
def refresh_statuses() -> int:
    """Every few minutes (Celery beat): the recent meetings' statuses kept anew, so that the
    supervisors' overview finds them (meetings.status.refresh_kept_statuses)."""
    from .status import refresh_kept_statuses

    return refresh_kept_statuses()


@worker_ready.connect
def _refresh_when_a_worker_starts(sender=None, **kwargs) -> None:
    # After a deploy every kept answer is under a new layout: compute them before the
    # first supervisor asks, not at the first beat.
    refresh_statuses.delay()
