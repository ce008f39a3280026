from django.apps import AppConfig


class ProceedingsConfig(AppConfig):
    """The meeting itself: preparation report and application, agenda, rotation, minutes,
    the situation report and the notice (seeds 000 §四(二)(三), 001 §四 §五(一), 004)."""

    name = "proceedings"
    verbose_name = "会议召开"

    def ready(self):
        from . import county_report, demo_report, phase_report, report_documents  # noqa: F401
        from . import phase_room  # noqa: F401  room: checklist, hooks on held/halt, documents
        from . import phase_prep  # noqa: F401  召开准备: checklist, my work, reminders, documents
        from . import phase_mode  # noqa: F401  mode: meeting mode in "my work"
        from . import phase_planner  # noqa: F401  the criticism planner's checklist and my-work entries
        from . import status  # noqa: F401  its batched status (meetings.status)
        from . import records  # noqa: F401  what the phase hands to the archive (meetings.records)
