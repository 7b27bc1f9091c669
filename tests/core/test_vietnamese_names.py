"""People are shown họ đệm tên ("Nguyễn Thu Hà") everywhere — pages, admin, API, emails — and sorted by tên,
then họ đệm (core.text.display_name, person_sort_key; core.search.people_order).

``first_name`` holds the tên, ``last_name`` the họ and đệm."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from core.search import people_order
from core.text import display_name, person_sort_key
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_person_reads_family_middle_then_given_name():
    user = get_user_model()(username="ha", first_name="Hà", last_name="Nguyễn Thu")
    assert display_name(user) == "Nguyễn Thu Hà"


def test_a_person_without_a_name_is_shown_by_username_and_nobody_by_a_dash():
    assert display_name(get_user_model()(username="khach")) == "khach"
    assert display_name(None) == "—"


@pytest.fixture
def people(db):
    """Đ after D, lower case among capitals, tone marks: tên first, then họ đệm."""
    return [
        UserFactory(username="u1", first_name="Đức", last_name="Trần Minh"),
        UserFactory(username="u2", first_name="Dũng", last_name="Lê Văn"),
        UserFactory(username="u3", first_name="an", last_name="Võ Thị"),
        UserFactory(username="u4", first_name="Ánh", last_name="Bùi Ngọc"),
        UserFactory(username="u5", first_name="Hà", last_name="Nguyễn Thu"),
        UserFactory(username="u6", first_name="Hà", last_name="Đặng Thu"),
        UserFactory(username="u7", first_name="Hà", last_name="Cao Thu"),
    ]


EXPECTED = ["Võ Thị an", "Bùi Ngọc Ánh", "Lê Văn Dũng", "Trần Minh Đức", "Cao Thu Hà", "Đặng Thu Hà", "Nguyễn Thu Hà"]


def test_people_are_sorted_by_given_name_then_family_name_in_python_and_in_the_database(people):
    assert [display_name(user) for user in sorted(people, key=person_sort_key)] == EXPECTED
    in_database = get_user_model().objects.filter(username__in=[u.username for u in people]).order_by(*people_order())
    assert [display_name(user) for user in in_database] == EXPECTED


def test_the_me_endpoint_gives_the_display_name(api_for, coordinator):
    coordinator.first_name, coordinator.last_name = "Hà", "Nguyễn Thu"
    coordinator.save()
    me = api_for(coordinator).get("/api/v1/me/").json()
    assert me["display_name"] == "Nguyễn Thu Hà"


def test_the_admin_lists_users_by_display_name_in_vietnamese_order(client_for, superuser, people):
    response = client_for(superuser).get(reverse("admin:auth_user_changelist"), {"q": "u"})
    listed = [display_name(user) for user in response.context["cl"].result_list if user.username.startswith("u")]
    assert listed == EXPECTED
    assert "Nguyễn Thu Hà" in response.content.decode()


def test_the_navigation_shows_the_signed_in_person_as_ho_dem_ten(client_for, coordinator):
    coordinator.first_name, coordinator.last_name = "Hà", "Nguyễn Thu"
    coordinator.save()
    page = client_for(coordinator).get(reverse("tasks:task_list")).content.decode()
    assert "Nguyễn Thu Hà" in page
    assert "Hà Nguyễn Thu" not in page
    assert "Cơ quan của tôi" in page  # not "Cơ quan tôi"
