"""The one place that reads the Department's names and signers for a page, an email or a document.

``current()`` gives the letterhead (cached until the Department's rows change); ``sender()`` the From of the
application's emails, under the Department's name;
``signature_lines()`` writes a signature block's capacity and title lines the way Decree 30 lays them out.
"""

from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import parseaddr

from django.conf import settings
from django.utils.translation import gettext as _

from core import cache

from .models import Capacity, Department, Signatory

CACHE_SECONDS = 300


@dataclass(frozen=True)
class Letterhead:
    governing_body: str  # "UBND TỈNH BẮC NINH", the header's first line
    governing_body_name: str  # "Ủy ban nhân dân tỉnh Bắc Ninh", in "Kính gửi"
    header_name: str  # "SỞ CÔNG THƯƠNG", bold under it
    name: str  # "Sở Công Thương tỉnh Bắc Ninh", in running text, pages and emails
    short_name: str  # "SCT", in "15/BC-SCT"
    place_name: str  # "Bắc Ninh", in the date line
    head_title: str  # "Giám đốc"
    province_code: str
    province_name: str
    contact: dict  # unit, address, phone, email: where users ask for help
    configured: bool = True

    @property
    def running_name(self):
        """ "Sở Công Thương": how the text refers to the Department again after naming it in full once."""
        return self.header_name.title()

    @property
    def issuing_body(self):
        """ "UBND tỉnh Tuyên Quang": the province's People's Committee as a plan or a cluster decision records its
        issuer, when none is given; empty before the Department is named."""
        body = self.governing_body_name
        return "UBND " + body[len("Ủy ban nhân dân ") :] if body.startswith("Ủy ban nhân dân ") else body


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


# The From's display name before the reference data names the Department.
NEUTRAL_SENDER = "Hệ thống theo dõi cụm công nghiệp"


def sender():
    """The From of an email: ``DEFAULT_FROM_EMAIL``'s address under the Department's name ("Sở Công Thương tỉnh
    Bắc Ninh <no-reply@…>"); an address the settings give with a display name of its own is used as it is."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if name or "@" not in address:
        return settings.DEFAULT_FROM_EMAIL
    letterhead = current()
    username, domain = address.rsplit("@", 1)
    display_name = letterhead.name if letterhead.configured else NEUTRAL_SENDER
    return str(Address(display_name=display_name, username=username, domain=domain))


# The issuer of plans and cluster decisions before the reference data names the Department (Decree 32: the
# provincial People's Committee).
UNNAMED_GOVERNING_BODY = "Ủy ban nhân dân cấp tỉnh"


def default_issuing_body():
    """The issuer a new plan or cluster decision records unless told otherwise: the province's People's Committee
    as decisions write it ("UBND tỉnh Tuyên Quang"), or a neutral "Ủy ban nhân dân cấp tỉnh" before the Department
    is named."""
    return current().issuing_body or UNNAMED_GOVERNING_BODY


# The models' field default, by the name their migrations recorded.
governing_body_name = default_issuing_body


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


@dataclass(frozen=True)
class Signer:
    """Who signs a document as it prints: the capacity and title lines above the signature and the name below."""

    lines: tuple
    name: str


def default_capacity(title, head_title):
    """The head signs as the head; anyone else, by default, in the head's place (KT.)."""
    return Capacity.HEAD if title.strip().casefold() == head_title.strip().casefold() else Capacity.ON_BEHALF


def signer(*, name, title, capacity, letterhead=None):
    """The signature block of ``name`` with ``title`` signing in ``capacity`` for the Department's head."""
    letterhead = letterhead or current()
    capacity = capacity or default_capacity(title, letterhead.head_title)
    return Signer(lines=tuple(signature_lines(capacity, title, letterhead.head_title)), name=name)


def signer_of(signatory, capacity="", letterhead=None):
    """The signature block of a ``Signatory`` (None: the head's title and room for a name written by hand)."""
    letterhead = letterhead or current()
    if signatory is None:
        return Signer(lines=(letterhead.head_title.upper(),), name="")
    return signer(name=signatory.full_name, title=signatory.title, capacity=capacity, letterhead=letterhead)


def active_signatories():
    return Signatory.objects.filter(is_active=True).order_by("order", "full_name", "pk")


def number_placeholder(letterhead, kind=None):
    """ "……/SCT-……" (a letter) or "……/BC-SCT" (a report, ``kind`` "BC"): the number is written in by hand."""
    if kind:
        return f"……/{kind}-{letterhead.short_name}"
    return f"……/{letterhead.short_name}-……"


def proposed_number(letterhead, kind="BC"):
    """The help text's example of a number: "123/BC-SCT"."""
    return f"123/{kind}-{letterhead.short_name}"


def recipients_for(signer, letterhead):
    """ "Nơi nhận" for the document ``signer`` (a ``Signer``) signs: when the head signs under their own title, the
    addressee and the file; when anyone else signs, the head too, to be informed."""
    if tuple(signer.lines) == (letterhead.head_title.upper(),):
        return [_("- Như trên;"), _("- Lưu: VT, QLCN.")]
    return recipients_with_head(letterhead)


def recipients_with_head(letterhead):
    """ "Nơi nhận" of a document a deputy or an office signs: the addressee, the head (to be informed), the file."""
    return [
        _("- Như trên;"),
        _("- %(head)s Sở (để báo cáo);") % {"head": letterhead.head_title},
        _("- Lưu: VT, QLCN."),
    ]
