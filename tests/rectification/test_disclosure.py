"""Setting up the 公示: the office chooses the items of the approved lists and the period,
publishes and withdraws; the secretary reads; members and outsiders do not."""

from datetime import timedelta

import pytest
from django.utils import timezone

from django.core.exceptions import PermissionDenied
from django.http import Http404

from meetings.models import Meeting, Stage
from rectification.access import get_item_for_user
from rectification.models import Disclosure, Item, ListState, RectificationList

from .disclosure_fixtures import (  # noqa: F401
    EVIDENCE_NAME,
    GIVER_QUOTE,
    REFUSAL_NOTE,
    disclosure_cast,
    open_disclosure,
    published,
)


def _url(meeting, tail=""):
    return f"/rectification/{meeting.pk}/disclosure/{tail}"


def _form(cast, items, **extra):
    today = timezone.localdate()
    return {"title": "整改公示", "intro": "", "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=10)).isoformat(), "contact": "电话 0000-1234567",
            "accepts_comments": "on", "items": [str(i.pk) for i in items], "version": "0", **extra}


def test_the_setup_page_sends_anonymous_visitors_to_log_in(client, held_meeting):
    response = client.get(_url(held_meeting))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_outsider_gets_404_and_a_member_403(cast, login, held_meeting):
    assert login(cast.outsider).get(_url(held_meeting)).status_code == 404
    assert login(cast.member).get(_url(held_meeting)).status_code == 403
    assert login(cast.member).post(_url(held_meeting, "publish/")).status_code == 403


def test_the_secretary_reads_the_page_but_cannot_change_it(cast, login, held_meeting, disclosure_cast):
    client = login(cast.secretary)
    assert client.get(_url(held_meeting)).status_code == 200
    assert client.post(_url(held_meeting), _form(cast, [disclosure_cast.queue])).status_code == 403
    assert client.post(_url(held_meeting, "publish/")).status_code == 403
    assert not Disclosure.objects.exists()


def test_the_office_sees_only_approved_lists_items_the_opinions_first(cast, login, held_meeting, disclosure_cast):
    page = login(cast.office).get(_url(held_meeting)).content.decode()
    assert "群众关心" in page
    assert page.index("群众办事排队时间长") < page.index("内部会议多") < page.index("调查研究不够深入")
    assert "批评与自我批评辣味不足" not in page  # 张书记's list is only submitted


def test_a_first_disclosure_starts_with_the_publics_concerns_ticked(cast, login, held_meeting, disclosure_cast):
    Item.objects.update(disclosed=False)
    page = login(cast.office).get(_url(held_meeting)).content.decode()
    assert f'value="{disclosure_cast.queue.pk}" id="disclose-{disclosure_cast.queue.pk}" checked' in page
    assert f'value="{disclosure_cast.study.pk}" id="disclose-{disclosure_cast.study.pk}">' in page


def test_the_office_chooses_items_and_the_period_then_publishes(cast, login, held_meeting, disclosure_cast):
    client = login(cast.office)
    chosen = [disclosure_cast.meetings, disclosure_cast.study]
    # An item of a list not yet approved cannot be chosen, and nothing is saved half-way.
    refused = client.post(_url(held_meeting), _form(cast, chosen + [disclosure_cast.unapproved]))
    assert refused.status_code == 200 and not Disclosure.objects.exists()
    response = client.post(_url(held_meeting), _form(cast, chosen))
    assert response.status_code == 302
    disclosed = set(Item.objects.filter(disclosed=True).values_list("problem", flat=True))
    # The queue item was unticked; the unapproved list's item is left as it was.
    assert disclosed == {"内部会议多、文件多", "调查研究不够深入", "批评与自我批评辣味不足"}
    disclosure = Disclosure.objects.get()
    assert disclosure.published_at is None
    client.post(_url(held_meeting, "publish/"))
    disclosure.refresh_from_db()
    assert disclosure.published_by == cast.office and disclosure.published_at is not None


def test_the_end_must_come_after_the_start(cast, login, held_meeting, disclosure_cast):
    today = timezone.localdate().isoformat()
    response = login(cast.office).post(_url(held_meeting), _form(cast, [disclosure_cast.queue], ends_on=today))
    assert response.status_code == 200
    assert "公示结束日期应晚于开始日期" in response.content.decode()
    assert not Disclosure.objects.exists()


def test_two_offices_saving_at_once_do_not_overwrite_each_other(cast, login, held_meeting, disclosure_cast):
    client = login(cast.office)
    client.post(_url(held_meeting), _form(cast, [disclosure_cast.queue]))
    assert Disclosure.objects.get().version == 1
    client.post(_url(held_meeting), _form(cast, [disclosure_cast.study], version="1", title="第二次"))
    stale = client.post(_url(held_meeting), _form(cast, [disclosure_cast.meetings], version="1", title="过期页面"))
    assert stale.status_code == 200 and "其他人刚刚修改并保存了这个公示" in stale.content.decode()
    disclosure = Disclosure.objects.get()
    assert disclosure.title == "第二次" and disclosure.version == 2
    assert not Item.objects.get(pk=disclosure_cast.meetings.pk).disclosed


def test_two_first_saves_at_once_give_the_second_the_stale_message(cast, login, held_meeting, disclosure_cast,
                                                                   monkeypatch):
    client = login(cast.office)
    client.post(_url(held_meeting), _form(cast, [disclosure_cast.queue], title="先保存的"))
    # The second office's save looked before the first one's was committed: it found no
    # 公示 and creates one too, which the one-to-one meeting field refuses.
    monkeypatch.setattr(Disclosure.objects, "select_for_update", lambda: Disclosure.objects.none())
    response = client.post(_url(held_meeting), _form(cast, [disclosure_cast.meetings], title="同时保存的"))
    monkeypatch.undo()
    assert response.status_code == 200 and "其他人刚刚修改并保存了这个公示" in response.content.decode()
    disclosure = Disclosure.objects.get()
    assert disclosure.title == "先保存的" and disclosure.version == 1
    assert not Item.objects.get(pk=disclosure_cast.meetings.pk).disclosed


def test_publishing_needs_a_disclosed_item(cast, login, held_meeting, disclosure_cast):
    client = login(cast.office)
    client.post(_url(held_meeting), _form(cast, []))
    response = client.post(_url(held_meeting, "publish/"), follow=True)
    assert "请先勾选至少一项公开的整改事项" in response.content.decode()
    assert Disclosure.objects.get().published_at is None


def test_withdrawing_records_who_and_when_and_it_can_be_published_again(cast, login, held_meeting, published):
    client = login(cast.office)
    client.post(_url(held_meeting, "withdraw/"))
    published.refresh_from_db()
    assert published.withdrawn_at is not None and published.withdrawn_by == cast.office
    client.post(_url(held_meeting, "publish/"))
    published.refresh_from_db()
    assert published.withdrawn_at is None and published.published_by == cast.office


def test_an_archived_meetings_disclosure_cannot_be_changed(cast, login, held_meeting, published):
    Meeting.objects.filter(pk=held_meeting.pk).update(stage=Stage.ARCHIVED)
    client = login(cast.office)
    assert client.post(_url(held_meeting, "withdraw/")).status_code == 403
    assert client.post(_url(held_meeting), _form(cast, [], version="1")).status_code == 403
    published.refresh_from_db()
    assert published.withdrawn_at is None


def test_a_colleagues_personal_item_is_read_by_members_once_disclosed(cast, team7, held_meeting, disclosure_cast):
    wang = team7.users[2]  # 王委员, a colleague of 李委员
    with pytest.raises(Http404):
        get_item_for_user(wang, disclosure_cast.study.pk)
    disclosure = open_disclosure(held_meeting, by=cast.office)
    assert get_item_for_user(wang, disclosure_cast.study.pk)[1].list_access.roles == {"reader"}
    Item.objects.filter(pk=disclosure_cast.study.pk).update(disclosed=False)
    with pytest.raises(Http404):  # published, but this item not marked public
        get_item_for_user(wang, disclosure_cast.study.pk)
    Item.objects.filter(pk=disclosure_cast.study.pk).update(disclosed=True)
    Disclosure.objects.filter(pk=disclosure.pk).update(withdrawn_at=timezone.now())
    with pytest.raises(Http404):
        get_item_for_user(wang, disclosure_cast.study.pk)
    with pytest.raises(Http404):
        get_item_for_user(cast.outsider, disclosure_cast.study.pk)


def test_an_item_ticked_public_on_a_list_not_yet_approved_stays_hidden_from_colleagues(
        cast, team7, login, held_meeting, disclosure_cast):
    wang = team7.users[2]  # 王委员, a colleague of 张书记
    open_disclosure(held_meeting, by=cast.office)
    item = disclosure_cast.unapproved  # marked public, its list only submitted
    for state in (ListState.SUBMITTED, ListState.DRAFT, ListState.RETURNED):
        RectificationList.objects.filter(pk=item.rectification_list_id).update(state=state)
        with pytest.raises(Http404):
            get_item_for_user(wang, item.pk)
        assert login(wang).get(f"/rectification/item/{item.pk}/").status_code == 404


def test_a_reader_only_through_the_disclosure_gets_no_evidence_sources_or_notes(
        cast, team7, login, held_meeting, disclosure_cast):
    wang = team7.users[2]
    study = disclosure_cast.study
    open_disclosure(held_meeting, by=cast.office)
    assert get_item_for_user(wang, study.pk)[1].via_disclosure
    with pytest.raises(PermissionDenied):  # what the evidence files ask for
        get_item_for_user(wang, study.pk, internal=True)
    for user in (cast.member, cast.office, cast.secretary):  # the owner, the office, the approver
        assert not get_item_for_user(user, study.pk)[1].via_disclosure
        get_item_for_user(user, study.pk, internal=True)
    page = login(wang).get(f"/rectification/item/{study.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "调查研究不够深入" in text and "建立基层联系点" in text
    assert GIVER_QUOTE not in text and REFUSAL_NOTE not in text
    owners = login(cast.member).get(f"/rectification/item/{study.pk}/").content.decode()
    assert GIVER_QUOTE in owners and REFUSAL_NOTE in owners
    from rectification.models import Evidence

    evidence = Evidence.objects.get(report__measure__item=study)
    assert EVIDENCE_NAME not in text
    assert login(wang).get(f"/rectification/evidence/{evidence.pk}/").status_code == 403
    assert login(cast.member).get(f"/rectification/evidence/{evidence.pk}/").status_code == 200


def test_the_notice_prints_the_period_the_items_the_contact_and_the_qr_code(cast, published):
    from documents.content import Image, Table
    from documents.render import document_docx
    from rectification.phase_disclosure import disclosure_notice

    doc = disclosure_notice(published)
    text = " ".join(getattr(b, "text", "") or getattr(b, "caption", "") for b in doc.blocks)
    assert "公示时间" in text and "电话 0000-1234567" in text
    [table] = [b for b in doc.blocks if isinstance(b, Table)]
    assert [row[1] for row in table.rows] == ["群众办事排队时间长、跑腿多", "调查研究不够深入"]
    assert any(isinstance(b, Image) for b in doc.blocks)
    assert f"/rectification/p/{published.token}/" in text
    flat = repr(doc)
    for internal in ("张书记批评", "走访台账扫描件", "佐证材料不足", "王办公"):
        assert internal not in flat
    import io
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(document_docx(doc))).namelist()
    assert any(name.startswith("word/media/") for name in names)  # the QR code, in Word too


def test_the_notice_is_fetched_only_by_the_office_and_the_secretary(cast, published):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from rectification.views.disclosure import get_disclosure_for_user

    assert get_disclosure_for_user(cast.office, published.pk) == published
    assert get_disclosure_for_user(cast.secretary, published.pk) == published
    with pytest.raises(PermissionDenied):
        get_disclosure_for_user(cast.member, published.pk)
    with pytest.raises(Http404):
        get_disclosure_for_user(cast.outsider, published.pk)


def test_the_notice_renders_as_a_pdf_with_the_qr_code(published):
    from documents.render import document_pdf
    from rectification.phase_disclosure import disclosure_notice

    pdf = document_pdf(disclosure_notice(published))
    assert pdf[:5] == b"%PDF-"
    assert b"/Subtype /Image" in pdf or b"/Subtype/Image" in pdf


def test_choosing_an_item_for_the_disclosure_moves_its_version(cast, login, held_meeting, disclosure_cast):
    before = Item.objects.get(pk=disclosure_cast.meetings.pk).version
    login(cast.office).post(_url(held_meeting), _form(cast, [disclosure_cast.meetings]))
    item = Item.objects.get(pk=disclosure_cast.meetings.pk)
    assert item.disclosed and item.version == before + 1


def test_the_checklist_says_whether_the_disclosure_is_published(cast, held_meeting, disclosure_cast):
    from meetings.progress import meeting_checklist

    def line():
        [section] = [s for s in meeting_checklist(held_meeting) if s.phase == "整改公示"]
        return section.items[0]

    assert line().label == "整改公示已发布" and not line().done
    open_disclosure(held_meeting, by=cast.office)
    assert line().done


def test_the_setup_page_costs_the_same_queries_for_5_and_50_items(cast, login, held_meeting, disclosure_cast,
                                                                  same_queries_at_5_and_50):
    from .disclosure_fixtures import team_item

    client = login(cast.office)
    team = disclosure_cast.team

    def grow(n):
        for i in range(Item.objects.filter(rectification_list=team).count(), n):
            team_item(team, f"班子事项{i}", 10 + i, responsible=disclosure_cast.queue.responsible)

    _, response = same_queries_at_5_and_50(grow, lambda: client.get(_url(held_meeting)))
    assert "班子事项49" in response.content.decode()


def test_the_qr_code_is_the_office_and_the_secretarys(client, cast, login, held_meeting, published):
    url = _url(held_meeting, "qr.svg")
    assert client.get(url).status_code == 302
    assert login(cast.outsider).get(url).status_code == 404
    assert login(cast.member).get(url).status_code == 403
    response = login(cast.office).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert "no-store" in response["Cache-Control"]


def test_the_notice_is_requested_through_the_documents_page(cast, login, published):
    url = f"/documents/new/disclosure_notice/pdf/{published.pk}/"
    assert login(cast.outsider).post(url).status_code == 404
    assert login(cast.member).post(url).status_code == 403
    response = login(cast.office).post(url)
    assert response.status_code == 302 and "/documents/" in response["Location"]
