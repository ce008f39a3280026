"""The public form takes an opinion from anyone with the link, and whatever is posted to it
gets a clear page — never a server error."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from anonymity.nonce import nonce_issue
from feedback.models import Opinion, OpinionState
from meetings.models import Meeting, Stage

from .factories import SolicitationFactory


def _url(solicitation):
    return f"/feedback/f/{solicitation.token}/"


def _post(client, solicitation, data, **extra):
    """A post from a page just opened: it carries that page's one-time nonce."""
    return client.post(_url(solicitation), {"nonce": nonce_issue(), **data}, **extra)


def test_anyone_with_the_link_sees_the_form_without_logging_in(client, solicitation, people):
    response = client.get(_url(solicitation))
    body = response.content.decode()
    assert response.status_code == 200
    assert "征求意见建议" in body
    assert "领导班子（整体）" in body
    assert people["member"].name in body and people["colleague"].name in body
    assert "方面一" in body  # the meeting's aspects to choose from
    assert "我的工作" not in body  # the logged-in navigation is not there
    # Never stored by a shared cache, always revalidated, but kept in the browser's history
    # (no `no-store`), so that Back shows this page with its nonce.
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-cache", "max-age=0"} <= cache_control
    assert "no-store" not in cache_control


def test_the_form_creates_no_session(client, solicitation):
    client.get(_url(solicitation))
    _post(client, solicitation, {"target": "team", "content": "建议多开座谈会。"})
    assert "sessionid" not in client.cookies


def test_an_opinion_about_a_member_is_taken_and_thanked_for(client, solicitation, people, meeting):
    aspect = meeting.aspects.get(order=2)
    response = _post(
        client,
        solicitation,
        {"target": str(people["member"].pk), "aspect": str(aspect.pk), "content": "  工作作风需改进。\r\n请多听意见。 ",
         "source": "masses"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/feedback/f/{solicitation.token}/thanks/"
    opinion = Opinion.objects.get()
    assert opinion.content == "工作作风需改进。\n请多听意见。"
    assert opinion.addressed_member == people["member"]
    assert opinion.suggested_aspect == aspect
    assert opinion.aspect is None  # the office classifies
    assert (opinion.state, opinion.channel, opinion.source) == (OpinionState.NEW, "online", "masses")
    assert opinion.received_on == timezone.localdate()
    assert "已收到" in client.get(response["Location"]).content.decode()


def test_a_named_opinion_keeps_the_name_the_sender_chose_to_give(client, solicitation):
    _post(client, solicitation, {"target": "team", "content": "建议公开办理结果。", "sender_name": "张三",
                                 "sender_contact": "13800000000"})
    opinion = Opinion.objects.get()
    assert (opinion.sender_name, opinion.sender_contact) == ("张三", "13800000000")
    assert not opinion.is_anonymous


# --- garbage ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "请选择意见反映的对象。"),
        ({"target": "team", "content": ""}, "请填写意见内容。"),
        ({"target": "team", "content": "   \n\t "}, "请填写意见内容。"),
        ({"target": "team", "content": "字"}, "请填写意见建议的具体内容"),
        ({"target": "team", "content": "很" * 2001}, "意见内容不能超过2000字（现为2001字）。"),
        ({"target": "nobody", "content": "意见"}, "所选意见反映的对象已不在可选范围内，请重新选择。"),
        ({"target": "99999", "content": "意见"}, "所选意见反映的对象已不在可选范围内"),
        ({"target": "team", "aspect": "abc", "content": "意见"}, "所选涉及方面已不在可选范围内"),
        ({"target": "team", "source": "alien", "content": "意见"}, "所选身份已不在可选范围内"),
        ({"target": "team", "content": "意见\x00建议"}, "空字符"),
        ({"target": "team", "content": "意见建议", "sender_name": "名" * 41}, "姓名不能超过40字（现为41字）。"),
    ],
)
def test_a_bad_submission_gets_a_clear_message_and_stores_nothing(client, solicitation, data, message):
    response = _post(client, solicitation, data)
    body = response.content.decode()
    assert response.status_code == 400
    assert message in body
    assert not Opinion.objects.exists()
    # Plain Chinese, in the form's own words: none of Django's generic messages.
    for generic in ("这个字段是必填项", "确保该变量", "选择一个有效的选项", "字符）"):
        assert generic not in body


@pytest.mark.parametrize(
    "data, message",
    [
        ({"received_on": "2026-01-05", "target": "team", "content": "意见"}, "请选择征求方式。"),
        ({"channel": "forum", "received_on": "", "target": "team", "content": "意见"}, "请填写收到日期。"),
        ({"channel": "forum", "received_on": "2026-13-01", "target": "team", "content": "意见"},
         "收到日期的格式不对，请按“2026-01-05”的格式填写。"),
        ({"channel": "forum", "received_on": "2026-01-05", "target": "team", "content": "很" * 2001},
         "意见内容不能超过2000字（现为2001字）。"),
        ({"channel": "forum", "received_on": "2026-01-05", "target": "team", "content": "意见",
          "sender_contact": "1" * 61}, "联系方式不能超过60字（现为61字）。"),
        ({"channel": "weibo", "received_on": "2026-01-05", "target": "team", "content": "意见"},
         "所选征求方式已不在可选范围内"),
    ],
)
def test_the_offices_entry_form_speaks_plainly_too(login, cast, solicitation, data, message):
    response = login(cast.office).post(f"/feedback/{solicitation.pk}/opinions/new/", data)
    body = response.content.decode()
    assert response.status_code == 400
    assert message in body
    for generic in ("这个字段是必填项", "确保该变量", "选择一个有效的选项", "输入一个有效的日期"):
        assert generic not in body


def test_badly_encoded_text_is_refused_with_a_message(client, solicitation):
    response = client.post(
        _url(solicitation),
        b"target=team&content=%ff%fe%e4%b8",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "无法识别的字符" in response.content.decode()
    assert not Opinion.objects.exists()


# Every body is read as UTF-8 (organizations.middleware): another charset's bytes show up as
# U+FFFD, which the shared text check names with its position.
@pytest.mark.parametrize("charset, message", [("gbk", "无法识别的字符"), ("no-such-charset", "无法识别的字符")])
def test_a_body_declared_in_another_encoding_is_refused_politely(client, solicitation, charset, message):
    body = "target=team&content=".encode() + "建议改进作风".encode("gbk").hex("%").join(["%", ""]).encode()
    response = client.generic(
        "POST", _url(solicitation), body, content_type=f"application/x-www-form-urlencoded; charset={charset}"
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Opinion.objects.exists()


def test_extra_fields_are_ignored(client, solicitation):
    response = _post(
        client,
        solicitation,
        {"target": "team", "content": "建议精简文件。", "state": "released", "entered_by": "1",
         "solicitation": "999", "id": "00000000-0000-0000-0000-000000000000", "aspect[]": "x"},
    )
    assert response.status_code == 302
    opinion = Opinion.objects.get()
    assert (opinion.state, opinion.entered_by, opinion.solicitation_id) == ("new", None, solicitation.pk)


def test_a_body_too_large_gets_a_polite_page(client, solicitation, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = _post(client, solicitation, {"target": "team", "content": "大" * 5000})
    assert response.status_code == 400
    assert "提交的内容过大" in response.content.decode()
    assert not Opinion.objects.exists()


def test_too_many_fields_get_a_polite_page(client, solicitation):
    data = "&".join(f"f{i}=x" for i in range(1200)) + "&target=team&content=abc"
    response = client.post(_url(solicitation), data, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "提交的内容过大" in response.content.decode()


def test_a_broken_multipart_body_gets_a_polite_page(client, solicitation):
    response = client.post(
        _url(solicitation), b"--xyz\r\nnot really multipart", content_type="multipart/form-data; boundary=xyz"
    )
    assert response.status_code in (400, 302) or response.status_code < 500
    assert not Opinion.objects.exists()


def test_a_json_body_is_not_an_error(client, solicitation):
    response = client.post(_url(solicitation), b'{"content": "x"}', content_type="application/json")
    assert response.status_code == 400
    assert not Opinion.objects.exists()


@pytest.mark.parametrize("method", ["put", "patch", "delete", "options", "head"])
def test_other_methods_are_not_errors(client, solicitation, method):
    assert getattr(client, method)(_url(solicitation)).status_code < 500


def test_the_honeypot_looks_accepted_but_stores_nothing(client, solicitation):
    response = _post(client, solicitation, {"target": "team", "content": "广告内容", "website": "http://spam.example"})
    assert response.status_code == 302
    assert not Opinion.objects.exists()


def test_a_flood_of_posts_gets_a_polite_rate_limit_page_and_keeps_the_words(client, solicitation, settings):
    settings.FEEDBACK_RATE_PER_CLIENT = 5
    statuses = [
        _post(client, solicitation, {"target": "team", "content": f"第{i}条"}).status_code for i in range(12)
    ]
    assert statuses[:5] == [302] * 5
    assert set(statuses[5:]) == {429}
    assert Opinion.objects.count() == 5
    response = _post(client, solicitation, {"target": "team", "content": "被限制时填写的内容"})
    body = response.content.decode()
    assert "提交过于频繁" in body
    assert "被限制时填写的内容" in body  # nothing typed is lost
    assert int(response["Retry-After"]) > 0


def test_another_address_is_not_held_back_by_one_that_floods(client, solicitation, settings):
    settings.FEEDBACK_RATE_PER_CLIENT = 2
    for _ in range(4):
        _post(client, solicitation, {"target": "team", "content": "刷屏内容"}, REMOTE_ADDR="203.0.113.1")
    response = _post(client, solicitation, {"target": "team", "content": "正常意见"}, REMOTE_ADDR="203.0.113.2")
    assert response.status_code == 302


def test_the_whole_form_has_a_ceiling_against_many_addresses(client, solicitation, settings):
    settings.FEEDBACK_RATE_PER_FORM = 3
    statuses = [
        _post(client, solicitation, {"target": "team", "content": "意见"}, REMOTE_ADDR=f"203.0.113.{i}").status_code
        for i in range(5)
    ]
    assert statuses == [302, 302, 302, 429, 429]


def test_a_broken_cache_lets_people_through(client, solicitation, monkeypatch):
    from anonymity import throttle

    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(throttle.cache, "add", broken)
    assert _post(client, solicitation, {"target": "team", "content": "意见"}).status_code == 302


def test_a_stale_page_keeps_what_was_typed(solicitation):
    client = Client(enforce_csrf_checks=True)
    response = client.post(_url(solicitation), {"target": "team", "content": "停留太久后提交的意见"})
    body = response.content.decode()
    assert response.status_code == 403
    assert "页面停留时间较长已失效" in body
    assert "停留太久后提交的意见" in body
    assert not Opinion.objects.exists()
    # The page just shown carries a fresh token and nonce: submitting again works.
    token = client.cookies["csrftoken"].value
    nonce = re.search(r'name="nonce" value="([^"]+)"', body).group(1)
    retry = client.post(
        _url(solicitation),
        {"target": "team", "content": "停留太久后提交的意见", "csrfmiddlewaretoken": token, "nonce": nonce},
    )
    assert retry.status_code == 302


# --- closed and unknown links --------------------------------------------------------------


def test_an_unknown_link_gets_a_friendly_page(client, db):
    response = client.get("/feedback/f/not-a-real-link/")
    assert response.status_code == 404
    assert "链接无效" in response.content.decode()
    assert client.post("/feedback/f/not-a-real-link/", {"content": "x"}).status_code == 404


@pytest.mark.parametrize("path", ["/feedback/f/%E4%B8%AD%E6%96%87/", "/feedback/f/" + "a" * 5000 + "/", "/feedback/f/../../etc/"])
def test_garbage_links_are_not_errors(client, db, path):
    assert client.get(path).status_code == 404


def test_a_closed_form_says_so_and_takes_nothing(client, solicitation):
    solicitation.form_open = False
    solicitation.save()
    response = client.get(_url(solicitation))
    assert response.status_code == 200
    assert "征求意见已结束" in response.content.decode()
    _post(client, solicitation, {"target": "team", "content": "迟到的意见"})
    assert not Opinion.objects.exists()


def test_a_form_past_its_end_date_says_so(client, solicitation):
    solicitation.ends_on = timezone.localdate() - timedelta(days=1)
    solicitation.save()
    assert "已于" in client.get(_url(solicitation)).content.decode()


def test_a_form_before_its_start_date_says_when_it_opens(client, solicitation):
    solicitation.starts_on = timezone.localdate() + timedelta(days=2)
    solicitation.save()
    assert "尚未开始" in client.get(_url(solicitation)).content.decode()


def test_the_form_closes_once_the_meeting_is_held(client, solicitation):
    Meeting.objects.filter(pk=solicitation.meeting_id).update(stage=Stage.HELD)
    assert "征求意见已结束" in client.get(_url(solicitation)).content.decode()


def test_a_renewed_link_retires_the_old_one(cast, solicitation, login):
    old = solicitation.token
    login(cast.office).post(f"/feedback/{solicitation.pk}/link/renew/")
    solicitation.refresh_from_db()
    assert solicitation.token != old
    assert Client().get(f"/feedback/f/{old}/").status_code == 404
    assert Client().get(_url(solicitation)).status_code == 200


def test_the_thanks_page_of_an_unknown_link_is_friendly(client, db):
    assert client.get("/feedback/f/nothing-here/thanks/").status_code == 404


def test_a_branch_form_offers_its_party_members(client, cast):
    from organizations.models import OrganizationKind
    from tests.factories import MeetingFactory, OrganizationFactory, PersonFactory

    branch = OrganizationFactory(name="县政府办机关第一支部", kind=OrganizationKind.BRANCH, parent=cast.gov)
    PersonFactory(name="普通党员甲", organization=cast.gov, branch=branch)
    PersonFactory(name="非党员乙", organization=cast.gov, branch=branch, is_party_member=False)
    solicitation = SolicitationFactory(meeting=MeetingFactory(organization=branch, kind="organization_life"))
    body = client.get(_url(solicitation)).content.decode()
    assert "普通党员甲" in body
    assert "非党员乙" not in body


# --- one page, one opinion -----------------------------------------------------------------


def _nonce(body: str) -> str:
    return re.search(r'name="nonce" value="([^"]+)"', body).group(1)


def test_the_same_page_submitted_again_after_back_stores_one_opinion(client, solicitation):
    page = client.get(_url(solicitation)).content.decode()
    data = {"target": "team", "content": "窗口午休只开一个，排队太久。", "nonce": _nonce(page)}
    assert client.post(_url(solicitation), data).status_code == 302
    again = client.post(_url(solicitation), data)
    body = again.content.decode()
    assert again.status_code == 200
    assert "这一页的意见已经提交过，没有重复记录" in body
    assert "窗口午休只开一个，排队太久。" in body  # the words are still there
    assert Opinion.objects.count() == 1
    # If what is on the page is a new opinion, one more 提交 (with the page's new nonce) sends it.
    new = {"target": "team", "content": "另一条：建议延长窗口服务时间。", "nonce": _nonce(body)}
    assert client.post(_url(solicitation), new).status_code == 302
    assert Opinion.objects.count() == 2


def test_a_forged_or_missing_nonce_shows_the_form_again_with_the_words(client, solicitation):
    for nonce in ("", "forged:nonce:value"):
        response = client.post(_url(solicitation), {"target": "team", "content": "我的意见", "nonce": nonce})
        body = response.content.decode()
        assert response.status_code == 400
        assert "页面停留时间较长已失效" in body and "我的意见" in body
        assert _nonce(body) != nonce
    assert not Opinion.objects.exists()


def test_a_nonce_older_than_its_validity_is_refused(client, solicitation, monkeypatch):
    from anonymity import nonce as nonces

    old = nonces.nonce_issue()
    monkeypatch.setattr(nonces, "MAX_AGE", -1)
    response = client.post(_url(solicitation), {"target": "team", "content": "我的意见", "nonce": old})
    assert response.status_code == 400
    assert not Opinion.objects.exists()


def test_a_failed_write_lets_the_same_page_try_again(client, solicitation, monkeypatch):
    from feedback import services

    page = client.get(_url(solicitation)).content.decode()
    data = {"target": "team", "content": "建议多下基层。", "nonce": _nonce(page)}
    real = services.opinion_submit
    monkeypatch.setattr(services, "opinion_submit", lambda **kw: (_ for _ in ()).throw(RuntimeError("db down")))
    with pytest.raises(RuntimeError):
        client.post(_url(solicitation), data)
    monkeypatch.setattr(services, "opinion_submit", real)
    assert client.post(_url(solicitation), data).status_code == 302
    assert Opinion.objects.count() == 1
