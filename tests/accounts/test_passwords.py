"""Password rules: at least 12 characters, not common, not like the user's details, not only digits; in Vietnamese."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture
def user():
    return get_user_model()(username="nguyenvanan", email="nguyenvanan@sxd.hanoi.gov.vn", first_name="An")


def messages_for(password, user):
    with pytest.raises(ValidationError) as caught:
        validate_password(password, user)
    return caught.value.messages


def test_a_password_shorter_than_12_characters_is_refused_in_vietnamese(user):
    assert messages_for("Kh0ng-d@i!", user) == ["Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất 12 ký tự."]


def test_a_common_password_is_refused_in_vietnamese(user):
    assert messages_for("password1234", user) == ["Mật khẩu này quá phổ biến."]


def test_a_password_like_the_username_is_refused_in_vietnamese(user):
    assert messages_for("nguyenvanan2026", user) == ["Mật khẩu quá giống với Tên đăng nhập."]


def test_a_password_of_digits_only_is_refused_in_vietnamese(user):
    assert messages_for("918273645546372", user) == ["Mật khẩu này hoàn toàn là số."]


def test_a_long_uncommon_password_is_accepted(user):
    validate_password("cụm-công-nghiệp-Phú-Xuyên-2026", user)


def test_the_rules_are_explained_in_vietnamese():
    assert password_validators_help_texts() == [
        "Mật khẩu của bạn không được quá giống với thông tin cá nhân khác.",
        "Mật khẩu của bạn phải chứa ít nhất 12 ký tự.",
        "Mật khẩu của bạn không được là mật khẩu được dùng phổ biến.",
        "Mật khẩu của bạn không được hoàn toàn bằng số.",
    ]


@pytest.mark.django_db
def test_the_password_change_page_applies_the_rules(client_for, officer, password):
    response = client_for(officer).post(
        reverse("password_change"),
        {"old_password": password, "new_password1": "ngan-qua", "new_password2": "ngan-qua"},
        HTTP_ACCEPT_LANGUAGE="vi",
    )

    assert response.status_code == 200
    assert "Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất 12 ký tự." in response.content.decode()
