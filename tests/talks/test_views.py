"""Every talks page: anonymous → login, outsider → 404, wrong role → 403/404, right role → content."""

import io

import pytest
from openpyxl import load_workbook

from documents.models import GeneratedFile
from meetings.models import Stage
from organizations.models import Department
from talks.models import PairNote, PairNoteKind, Talk, TalkParticipant, TalkState

from .conftest import CONTENT, TALKED_ON, branch_meeting_with, make_talk, person, set_stage

LOGIN = "/accounts/login/"


@pytest.fixture
def talk(cast, talks_meeting):
    """李委员 recorded a talk with 张书记; it waits for the secretary's confirmation."""
    return make_talk(
        talks_meeting,
        person(cast.member),
        person(cast.secretary),
        state=TalkState.RECORDED,
        criticism="对班子成员分管工作放手不够。",
    )


def _urls(meeting, talk):
    a, b = talk.key
    m = meeting.pk
    return {
        "matrix": ("get", f"/talks/meeting/{m}/"),
        "mine": ("get", f"/talks/meeting/{m}/mine/"),
        "pair": ("get", f"/talks/meeting/{m}/pair/{a}/{b}/"),
        "coverage_xlsx": ("get", f"/talks/meeting/{m}/coverage.xlsx"),
        "talks_xlsx": ("get", f"/talks/meeting/{m}/talks.xlsx"),
        "new": ("get", f"/talks/meeting/{m}/new/"),
        "person_records": ("post", f"/talks/meeting/{m}/people/{a}/records/"),
        "setup": ("get", f"/talks/meeting/{m}/setup/"),
        "representatives": ("post", f"/talks/meeting/{m}/setup/representatives/"),
        "flags": ("post", f"/talks/meeting/{m}/setup/flags/"),
        "pair_add": ("post", f"/talks/meeting/{m}/setup/pairs/"),
        "excuse": ("post", f"/talks/meeting/{m}/pair/{a}/{b}/excuse/"),
        "detail": ("get", f"/talks/{talk.pk}/"),
        "edit": ("get", f"/talks/{talk.pk}/edit/"),
        "confirm": ("post", f"/talks/{talk.pk}/confirm/"),
        "dispute": ("get", f"/talks/{talk.pk}/dispute/"),
        "part": ("get", f"/talks/{talk.pk}/part/"),
    }


VIEWS = [
    "matrix",
    "mine",
    "pair",
    "coverage_xlsx",
    "talks_xlsx",
    "new",
    "person_records",
    "setup",
    "representatives",
    "flags",
    "pair_add",
    "excuse",
    "detail",
    "edit",
    "confirm",
    "dispute",
    "part",
]


def _request(client, method, url, data=None):
    return getattr(client, method)(url, data or {})


@pytest.mark.parametrize("view", VIEWS)
def test_every_page_requires_login(client, talks_meeting, talk, view):
    method, url = _urls(talks_meeting, talk)[view]
    response = _request(client, method, url)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


@pytest.mark.parametrize("view", VIEWS)
def test_an_outsider_gets_404_everywhere(cast, talks_meeting, talk, login, view):
    method, url = _urls(talks_meeting, talk)[view]
    assert _request(login(cast.outsider), method, url).status_code == 404


WRONG_ROLE = [
    # (view, who, status): a person who knows the meeting but may not do this
    ("setup", "member", 403),
    ("representatives", "member", 403),
    ("flags", "secretary", 403),
    ("pair_add", "supervisor", 403),
    ("excuse", "member", 403),
    ("talks_xlsx", "member", 403),
    ("talks_xlsx", "supervisor", 403),
    ("new", "supervisor", 403),
    # the content of a record: nobody but the two, the secretary and the office
    ("detail", "third", 404),
    ("detail", "supervisor", 404),
    ("edit", "third", 404),
    ("confirm", "third", 404),
    ("dispute", "supervisor", 404),
    ("person_records", "third", 404),
    ("person_records", "supervisor", 404),
    # the recorder may not confirm, the other may not edit what the recorder wrote
    ("confirm", "member", 403),
    ("edit", "secretary", 403),
    # the other side's own part: theirs alone to write
    ("part", "third", 404),
    ("part", "member", 403),
    ("part", "office", 403),
]


@pytest.mark.parametrize(
    "view, who, status", WRONG_ROLE, ids=[f"{v}-{w}" for v, w, _ in WRONG_ROLE]
)
def test_the_wrong_role_is_refused(cast, third, talks_meeting, talk, login, view, who, status):
    method, url = _urls(talks_meeting, talk)[view]
    user = third if who == "third" else getattr(cast, who)
    assert _request(login(user), method, url).status_code == status


def test_a_department_head_with_a_login_sees_their_own_talk_but_not_the_matrix(
    cast, talks_meeting, login
):
    from organizations.services import team_member_add
    from tests.factories import PersonFactory, UserFactory

    head = PersonFactory(user=UserFactory(username="head"), name="何科长", organization=cast.gov)
    department = Department.objects.create(organization=cast.gov, name="秘书一科", head=head)
    team_member_add(
        person=person(cast.member),
        organization=cast.gov,
        position="member",
        rank=2,
        oversees=[department],
    )
    t = make_talk(talks_meeting, person(cast.member), head, state=TalkState.RECORDED)
    client = login(head.user)
    assert client.get(f"/talks/{t.pk}/").status_code == 200
    assert "何科长" in client.get(f"/talks/meeting/{talks_meeting.pk}/mine/").content.decode()
    assert client.get(f"/talks/meeting/{talks_meeting.pk}/").status_code == 403
    client.post(f"/talks/{t.pk}/confirm/")
    t.refresh_from_db()
    assert t.state == TalkState.CONFIRMED


# --- right role → content ------------------------------------------------------------------


@pytest.mark.parametrize("who", ["office", "secretary", "member", "supervisor", "third"])
def test_everyone_in_the_meeting_sees_the_matrix(cast, third, talks_meeting, talk, login, who):
    user = third if who == "third" else getattr(cast, who)
    body = login(user).get(f"/talks/meeting/{talks_meeting.pk}/").content.decode()
    assert "谈话覆盖矩阵" in body
    assert 'aria-label="李委员与张书记：待确认"' in body
    assert CONTENT["team_problems"] not in body


def test_the_third_member_sees_that_a_pair_talked_but_not_what_was_said(
    cast, third, talks_meeting, talk, login
):
    talk.state = TalkState.CONFIRMED
    talk.save()
    client = login(third)
    body = client.get(
        f"/talks/meeting/{talks_meeting.pk}/pair/{talk.key[0]}/{talk.key[1]}/"
    ).content.decode()
    assert 'id="pair-state">已谈<' in body
    assert f"/talks/{talk.pk}/" not in body
    assert client.get(f"/talks/{talk.pk}/").status_code == 404
    assert CONTENT["own_problems"] not in body


@pytest.mark.parametrize("who", ["member", "secretary", "office"])
def test_the_two_the_secretary_and_the_office_read_the_record(
    cast, talks_meeting, talk, login, who
):
    body = login(getattr(cast, who)).get(f"/talks/{talk.pk}/").content.decode()
    for text in CONTENT.values():
        assert text in body
    assert "对班子成员分管工作放手不够。" in body


def test_the_secretary_is_asked_to_confirm_and_the_member_is_not(cast, talks_meeting, talk, login):
    assert "确认谈话" in login(cast.secretary).get(f"/talks/{talk.pk}/").content.decode()
    assert "确认谈话" not in login(cast.member).get(f"/talks/{talk.pk}/").content.decode()


def test_a_member_records_a_talk_through_the_form(cast, talks_meeting, login):
    client = login(cast.member)
    form = client.get(
        f"/talks/meeting/{talks_meeting.pk}/new/?with={person(cast.secretary).pk}"
    ).content.decode()
    assert "五避免" in form and "避免寒暄问候、闲聊家常" in form
    data = {
        "person_b": person(cast.secretary).pk,
        "initiator": "a",
        "talked_on": TALKED_ON.isoformat(),
        "place": "党组书记办公室",
        "mode": "in_person",
        **CONTENT,
        "criticisms-TOTAL_FORMS": 2,
        "criticisms-INITIAL_FORMS": 0,
        "criticisms-MIN_NUM_FORMS": 0,
        "criticisms-MAX_NUM_FORMS": 12,
        "criticisms-0-critic": "b",
        "criticisms-0-content": "对班子成员放手不够。",
        "criticisms-1-critic": "a",
        "criticisms-1-content": "",
        "action": "submit",
    }
    response = client.post(f"/talks/meeting/{talks_meeting.pk}/new/", data)
    talk = Talk.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/talks/{talk.pk}/"
    assert talk.state == TalkState.RECORDED and talk.initiator == person(cast.member)
    [criticism] = talk.criticisms.all()
    assert (criticism.critic, criticism.target) == (person(cast.secretary), person(cast.member))


def test_a_form_with_a_missing_heading_keeps_what_was_typed(cast, talks_meeting, login):
    data = {
        "person_b": person(cast.secretary).pk,
        "initiator": "a",
        "talked_on": TALKED_ON.isoformat(),
        "place": "党组书记办公室",
        "mode": "in_person",
        "team_problems": "只写了第一项。",
        "criticisms-TOTAL_FORMS": 0,
        "criticisms-INITIAL_FORMS": 0,
        "action": "submit",
    }
    response = login(cast.member).post(f"/talks/meeting/{talks_meeting.pk}/new/", data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "请先填写：自身的问题及整改的打算、对方的不足和改进的建议。" in body
    assert "只写了第一项。" in body
    assert not Talk.objects.exists()


def test_the_secretary_confirms_and_the_office_excuses_a_pair(
    cast, third, talks_meeting, talk, login
):
    login(cast.secretary).post(f"/talks/{talk.pk}/confirm/")
    talk.refresh_from_db()
    assert talk.state == TalkState.CONFIRMED

    client = login(cast.office)
    a, b = sorted([person(cast.member).pk, person(third).pk])
    response = client.post(
        f"/talks/meeting/{talks_meeting.pk}/pair/{a}/{b}/excuse/", {"reason": "王委员长期病假"}
    )
    assert response.status_code == 302
    assert PairNote.objects.get(kind=PairNoteKind.EXCUSED).reason == "王委员长期病假"
    body = client.get(f"/talks/meeting/{talks_meeting.pk}/pair/{a}/{b}/").content.decode()
    assert 'id="pair-state">免谈<' in body and "王委员长期病假" in body


def test_excusing_needs_a_reason(cast, third, talks_meeting, login):
    a, b = sorted([person(cast.member).pk, person(third).pk])
    login(cast.office).post(
        f"/talks/meeting/{talks_meeting.pk}/pair/{a}/{b}/excuse/", {"reason": ""}
    )
    assert not PairNote.objects.exists()


def test_the_office_names_representatives_and_adds_a_pair(cast, talks_meeting, login):
    from organizations.models import OrganizationKind, Person
    from tests.factories import OrganizationFactory, PersonFactory

    branch = OrganizationFactory(name="机关支部", kind=OrganizationKind.BRANCH, parent=cast.gov)
    Person.objects.filter(pk=person(cast.member).pk).update(branch=branch)
    rep = PersonFactory(user=None, name="代表甲", organization=cast.gov, branch=branch)
    client = login(cast.office)
    assert "代表甲" in client.get(f"/talks/meeting/{talks_meeting.pk}/setup/").content.decode()
    client.post(
        f"/talks/meeting/{talks_meeting.pk}/setup/representatives/", {"representatives": [rep.pk]}
    )
    assert TalkParticipant.objects.get(person=rep).is_representative
    response = client.post(
        f"/talks/meeting/{talks_meeting.pk}/setup/pairs/",
        {"person_a": person(cast.secretary).pk, "person_b": rep.pk, "reason": "群众反映较多"},
    )
    assert response.status_code == 302
    assert PairNote.objects.get(kind=PairNoteKind.ADDED).reason == "群众反映较多"


def test_the_office_marks_the_secretarys_priority_members_of_a_branch(cast, login):
    from organizations.services import staff_assign

    small = branch_meeting_with(5, parent=cast.gov)
    staff_assign(person=person(cast.office), organization=small.branch, kind="office")
    member = small.people[4]
    response = login(cast.office).post(
        f"/talks/meeting/{small.meeting.pk}/setup/flags/",
        {f"{member.pk}-is_new": "on", f"{member.pk}-is_elderly": "on"},
    )
    assert response.status_code == 302
    flags = TalkParticipant.objects.get(person=member)
    assert flags.is_new and flags.is_elderly and not flags.is_disciplined


def test_the_exports_are_excel_with_the_matrix_and_the_talks(cast, talks_meeting, talk, login):
    client = login(cast.office)
    response = client.get(f"/talks/meeting/{talks_meeting.pk}/coverage.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["覆盖矩阵", "按规则统计", "按人员统计", "应谈对象清单"]
    rows = list(book["覆盖矩阵"].values)
    assert rows[0][:5] == ("姓名", "身份", "张书记", "李委员", "王委员")
    assert rows[1][:5] == ("张书记", "班子成员", "—", "待确认", "未谈")

    response = client.get(f"/talks/meeting/{talks_meeting.pk}/talks.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    talk_row = list(book["谈话清单"].values)[1]
    assert CONTENT["team_problems"] in talk_row
    assert list(book["拟在会上开展的批评"].values)[1][:3] == (
        "李委员",
        "张书记",
        "对班子成员分管工作放手不够。",
    )


def test_a_person_asks_for_all_their_records_as_one_pdf(
    cast, talks_meeting, talk, login, monkeypatch
):
    queued = []
    monkeypatch.setattr(
        "documents.tasks.generate_file", type("T", (), {"delay": staticmethod(queued.append)})
    )
    me = person(cast.member)
    response = login(cast.member).post(
        f"/talks/meeting/{talks_meeting.pk}/people/{me.pk}/records/", {"format": "pdf"}
    )
    generated = GeneratedFile.objects.get()
    assert response["Location"] == f"/documents/{generated.pk}/"
    assert generated.title == "李委员同志谈心谈话记录"
    # and the third member cannot open it
    from django.contrib.auth import get_user_model

    third = get_user_model().objects.get(username="third")
    assert login(third).get(f"/documents/{generated.pk}/").status_code == 404


def test_the_pages_say_so_once_the_meeting_is_held(cast, talks_meeting, talk, login):
    set_stage(talks_meeting, Stage.HELD)
    client = login(cast.secretary)
    assert "确认谈话" not in client.get(f"/talks/{talk.pk}/").content.decode()
    response = client.get(f"/talks/meeting/{talks_meeting.pk}/new/")
    assert response.status_code == 302


def test_excusing_through_htmx_returns_the_pair_card_alone(cast, third, talks_meeting, login):
    client = login(cast.office)
    a, b = sorted([person(cast.member).pk, person(third).pk])
    url = f"/talks/meeting/{talks_meeting.pk}/pair/{a}/{b}/excuse/"
    refused = client.post(url, {"reason": ""}, HTTP_HX_REQUEST="true").content.decode()
    assert "免谈须填写原因。" in refused and "<html" not in refused
    body = client.post(url, {"reason": "长期病假"}, HTTP_HX_REQUEST="true").content.decode()
    assert body.lstrip().startswith('<section class="card" id="pair-detail"')
    assert 'id="pair-state">免谈<' in body and "已登记为免谈" in body

    note = PairNote.objects.get()
    body = client.post(
        f"/talks/meeting/{talks_meeting.pk}/notes/{note.pk}/remove/",
        {"next": "pair"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert 'id="pair-state">未谈<' in body
    assert not PairNote.objects.exists()


def test_only_the_office_lifts_an_excuse(cast, third, talks_meeting, login):
    a, b = sorted([person(cast.member).pk, person(third).pk])
    note = PairNote.objects.create(
        meeting=talks_meeting,
        kind=PairNoteKind.EXCUSED,
        person_a_id=a,
        person_b_id=b,
        reason="病假",
    )
    url = f"/talks/meeting/{talks_meeting.pk}/notes/{note.pk}/remove/"
    assert login(cast.member).post(url).status_code == 403
    assert login(cast.outsider).post(url).status_code == 404
    assert PairNote.objects.exists()


def test_the_office_enters_a_paper_record_and_confirms_for_someone_without_a_login(
    cast, talks_meeting, login
):
    from organizations.services import team_member_add
    from tests.factories import PersonFactory

    head = PersonFactory(user=None, name="何科长", organization=cast.gov)
    department = Department.objects.create(organization=cast.gov, name="秘书一科", head=head)
    team_member_add(
        person=person(cast.member),
        organization=cast.gov,
        position="member",
        rank=2,
        oversees=[department],
    )
    client = login(cast.office)
    form = client.get(f"/talks/meeting/{talks_meeting.pk}/new/?as=office").content.decode()
    assert "录入纸质谈话记录" in form and "何科长" in form
    data = {
        "person_a": person(cast.member).pk,
        "person_b": head.pk,
        "initiator": "a",
        "talked_on": TALKED_ON.isoformat(),
        "place": "秘书一科",
        "mode": "in_person",
        **CONTENT,
        "criticisms-TOTAL_FORMS": 0,
        "criticisms-INITIAL_FORMS": 0,
        "action": "submit",
    }
    response = client.post(f"/talks/meeting/{talks_meeting.pk}/new/", data)
    talk = Talk.objects.get()
    assert response["Location"] == f"/talks/{talk.pk}/"
    assert (talk.state, talk.recorded_by) == (TalkState.RECORDED, None)
    # 李委员 has a login: it is theirs to confirm, not the office's.
    assert "代为确认" not in client.get(f"/talks/{talk.pk}/").content.decode()
    login(cast.member).post(f"/talks/{talk.pk}/confirm/")
    talk.refresh_from_db()
    assert talk.state == TalkState.CONFIRMED


def test_the_office_confirms_from_the_signed_form_when_the_other_has_no_login(
    cast, talks_meeting, login
):
    from tests.factories import PersonFactory

    head = PersonFactory(user=None, name="何科长", organization=cast.gov)
    talk = make_talk(talks_meeting, person(cast.member), head, state=TalkState.RECORDED)
    client = login(cast.office)
    assert "据纸质记录表代为确认" in client.get(f"/talks/{talk.pk}/").content.decode()
    client.post(f"/talks/{talk.pk}/confirm/")
    talk.refresh_from_db()
    assert talk.state == TalkState.CONFIRMED
    assert talk.events.last().note == "据签字的纸质谈心谈话记录表代为确认"
