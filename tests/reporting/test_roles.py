"""The two reporter roles: what they see of the register and the submissions, and what they are not."""

import pytest
from django.core.exceptions import ValidationError

from agencies import scoping
from agencies.models import Agency, Membership
from clusters.models import Cluster
from reporting import services
from reporting.models import Submission
from tasks import services as task_services
from tasks.models import Task
from tests.factories import MembershipFactory, UserFactory

from .conftest import BIEU02

pytestmark = pytest.mark.django_db


def test_an_investor_sees_only_its_clusters_and_a_commune_only_those_in_it(
    cluster, sibling_cluster, far_cluster, investor, other_investor, commune_reporter, officer
):
    def visible(user):
        return sorted(c.code for c in Cluster.objects.visible_to(user))

    assert visible(investor) == ["CCN-A"]
    assert visible(other_investor) == ["CCN-B", "CCN-C"]
    assert visible(commune_reporter) == ["CCN-A", "CCN-B"]
    assert visible(officer) == ["CCN-A", "CCN-B", "CCN-C"]


def test_reporters_are_not_members_of_the_plan(investor, commune_reporter, task):
    for user in (investor, commune_reporter):
        assert not scoping.can(user, "plan.view")
        assert not Task.objects.visible_to(user).exists()
        assert scoping.can(user, "reporting.view") and not scoping.can(user, "reporting.track")


def test_submissions_are_seen_by_their_reporters_only(
    half_year,
    report_forms,
    cluster,
    far_cluster,
    investor,
    other_investor,
    commune_reporter,
    other_commune_reporter,
    coordinator,
):
    mine = services.submission_save(
        actor=investor, period=half_year, form=report_forms["02"], cluster=cluster, values=BIEU02
    )
    theirs = services.submission_save(
        actor=other_investor,
        period=half_year,
        form=report_forms["02"],
        cluster=far_cluster,
        values={"leased_land": "1"},
    )
    commune_report = services.submission_save(
        actor=commune_reporter, period=half_year, form=report_forms["03"], commune=cluster.communes.get(), values={}
    )

    def visible(user):
        return set(Submission.objects.visible_to(user))

    assert visible(investor) == {mine}
    assert visible(other_investor) == {theirs}
    assert visible(commune_reporter) == {mine, commune_report}
    assert visible(other_commune_reporter) == {theirs}
    assert visible(coordinator) == set(Submission.objects.all())
    assert not scoping.can(other_investor, "submission.view", mine)
    assert not scoping.can(commune_reporter, "submission.edit", mine)
    assert scoping.can(commune_reporter, "submission.view", mine)


def test_reporter_roles_fit_their_agencies(investor_agency, commune_agency, agency):
    with pytest.raises(ValidationError):
        Membership(user=UserFactory(), agency=agency, role=Membership.Role.INVESTOR).full_clean()
    with pytest.raises(ValidationError):
        Membership(user=UserFactory(), agency=investor_agency, role=Membership.Role.OFFICER).full_clean()
    with pytest.raises(ValidationError):
        Membership(user=UserFactory(), agency=agency, role=Membership.Role.COMMUNE_REPORTER).full_clean()
    MembershipFactory.build(
        agency=commune_agency, role=Membership.Role.COMMUNE_REPORTER, user=UserFactory()
    ).full_clean()


def test_an_investor_leads_no_plan_task(coordinator, group, investor_agency, agency):
    with pytest.raises(ValidationError) as error:
        task_services.task_create(
            actor=coordinator, group=group, code="KH305-9.99", title="Thử", lead_agency=investor_agency, due_date=None
        )
    assert "Chủ đầu tư hạ tầng" in error.value.message_dict["lead_agency"][0]
    assert investor_agency not in Agency.objects.visible_to(coordinator)
