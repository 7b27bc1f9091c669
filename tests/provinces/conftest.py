"""``installation``: each test of this package runs once for Hanoi and once for Tuyên Quang (``worlds``)."""

import pytest

from tests.national.conftest import ministry_coordinator, national  # noqa: F401  (the Ministry's installation)

from .worlds import HANOI, TUYEN_QUANG, build


@pytest.fixture(params=[HANOI, TUYEN_QUANG])
def installation(request, settings, db, hanoi_clock):
    """The installation (one province per database, ``settings.PROVINCE_CODE`` naming it) with its small world, on
    20/06/2026 (the Hanoi clock's day)."""
    from .worlds import CODES

    settings.PROVINCE_CODE = CODES[request.param]
    return build(request.param)
