"""The public link, its QR code and the poster lead where a phone can go: SITE_URL when it
is set, else the address the office reached the server by — and the poster says when a
phone could not open it."""

import subprocess
import sys

import pytest
from django.core import mail

from feedback.qr import qr_code
from notifications.services import notify

LAN = "192.168.1.20:18101"


@pytest.fixture
def no_site_url(settings):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["testserver", "192.168.1.20", "127.0.0.1", "localhost"]


def _pages(client, solicitation, host):
    return {
        name: client.get(f"/feedback/{solicitation.pk}/{path}", HTTP_HOST=host).content.decode()
        for name, path in (("overview", ""), ("poster", "poster/"), ("svg", "qr.svg"))
    }


def test_without_site_url_everything_uses_the_address_the_office_came_by(
    cast, solicitation, login, no_site_url
):
    pages = _pages(login(cast.office), solicitation, LAN)
    expected = f"http://{LAN}/feedback/f/{solicitation.token}/"
    assert f'value="{expected}"' in pages["overview"]
    assert f"二维码中的地址：<code>{expected}</code>" in pages["poster"]
    assert pages["svg"] == qr_code(expected, "svg").decode()  # the QR code is that very link
    assert "扫码打不开" not in pages["poster"] + pages["overview"]


@pytest.mark.parametrize("host", ["127.0.0.1:18101", "localhost:8000", "[::1]:8000"])
def test_the_poster_warns_when_a_phone_cannot_reach_the_address(cast, solicitation, login, no_site_url, settings, host):
    settings.ALLOWED_HOSTS = ["*"]
    pages = _pages(login(cast.office), solicitation, host)
    for page in (pages["poster"], pages["overview"]):
        assert "群众用手机扫码打不开" in page
        assert "SITE_URL" in page
    assert f"/feedback/f/{solicitation.token}/" in pages["poster"]


def test_site_url_wins_over_the_address_the_office_came_by(cast, solicitation, login, settings):
    settings.SITE_URL = "https://dlm.example.gov.cn"
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    pages = _pages(login(cast.office), solicitation, "127.0.0.1:18101")
    expected = f"https://dlm.example.gov.cn/feedback/f/{solicitation.token}/"
    assert f"二维码中的地址：<code>{expected}</code>" in pages["poster"]
    assert pages["svg"] == qr_code(expected, "svg").decode()
    assert "扫码打不开" not in pages["poster"]


def test_a_site_url_on_loopback_is_warned_about_too(cast, solicitation, login, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert "扫码打不开" in _pages(login(cast.office), solicitation, "testserver")["poster"]


def test_e_mailed_links_use_site_url(cast, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://dlm.example.gov.cn"
    cast.member.email = "member@example.gov.cn"
    cast.member.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[cast.member], title="请阅知意见", url="/feedback/1/mine/")
    [message] = mail.outbox
    assert "https://dlm.example.gov.cn/feedback/1/mine/" in message.body


def test_without_site_url_a_development_mail_carries_the_path_not_a_guessed_host(
    cast, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = ""
    cast.member.email = "member@example.gov.cn"
    cast.member.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[cast.member], title="请阅知意见", url="/feedback/1/mine/")
    [message] = mail.outbox
    assert message.body.endswith("/feedback/1/mine/")
    assert "127.0.0.1" not in message.body and "http" not in message.body


def _start(**env) -> subprocess.CompletedProcess:
    code = "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; django.setup()"
    base = {"PATH": "/usr/bin:/bin", "SECRET_KEY": "x" * 50, "DATABASE_URL": "sqlite:///:memory:"}
    return subprocess.run([sys.executable, "-c", code], env={**base, **env}, capture_output=True, text=True)


def test_production_refuses_to_start_without_site_url():
    started = _start(DEBUG="0")
    assert started.returncode != 0
    assert "SITE_URL 未设置" in started.stderr
    assert _start(DEBUG="0", SITE_URL="https://dlm.example.gov.cn").returncode == 0


def test_development_starts_without_site_url():
    """`make run` sets DEBUG=1 and no SITE_URL."""
    assert _start(DEBUG="1").returncode == 0
