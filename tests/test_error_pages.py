"""Error pages are Chinese in every mode: `make run` has DEBUG on and office workers use it."""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client
from django.urls import path

from config.urls import urlpatterns as project_urls

TECHNICAL = ("Page not found", "Using the URLconf", "Traceback", "Request Method", "Django")


def crash(request):
    raise RuntimeError("a bug")


def suspicious(request):
    raise SuspiciousOperation("bad host")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [*project_urls, path("crash/", crash), path("suspicious/", suspicious), path("forbidden/", forbidden)]


def _assert_chinese(response, status, heading):
    html = response.content.decode()
    assert response.status_code == status
    assert heading in html
    assert not [word for word in TECHNICAL if word in html], html[:300]


@pytest.mark.parametrize("debug", [True, False])
def test_an_unknown_address_gets_the_chinese_404_page(client, db, settings, debug):
    settings.DEBUG = debug
    _assert_chinese(client.get("/no-such-page/"), 404, "页面不存在")


@pytest.mark.parametrize("debug", [True, False])
def test_an_object_the_user_may_not_see_gets_the_chinese_404_page(login, cast, meeting, settings, debug):
    settings.DEBUG = debug
    _assert_chinese(login(cast.outsider).get(f"/meetings/{meeting.pk}/"), 404, "页面不存在")


@pytest.mark.urls("tests.test_error_pages")
@pytest.mark.parametrize("debug", [True, False])
def test_a_crash_gets_the_chinese_500_page_and_is_still_logged(db, settings, caplog, debug):
    settings.DEBUG = debug
    response = Client(raise_request_exception=False).get("/crash/")
    _assert_chinese(response, 500, "系统出错了")
    assert "a bug" in caplog.text  # the developer's traceback is in the log, not the page


@pytest.mark.urls("tests.test_error_pages")
@pytest.mark.parametrize("debug", [True, False])
def test_a_bad_request_gets_the_chinese_400_page(db, settings, debug):
    settings.DEBUG = debug
    _assert_chinese(Client().get("/suspicious/"), 400, "请求有误")


@pytest.mark.urls("tests.test_error_pages")
@pytest.mark.parametrize("debug", [True, False])
def test_a_refusal_gets_the_chinese_403_page(db, settings, debug):
    settings.DEBUG = debug
    _assert_chinese(Client().get("/forbidden/"), 403, "无权操作")


@pytest.mark.parametrize("debug", [True, False])
def test_a_failed_csrf_check_gets_the_chinese_page(db, settings, debug):
    settings.DEBUG = debug
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x"})
    _assert_chinese(response, 403, "页面已过期")


def test_a_view_may_still_answer_404_with_its_own_page(db, settings):
    settings.DEBUG = True
    response = Client().get("/feedback/f/no-such-token/")
    assert response.status_code == 404
    assert "页面不存在" not in response.content.decode()  # the public form's own closed page
