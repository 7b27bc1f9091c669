"""Which 2025 commune or ward an old commune, or an old district, went into: the official table of the 2025
reform for the 34 provinces (``data/vietnam-commune-mapping-2025.csv``).

An old commune split between several new units (``how_merged`` "Nhập một phần…") maps to all of them, and a
name shared by communes of several old districts maps to all their successors unless the district is given:
the answer is every candidate, never a guess. Names are compared in one spelling (``core.text.normalize``,
lower case), with or without their kind ("Phường", "Xã", "Thị trấn"; "Quận", "Huyện", "Thị xã"…).
"""

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from core.text import normalize

MAPPING_CSV = Path(__file__).resolve().parent / "data" / "vietnam-commune-mapping-2025.csv"

COMMUNE_KINDS = ("phường", "xã", "thị trấn", "tt")
DISTRICT_KINDS = ("quận", "huyện", "thị xã", "thành phố", "tp")
CODE_SUFFIX = re.compile(r"\s*\(\d+\)$")  # "Quận Ba Đình (001)"


@dataclass(frozen=True, order=True)
class Successor:
    """A 2025 unit an old commune went into, wholly or in part (``how``: the table's words)."""

    code: str
    name: str
    how: str = ""


@dataclass(frozen=True)
class _Row:
    province: str
    old_kind: str
    old_name: str
    old_district: str
    successor: Successor


def _split(name, kinds):
    """(kind or "", name) as compared: one spelling, lower case, without the code suffix."""
    name = CODE_SUFFIX.sub("", normalize(name).lower())
    for kind in kinds:
        if name.startswith(kind + " "):
            return ("thị trấn" if kind == "tt" else kind), name[len(kind) + 1 :].strip()
    return "", name


def _key(name, kinds):
    return _split(name, kinds)[1]


@functools.cache
def _rows():
    with MAPPING_CSV.open(encoding="utf-8", newline="") as handle:
        return tuple(
            _Row(
                province=row["province_code"],
                old_kind=_split(row["old_commune_name"], COMMUNE_KINDS)[0],
                old_name=_key(row["old_commune_name"], COMMUNE_KINDS),
                old_district=_key(row["old_district"], DISTRICT_KINDS),
                successor=Successor(row["new_commune_code"], normalize(row["new_commune_name"]), row["how_merged"]),
            )
            for row in csv.DictReader(handle)
        )


def _distinct(rows):
    """The successors of ``rows``, each new unit once (its ways of merging joined), by code."""
    hows = {}
    names = {}
    for row in rows:
        code = row.successor.code
        names[code] = row.successor.name
        hows.setdefault(code, [])
        if row.successor.how not in hows[code]:
            hows[code].append(row.successor.how)
    return [Successor(code, names[code], "; ".join(hows[code])) for code in sorted(names)]


def commune_successors(province_code, name, district=None):
    """The 2025 units the old commune ``name`` of the province ``province_code`` ("24": Bắc Ninh) went into.
    The kind in the name ("Phường Chương Dương") and ``district`` (an old district's name) narrow a name that
    several old communes had. Empty when unknown."""
    kind, key = _split(name, COMMUNE_KINDS)
    district_key = district and _key(district, DISTRICT_KINDS)
    return _distinct(
        row
        for row in _rows()
        if row.province == province_code
        and row.old_name == key
        and (not kind or row.old_kind == kind)
        and (not district_key or row.old_district == district_key)
    )


def district_successors(province_code, district):
    """The 2025 units that took any commune of the old district ``district``. Empty when unknown."""
    key = _key(district, DISTRICT_KINDS)
    return _distinct(row for row in _rows() if row.province == province_code and row.old_district == key)
