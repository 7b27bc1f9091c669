"""The agencies' services: who may add an agency or a person, and what a new account is given."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from agencies import services
from agencies.models import Agency, Membership


def test_a_coordinator_adds_an_agency_with_its_reason(coordinator):
    agency = services.agency_create(
        actor=coordinator, reason="Bổ sung", code="BQL", name="Ban Quản lý", kind="project_board"
    )

    assert agency.history.get().history_change_reason == "Bổ sung"


def test_an_officer_may_not_add_an_agency(officer):
    with pytest.raises(PermissionDenied):
        services.agency_create(actor=officer, reason="Bổ sung", code="BQL", name="Ban Quản lý")
    assert not Agency.objects.filter(code="BQL").exists()


def test_a_new_person_has_no_usable_password_and_one_membership(coordinator, agency):
    user = services.person_create(
        actor=coordinator, reason="Nhập", username="an@hanoi.gov.vn", email="an@hanoi.gov.vn", first_name="An",
        last_name="Nguyễn Văn", agency=agency, role=Membership.Role.OFFICER,
    )  # fmt: skip

    assert not user.has_usable_password()
    assert Membership.objects.get(user=user).history.get().history_change_reason == "Nhập"


def test_an_email_already_taken_is_refused_on_its_field(coordinator, agency, officer):
    with pytest.raises(ValidationError) as refused:
        services.person_create(
            actor=coordinator, reason="Nhập", username="bob2", email=officer.email.upper(), first_name="Bob",
            agency=agency, role=Membership.Role.OFFICER,
        )  # fmt: skip

    assert list(refused.value.message_dict) == ["email"]


def test_a_coordinator_may_not_change_their_own_membership(coordinator, agency):
    with pytest.raises(PermissionDenied):
        services.membership_set(actor=coordinator, user=coordinator, reason="Tự chuyển", agency=agency)
