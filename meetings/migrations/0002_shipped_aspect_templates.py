from django.db import migrations


def ship(apps, schema_editor):
    from meetings.aspect_seeds import SHIPPED_TEMPLATES

    AspectTemplate = apps.get_model("meetings", "AspectTemplate")
    AspectTemplateItem = apps.get_model("meetings", "AspectTemplateItem")
    for spec in SHIPPED_TEMPLATES:
        template, created = AspectTemplate.objects.get_or_create(
            name=spec["name"],
            organization=None,
            defaults={"kind": spec["kind"], "source": spec["source"]},
        )
        if created:
            for order, (title, description) in enumerate(spec["items"], start=1):
                AspectTemplateItem.objects.create(
                    template=template, order=order, title=title, description=description
                )


def unship(apps, schema_editor):
    from meetings.aspect_seeds import SHIPPED_TEMPLATES

    AspectTemplate = apps.get_model("meetings", "AspectTemplate")
    AspectTemplate.objects.filter(
        organization=None, name__in=[s["name"] for s in SHIPPED_TEMPLATES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]
    operations = [migrations.RunPython(ship, unship)]
