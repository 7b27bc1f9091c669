"""The server benchmark's users: /my/ is measured as an officer of the agency leading the most tasks, on whatever
data the database holds now (scripts/bench_server.py)."""

import importlib.util
from pathlib import Path

import pytest

from agencies.models import Membership
from tests.factories import AgencyFactory, TaskFactory

pytestmark = pytest.mark.django_db


def bench_server():
    path = Path(__file__).resolve().parents[2] / "scripts" / "bench_server.py"
    spec = importlib.util.spec_from_file_location("bench_server", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_officer_follows_the_busiest_agency(group):
    AgencyFactory(code="SCT")  # the coordinator's, the Department
    small, big = AgencyFactory(code="NHO"), AgencyFactory(code="LON")
    TaskFactory.create_batch(2, group=group, lead_agency=small)
    people = bench_server().people
    _coordinator, officer = people()
    assert Membership.objects.get(user=officer).agency == small

    TaskFactory.create_batch(3, group=group, lead_agency=big)
    _coordinator, officer = people()
    membership = Membership.objects.get(user=officer)
    assert membership.agency == big
    assert membership.history.latest().history_change_reason == "Tài khoản đo hiệu năng"
