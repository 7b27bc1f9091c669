"""Fixtures of the imports: Hanoi's 2025 communes as the reference data has them, and workbooks built here."""

import csv

import pytest

from places.models import Commune
from places.reference import COMMUNES_CSV
from tests.factories import ProvinceFactory


@pytest.fixture
def hanoi(db):
    """Hanoi and its 126 communes and wards after the 2025 reform."""
    province = ProvinceFactory()
    with COMMUNES_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            Commune.objects.create(province=province, code=row["code"], name=row["name"], kind=row["kind"])
    return province
