"""Logging in: Chinese pages, lockout after five failures, strong hashing, short sessions."""

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

import config.settings as production

from .factories import PASSWORD

LOGIN = "/accounts/login/"


def _login(client, password, username="office"):
    return client.post(LOGIN, {"username": username, "password": password})


def test_the_login_page_is_in_chinese(client, db):
    response = client.get(LOGIN)
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-CN">' in body
    assert "用户名" in body and "密码" in body
    assert "连续输错5次密码，账号将锁定30分钟" in body


def test_the_right_password_logs_in(client, cast):
    response = _login(client, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_a_wrong_password_is_refused_in_chinese(client, cast):
    response = _login(client, "wrong-password")
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()
    assert client.get("/").status_code == 302


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client, cast):
    for _ in range(5):
        _login(client, "wrong-password")
    response = _login(client, PASSWORD)
    body = response.content.decode()
    assert "锁定30分钟" in body
    assert "账号已暂时锁定" in body
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302


def test_four_wrong_passwords_do_not_lock_the_account(client, cast):
    for _ in range(4):
        _login(client, "wrong-password")
    response = _login(client, PASSWORD)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_the_lockout_is_per_account_not_per_address(client, cast):
    for _ in range(5):
        _login(client, "wrong-password", username="office")
    # A colleague behind the same NAT address still logs in.
    response = _login(client, PASSWORD, username="member")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(cast.member.pk)


def test_passwords_are_hashed_with_argon2_first():
    # conftest swaps in MD5 for speed, so read the production settings module itself.
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_the_session_dies_after_thirty_idle_minutes():
    assert production.SESSION_COOKIE_AGE == 1800
    assert production.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE == 1800
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


@pytest.mark.parametrize("password", ["12345678", "password", "1234567890"])
def test_weak_passwords_are_rejected(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_unusual_password_is_accepted():
    validate_password("党建-Tide-Lantern-2026")
