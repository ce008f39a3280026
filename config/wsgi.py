import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from config.warm import settle_collector, warm  # noqa: E402  after the application: Django is set up

warm()
settle_collector()
