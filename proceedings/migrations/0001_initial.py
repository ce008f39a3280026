# The app's first migration: each part of the phase adds its own models after it.
from django.db import migrations


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("meetings", "0007_shipped_sources_by_title"),
    ]

    operations = []
