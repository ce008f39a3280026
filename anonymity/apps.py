from django.apps import AppConfig


class AnonymityConfig(AppConfig):
    name = "anonymity"
    verbose_name = "匿名写入"
