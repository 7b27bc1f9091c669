#!/usr/bin/env python
"""Pictures of the documents the Director signs, for docs/documents-gallery.md: each document the system writes,
made from the demo data, converted to PDF by LibreOffice (``core.pdf``) and its first page (and its last, where the
signer block is, when it has more than one) rendered to PNG by poppler's ``pdftoppm``.

The data is the demo's (``load_demo_data``) in a throwaway SQLite database in a temporary folder, with the uploaded
files in that folder too: the script never opens var/db.sqlite3, a DATABASE_URL database or var/media.

    .venv/bin/python scripts/render_documents.py            # writes docs/images/documents/*.png
    .venv/bin/python scripts/render_documents.py --out /tmp/pages --keep-pdf

Needs LibreOffice (soffice) and poppler-utils (pdftoppm, pdfinfo): ``make browser`` installs them.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "docs" / "images" / "documents"
# 60 dpi scaled to 850 px on the long side, in grey (the documents are black on white): readable, each picture
# well under 150 KB.
PNG_OPTIONS = ["-png", "-gray", "-r", "60", "-scale-to", "850"]
DEMO_MARK = "(MẪU)"


@dataclass
class Rendered:
    """One document as the system writes it: ``name`` (the pictures' file stem), what it is, its bytes."""

    name: str
    title: str
    extension: str  # "docx" or "xlsx"
    content: bytes


def setup_django(folder):
    """Django on a fresh SQLite database in ``folder`` (migrated, the demo loaded), its media in ``folder`` too."""
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'documents.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    os.environ["STORAGE_BACKEND"] = "filesystem"
    os.environ["CACHE_URL"] = os.environ["REDIS_URL"] = ""  # the process's own memory, not a shared Redis
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "render-documents-only-" + "x" * 40)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.conf import settings

    # The environment is read once, when the settings load: check that it was this folder they took.
    database = Path(settings.DATABASES["default"]["NAME"])
    if database.parent != folder or Path(settings.MEDIA_ROOT).parent != folder:
        raise SystemExit(f"refusing to run: the database would be {database}, not one in {folder}")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo_data", verbosity=0, stdout=quiet)


def build_documents(*, actor=None, today=None):
    """Every kind of document the system writes, from the data in the database (the demo's, or a test's world):

    - the issued plan report's .docx (the latest issued one);
    - Biểu 04's covering report (.docx) and its table (.xlsx): the period's current one, else one issued now
      through ``reporting.services.bieu04_issue`` for the latest period whose data window has closed;
    - the follow-up letter to the agency with the most overdue or due-soon tasks (``notifications.letters``);
    - the reminder letter to the commune with the most reports still missing (``reporting.letters``).

    ``actor`` is a coordinator (else the first active one). Returns a list of ``Rendered``."""
    from django.db.models import Count, Q

    from agencies.models import Agency
    from core.dates import local_today
    from department import letterhead as department_letterhead
    from department.models import Capacity
    from notifications import letters as agency_letters
    from notifications.models import FollowUpLetter
    from places.models import Commune
    from plan_reports.models import PlanReport
    from reporting import letters as commune_letters
    from reporting.models import Bieu04, ReportingPeriod, Submission
    from reporting.reminders import escalated_in_commune

    today = today or local_today()
    actor = actor or _coordinator()
    signatories = list(department_letterhead.active_signatories())
    head = signatories[0] if signatories else None
    deputy = signatories[1] if len(signatories) > 1 else head
    documents = []

    report = PlanReport.objects.filter(status=PlanReport.Status.ISSUED).order_by("-issued_at", "-pk").first()
    if report is None:
        raise LookupError("no issued plan report: load the demo data (load_demo_data) first")
    with report.docx_file.open("rb") as handle:
        documents.append(
            Rendered(
                "bao-cao-ke-hoach", f"Báo cáo tình hình thực hiện Kế hoạch số {report.number}", "docx", handle.read()
            )
        )

    bieu04 = Bieu04.objects.current().order_by("-issued_on", "-pk").first() or _issue_bieu04(actor, head, today)
    with bieu04.docx_file.open("rb") as handle:
        documents.append(Rendered("bieu-04-bao-cao", f"Báo cáo kèm Biểu 04 số {bieu04.number}", "docx", handle.read()))
    with bieu04.xlsx_file.open("rb") as handle:
        documents.append(Rendered("bieu-04-bang", f"Biểu 04 số {bieu04.number} (bảng)", "xlsx", handle.read()))

    # Not the Department itself (the coordinator's agency): it does not write to itself.
    others = Agency.objects.filter(is_active=True).exclude(memberships__user=actor).order_by("code")
    agency, lines = max(
        ((agency, agency_letters.letter_lines(agency, today)) for agency in others),
        key=lambda pair: len(pair[1]),
    )
    if not lines:
        raise LookupError("no agency has an overdue or due-soon task to be chased for")
    letter = FollowUpLetter(agency=agency, created_by=actor)  # not recorded: the picture needs only the document
    signer = department_letterhead.signer_of(head)
    documents.append(
        Rendered(
            "cong-van-don-doc-co-quan",
            f"Công văn đôn đốc gửi {agency.name}",
            "docx",
            agency_letters.render_docx(letter, lines, as_of=today, signer=signer),
        )
    )

    # The commune chased for the most reports: those escalated after the reminders, else (a fresh demo, before any
    # escalation) those not yet accepted, which the same letter would list once they are.
    open_reports = Submission.objects.exclude(state=Submission.State.ACCEPTED).filter(cluster__isnull=False)
    busiest = (
        open_reports.values("period", "cluster__communes")
        .annotate(count=Count("pk"))
        .filter(~Q(cluster__communes=None))
        .order_by("-count", "period")
        .first()
    )
    if busiest is None:
        raise LookupError("no report of a commune's clusters is waiting: the commune letter would list nothing")
    period = ReportingPeriod.objects.get(pk=busiest["period"])
    commune = Commune.objects.get(pk=busiest["cluster__communes"])
    submissions = list(escalated_in_commune(period, commune)) or list(
        open_reports.filter(period=period, cluster__communes=commune)
        .select_related("form", "period", "cluster", "commune")
        .order_by("form__code", "cluster__code", "pk")
    )
    kt = department_letterhead.signer_of(deputy, Capacity.ON_BEHALF if deputy is not head else "")
    documents.append(
        Rendered(
            "cong-van-don-doc-xa",
            f"Công văn đôn đốc báo cáo gửi {commune_letters.committee_full_name(commune)}",
            "docx",
            commune_letters.render_docx(period, commune, submissions, today=today, signer=kt),
        )
    )
    return documents


NAMES = ["bao-cao-ke-hoach", "bieu-04-bao-cao", "bieu-04-bang", "cong-van-don-doc-co-quan", "cong-van-don-doc-xa"]


def _coordinator():
    from django.contrib.auth import get_user_model

    from agencies.models import Membership

    return (
        get_user_model()
        .objects.filter(memberships__is_active=True, memberships__role=Membership.Role.COORDINATOR, is_active=True)
        .order_by("username")
        .first()
    )


def _issue_bieu04(actor, signatory, today):
    """Biểu 04 of the latest period whose data window has closed, issued through the service (gaps and all)."""
    from reporting.models import ReportingPeriod
    from reporting.services import bieu04_issue, ensure_periods

    ensure_periods(today.year)
    periods = [p for p in ReportingPeriod.objects.order_by("-year", "-pk") if p.data_end < today]
    if not periods:
        raise LookupError("no reporting period has closed yet: Biểu 04 cannot be issued")
    period = periods[0]
    return bieu04_issue(
        actor=actor,
        period=period,
        number=f"01/BC-SCT-B04 {DEMO_MARK}",
        issued_on=max(today, period.data_end),
        signatory=signatory,
        signer="" if signatory is not None else "Người ký mẫu",
        gaps_reason="DỮ LIỆU MẪU: ban hành để minh họa, chưa đủ báo cáo.",
    )


def to_pdf(document):
    from core.pdf import office_to_pdf

    return office_to_pdf(document.content, extension=document.extension)


def page_count(pdf_path):
    info = subprocess.run(["pdfinfo", str(pdf_path)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def render_pages(pdf_path, name, out):
    """``<name>-p1.png`` and, when there are more pages, ``<name>-p<last>.png``; returns their paths."""
    pages = page_count(pdf_path)
    written = []
    for page in sorted({1, pages}):
        stem = out / f"{name}-p{page}"
        subprocess.run(
            ["pdftoppm", *PNG_OPTIONS, "-f", str(page), "-l", str(page), "-singlefile", str(pdf_path), str(stem)],
            check=True,
        )
        written.append(stem.with_suffix(".png"))
    return pages, written


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=str(OUT), help="the folder for the pictures (docs/images/documents)")
    parser.add_argument("--keep-pdf", action="store_true", help="also write each PDF beside its pictures")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="render-documents-") as folder:
        folder = Path(folder).resolve()
        started = time.monotonic()
        setup_django(folder)
        print(f"demo data loaded in {time.monotonic() - started:.0f} s")
        for old in out.glob("*.png"):
            old.unlink()
        for document in build_documents():
            pdf = folder / f"{document.name}.pdf"
            pdf.write_bytes(to_pdf(document))
            if args.keep_pdf:
                (out / pdf.name).write_bytes(pdf.read_bytes())
            pages, pictures = render_pages(pdf, document.name, out)
            sizes = ", ".join(f"{p.name} {p.stat().st_size // 1024} KB" for p in pictures)
            print(f"{document.title}: {pages} page(s) — {sizes}")


if __name__ == "__main__":
    main()
