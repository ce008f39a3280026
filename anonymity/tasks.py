from celery import shared_task

from .writes import anonymous_flush_due


@shared_task
def flush_anonymous_rows() -> int:
    """After midnight (Celery beat): write what is left of earlier days as one batch per day."""
    return anonymous_flush_due()
