"""Two coordinators issuing Biểu 04 at the same moment queue on the period's row lock: one issues it, the other
is told it is issued; a number two periods race for goes to one of them. The loser's files do not stay on disk."""

import datetime

import pytest
from django.db import connection

from core.services import StateConflict
from core.uploads import stored_names
from reporting import services
from reporting.models import Bieu04
from tests.tasks.test_concurrency import run_together

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
]


def _issue(actor, period, number, issued_on=datetime.date(2026, 6, 30)):
    return lambda: services.bieu04_issue(
        actor=actor, period=period, number=number, issued_on=issued_on, signer="Nguyễn Văn Giám", gaps_reason="Theo hạn"
    )


def test_two_issues_of_one_period_leave_one_bieu04_and_its_two_files(
    coordinator, second_coordinator, half_year, cluster
):
    first, second = run_together(
        _issue(coordinator, half_year, "1/BC-SCT"), _issue(second_coordinator, half_year, "2/BC-SCT")
    )
    outcomes = sorted([first, second], key=lambda outcome: isinstance(outcome, Exception))
    assert isinstance(outcomes[0], Bieu04) and isinstance(outcomes[1], StateConflict)
    issued = Bieu04.objects.get()
    assert sorted(stored_names("bieu-04")) == sorted([issued.xlsx_file.name, issued.docx_file.name])


def test_one_number_raced_for_by_two_periods_goes_to_one(coordinator, second_coordinator, half_year, cluster):
    annual = services.ensure_periods(2026)[1]
    first, second = run_together(
        _issue(coordinator, half_year, "1/BC-SCT"),
        _issue(second_coordinator, annual, "1/BC-SCT", issued_on=datetime.date(2026, 12, 31)),
    )
    errors = [outcome for outcome in (first, second) if isinstance(outcome, Exception)]
    assert len(errors) == 1
    assert errors[0].message_dict == {"number": ["Số hiệu này đã được dùng cho một Biểu 04 khác."]}
    issued = Bieu04.objects.get()
    assert sorted(stored_names("bieu-04")) == sorted([issued.xlsx_file.name, issued.docx_file.name])
