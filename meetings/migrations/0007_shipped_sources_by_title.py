"""The shipped aspect templates, and the offices' copies of them, cite their sources by
title, not by the numbers the developers file the seeds under."""

from django.db import migrations

OLD_WORDING = {
    "种子文件001 §二、003 §二（2021年度）": "党史学习教育专题民主生活会“五个带头”",
    "种子文件002 方案5（党史学习教育专题组织生活会工作方案）": "党史学习教育专题组织生活会“四个方面”",
    "种子文件002 方案2（局党总支部专题组织生活会实施方案）": "“深化以案促改，净化政治生态”专题组织生活会“七个方面”",
}


def cite_by_title(apps, schema_editor):
    from meetings.aspect_seeds import SHIPPED_TEMPLATES

    AspectTemplate = apps.get_model("meetings", "AspectTemplate")
    by_name = {spec["name"]: spec["source"] for spec in SHIPPED_TEMPLATES}
    for old, name in OLD_WORDING.items():
        if name in by_name:
            AspectTemplate.objects.filter(source=old).update(source=by_name[name])


class Migration(migrations.Migration):
    dependencies = [("meetings", "0006_convene_consent_and_waivers")]
    operations = [migrations.RunPython(cite_by_title, migrations.RunPython.noop)]
