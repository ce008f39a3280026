from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = "督导总览"

    def ready(self):
        from . import hooks  # noqa: F401  the reminder hold and the meeting page's panel
