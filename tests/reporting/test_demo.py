"""The cycle's demo data: two investors on the busiest commune's clusters, a user each for an investor and the
commune, and three reports of the half-year (accepted, returned, draft); a second run changes nothing."""

import pytest
from django.contrib.auth import get_user_model

from agencies import scoping
from clusters.models import Cluster
from reporting.models import Submission
from seed.demo_reporting import load_reporting_demo
from tests.factories import ClusterFactory

pytestmark = pytest.mark.django_db


def test_the_demo_loads_its_users_and_reports_once(
    coordinator, half_year, commune, commune_agency, other_commune, far_cluster
):
    for n in range(4):
        ClusterFactory(code=f"CCN-D{n}", name=f"CCN Mẫu {n}").communes.set([commune])
    lines = []
    users = load_reporting_demo("Mat-khau-mau-2026", log=lines.append)
    assert set(users) == {"cdt.demo", "ubnd.demo"}
    investor, reporter = users["cdt.demo"], users["ubnd.demo"]
    assert investor.check_password("Mat-khau-mau-2026")
    assert scoping.role_of(investor) == "investor" and scoping.role_of(reporter) == "commune_reporter"
    own = Cluster.objects.visible_to(investor)
    assert own.count() == 2 and all(commune in cluster.communes.all() for cluster in own)
    states = sorted(Submission.objects.filter(period=half_year).values_list("state", flat=True))
    assert states == ["accepted", "draft", "returned"]
    assert Submission.objects.visible_to(reporter).count() == 3  # all in the commune it reports on

    counts = (get_user_model().objects.count(), Submission.history.count(), Submission.objects.count())
    load_reporting_demo("Mat-khau-khac", log=lines.append)
    assert (get_user_model().objects.count(), Submission.history.count(), Submission.objects.count()) == counts
    assert investor.__class__.objects.get(pk=investor.pk).check_password("Mat-khau-mau-2026")
