from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = "民主评议党员"

    def ready(self):
        from . import phase  # noqa: F401  registers checklist and my-work entries
        from . import status  # noqa: F401  its batched status (meetings.status)
        from . import records  # noqa: F401  what the phase hands to the archive (meetings.records)
