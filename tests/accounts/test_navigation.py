"""Who may open which page: anonymous users go to the login page, members see the plan, some pages are
for coordinators only, and a logged-in user without an agency sees nothing."""

import pytest
from django.urls import reverse

from tests.factories import ClusterFactory, UserFactory

pytestmark = pytest.mark.django_db


def page_urls(task, cluster, agency):
    """Every GET page of the application (name, URL)."""
    return {
        "dashboard": reverse("dashboard"),
        "task_list": reverse("tasks:task_list"),
        "task_export_xlsx": reverse("tasks:task_export_xlsx"),
        "task_export_csv": reverse("tasks:task_export_csv"),
        "task_detail": reverse("tasks:task_detail", args=[task.pk]),
        "task_create": reverse("tasks:task_create"),
        "task_update": reverse("tasks:task_update", args=[task.pk]),
        "my_agency": reverse("tasks:my_agency"),
        "audit_log": reverse("audit:audit_log"),
        "audit_export_xlsx": reverse("audit:audit_export_xlsx"),
        "audit_export_csv": reverse("audit:audit_export_csv"),
        "cluster_list": reverse("clusters:cluster_list"),
        "cluster_detail": reverse("clusters:cluster_detail", args=[cluster.pk]),
        "agency_list": reverse("agencies:agency_list"),
        "agency_detail": reverse("agencies:agency_detail", args=[agency.pk]),
    }


COORDINATOR_ONLY = {"task_create", "task_update", "audit_log", "audit_export_xlsx", "audit_export_csv"}
AUDIT = {"audit_log", "audit_export_xlsx", "audit_export_csv"}


@pytest.fixture
def urls(task, agency):
    return page_urls(task, ClusterFactory(), agency)


def test_anonymous_visitor_is_sent_to_the_login_page_from_every_page(client, urls):
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login") + "?next="), name


def test_user_without_an_agency_is_refused_every_page_with_a_reason(client_for, urls):
    client = client_for(UserFactory(username="nobody"))
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 403, name
    assert "chưa được phân công" in response.content.decode()


@pytest.mark.parametrize("role", ["viewer", "officer", "other_officer"])
def test_viewers_and_officers_open_every_page_but_the_coordinators_ones(request, role, client_for, urls):
    client = client_for(request.getfixturevalue(role))
    for name, url in urls.items():
        response = client.get(url)
        expected = 403 if name in COORDINATOR_ONLY else 200
        assert response.status_code == expected, name


@pytest.mark.parametrize("role", ["coordinator", "superuser"])
def test_coordinators_and_superusers_open_every_page(request, role, client_for, urls, focal_agency):
    client = client_for(request.getfixturevalue(role))
    for name, url in urls.items():
        assert client.get(url).status_code == 200, name


def test_navigation_shows_the_user_their_agency_and_role(client_for, officer):
    page = client_for(officer).get(reverse("dashboard")).content.decode()
    assert "Bob Lê" in page
    assert "Sở Xây dựng" in page
    assert "Cán bộ cơ quan" in page


def test_only_coordinators_see_the_audit_log_in_the_navigation(client_for, officer, coordinator):
    audit = reverse("audit:audit_log")
    assert audit not in client_for(officer).get(reverse("dashboard")).content.decode()
    assert audit in client_for(coordinator).get(reverse("dashboard")).content.decode()


def test_pages_load_no_inline_script_or_style(client_for, coordinator, urls):
    client = client_for(coordinator)
    for name, url in urls.items():
        response = client.get(url)
        if not response["Content-Type"].startswith("text/html"):
            continue
        page = response.content.decode()
        assert "<script>" not in page and "<script " not in page.replace('<script src="', ""), name
        assert " style=" not in page and "<style" not in page, name
        assert " onclick=" not in page and " onchange=" not in page, name
