"""Create forms are idempotent: Back + save again creates nothing (organizations.once)."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from feedback.models import Opinion
from meetings.models import AspectTemplate, Meeting, Stage
from organizations.models import FormToken
from organizations.once import MESSAGE
from study.models import StudyMaterial, StudySession
from talks.models import Talk

from ..factories import MeetingFactory
from ..feedback.factories import SolicitationFactory
from ..formdata import form_data


def _post_twice(client, url, **changes):
    """Load the form once, save it, then go Back and save the very same page again."""
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.content.decode(), **changes)
    assert data.get("form_token"), "the create form carries no one-time token"
    first = client.post(url, data)
    body = first.content.decode()
    assert first.status_code == 302, body[body.find("请修改以下问题"):][:800]
    second = client.post(url, data, follow=True)
    return first, second


def _assert_not_duplicated(first, second, count, *, created_at=None):
    assert count() == 1
    assert second.redirect_chain[0][0] == (created_at or first["Location"])
    assert MESSAGE in second.content.decode()


@pytest.fixture
def office(cast, login):
    return login(cast.office)


def test_back_and_save_again_creates_one_meeting(cast, office):
    first, second = _post_twice(office, "/meetings/new/", title="2027年度民主生活会", year="2027")
    _assert_not_duplicated(first, second, lambda: Meeting.objects.filter(title="2027年度民主生活会").count())


def test_back_and_save_again_records_one_study_session(cast, office, meeting):
    first, second = _post_twice(
        office, f"/study/meetings/{meeting.pk}/sessions/new/",
        held_on="2026-03-02", topic="学习党章", location="三楼会议室", summary="交流体会",
    )
    _assert_not_duplicated(first, second, lambda: StudySession.objects.filter(meeting=meeting).count())


def test_back_and_save_again_logs_one_self_study(cast, login, meeting):
    first, second = _post_twice(
        login(cast.member), f"/study/meetings/{meeting.pk}/self-study/new/",
        held_on="2026-03-02", topic="通读党章", summary="心得",
    )
    _assert_not_duplicated(first, second, lambda: StudySession.objects.filter(meeting=meeting).count())


def test_back_and_save_again_adds_one_library_material(cast, office):
    first, second = _post_twice(office, f"/study/library/{cast.gov.pk}/new/", title="《自编学习资料》", kind="book")
    _assert_not_duplicated(first, second, lambda: StudyMaterial.objects.filter(title="《自编学习资料》", kind="book").count())


def test_back_and_save_again_records_one_talk(cast, login):
    meeting = MeetingFactory(organization=cast.gov, title="会前准备中的会", stage=Stage.PRE_MEETING)
    first, second = _post_twice(
        login(cast.secretary), f"/talks/meeting/{meeting.pk}/new/",
        person_b=str(cast.member.person.pk), talked_on="2026-03-02", place="书记办公室",
        own_problems="调研不够。",
    )
    _assert_not_duplicated(first, second, lambda: Talk.objects.filter(meeting=meeting).count())


def test_back_and_save_again_enters_one_opinion_typed_by_the_office(cast, office, meeting):
    solicitation = SolicitationFactory(meeting=meeting, created_by=cast.office)
    first, second = _post_twice(
        office, f"/feedback/{solicitation.pk}/opinions/new/", content="建议减少会议数量。", received_on="2026-03-02",
    )
    # the office went on to the list; Back + save is sent to the opinion it entered
    opinion = Opinion.objects.filter(solicitation=solicitation).first()
    _assert_not_duplicated(
        first, second, lambda: Opinion.objects.filter(solicitation=solicitation).count(),
        created_at=f"/feedback/opinion/{opinion.pk}/",
    )


def test_back_and_copy_again_makes_one_copy_of_a_template(cast, office):
    shipped = AspectTemplate.objects.filter(organization__isnull=True).first() or AspectTemplate.objects.create(
        name="示范方面", kind="democratic_life"
    )
    page = office.get("/meetings/templates/").content.decode()
    action = f'action="/meetings/templates/{shipped.pk}/copy/"'
    index = page[: page.index(action)].count("<form")
    data = form_data(page, index=index)
    url = f"/meetings/templates/{shipped.pk}/copy/"
    first = office.post(url, data)
    second = office.post(url, data, follow=True)
    _assert_not_duplicated(first, second, lambda: AspectTemplate.objects.filter(organization=cast.gov).count())


def test_a_token_already_spent_by_a_racing_post_sends_the_second_to_the_first(cast, office, meeting, monkeypatch):
    # The second post passed the early check before the first spent the token: the unique
    # token inside the save's transaction still stops it, and nothing is created twice.
    from organizations import once

    url = f"/study/meetings/{meeting.pk}/sessions/new/"
    data = form_data(office.get(url).content.decode(), held_on="2026-03-02", topic="赛跑", location="会议室")
    assert office.post(url, data).status_code == 302
    real, looks = once._spent, []

    def early_look_misses(token):
        looks.append(token)
        return None if len(looks) == 1 else real(token)

    monkeypatch.setattr(once, "_spent", early_look_misses)
    second = office.post(url, data, follow=True)

    assert len(looks) == 2  # the early look, then the look after the unique token refused it
    assert StudySession.objects.filter(meeting=meeting).count() == 1
    assert MESSAGE in second.content.decode()
    assert FormToken.objects.filter(token=data["form_token"]).count() == 1


def test_a_fresh_page_is_a_fresh_token_so_a_second_deliberate_save_is_its_own(cast, office):
    for _ in range(2):
        data = form_data(office.get("/meetings/new/").content.decode(), title=f"专题{_}", year="2027", is_special="on")
        assert office.post("/meetings/new/", data).status_code == 302
    assert Meeting.objects.filter(title__startswith="专题").count() == 2


def _views(resolver=None):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _views(entry)
        elif isinstance(entry, URLPattern):
            yield entry.callback


# Views that make a row but are not a typed form: they add a blank block to the editor
# (htmx), add a required pair (already idempotent), or confirm an upload with its own token.
# problem_add, measure_add and pair_add (named *_add, not matched below) add a blank block
# or a chosen pair, nothing typed: a second post adds a second blank, which is visible and
# deletable, so they carry no token.


def test_every_create_view_of_the_project_spends_a_form_token():
    creates = {
        view.__name__: view
        for view in _views()
        if re.search(r"(_create|_new|_copy)$", view.__name__) and view.__module__.split(".")[0] != "django"
    }
    creates.pop("opinion_form", None)  # the public opinion form: its own anonymous-safe guard
    assert len(creates) >= 7
    unguarded = sorted(name for name, view in creates.items() if not getattr(view, "spends_form_token", False))
    assert unguarded == []


def test_the_token_restored_on_back_wins_over_the_fresh_one_the_reloaded_page_carries(cast, office, meeting):
    # Going Back reloads the form with a fresh token; the browser restores the page's
    # script-filled copy of the first one, and that one is recognised as spent.
    url = f"/study/meetings/{meeting.pk}/sessions/new/"
    first = form_data(office.get(url).content.decode(), held_on="2026-03-02", topic="学习", location="会议室")
    assert office.post(url, first).status_code == 302
    reloaded = form_data(office.get(url).content.decode(), held_on="2026-03-02", topic="学习", location="会议室")
    assert reloaded["form_token"] != first["form_token"]
    reloaded["form_token_back"] = first["form_token"]

    response = office.post(url, reloaded, follow=True)

    assert MESSAGE in response.content.decode()
    assert StudySession.objects.filter(meeting=meeting).count() == 1


@pytest.mark.django_db
def test_spent_tokens_are_purged_after_a_month_and_recent_ones_kept():
    from datetime import timedelta

    from django.utils import timezone

    from organizations.once import KEEP_SPENT_DAYS, form_tokens_purge
    from organizations.tasks import purge_spent_form_tokens

    old = FormToken.objects.create(token="a" * 32, url="/x/")
    recent = FormToken.objects.create(token="b" * 32, url="/y/")
    FormToken.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=KEEP_SPENT_DAYS + 1))

    assert purge_spent_form_tokens() == 1
    assert list(FormToken.objects.values_list("pk", flat=True)) == [recent.pk]
    assert form_tokens_purge() == 0
