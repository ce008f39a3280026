"""Every page of the phase: anonymous → login, outsider → 404, wrong role → 403, right
role → content; and lists whose query count does not grow with their rows."""

import pytest

from feedback.models import Solicitation
from feedback.release import feedback_release
from meetings.models import Meeting, Stage

from .factories import OpinionFactory, routed

LOGIN = "/accounts/login/"
OFFICE_ONLY = "office"
SUMMARY = "summary"  # office, secretary, supervisor
MEMBERS = "members"  # secretary and members (take part)
ANY = "any"

# (name, url pattern, method, who may)
PAGES = [
    ("setup", "/feedback/meeting/{meeting}/setup/", "get", OFFICE_ONLY),
    ("overview", "/feedback/{s}/", "get", OFFICE_ONLY),
    ("close the form", "/feedback/{s}/link/close/", "post", OFFICE_ONLY),
    ("qr png", "/feedback/{s}/qr.png", "get", OFFICE_ONLY),
    ("qr svg", "/feedback/{s}/qr.svg", "get", OFFICE_ONLY),
    ("poster", "/feedback/{s}/poster/", "get", OFFICE_ONLY),
    ("list", "/feedback/{s}/opinions/", "get", OFFICE_ONLY),
    ("bulk", "/feedback/{s}/opinions/bulk/", "post", OFFICE_ONLY),
    ("new", "/feedback/{s}/opinions/new/", "get", OFFICE_ONLY),
    ("import", "/feedback/{s}/import/", "get", OFFICE_ONLY),
    ("template", "/feedback/{s}/import/template.xlsx", "get", OFFICE_ONLY),
    ("release", "/feedback/{s}/release/", "get", OFFICE_ONLY),
    ("opinion", "/feedback/opinion/{o}/", "get", OFFICE_ONLY),
    ("summary", "/feedback/{s}/summary/", "get", SUMMARY),
    ("mine", "/feedback/{s}/mine/", "get", MEMBERS),
    ("home", "/feedback/meeting/{meeting}/", "get", ANY),
]
ALLOWED = {
    OFFICE_ONLY: {"office"},
    SUMMARY: {"office", "secretary", "supervisor"},
    MEMBERS: {"secretary", "member"},
    ANY: {"office", "secretary", "member", "supervisor"},
}
ROLES = ["office", "secretary", "member", "supervisor"]


@pytest.fixture
def opinion(solicitation):
    return OpinionFactory(solicitation=solicitation)


def _url(pattern, solicitation, opinion):
    return pattern.format(meeting=solicitation.meeting_id, s=solicitation.pk, o=opinion.pk)


def _ids(pages):
    return [p[0] for p in pages]


@pytest.mark.parametrize("name, pattern, method, who", PAGES, ids=_ids(PAGES))
def test_it_requires_login(client, solicitation, opinion, name, pattern, method, who):
    response = getattr(client, method)(_url(pattern, solicitation, opinion))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


@pytest.mark.parametrize("name, pattern, method, who", PAGES, ids=_ids(PAGES))
def test_it_is_not_found_for_an_outsider(cast, solicitation, opinion, login, name, pattern, method, who):
    response = getattr(login(cast.outsider), method)(_url(pattern, solicitation, opinion))
    assert response.status_code == 404


CASES = [(page, role) for page in PAGES for role in ROLES]


@pytest.mark.parametrize(
    "page, role", CASES, ids=[f"{p[0]}-{r}" for p, r in CASES]
)
def test_each_role_gets_the_page_or_a_refusal(cast, solicitation, opinion, login, page, role):
    name, pattern, method, who = page
    response = getattr(login(getattr(cast, role)), method)(_url(pattern, solicitation, opinion))
    if role in ALLOWED[who]:
        assert response.status_code in (200, 302), response.status_code
    else:
        assert response.status_code == 403


def test_the_home_of_the_phase_leads_each_role_to_its_page(cast, solicitation, login, client):
    url = f"/feedback/meeting/{solicitation.meeting_id}/"
    expected = {
        "office": f"/feedback/{solicitation.pk}/",
        "member": f"/feedback/{solicitation.pk}/mine/",
        "secretary": f"/feedback/{solicitation.pk}/mine/",
        "supervisor": f"/feedback/{solicitation.pk}/summary/",
    }
    for role, target in expected.items():
        assert login(getattr(cast, role)).get(url)["Location"] == target
        client.logout()


def test_the_office_starts_a_solicitation_from_the_meeting(cast, meeting, login):
    client = login(cast.office)
    assert client.get(f"/feedback/meeting/{meeting.pk}/")["Location"] == f"/feedback/meeting/{meeting.pk}/setup/"
    page = client.get(f"/feedback/meeting/{meeting.pk}/setup/").content.decode()
    assert "启动征求意见" in page and "“两代表一委员”" in page
    response = client.post(
        f"/feedback/meeting/{meeting.pk}/setup/",
        {"starts_on": "2026-03-01", "ends_on": "2026-03-10", "channels": ["forum", "online"],
         "audience": "全体党员", "intro": "欢迎提意见", "form_open": "on"},
    )
    solicitation = Solicitation.objects.get(meeting=meeting)
    assert response["Location"] == f"/feedback/{solicitation.pk}/"
    assert solicitation.channels == ["forum", "online"] and len(solicitation.token) >= 32
    overview = client.get(response["Location"]).content.decode()
    assert f"/feedback/f/{solicitation.token}/" in overview
    assert f"https://dlm.example.gov.cn/feedback/f/{solicitation.token}/" in overview  # SITE_URL, to print


def test_the_setup_refuses_an_end_before_the_start(cast, meeting, login):
    response = login(cast.office).post(
        f"/feedback/meeting/{meeting.pk}/setup/",
        {"starts_on": "2026-03-10", "ends_on": "2026-03-01", "channels": ["forum"]},
    )
    assert response.status_code == 400
    assert "截止日期不能早于开始日期" in response.content.decode()
    assert not Solicitation.objects.exists()


def test_a_member_before_any_solicitation_sees_that_none_started(cast, meeting, login):
    assert "办公室尚未启动征求意见" in login(cast.member).get(f"/feedback/meeting/{meeting.pk}/").content.decode()


def test_the_qr_code_encodes_the_sites_own_address(cast, solicitation, login, settings):
    settings.SITE_URL = "https://dlm.example.gov.cn"
    client = login(cast.office)
    png = client.get(f"/feedback/{solicitation.pk}/qr.png?download=1")
    assert png["Content-Type"] == "image/png" and png.content[:4] == b"\x89PNG"
    assert "attachment" in png["Content-Disposition"]
    svg = client.get(f"/feedback/{solicitation.pk}/qr.svg").content.decode()
    assert svg.startswith("<svg")
    poster = client.get(f"/feedback/{solicitation.pk}/poster/").content.decode()
    assert f"https://dlm.example.gov.cn/feedback/f/{solicitation.token}/" in poster
    assert client.get(f"/feedback/{solicitation.pk}/qr.gif").status_code == 404


def test_an_archived_meeting_is_read_only(cast, solicitation, opinion, login):
    Meeting.objects.filter(pk=solicitation.meeting_id).update(stage=Stage.ARCHIVED)
    client = login(cast.office)
    assert client.get(f"/feedback/{solicitation.pk}/opinions/").status_code == 200
    assert client.post(f"/feedback/{solicitation.pk}/opinions/bulk/", {"action": "merge"}).status_code == 403
    assert client.get(f"/feedback/{solicitation.pk}/opinions/new/").status_code == 403
    assert client.post(f"/feedback/{solicitation.pk}/release/").status_code == 403
    assert client.get(f"/feedback/meeting/{solicitation.meeting_id}/setup/").status_code == 403


def test_the_office_types_in_one_and_goes_on_to_the_next(cast, solicitation, login):
    client = login(cast.office)
    response = client.post(
        f"/feedback/{solicitation.pk}/opinions/new/",
        {"channel": "forum", "source": "masses", "received_on": "2026-01-05", "target": "team",
         "content": "座谈会上的意见", "next": "1"},
    )
    assert response["Location"].startswith(f"/feedback/{solicitation.pk}/opinions/new/?channel=forum")
    again = client.get(response["Location"]).content.decode()
    assert 'value="2026-01-05"' in again


def test_the_list_filters_by_whom_it_concerns_and_searches(cast, solicitation, people, login):
    routed(OpinionFactory(solicitation=solicitation, content="关于李委员的"), people["member"])
    routed(OpinionFactory(solicitation=solicitation, content="关于班子的"), team=True)
    client = login(cast.office)
    body = client.get(f"/feedback/{solicitation.pk}/opinions/?concern={people['member'].pk}").content.decode()
    assert "关于李委员的" in body and "关于班子的" not in body
    body = client.get(f"/feedback/{solicitation.pk}/opinions/?q=班子").content.decode()
    assert "关于班子的" in body and "关于李委员的" not in body
    # Nonsense filters are dropped, not errors.
    assert client.get(f"/feedback/{solicitation.pk}/opinions/?state=zzz&aspect=abc&page=999").status_code == 200


def test_filtering_over_htmx_returns_only_the_results(cast, solicitation, login):
    OpinionFactory(solicitation=solicitation)
    response = login(cast.office).get(
        f"/feedback/{solicitation.pk}/opinions/?state=new", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    )
    body = response.content.decode()
    assert "<html" not in body and 'id="bulk"' in body


# --- query counts ----------------------------------------------------------------------------


def _fill(solicitation, people, n):
    for i in range(n):
        opinion = routed(OpinionFactory(solicitation=solicitation, content=f"意见{i}"), people["member"], team=i % 2 == 0)
        OpinionFactory(solicitation=solicitation, content=f"重复{i}", duplicate_of=opinion, state="merged")


def _warm(client, url):
    client.get(url)
    return client


def _opinions_grower(solicitation, people, *, release=None):
    """grow(n): n opinions (each with a merged duplicate) routed to the member, released if asked."""
    made = [0]

    def grow(n):
        for i in range(made[0], n):
            opinion = routed(OpinionFactory(solicitation=solicitation, content=f"意见{i}"), people["member"], team=i % 2 == 0)
            OpinionFactory(solicitation=solicitation, content=f"重复{i}", duplicate_of=opinion, state="merged")
        if release and n > made[0]:
            feedback_release(solicitation=solicitation, actor=release)
        made[0] = max(made[0], n)

    return grow


def test_the_members_page_costs_the_same_for_5_and_50_opinions(cast, solicitation, people, login, same_queries_at_5_and_50):
    client = login(cast.member)
    grow = _opinions_grower(solicitation, people, release=cast.office)
    _, response = same_queries_at_5_and_50(grow, lambda: client.get(f"/feedback/{solicitation.pk}/mine/"))
    assert response.status_code == 200


def test_the_summary_costs_the_same_for_5_and_50_opinions(cast, solicitation, people, login, same_queries_at_5_and_50):
    client = login(cast.office)
    grow = _opinions_grower(solicitation, people)
    _, response = same_queries_at_5_and_50(grow, lambda: client.get(f"/feedback/{solicitation.pk}/summary/"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 12])
def test_the_overview_and_release_pages_cost_the_same_queries_however_long(
    cast, solicitation, people, login, django_assert_max_num_queries, rows
):
    _fill(solicitation, people, rows)
    feedback_release(solicitation=solicitation, actor=cast.office)
    client = login(cast.office)
    for url in (f"/feedback/{solicitation.pk}/", f"/feedback/{solicitation.pk}/release/"):
        _warm(client, url)
        with django_assert_max_num_queries(20):
            assert client.get(url).status_code == 200
