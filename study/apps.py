from django.apps import AppConfig


class StudyConfig(AppConfig):
    name = "study"
    verbose_name = "学习研讨"

    def ready(self):
        from . import phase  # noqa: F401  registers checklist, work and documents
        from . import status  # noqa: F401  its batched status (meetings.status)
        from . import documents  # noqa: F401  its 学习研讨记录 (documents.registry)
        from . import records  # noqa: F401  what the phase hands to the archive (meetings.records)
