"""A figure's link to the list behind it (``core.figures.with_query``, ``with_each``) is the path with
``urlencode(filters, doseq=True)`` less the empty filters, however its pairs are kept: ids, text to quote, statuses,
lists of them (empty too), dates and numbers of other kinds; ``with_each`` gives what ``with_query`` gives each value."""

import datetime
from decimal import Decimal
from urllib.parse import urlencode

import pytest

from core.figures import with_each, with_query
from tasks.models import DeadlineStatus, TaskStatus
from tasks.models.tasks import COUNTED_STATUSES

CASES = [
    {},
    {"plan": 1, "group": 4},
    {"plan": None, "group": "", "lead_agency": 17},
    {"q": "Sở Xây dựng & Quy hoạch = 100% + 1", "page": "2"},
    {"status": COUNTED_STATUSES, "ordering": None},
    {"status": list(COUNTED_STATUSES), "deadline_status": DeadlineStatus.OVERDUE},
    {"status": [], "plan": 3},
    {"status": ["a b", "c&d"], "agency": [1, 2]},
    {"due_after": datetime.date(2026, 3, 10), "area": Decimal("1.50"), "flag": True, "ratio": 0.5, "n": -4},
    {"deadline_status": DeadlineStatus.DUE_SOON.value, "not_updated": "true"},
]


def reference(path, **params):
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")}, doseq=True)
    return path + (f"?{query}" if query else "")


@pytest.mark.parametrize("params", CASES)
def test_the_link_is_the_path_with_its_filters_urlencoded(params):
    for _ in range(2):  # the pairs kept the first time give the same link the second
        assert with_query("/tasks/", **params) == reference("/tasks/", **params)


@pytest.mark.parametrize("params", CASES)
def test_each_value_gets_the_link_with_query_gives_it(params):
    params = {k: v for k, v in params.items() if k != "deadline_status"}
    values = [status.value for status in DeadlineStatus] + [TaskStatus.DONE, "", None, ["x", "y"]]
    assert with_each("/tasks/", "deadline_status", values, **params) == [
        with_query("/tasks/", **params, deadline_status=value) for value in values
    ]


def test_each_value_may_not_be_given_twice():
    with pytest.raises(TypeError):
        with_each("/tasks/", "plan", [1, 2], plan=3)
