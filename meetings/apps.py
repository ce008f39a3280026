from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "会议"

    def ready(self):
        from . import documents, phase, plan_review, plans  # noqa: F401  registers checklist, work, documents, hooks
