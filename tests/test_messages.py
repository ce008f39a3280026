"""Django's own form messages read as plain Chinese, not as "确保该变量包含不超过 2000 字符"."""

import re
from pathlib import Path

from django import forms
from django.conf import settings
from django.utils import translation

PO = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


class Sample(forms.Form):
    text = forms.CharField(max_length=10)
    day = forms.DateField()
    count = forms.IntegerField(min_value=1)
    kind = forms.ChoiceField(choices=[("a", "甲")])


def test_a_too_long_text_is_counted_in_characters():
    form = Sample(data={"text": "字" * 12, "day": "2026-12-30", "count": "1", "kind": "a"})
    assert form.errors["text"] == ["不能超过10字（现有12字）。"]


def test_the_common_mistakes_are_told_in_plain_chinese():
    form = Sample(data={"text": "", "day": "明天", "count": "0", "kind": "b"})
    assert form.errors == {
        "text": ["请填写此项。"],
        "day": ["请填写正确的日期，如 2026-12-30。"],
        "count": ["不能小于1。"],
        "kind": ["“b”不在可选范围内，请重新选择。"],
    }


def _po_entries():
    """(msgid, msgstr) pairs of the .po, singular forms only: enough to compare."""
    text = PO.read_text(encoding="utf-8")
    pairs = re.findall(r'^msgid "(.+)"\n(?:msgid_plural ".*"\n)?msgstr(?:\[0\])? "(.*)"$', text, re.M)
    return [(msgid.replace('\\"', '"'), msgstr) for msgid, msgstr in pairs]


def test_the_compiled_catalogue_matches_its_source():
    entries = _po_entries()
    assert len(entries) > 20
    with translation.override("zh-hans"):
        for msgid, msgstr in entries:
            assert translation.gettext(msgid) == msgstr, f"django.mo is stale for {msgid!r}: run msgfmt"


def test_a_formset_that_lost_its_counters_asks_for_a_refresh_not_a_bug_report():
    formset = forms.formset_factory(Sample)(data={})
    assert not formset.is_valid()
    assert formset.non_form_errors() == ["页面数据不完整，请复制已填写的内容，刷新页面后重新填写。"]
