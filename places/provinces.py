"""The 34 provinces and centrally governed cities after the 2025 reform, as data (``data/provinces-2025.csv``), and
their communes and wards from the national list (``data/vietnam-communes-2025.csv``, Decision 19/2025/QĐ-TTg).

One installation serves one province (``settings.PROVINCE_CODE``, e.g. "24": Bắc Ninh): ``load_reference_data --province``
reads its row here for the Department's names, and its communes below. The national roll-up (``national``) reads the
34 rows to list every province, sent or not.

Each row gives what a Department's documents print (Decree 30/2020/NĐ-CP, Appendix I): the governing body as printed
in the header ("UBND TỈNH BẮC NINH") and in full ("Ủy ban nhân dân tỉnh Bắc Ninh"), the Department's name, and the
place name of the date line: the province's name without "Tỉnh"/"Thành phố", in full for a unit named after a person
("Thành phố Hồ Chí Minh"). ``mountain_default``: whether the province's communes load flagged as mountain areas
(``Commune.is_mountain``, Decree 32/2024/NĐ-CP's smaller clusters); true only for the provinces whose whole territory
is mountainous, every other province flags its mountain communes one by one in the admin.
"""

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from core.text import normalize

DATA_DIR = Path(__file__).resolve().parent / "data"
PROVINCES_CSV = DATA_DIR / "provinces-2025.csv"
NATIONAL_COMMUNES_CSV = DATA_DIR / "vietnam-communes-2025.csv"

# The name's first words give the unit's kind (the national list writes "Phường Ba Đình", "Xã Thượng Phúc",
# "Đặc khu Phú Quốc"; one row has lost its accent: "Xa Ea Kly").
KIND_PREFIXES = (("Phường ", "ward"), ("Xã ", "commune"), ("Xa ", "commune"), ("Đặc khu ", "special_zone"))


@dataclass(frozen=True)
class ProvinceInfo:
    """A province as the reference data names it."""

    code: str
    name: str  # "Tỉnh Bắc Ninh", "Thành phố Hải Phòng"
    kind: str  # "province" or "city"
    governing_body: str  # "UBND TỈNH BẮC NINH"
    governing_body_name: str  # "Ủy ban nhân dân tỉnh Bắc Ninh"
    department_name: str  # "Sở Công Thương tỉnh Bắc Ninh"
    place_name: str  # "Bắc Ninh"
    mountain_default: bool

    @property
    def short_name(self):
        """ "Bắc Ninh", "Hải Phòng": the name without its kind."""
        for prefix in ("Thành phố ", "Tỉnh "):
            if self.name.startswith(prefix):
                return self.name[len(prefix) :]
        return self.name

    def department_values(self):
        """The Department's names for this province, as ``department.models.Department`` stores them."""
        return {
            "governing_body": self.governing_body,
            "governing_body_name": self.governing_body_name,
            "header_name": "SỞ CÔNG THƯƠNG",
            "name": self.department_name,
            "short_name": "SCT",
            "place_name": self.place_name,
            "head_title": "Giám đốc",
        }


@dataclass(frozen=True)
class CommuneInfo:
    code: str
    name: str  # "Ba Đình", without its kind
    kind: str  # "ward", "commune" or "special_zone"


@functools.cache
def provinces():
    """{code: ProvinceInfo} of the 34, in code order."""
    with PROVINCES_CSV.open(encoding="utf-8", newline="") as handle:
        rows = [{key: normalize(value) for key, value in row.items()} for row in csv.DictReader(handle)]
    return {row["code"]: ProvinceInfo(**{**row, "mountain_default": row["mountain_default"] == "true"}) for row in rows}


def province(code):
    """The province of ``code`` ("24"), or None when there is no such province."""
    return provinces().get(code)


def split_kind(full_name):
    """``"Phường Ba Đình"`` → ``("ward", "Ba Đình")``; a name without a known kind → ``(None, name)``."""
    full_name = normalize(full_name)
    for prefix, kind in KIND_PREFIXES:
        if full_name.startswith(prefix):
            return kind, full_name[len(prefix) :].strip()
    return None, full_name


@functools.cache
def _communes_by_province():
    by_province = {}
    with NATIONAL_COMMUNES_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            kind, name = split_kind(row["commune_name"])
            if kind is None:
                raise ValueError(f"{NATIONAL_COMMUNES_CSV.name}: no kind in {row['commune_name']!r}")
            by_province.setdefault(row["province_code"], []).append(CommuneInfo(row["commune_code"], name, kind))
    return by_province


def communes_of(code):
    """The communes, wards and special zones of the province ``code``, as the national list gives them."""
    return list(_communes_by_province().get(code, []))
