"""What each role sees of the register: ``Cluster.objects.visible_to`` and ``ClusterDecision.objects.visible_to``.

Members see the whole register; a Circular 14 reporter only its own clusters (an investor those it builds, a
commune's People's Committee those on its land), and a cluster's decisions go with the cluster."""

import pytest
from django.contrib.auth.models import AnonymousUser

from agencies.models import Agency, Membership
from clusters.models import Cluster, ClusterDecision
from tests.factories import (
    AgencyFactory,
    ClusterDecisionFactory,
    ClusterFactory,
    CommuneFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _user(username, agency, role):
    user = UserFactory(username=username)
    MembershipFactory(user=user, agency=agency, role=role)
    return user


@pytest.fixture
def register(db):
    """Two communes (X, Y) and two investors (A, B): CCN-A of A in X; CCN-B of B across X and Y; CCN-C of B in
    Y; each with its establishment decision. The users: an investor's for A and B, a commune's for X and Y."""
    x = CommuneFactory(code="10001", name="Xã X")
    y = CommuneFactory(code="10002", name="Xã Y")
    a = AgencyFactory(code="CDT-A", name="Hạ tầng A", kind=Agency.Kind.INVESTOR)
    b = AgencyFactory(code="CDT-B", name="Hạ tầng B", kind=Agency.Kind.INVESTOR)
    clusters = {}
    for code, investor, communes in (("CCN-A", a, [x]), ("CCN-B", b, [x, y]), ("CCN-C", b, [y])):
        clusters[code] = ClusterFactory(code=code, investor=investor)
        clusters[code].communes.set(communes)
        ClusterDecisionFactory(cluster=clusters[code])
    users = {
        "investor A": _user("cdt.a", a, Membership.Role.INVESTOR),
        "investor B": _user("cdt.b", b, Membership.Role.INVESTOR),
        "commune X": _user(
            "ubnd.x",
            AgencyFactory(code="UBND-X", kind=Agency.Kind.COMMUNE_COMMITTEE, commune=x),
            Membership.Role.COMMUNE_REPORTER,
        ),
        "commune Y": _user(
            "ubnd.y",
            AgencyFactory(code="UBND-Y", kind=Agency.Kind.COMMUNE_COMMITTEE, commune=y),
            Membership.Role.COMMUNE_REPORTER,
        ),
    }
    return clusters, users


def codes(queryset):
    return [cluster.code for cluster in queryset.order_by("code")]


def test_members_see_the_whole_register(register, officer, viewer, coordinator, superuser):
    for member in (officer, viewer, coordinator, superuser):
        assert codes(Cluster.objects.visible_to(member)) == ["CCN-A", "CCN-B", "CCN-C"]


def test_an_investor_sees_the_clusters_it_builds_and_a_commune_those_on_its_land_each_once(register):
    _clusters, users = register
    assert codes(Cluster.objects.visible_to(users["investor A"])) == ["CCN-A"]
    assert codes(Cluster.objects.visible_to(users["investor B"])) == ["CCN-B", "CCN-C"]
    assert codes(Cluster.objects.visible_to(users["commune X"])) == ["CCN-A", "CCN-B"]
    assert codes(Cluster.objects.visible_to(users["commune Y"])) == ["CCN-B", "CCN-C"]  # CCN-B spans X and Y


def test_no_one_else_sees_a_cluster(register):
    loose = _user(
        "ubnd.none", AgencyFactory(code="UBND-?", kind=Agency.Kind.COMMUNE_COMMITTEE), Membership.Role.COMMUNE_REPORTER
    )
    for user in (AnonymousUser(), UserFactory(username="nobody"), loose):  # loose: its agency names no commune
        assert not Cluster.objects.visible_to(user).exists()
        assert not ClusterDecision.objects.visible_to(user).exists()


def test_visibility_narrows_the_registers_annotated_queryset(register):
    _clusters, users = register
    shown = Cluster.objects.with_occupancy().with_legal_history().visible_to(users["commune Y"])
    assert [(c.code, c.occupancy_pct, c.legal_kind) for c in shown.order_by("code")] == [
        ("CCN-B", 40, ClusterDecision.Kind.ESTABLISH),
        ("CCN-C", 40, ClusterDecision.Kind.ESTABLISH),
    ]


def test_a_clusters_decisions_go_with_the_cluster(register, viewer):
    clusters, users = register

    def decided(user, queryset=ClusterDecision.objects):
        return sorted(decision.cluster.code for decision in queryset.visible_to(user))

    assert decided(viewer) == ["CCN-A", "CCN-B", "CCN-C"]
    assert decided(users["investor A"]) == ["CCN-A"]
    assert decided(users["commune Y"]) == ["CCN-B", "CCN-C"]
    assert decided(users["investor A"], clusters["CCN-C"].decisions) == []  # through the cluster's relation too
    assert decided(users["commune Y"], clusters["CCN-C"].decisions) == ["CCN-C"]
