"""Login, logout, password change and lockout pages, in Vietnamese with the Department's name."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_names_the_department(client):
    page = client.get(reverse("login")).content.decode()
    assert "SỞ CÔNG THƯƠNG" in page and "Đăng nhập" in page
    assert 'for="id_username"' in page and 'for="id_password"' in page


def test_logging_in_leads_to_where_the_users_work_is(client, officer, password):
    response = client.post(reverse("login"), {"username": "bob", "password": password})
    assert response.status_code == 302 and response["Location"] == reverse("workspace:landing")
    assert client.get(response["Location"])["Location"] == reverse("workspace:my_agency")  # an officer's agency


def test_a_wrong_password_is_answered_in_vietnamese(client, officer):
    response = client.post(reverse("login"), {"username": "bob", "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_repeated_failures_lock_the_account_with_a_vietnamese_page(client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "bob", "password": "sai-mat-khau"})
    response = client.post(reverse("login"), {"username": "bob", "password": "sai-mat-khau"})
    assert response.status_code in (403, 429)
    page = response.content.decode()
    assert "Tạm khóa đăng nhập" in page and "bob" in page and "phút" in page


def test_logout_is_a_post_and_returns_to_the_login_page(client_for, officer):
    client = client_for(officer)
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert client.get(reverse("dashboard")).status_code == 302


def test_password_change_explains_the_rules_and_refuses_a_short_password_in_vietnamese(client_for, officer, password):
    client = client_for(officer)
    assert "ít nhất 12 ký tự" in client.get(reverse("password_change")).content.decode()
    response = client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": "ngan", "new_password2": "ngan"},
    )
    assert response.status_code == 200
    assert "quá ngắn" in response.content.decode()


def test_password_change_succeeds_with_a_good_password(client_for, officer, password):
    new = "cụm-công-nghiệp-Hà-Nội-2026"
    response = client_for(officer).post(
        reverse("password_change"), {"old_password": password, "new_password1": new, "new_password2": new}, follow=True
    )
    assert "Đã đổi mật khẩu" in response.content.decode()
    officer.refresh_from_db()
    assert officer.check_password(new)
