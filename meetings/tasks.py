from celery import shared_task

from .services import milestone_reminders_send


@shared_task
def send_milestone_reminders() -> int:
    """Daily (Celery beat): remind people of milestones due soon or overdue."""
    return milestone_reminders_send()
