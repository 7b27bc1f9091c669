"""The navigation marks the page a user is on, the workspace's pages included: "Cơ quan của tôi" on /my/, "Cơ quan"
on the agency pages, "Nhiệm vụ" on the tasks' pages and on none of these."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def current_item(page):
    return re.findall(r'<a href="[^"]*" aria-current="page">([^<]+)</a>', page)


@pytest.mark.parametrize(
    ("name", "args", "label"),
    [
        ("workspace:my_agency", [], "Cơ quan của tôi"),
        ("workspace:agency_list", [], "Cơ quan"),
        ("workspace:agency_detail", ["agency"], "Cơ quan"),
        ("tasks:task_list", [], "Nhiệm vụ"),
    ],
)
def test_the_navigation_marks_the_page_the_user_is_on(client_for, officer, agency, name, args, label):
    url = reverse(name, args=[agency.pk for _ in args])
    assert url in {"/my/", "/agencies/", f"/agencies/{agency.pk}/", "/tasks/"}
    assert current_item(client_for(officer).get(url).content.decode()) == [label]
