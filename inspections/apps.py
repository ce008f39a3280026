from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = "对照检查材料"

    def ready(self):
        from . import phase  # noqa: F401  registers checklist, work, reminders and documents
        from . import status  # noqa: F401  its batched status (meetings.status)
        from . import records  # noqa: F401  what the phase hands to the archive (meetings.records)
