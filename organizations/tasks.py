from celery import shared_task

from .once import form_tokens_purge


@shared_task
def purge_spent_form_tokens() -> int:
    return form_tokens_purge()
