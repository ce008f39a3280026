from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "归档"

    def ready(self):
        from django.urls import reverse

        from meetings.progress import register_move_page

        from . import services  # noqa: F401  packs the archive when a meeting is archived

        # The meeting's 归档 button leads to the archive page, which shows what the bag will hold.
        register_move_page("archive", lambda meeting: reverse("archive:detail", args=[meeting.pk]))
