"""Shared fixtures: the focal agency and one user of each role (alice, bob, carol, victor), API clients,
private media in a temporary folder, and a fixed Hanoi clock for the tests that ask for it.

- ``coordinator`` (alice): coordinator of SCT, the focal agency.
- ``officer`` (bob): officer of SXD.
- ``other_officer`` (carol): officer of STC.
- ``viewer`` (victor): viewer (city leadership).
- ``superuser`` (root).
"""

import datetime
import itertools
import threading

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils import translation
from knox.models import AuthToken
from rest_framework.test import APIClient

from agencies.models import Membership
from tests.factories import (
    TEST_PASSWORD,
    AgencyFactory,
    DepartmentFactory,
    FocalAgencyFactory,
    MembershipFactory,
    TaskFactory,
    TaskGroupFactory,
    UserFactory,
)
from tests.helpers import PDF_BYTES, days


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create many users; the production hasher is slow on purpose, so tests use a fast one."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploaded files go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def sync_serves_at_once(settings):
    """The sync feed's settling margin (core/paging.py) would hide what a test has just saved; the tests of the
    margin set it themselves."""
    settings.SYNC_SETTLE_SECONDS = 0


@pytest.fixture(autouse=True)
def fresh_cache():
    """Throttle counters and cached figures live in the cache, keyed by ids that rolled-back tests reuse."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's language: a request in English (an API client's Accept-Language) leaves
    its language active in the thread, as it does in a server thread until the next request sets its own."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def hanoi_clock(monkeypatch):
    """'Now' is 20/06/2026 10:00 in Hanoi, ticking a millisecond per reading so history keeps its order.

    Returns the clock: ``hanoi_clock.move_to(datetime.date(2026, 7, 15))`` moves it on to 10:00 in Hanoi that
    day (or to an aware datetime), for tests that look back at a past day."""
    import django.utils.timezone as tz

    clock = HanoiClock(datetime.datetime(2026, 6, 20, 3, 0, tzinfo=datetime.UTC))
    monkeypatch.setattr(tz, "now", clock.now)
    return clock


class HanoiClock:
    def __init__(self, start):
        self.start = start
        self.ticks = itertools.count()

    def now(self):
        return self.start + datetime.timedelta(milliseconds=next(self.ticks))

    def move_to(self, moment):
        if not isinstance(moment, datetime.datetime):
            moment = datetime.datetime.combine(moment, datetime.time(3, 0), tzinfo=datetime.UTC)  # 10:00 in Hanoi
        self.start = moment


@pytest.fixture
def password():
    return TEST_PASSWORD


@pytest.fixture
def department(db):
    """Hanoi's Department with its names (the reference data loads it): headings, letters and help read it."""
    return DepartmentFactory()


@pytest.fixture
def bac_ninh(department):
    """The installation's Department renamed as another province's (Bắc Ninh): every document must print these names
    and none of Hanoi's."""
    province = department.province
    province.code, province.name = "27", "Tỉnh Bắc Ninh"
    province.save()
    for name, value in {
        "governing_body": "UBND TỈNH BẮC NINH",
        "governing_body_name": "Ủy ban nhân dân tỉnh Bắc Ninh",
        "header_name": "SỞ CÔNG THƯƠNG",
        "name": "Sở Công Thương tỉnh Bắc Ninh",
        "short_name": "SCTBN",
        "place_name": "Bắc Ninh",
        "head_title": "Giám đốc",
    }.items():
        setattr(department, name, value)
    department.save()
    cache.clear()  # the letterhead is cached; a test changes it without the admin's service
    return department


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


@pytest.fixture
def open_task(group, agency, other_agency):
    """A task SXD leads and STC supports, in progress, due in 30 days."""
    return TaskFactory(
        group=group,
        code="KH305-1.01",
        title="Xây dựng quy chế quản lý cụm công nghiệp",
        lead_agency=agency,
        supporting_agencies=[other_agency],
        start_date=days(-60),
        due_date=days(30),
    )


@pytest.fixture
def pdf():
    """pdf(name) -> an uploaded file the attachment check accepts as a PDF."""

    def make(name="bao-cao.pdf"):
        return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")

    return make


def _one_request_at_a_time(httpd):
    """On SQLite the live server's threads share the test's one in-memory connection, which is not made for two
    requests at once (the browser sends several: a page, the session clock, a search); two statements on it at once
    can wait on each other for ever. Each request is answered whole, body included, before the next one starts.
    PostgreSQL gives every thread its own connection and needs none of this."""
    app, lock = httpd.get_app(), threading.Lock()

    def serialized(environ, start_response):
        with lock:
            result = app(environ, start_response)
            try:
                body = b"".join(result)
            finally:
                if hasattr(result, "close"):
                    result.close()
        return [body]

    httpd.set_app(serialized)


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, started while MEDIA_URL names a path.

    Django's test server wraps every request in a media-files handler that cannot take MEDIA_URL = None
    (this application never serves media publicly); it is given a path nothing links to.
    """
    from django.test import override_settings
    from pytest_django.live_server_helper import LiveServer

    with override_settings(MEDIA_URL="/__media-is-never-served__/"):
        server = LiveServer(request.config.getvalue("liveserver") or "localhost")
    if connection.vendor == "sqlite":
        _one_request_at_a_time(server.thread.httpd)
    yield server
    server.stop()


# --- the API ---------------------------------------------------------------------------------------------


@pytest.fixture
def api_for(db):
    """api_for(user) -> an APIClient sending ``Authorization: Token <a new token of that user>``."""

    def make(user):
        _instance, token = AuthToken.objects.create(user=user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        client.user = user
        return client

    return make


@pytest.fixture
def anonymous():
    return APIClient()


@pytest.fixture
def coordinator_api(api_for, coordinator):
    return api_for(coordinator)


@pytest.fixture
def officer_api(api_for, officer):
    return api_for(officer)


@pytest.fixture
def other_officer_api(api_for, other_officer):
    return api_for(other_officer)


@pytest.fixture
def viewer_api(api_for, viewer):
    return api_for(viewer)
