from celery import shared_task

from .services import file_generate


@shared_task(acks_late=True)
def generate_file(file_id: int) -> int:
    generated = file_generate(file_id=file_id)
    return generated.size
