"""The issued report as documents: a .docx in the administrative layout of Decree 30/2020/NĐ-CP (built with
``core.documents``, like the follow-up letters) and an .xlsx with its tables (``core.exports``). Both are written
from the report's stored figures, once, when it is issued."""

import datetime
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from core import documents as doc
from core.exports import Column, xlsx_bytes
from department import letterhead as department_letterhead

from . import selectors

GROUP_WIDTHS = [Cm(4.9), Cm(1.4)] + [Cm(1.7)] * 6
OVERDUE_WIDTHS = [Cm(1.2), Cm(4.8), Cm(3.0), Cm(2.2), Cm(1.6), Cm(3.7)]
EXTENDED_WIDTHS = [Cm(1.2), Cm(4.8), Cm(3.0), Cm(3.0), Cm(4.5)]
# STT | label | the plan's figure | the measured one | the previous report's | the change: 16.5 cm.
TARGET_WIDTHS = [Cm(1.2), Cm(5.4), Cm(2.6), Cm(2.9), Cm(2.3), Cm(2.1)]  # "STT" at 11 pt on one line


def figure(value):
    """26 → "26", "33.30" → "33,3", None → "—": a stored figure as a Vietnamese reader writes it."""
    if value is None or value == "":
        return "—"
    number = Decimal(str(value)).normalize()
    return number_format(number, use_l10n=True)


def change(value):
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + figure(value)


def _date(text):
    return f"{datetime.date.fromisoformat(text):%d/%m/%Y}" if text else ""


def _as_number(value):
    return Decimal(str(value)) if value is not None else None


def _status_rows(items):
    return [[item["label"], item["total"], *(item["counts"][s] for s in selectors.STATUSES)] for item in items]


def _title(report):
    plan = report.figures["plan"]
    return _("Tình hình thực hiện Kế hoạch số %(number)s") % {"number": plan["number"]}


def signer_of(report, letterhead):
    """The signature block: as printed when issued (the name and title kept), else the draft's chosen Signatory."""
    if not report.is_draft:
        title = report.signer_title or letterhead.head_title
        return department_letterhead.signer(
            name=report.signer, title=title, capacity=report.capacity, letterhead=letterhead
        )
    return department_letterhead.signer_of(report.signatory, report.capacity, letterhead=letterhead)


NARRATIVE_HEADINGS = {
    "general_assessment": gettext_lazy("ĐÁNH GIÁ CHUNG"),
    "shortcomings": gettext_lazy("TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"),
    "next_tasks": gettext_lazy("NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI"),
    "recommendations": gettext_lazy("KIẾN NGHỊ, ĐỀ XUẤT"),
}
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def render_docx(report, previous=None, *, number=None, issued_on=None):
    """The report as .docx bytes; a draft's preview takes the ``number`` and ``issued_on`` typed so far (else
    dots to fill in) and is marked "DỰ THẢO" on every page."""
    figures = report.figures
    letterhead = department_letterhead.current()
    before = {row["key"]: row for row in selectors.comparison(figures, previous.figures if previous else None)}
    cut_off = f"{report.cut_off:%d/%m/%Y}"
    document = doc.new_document()
    if report.is_draft:
        doc.draft_mark(document)
    number = number or report.number or department_letterhead.number_placeholder(letterhead, "BC")
    doc.header(document, letterhead=letterhead, number=number, day=issued_on or report.issued_on, summary="")
    doc.paragraph(document, "")
    doc.paragraph(document, _("BÁO CÁO"), size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    doc.paragraph(document, _title(report), size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    doc.paragraph(
        document,
        _("(Số liệu đến ngày %(date)s)") % {"date": cut_off},
        size=14,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        space_after=6,
    )
    kinh_gui = doc.paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    doc.set_font(kinh_gui.add_run(_("Kính gửi: %(body)s") % {"body": letterhead.governing_body_name}), size=14)

    def text(content, **kwargs):
        kwargs.setdefault("space_after", 6)
        return doc.paragraph(document, content, size=14, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, **kwargs)

    sections = iter(ROMAN)

    def heading(title):
        # Set off from a table above it as from a paragraph.
        text(f"{next(sections)}. {title}", bold=True).paragraph_format.space_before = Pt(6)

    plan = figures["plan"]
    totals = figures["totals"]
    counts = totals["counts"]
    text(
        _(
            "Thực hiện %(citation)s (%(title)s), %(sender)s là cơ quan đầu mối theo dõi, đôn đốc việc thực "
            "hiện, báo cáo tình hình thực hiện đến ngày %(date)s như sau:"
        )
        % {
            "citation": selectors.plan_citation(plan),
            "title": plan["title"],
            "sender": letterhead.name,
            "date": cut_off,
        }
    )
    heading(_("TÌNH HÌNH THỰC HIỆN NHIỆM VỤ"))
    text(
        _(
            "Tổng số %(total)s nhiệm vụ, trong đó: đã hoàn thành đúng hạn %(done_on_time)s, "
            "hoàn thành quá hạn %(done_late)s, đang thực hiện trong hạn %(on_track)s, "
            "sắp đến hạn %(due_soon)s, quá hạn chưa hoàn thành %(overdue)s, "
            "không có thời hạn %(no_deadline)s."
        )
        % {"total": totals["total"], **counts}
    )
    if "overdue_share" in totals:
        share = _("Tỷ lệ nhiệm vụ quá hạn chưa hoàn thành: %(share)s%% (%(overdue)s/%(total)s nhiệm vụ).") % {
            "share": selectors.percent_text(totals["overdue_share"]),
            "overdue": counts["overdue"],
            "total": totals["total"],
        }
        if totals.get("on_time_rate") is not None:
            share += " " + _("Tỷ lệ hoàn thành đúng hạn trên số nhiệm vụ đã đến hạn: %(rate)s%%.") % {
                "rate": selectors.percent_text(totals["on_time_rate"])
            }
        text(share)
    titles = ["", _("Tổng số"), *(str(label) for _code, label in selectors.status_labels())]
    text(_("1. Theo nhóm nhiệm vụ"), italic=True)
    doc.grid_table(
        document, [_("Nhóm nhiệm vụ"), *titles[1:]], _status_rows(figures["groups"]), GROUP_WIDTHS, size=10, left=(0,)
    )
    text(_("2. Theo cơ quan chủ trì"), italic=True, space_after=6)
    doc.grid_table(
        document,
        [_("Cơ quan chủ trì"), *titles[1:]],
        _status_rows(figures["agencies"]),
        GROUP_WIDTHS,
        size=10,
        left=(0,),
    )

    heading(_("CÁC NHIỆM VỤ QUÁ HẠN"))
    if figures["overdue"]:
        rows = [
            [
                n,
                _("%(title)s\nMã %(code)s") % {"title": t["title"], "code": t["code"]},
                t["agency"],
                _date(t["due_date"]),
                t["days_overdue"],
                t["latest_report"] or "—",
            ]
            for n, t in enumerate(figures["overdue"], start=1)
        ]
        titles_overdue = [
            _("STT"),
            _("Nhiệm vụ"),
            _("Cơ quan chủ trì"),
            _("Thời hạn"),
            _("Số ngày quá hạn"),
            _("Tình hình, lý do"),
        ]
        doc.grid_table(document, titles_overdue, rows, OVERDUE_WIDTHS, size=11, left=(1, 2, 5))
    else:
        text(_("Không có nhiệm vụ quá hạn."))

    heading(_("CÁC NHIỆM VỤ ĐƯỢC GIA HẠN"))
    if figures["extended"]:
        rows = [
            [
                n,
                _("%(title)s\nMã %(code)s") % {"title": t["title"], "code": t["code"]},
                t["agency"],
                f"{_date(t['previous_due_date'])} → {_date(t['due_date'])}",
                t["reason"],
            ]
            for n, t in enumerate(figures["extended"], start=1)
        ]
        doc.grid_table(
            document,
            [_("STT"), _("Nhiệm vụ"), _("Cơ quan chủ trì"), _("Thời hạn"), _("Lý do gia hạn")],
            rows,
            EXTENDED_WIDTHS,
            size=11,
            left=(1, 2, 4),
        )
    else:
        text(_("Không có nhiệm vụ được gia hạn."))

    measured = _("Thực hiện đến %(date)s") % {"date": cut_off}
    heading(_("KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"))
    rows = []
    for n, target in enumerate(figures["targets"], start=1):
        row = before[f"target:{target['id']}"]
        goal = figure(target["target_min"]) + (f"–{figure(target['target_max'])}" if target["target_max"] else "")
        value = _("chưa có dữ liệu") if target["value"] is None else f"{figure(target['value'])} {target['unit']}"
        rows.append(
            [
                n,
                target["label"],
                f"{goal} {target['unit']}".strip(),
                value.strip(),
                figure(row["previous"]),
                change(row["change"]),
            ]
        )
    doc.grid_table(
        document,
        [_("STT"), _("Chỉ tiêu"), _("Mục tiêu Kế hoạch"), measured, _("Báo cáo trước"), _("Thay đổi")],
        rows,
        TARGET_WIDTHS,
        size=11,
    )

    heading(_("SỐ LIỆU SỔ ĐĂNG KÝ CỤM CÔNG NGHIỆP"))
    text(
        _(
            "Cột “Kế hoạch” ghi số liệu nêu trong Kế hoạch; cột “Sổ đăng ký” ghi số liệu đo được "
            "trên sổ đăng ký cụm công nghiệp đến hết ngày %(date)s."
        )
        % {"date": cut_off},
        italic=True,
    )
    rows = []
    for n, line in enumerate(figures["register"], start=1):
        row = before[f"register:{line['label']}"]
        rows.append(
            [
                n,
                line["label"],
                _plan_figure(line),
                figure(line["value"]) if line["value"] is None else f"{figure(line['value'])} {line['unit']}".strip(),
                figure(row["previous"]),
                change(row["change"]),
            ]
        )
    doc.grid_table(
        document,
        [
            _("STT"),
            _("Chỉ số"),
            _("Kế hoạch"),
            _("Sổ đăng ký đến %(date)s") % {"date": cut_off},
            _("Báo cáo trước"),
            _("Thay đổi"),
        ],
        rows,
        TARGET_WIDTHS,
        size=11,
    )

    if previous is not None:
        total = before["total"]
        overdue = before["overdue"]
        text(
            _(
                "So với Báo cáo số %(number)s (số liệu đến ngày %(date)s): tổng số nhiệm vụ "
                "%(total)s, số nhiệm vụ quá hạn %(overdue)s."
            )
            % {
                "number": previous.number,
                "date": f"{previous.cut_off:%d/%m/%Y}",
                "total": change(total["change"]),
                "overdue": change(overdue["change"]),
            },
        )
    for name, title in NARRATIVE_HEADINGS.items():
        written = getattr(report, name)
        if written.strip():
            heading(str(title))
            doc.written_text(document, written)
    text(_("%(sender)s trân trọng báo cáo./.") % {"sender": letterhead.running_name}, space_after=12)
    signer = signer_of(report, letterhead)
    recipients = department_letterhead.recipients_for(signer, letterhead)
    doc.signature(document, recipients=recipients, lines=signer.lines, signer=signer.name)
    return doc.as_bytes(document)


def _plan_figure(line):
    """The plan's own figure for a register line ("khoảng 80.000 người"), or "—" when the plan sets none."""
    if line.get("plan") is None:
        return "—"
    text = f"{figure(line['plan'])} {line['unit']}".strip()
    return _("khoảng %(figure)s") % {"figure": text} if line.get("plan_approximate") else text


def render_xlsx(report, previous=None):
    """The report's tables as an .xlsx, one sheet each."""
    figures = report.figures
    status_columns = [Column(_("Tổng số"), 10, "number")] + [
        Column(str(label), 14, "number") for _code, label in selectors.status_labels()
    ]

    def status_rows(items):
        return [[item["label"], item["total"], *(item["counts"][s] for s in selectors.STATUSES)] for item in items]

    def day(text):
        return datetime.date.fromisoformat(text) if text else None

    sheets = [
        (_("Theo nhóm"), [Column(_("Nhóm nhiệm vụ"), 40), *status_columns], status_rows(figures["groups"])),
        (_("Theo cơ quan"), [Column(_("Cơ quan chủ trì"), 40), *status_columns], status_rows(figures["agencies"])),
        (
            _("Quá hạn"),
            [
                Column(_("Mã"), 10),
                Column(_("Nhiệm vụ"), 50),
                Column(_("Cơ quan chủ trì"), 30),
                Column(_("Thời hạn"), 12, "date"),
                Column(_("Số ngày quá hạn"), 10, "number"),
                Column(_("Tình hình, lý do"), 50),
            ],
            [
                [t["code"], t["title"], t["agency"], day(t["due_date"]), t["days_overdue"], t["latest_report"]]
                for t in figures["overdue"]
            ],
        ),
        (
            _("Gia hạn"),
            [
                Column(_("Mã"), 10),
                Column(_("Nhiệm vụ"), 50),
                Column(_("Cơ quan chủ trì"), 30),
                Column(_("Thời hạn cũ"), 12, "date"),
                Column(_("Thời hạn mới"), 12, "date"),
                Column(_("Lý do"), 50),
            ],
            [
                [t["code"], t["title"], t["agency"], day(t["previous_due_date"]), day(t["due_date"]), t["reason"]]
                for t in figures["extended"]
            ],
        ),
        (
            _("Chỉ tiêu"),
            [
                Column(_("Chỉ tiêu"), 60),
                Column(_("Mục tiêu Kế hoạch"), 14, "number"),
                Column(_("Thực hiện đến %(date)s") % {"date": f"{report.cut_off:%d/%m/%Y}"}, 16, "number"),
                Column(_("Đơn vị"), 10),
            ],
            [[t["label"], _as_number(t["target_min"]), _as_number(t["value"]), t["unit"]] for t in figures["targets"]],
        ),
        (
            _("Sổ đăng ký"),
            [
                Column(_("Chỉ số"), 60),
                Column(_("Kế hoạch"), 14, "number"),
                Column(_("Sổ đăng ký đến %(date)s") % {"date": f"{report.cut_off:%d/%m/%Y}"}, 16, "number"),
                Column(_("Đơn vị"), 14),
            ],
            [
                [line["label"], _as_number(line.get("plan")), _as_number(line["value"]), line["unit"]]
                for line in figures["register"]
            ],
        ),
        (
            _("So sánh"),
            [
                Column(_("Chỉ số"), 60),
                Column(_("Báo cáo trước"), 14, "number"),
                Column(_("Kỳ này"), 14, "number"),
                Column(_("Thay đổi"), 14, "number"),
            ],
            [
                [row["label"], _as_number(row["previous"]), _as_number(row["value"]), row["change"]]
                for row in selectors.comparison(figures, previous.figures if previous else None)
            ],
        ),
    ]
    return xlsx_bytes(sheets)


def filename(report, extension):
    number = "".join(c if c.isalnum() else "-" for c in report.number) or "du-thao"
    return f"bao-cao-ke-hoach-{number}-{report.cut_off:%Y%m%d}.{extension}"
