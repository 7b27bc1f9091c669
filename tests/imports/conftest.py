"""Fixtures of the imports: Hanoi's 2025 communes as the reference data has them, and workbooks built here."""

import pytest

from places.models import Commune
from places.provinces import communes_of
from tests.factories import ProvinceFactory


@pytest.fixture
def hanoi(db):
    """Hanoi and its 126 communes and wards after the 2025 reform."""
    province = ProvinceFactory()
    for unit in communes_of(province.code):
        Commune.objects.create(province=province, code=unit.code, name=unit.name, kind=unit.kind)
    return province
