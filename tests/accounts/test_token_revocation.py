"""An API token ends with what it was issued on: the user's password (changed or reset), their account
(deactivated) and their agency membership (ended or removed)."""

import pytest
from django.urls import reverse
from knox.models import AuthToken

pytestmark = pytest.mark.django_db

ME = "/api/v1/tasks/"


def test_a_token_works_until_the_password_is_changed_on_the_page(officer_api, officer, client_for, password):
    assert officer_api.get(ME).status_code == 200
    response = client_for(officer).post(
        reverse("password_change"),
        {"old_password": password, "new_password1": "Mat-khau-moi-2026!", "new_password2": "Mat-khau-moi-2026!"},
    )
    assert response.status_code == 302
    assert officer_api.get(ME).status_code == 401
    assert not AuthToken.objects.filter(user=officer).exists()


def test_a_password_reset_revokes_the_users_tokens(officer_api, officer):
    officer.set_password("Mat-khau-dat-lai-2026!")
    officer.save()
    assert officer_api.get(ME).status_code == 401


def test_deactivating_the_account_revokes_its_tokens(officer_api, officer):
    officer.is_active = False
    officer.save()
    assert not AuthToken.objects.filter(user=officer).exists()


def test_ending_the_membership_revokes_the_users_tokens(officer_api, officer):
    membership = officer.memberships.get(is_active=True)
    membership.is_active = False
    membership.save()
    assert officer_api.get(ME).status_code == 401


def test_removing_the_membership_revokes_the_users_tokens(officer_api, officer):
    officer.memberships.all().delete()
    assert officer_api.get(ME).status_code == 401


def test_other_saves_keep_the_token(officer_api, officer, coordinator_api):
    officer.first_name = "Bình"
    officer.save()
    assert officer_api.get(ME).status_code == 200
    assert coordinator_api.get(ME).status_code == 200
