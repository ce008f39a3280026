
from django.db import migrations, models


def body_from_unit(apps, schema_editor):
    """Supervisors' free-text unit becomes their body; 组织部 where the text names none.

    The mapping is copied from SupervisorBody.from_text: a migration must not change when
    the model's code does.
    """
    StaffRole = apps.get_model("organizations", "StaffRole")
    for role in StaffRole.objects.filter(kind="supervisor"):
        text = role.unit or ""
        if "纪" in text or "监委" in text:
            role.body = "discipline"
        elif "督导" in text:
            role.body = "supervision_group"
        else:
            role.body = "organization_department"
        role.save(update_fields=["body"])


class Migration(migrations.Migration):

    dependencies = [
        ('organizations', '0003_person_name_key'),
    ]

    operations = [
        migrations.AddField(
            model_name='staffrole',
            name='body',
            field=models.CharField(blank=True, choices=[('organization_department', '组织部'), ('discipline', '纪委'), ('supervision_group', '督导组')], help_text='上级督导人员所在的机构：组织部、纪委或督导组', max_length=30, verbose_name='上级机构'),
        ),
        migrations.AlterField(
            model_name='staffrole',
            name='unit',
            field=models.CharField(blank=True, help_text='办公室所在部门，如：综合科', max_length=40, verbose_name='部门'),
        ),
        migrations.RunPython(body_from_unit, migrations.RunPython.noop),
    ]
