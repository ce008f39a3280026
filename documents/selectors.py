from django.contrib.contenttypes.models import ContentType

from .models import GeneratedFile


def files_for(source, limit: int = 20):
    return (
        GeneratedFile.objects.filter(
            content_type=ContentType.objects.get_for_model(source), object_id=source.pk
        )
        .select_related("requested_by__person")
        .order_by("-created_at")[:limit]
    )
