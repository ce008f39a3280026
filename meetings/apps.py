from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "会议"

    def ready(self):
        from django.db import connections
        from django.db.backends.signals import connection_created

        from . import documents, phase, plan_review, plans  # noqa: F401  registers checklist, work, documents, hooks
        from . import plan_status  # noqa: F401  the plan's batched status (meetings.status)
        from . import plan_records  # noqa: F401  what the phase hands to the archive (meetings.records)
        from .checklist_cache import watch_connection

        # Every write moves the checklist cache's version on (see checklist_cache), on
        # every connection: those opened from now on, and one already open.
        connection_created.connect(watch_connection, dispatch_uid="meetings.checklist_cache")
        for conn in connections.all(initialized_only=True):
            watch_connection(connection=conn)
