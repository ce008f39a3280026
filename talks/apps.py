from django.apps import AppConfig


class TalksConfig(AppConfig):
    name = "talks"
    verbose_name = "谈心谈话"

    def ready(self):
        from . import phase  # noqa: F401  registers checklist, work, reminders and documents
        from . import status  # noqa: F401  its batched status (meetings.status)
        from . import records  # noqa: F401  what the phase hands to the archive (meetings.records)
