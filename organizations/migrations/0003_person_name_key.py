"""Person.name_key: names sort 按姓氏笔画 in the database; the team lists 书记 first."""

from django.db import migrations, models

from organizations.ordering import name_sort_key


def fill_name_keys(apps, schema_editor):
    Person = apps.get_model("organizations", "Person")
    people = list(Person.objects.only("pk", "name"))
    for person in people:
        person.name_key = name_sort_key(person.name)
    Person.objects.bulk_update(people, ["name_key"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('organizations', '0002_organization_overdue_reminder_days'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='person',
            options={'ordering': ['organization', 'name_key', 'id'], 'verbose_name': '人员', 'verbose_name_plural': '人员'},
        ),
        migrations.AlterModelOptions(
            name='teammembership',
            options={'ordering': ['organization', models.OrderBy(models.Case(models.When(position='secretary', then=models.Value(0)), default=models.Value(1), output_field=models.IntegerField())), 'rank', 'person__name_key', 'id'], 'verbose_name': '班子成员', 'verbose_name_plural': '班子成员'},
        ),
        migrations.AlterModelOptions(
            name='staffrole',
            options={'ordering': ['organization', 'kind', 'person__name_key', 'id'], 'verbose_name': '工作人员', 'verbose_name_plural': '工作人员'},
        ),
        migrations.AddField(
            model_name='person',
            name='name_key',
            field=models.CharField(db_index=True, default='', editable=False, max_length=400, verbose_name='姓氏笔画排序'),
        ),
        migrations.RunPython(fill_name_keys, migrations.RunPython.noop),
    ]
