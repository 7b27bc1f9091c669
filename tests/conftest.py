"""Shared fixtures: the focal agency and one user of each role (alice, bob, carol, victor).

- ``coordinator`` (alice): coordinator of SCT, the focal agency.
- ``officer`` (bob): officer of SXD.
- ``other_officer`` (carol): officer of STC.
- ``viewer`` (victor): viewer (city leadership).
- ``superuser`` (root).
"""

import pytest
from django.test import Client

from agencies.models import Membership
from tests.factories import (
    TEST_PASSWORD,
    AgencyFactory,
    FocalAgencyFactory,
    MembershipFactory,
    TaskFactory,
    TaskGroupFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create many users; the production hasher is slow on purpose, so tests use a fast one."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def password():
    return TEST_PASSWORD


@pytest.fixture
def focal_agency(db):
    return FocalAgencyFactory()


@pytest.fixture
def agency(db):
    """SXD: the officer's agency."""
    return AgencyFactory(code="SXD", name="Sở Xây dựng", short_name="Sở Xây dựng")


@pytest.fixture
def other_agency(db):
    """STC: another agency, whose work the officer must not change."""
    return AgencyFactory(code="STC", name="Sở Tài chính", short_name="Sở Tài chính")


@pytest.fixture
def coordinator(focal_agency):
    user = UserFactory(username="alice", first_name="Alice", last_name="Nguyễn", is_staff=True)
    MembershipFactory(user=user, agency=focal_agency, role=Membership.Role.COORDINATOR)
    return user


@pytest.fixture
def second_coordinator(focal_agency):
    user = UserFactory(username="anna", first_name="Anna", last_name="Trần", is_staff=True)
    MembershipFactory(user=user, agency=focal_agency, role=Membership.Role.COORDINATOR)
    return user


@pytest.fixture
def officer(agency):
    user = UserFactory(username="bob", first_name="Bob", last_name="Lê")
    MembershipFactory(user=user, agency=agency, role=Membership.Role.OFFICER)
    return user


@pytest.fixture
def other_officer(other_agency):
    user = UserFactory(username="carol", first_name="Carol", last_name="Phạm")
    MembershipFactory(user=user, agency=other_agency, role=Membership.Role.OFFICER)
    return user


@pytest.fixture
def viewer(focal_agency):
    user = UserFactory(username="victor", first_name="Victor", last_name="Hoàng")
    MembershipFactory(user=user, agency=focal_agency, role=Membership.Role.VIEWER)
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def group(db):
    return TaskGroupFactory(number=1, name="Hoàn thiện cơ chế, chính sách phát triển cụm công nghiệp")


@pytest.fixture
def task(group, agency, other_agency):
    """A task SXD leads and STC supports, due 30/06/2026."""
    return TaskFactory(group=group, lead_agency=agency, supporting_agencies=[other_agency])


@pytest.fixture
def other_task(group, other_agency):
    """A task STC leads, where SXD has no part."""
    return TaskFactory(group=group, lead_agency=other_agency)


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def client_for():
    """client_for(user) -> a test Client logged in as that user."""
    return _client_for
