"""Every text field of every form refuses invisible and undecodable characters, saying where."""

import importlib
import pkgutil
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError

from meetings.models import Meeting
from organizations.textcheck import text_problem, typed_text
from tests.formdata import form_data

REFUSED = [chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]] + [
    "\x00", "\x07", "\x1b", "\x7f", "\x85", "\ufffd",
]


def _project_apps():
    # The project's apps sit under BASE_DIR; so may the virtualenv's packages (.venv).
    root = Path(settings.BASE_DIR).resolve()
    return [
        a
        for a in apps.get_app_configs()
        if Path(a.path).resolve().is_relative_to(root) and "site-packages" not in Path(a.path).resolve().parts
    ]


def _project_forms():
    """Every Form class the project's apps define, found by importing all their modules."""
    names = set()
    for app in _project_apps():
        names.add(app.name)
        for module in pkgutil.walk_packages([app.path], prefix=app.name + "."):
            if ".migrations" in module.name or ".management" in module.name:
                continue
            importlib.import_module(module.name)
            names.add(module.name)
    found, stack = [], [forms.BaseForm]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__ in names:
            found.append(cls)
    return found


def _text_fields():
    for form in _project_forms():
        for name, field in form.base_fields.items():
            if isinstance(field, forms.CharField):
                yield f"{form.__module__}.{form.__name__}.{name}", field


def test_the_forms_are_found_from_the_code():
    found = {f.__name__ for f in _project_forms()}
    # a sample across the phases: if these go missing the enumeration is broken, not the forms
    assert {"MeetingCreateForm", "PlanForm", "SessionForm", "TalkForm", "OpinionEntryForm", "SectionForm"} <= found
    assert len(list(_text_fields())) > 40


def test_every_text_field_of_every_form_refuses_a_direction_override_and_names_where():
    unchecked = []
    for where, field in _text_fields():
        if typed_text not in field.validators:
            unchecked.append(where)
            continue
        with pytest.raises(ValidationError) as caught:
            field.run_validators("一二\u202e三")
        assert "第3个字符" in str(caught.value) and "U+202E" in str(caught.value), where
    assert unchecked == []


def test_a_text_field_made_at_run_time_is_checked_too():
    field = forms.CharField()  # as forms build fields in __init__ (milestones, flags…)
    with pytest.raises(ValidationError, match=r"U\+2066"):
        field.clean("正常\u2066文字")


@pytest.mark.parametrize("char", REFUSED, ids=[f"U+{ord(c):04X}" for c in REFUSED])
def test_each_refused_character_is_named_with_its_position(char):
    message = text_problem(f"意见{char}内容")
    assert message and "第3个字符" in message and f"U+{ord(char):04X}" in message


@pytest.mark.parametrize("text", ["第一行\n第二行\r\n\t缩进", "👨‍👩‍👧 表情与零宽连接符", "“引号”、《书名号》——破折号"])
def test_ordinary_text_passes_unchanged(text):
    assert text_problem(text) is None
    assert forms.CharField(strip=False).clean(text) == text


def test_the_meeting_form_refuses_an_override_keeps_what_was_typed_and_stores_nothing(cast, login):
    office = login(cast.office)
    data = form_data(office.get("/meetings/new/").content.decode(), title="2027年度\u202e会活生主民", year="2027")
    response = office.post("/meetings/new/", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "第7个字符是改变文字方向的不可见字符 U+202E，请删除后再保存" in body
    assert 'value="2027年度\u202e会活生主民"' in body
    assert not Meeting.objects.filter(year=2027).exists()


def _raw_post(client, url, data: dict, *, charset: str, encode_as: str):
    from urllib.parse import quote

    body = "&".join(f"{k}={quote(str(v), encoding=encode_as)}" for k, v in data.items())
    return client.generic("POST", url, body.encode("ascii"),
                          content_type=f"application/x-www-form-urlencoded; charset={charset}")


def test_a_post_declared_as_latin1_is_read_as_utf8_not_stored_as_mojibake(cast, login):
    office = login(cast.office)
    data = form_data(office.get("/meetings/new/").content.decode(), title="二〇二七年度民主生活会", year="2027")
    response = _raw_post(office, "/meetings/new/", data, charset="iso-8859-1", encode_as="utf-8")
    assert response.status_code == 302
    assert Meeting.objects.get(year=2027).title == "二〇二七年度民主生活会"


def test_bytes_that_are_not_utf8_are_refused_with_where_they_are(cast, login):
    office = login(cast.office)
    data = form_data(office.get("/meetings/new/").content.decode(), title="年度民主生活会", year="2027")
    response = _raw_post(office, "/meetings/new/", data, charset="latin-1", encode_as="gbk")
    assert response.status_code == 200
    assert "第1个字符是无法识别的字符 U+FFFD" in response.content.decode()
    assert not Meeting.objects.filter(year=2027).exists()


def test_raw_bytes_that_are_not_utf8_are_not_taken_as_latin1(cast, login):
    # No charset declared, bytes not percent-encoded: Django falls back to Latin-1 here.
    office = login(cast.office)
    data = form_data(office.get("/meetings/new/").content.decode(), year="2027")
    data.pop("title")
    from urllib.parse import urlencode

    body = urlencode(data, doseq=True).encode() + b"&title=" + "年度会议".encode("gbk")
    response = office.generic("POST", "/meetings/new/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert "U+FFFD" in response.content.decode()
    assert not Meeting.objects.filter(year=2027).exists()


# --- the one search that does the work (issue 11: every post's text is checked) ---------


def test_the_compiled_search_refuses_exactly_what_the_rule_refuses_for_every_code_point():
    from organizations.textcheck import _REFUSED, _is_refused

    differ = [f"U+{c:04X}" for c in range(0x110000) if bool(_REFUSED.match(chr(c))) != _is_refused(chr(c))]
    assert differ == []


def test_the_first_of_several_refused_characters_is_the_one_named():
    message = text_problem("甲\ufffd乙\u202e丙\x00")
    assert message == "第2个字符是无法识别的字符 U+FFFD（可能是编码错误，请重新输入该处文字），请删除后再保存。"


def test_positions_count_characters_beyond_the_basic_plane_as_one():
    # 👨‍👩‍👧 is five characters (three emoji, two joiners), each one code point.
    assert "第7个字符" in text_problem("👨‍👩‍👧 \x1b")


def test_a_lone_surrogate_is_refused_where_it_sits():
    assert text_problem("意见\ud800") == "第3个字符是不可见的控制字符 U+D800，请删除后再保存。"


def test_a_long_clean_opinion_passes_and_a_long_one_with_a_control_at_its_end_is_named():
    clean = "建议进一步改进工作作风，精简会议文件。\n\t" * 90  # about 2,000 characters
    assert text_problem(clean) is None
    assert text_problem(clean + "\x7f") == f"第{len(clean) + 1}个字符是不可见的控制字符 U+007F，请删除后再保存。"
