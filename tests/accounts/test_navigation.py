"""What the navigation tells a user: who they are, where they belong, and only the pages they may open.
(Who may open which page is the permission matrix's, tests/agencies/test_permission_matrix.py.)"""

import pytest
from django.urls import reverse

from tests.factories import ClusterFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_user_without_an_agency_is_told_why_they_see_nothing(client_for):
    response = client_for(UserFactory(username="nobody")).get(reverse("dashboard"))
    assert response.status_code == 403
    assert "chưa được phân công" in response.content.decode()


def test_navigation_shows_the_user_their_agency_and_role(client_for, officer):
    page = client_for(officer).get(reverse("dashboard")).content.decode()
    assert "Lê Bob" in page
    assert "Sở Xây dựng" in page
    assert "Cán bộ cơ quan" in page


def test_only_coordinators_see_the_audit_log_and_the_admin_in_the_navigation(client_for, officer, coordinator):
    audit, admin = reverse("audit:audit_log"), reverse("admin:index")
    officer_page = client_for(officer).get(reverse("dashboard")).content.decode()
    coordinator_page = client_for(coordinator).get(reverse("dashboard")).content.decode()
    assert audit not in officer_page and admin not in officer_page
    assert audit in coordinator_page and admin in coordinator_page


def test_pages_load_no_inline_script_or_style(client_for, coordinator, task, agency):
    client = client_for(coordinator)
    urls = [
        reverse("dashboard"),
        reverse("tasks:task_list"),
        reverse("tasks:task_detail", args=[task.pk]),
        reverse("tasks:task_create"),
        reverse("tasks:task_update", args=[task.pk]),
        reverse("workspace:my_agency"),
        reverse("audit:audit_log"),
        reverse("clusters:cluster_list"),
        reverse("clusters:cluster_detail", args=[ClusterFactory().pk]),
        reverse("workspace:agency_list"),
        reverse("workspace:agency_detail", args=[agency.pk]),
    ]
    for url in urls:
        page = client.get(url).content.decode()
        assert "<script>" not in page and "<script " not in page.replace('<script src="', ""), url
        assert " style=" not in page and "<style" not in page, url
        assert " onclick=" not in page and " onchange=" not in page, url
