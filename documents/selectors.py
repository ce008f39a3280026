from django.contrib.contenttypes.models import ContentType

from .compile import PART_SUFFIX
from .models import GeneratedFile


def files_for(source, limit: int = 20):
    return (
        GeneratedFile.objects.filter(
            content_type=ContentType.objects.get_for_model(source), object_id=source.pk
        )
        .exclude(kind__endswith=PART_SUFFIX)  # a compilation's parts are not files of their own
        .select_related("requested_by__person")
        .order_by("-created_at")[:limit]
    )
