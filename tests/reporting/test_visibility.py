"""Which Circular 14 submissions each role sees: ``Submission.objects.visible_to`` for lists, and the
``submission.view`` rule for the one in hand, which must give the same answer without asking the database."""

import pytest

from agencies import scoping
from reporting import services
from reporting.models import Submission
from tests.factories import ClusterFactory, UserFactory

from .conftest import BIEU02

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(
    half_year,
    report_forms,
    cluster,
    sibling_cluster,
    far_cluster,
    commune,
    other_commune,
    investor,
    other_investor,
    commune_reporter,
    other_commune_reporter,
    other_investor_agency,
):
    """A Biểu 02 for each cluster (CCN-A and CCN-B in the commune, CCN-C in the other one, CCN-D across both)
    and a Biểu 03 for each commune."""
    across = ClusterFactory(code="CCN-D", investor=other_investor_agency)
    across.communes.set([commune, other_commune])

    def bieu02(actor, on, values):
        return services.submission_save(
            actor=actor, period=half_year, form=report_forms["02"], cluster=on, values=values
        )

    def bieu03(actor, on):
        return services.submission_save(actor=actor, period=half_year, form=report_forms["03"], commune=on, values={})

    return {
        "02 A": bieu02(investor, cluster, BIEU02),
        "02 B": bieu02(other_investor, sibling_cluster, {"leased_land": "1"}),
        "02 C": bieu02(other_investor, far_cluster, {"leased_land": "1"}),
        "02 D": bieu02(other_investor, across, {"leased_land": "1"}),
        "03 commune": bieu03(commune_reporter, commune),
        "03 other commune": bieu03(other_commune_reporter, other_commune),
    }


def seen(user, reports):
    visible = set(Submission.objects.visible_to(user))
    return sorted(name for name, submission in reports.items() if submission in visible)


def test_a_commune_sees_the_bieu_02_of_the_clusters_on_its_land_and_its_own_bieu_03(
    reports, commune_reporter, other_commune_reporter
):
    assert seen(commune_reporter, reports) == ["02 A", "02 B", "02 D", "03 commune"]
    assert seen(other_commune_reporter, reports) == ["02 C", "02 D", "03 other commune"]
    assert Submission.objects.visible_to(commune_reporter).filter(pk=reports["02 D"].pk).count() == 1  # not twice


def test_an_investor_sees_the_bieu_02_of_its_clusters_and_no_bieu_03(reports, investor, other_investor):
    assert seen(investor, reports) == ["02 A"]
    assert seen(other_investor, reports) == ["02 B", "02 C", "02 D"]


def test_the_department_reads_every_submission_an_officer_or_an_outsider_none(
    reports, coordinator, viewer, superuser, officer
):
    for reader in (coordinator, viewer, superuser):
        assert seen(reader, reports) == sorted(reports)
    for user in (officer, UserFactory(username="nobody")):
        assert seen(user, reports) == []


@pytest.mark.parametrize(
    "role",
    ["investor", "other_investor", "commune_reporter", "other_commune_reporter", "coordinator", "viewer", "officer"],
)
def test_the_rule_on_one_submission_agrees_with_the_list(request, role, reports):
    user = request.getfixturevalue(role)
    visible = set(Submission.objects.visible_to(user))
    for name, submission in reports.items():
        fresh = Submission.objects.get(pk=submission.pk)  # nothing cached on it
        assert scoping.can(user, "submission.view", fresh) == (submission in visible), name


def test_the_rule_costs_no_query_on_a_list_with_its_clusters_communes_prefetched(
    reports, commune_reporter, django_assert_num_queries
):
    listed = list(Submission.objects.select_related("cluster").prefetch_related("cluster__communes"))
    scoping.role_of(commune_reporter)  # the membership, read once per request
    with django_assert_num_queries(0):
        answers = [scoping.can(commune_reporter, "submission.view", submission) for submission in listed]
    assert answers.count(True) == 4
