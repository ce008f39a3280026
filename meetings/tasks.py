from celery import shared_task
from django.utils import timezone

from .progress import send_phase_reminders
from .services import milestone_reminders_send


@shared_task
def send_milestone_reminders() -> int:
    """Daily (Celery beat): milestones due soon or overdue, then each phase's own reminders."""
    today = timezone.localdate()
    return milestone_reminders_send(today=today) + send_phase_reminders(today)
