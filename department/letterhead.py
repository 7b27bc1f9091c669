"""The one place that reads the Department's names and signers for a page, an email or a document.

``current()`` gives the letterhead (cached until the Department's rows change);
``signature_lines()`` writes a signature block's capacity and title lines the way Decree 30 lays them out.
"""

from dataclasses import dataclass

from core import cache

from .models import Capacity, Department

CACHE_SECONDS = 300


@dataclass(frozen=True)
class Letterhead:
    governing_body: str  # "UBND THÀNH PHỐ HÀ NỘI", the header's first line
    governing_body_name: str  # "Ủy ban nhân dân thành phố Hà Nội", in "Kính gửi"
    header_name: str  # "SỞ CÔNG THƯƠNG", bold under it
    name: str  # "Sở Công Thương thành phố Hà Nội", in running text, pages and emails
    short_name: str  # "SCT", in "15/BC-SCT"
    place_name: str  # "Hà Nội", in the date line
    head_title: str  # "Giám đốc"
    province_code: str
    province_name: str
    contact: dict  # unit, address, phone, email: where users ask for help
    configured: bool = True


# Before the reference data names the Department (a new database), documents leave its names to be filled in.
UNNAMED = Letterhead(
    governing_body="",
    governing_body_name="",
    header_name="SỞ CÔNG THƯƠNG",
    name="Sở Công Thương",
    short_name="SCT",
    place_name="……………",
    head_title="Giám đốc",
    province_code="",
    province_name="",
    contact={"unit": "", "address": "", "phone": "", "email": ""},
    configured=False,
)


def _read():
    department = Department.objects.select_related("province").first()
    if department is None:
        return UNNAMED
    return Letterhead(
        governing_body=department.governing_body,
        governing_body_name=department.governing_body_name,
        header_name=department.header_name,
        name=department.name,
        short_name=department.short_name,
        place_name=department.place_name,
        head_title=department.head_title,
        province_code=department.province.code,
        province_name=department.province.name,
        contact={
            "unit": department.contact_unit,
            "address": department.contact_address,
            "phone": department.contact_phone,
            "email": department.contact_email,
        },
    )


def current():
    """The Department's letterhead as the data says today."""
    return cache.cached((cache.DEPARTMENT,), ("letterhead",), _read, CACHE_SECONDS)


def signature_lines(capacity, title, head_title):
    """The lines above the signature: ``("kt", "Phó Giám đốc", "Giám đốc")`` → ``["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]``.

    The head signs under their own title; a deputy signs in the head's place (KT.); a chief of office by the head's
    order (TL.) or delegation (TUQ.), each under their own title; an acting head as "Q. GIÁM ĐỐC"."""
    head, own = head_title.upper(), title.upper()
    prefixes = {
        Capacity.ON_BEHALF: "KT.",
        Capacity.BY_ORDER: "TL.",
        Capacity.BY_DELEGATION: "TUQ.",
    }
    if capacity == Capacity.ACTING:
        return [f"Q. {head}"]
    if capacity in prefixes:
        return [f"{prefixes[capacity]} {head}", own]
    return [own or head]
