"""The numbers of Decree 32/2024/NĐ-CP that the register warns about, in one place: they are law, the same in every
province, and change only with a new decree (which also changes the warnings' wording, so a deploy is the change
anyway). What differs by province is which communes are mountain areas: data (``places.Commune.is_mountain``),
read by ``in_mountain_area`` below.

``clusters.selectors.warnings_for`` reads them; none of them refuses anything (clusters formed before the decree may
lawfully fall outside).
"""

from datetime import date
from decimal import Decimal

from .models import Cluster

# Art. 2.1: a cluster's area, ha (lowest, highest).
AREA_HA = (Decimal("10"), Decimal("75"))
# Art. 2.1: a craft-village cluster, or one in a mountain area, may be from 5 ha.
AREA_HA_CRAFT_VILLAGE_OR_MOUNTAIN = (Decimal("5"), Decimal("75"))
# Art. 2.7 and Art. 8: an expansion needs the cluster at least this full (%).
EXPANSION_MIN_OCCUPANCY_PCT = Decimal("60")
# Clusters formed before 2009 must complete their procedures by this date.
LEGACY_DEADLINE = date(2026, 12, 31)


def in_mountain_area(cluster):
    """Whether ``cluster`` lies in a mountain area: one of its communes is flagged so (``Commune.is_mountain``, the
    province's default corrected by the Department), or the cluster itself is (``is_mountain_area``, for a cluster
    whose commune is not recorded). Reads the prefetched communes when there are any."""
    if cluster.is_mountain_area:
        return True
    if cluster.pk is None:
        return False
    prefetched = getattr(cluster, "_prefetched_objects_cache", {}).get("communes")
    if prefetched is not None:
        return any(commune.is_mountain for commune in prefetched)
    return cluster.communes.filter(is_mountain=True).exists()


def area_warning_bounds(cluster):
    """The (lowest, highest) area in ha Decree 32 allows ``cluster`` when its area falls outside them, else None.

    A craft-village cluster, or one in a mountain area, may be from 5 ha; every other from 10 ha; none above 75 ha.
    The communes are asked only when the area is outside the general bounds (within them, no cluster is warned)."""
    area = cluster.total_area_ha
    if area is None:
        return None
    low, high = AREA_HA
    if low <= area <= high:
        return None
    if cluster.type == Cluster.Type.CRAFT_VILLAGE or in_mountain_area(cluster):
        low, high = AREA_HA_CRAFT_VILLAGE_OR_MOUNTAIN
    return None if low <= area <= high else (low, high)
