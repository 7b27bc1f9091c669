"""The issued report as documents: a .docx in the administrative layout of Decree 30/2020/NĐ-CP (built with
``core.documents``, like the follow-up letters) and an .xlsx with its tables (``core.exports``). Both are written
from the report's stored figures, once, when it is issued."""

import datetime
from decimal import Decimal

from django.utils.formats import number_format
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from core import documents as doc
from core.exports import Column, xlsx_bytes

from . import selectors

GROUP_WIDTHS = [Cm(4.9), Cm(1.4)] + [Cm(1.7)] * 6
OVERDUE_WIDTHS = [Cm(1.2), Cm(4.8), Cm(3.0), Cm(2.2), Cm(1.6), Cm(3.7)]
EXTENDED_WIDTHS = [Cm(1.2), Cm(4.8), Cm(3.0), Cm(3.0), Cm(4.5)]
FIGURE_WIDTHS = [Cm(1.2), Cm(7.8), Cm(2.5), Cm(2.5), Cm(2.5)]


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
    return f"Tình hình thực hiện Kế hoạch số {plan['number']}"


def render_docx(report, previous=None):
    """The report as .docx bytes."""
    figures = report.figures
    before = {row["key"]: row for row in selectors.comparison(figures, previous.figures if previous else None)}
    document = doc.new_document()
    doc.header(document, number=report.number, day=report.issued_on, summary="")
    doc.paragraph(document, "")
    doc.paragraph(document, "BÁO CÁO", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    doc.paragraph(document, _title(report), size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    doc.paragraph(
        document,
        f"(Số liệu đến ngày {report.cut_off:%d/%m/%Y})",
        size=14,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        space_after=6,
    )
    kinh_gui = doc.paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    doc.set_font(kinh_gui.add_run("Kính gửi: Ủy ban nhân dân thành phố Hà Nội"), size=14)

    def text(content, **kwargs):
        kwargs.setdefault("space_after", 6)
        doc.paragraph(document, content, size=14, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, **kwargs)

    plan = figures["plan"]
    totals = figures["totals"]
    counts = totals["counts"]
    text(
        f"Thực hiện Kế hoạch số {plan['number']} ({plan['title']}), {doc.SENDER_SHORT} là cơ quan đầu mối theo dõi, "
        f"đôn đốc việc thực hiện, báo cáo tình hình thực hiện đến ngày {report.cut_off:%d/%m/%Y} như sau:"
    )
    text("I. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ", bold=True)
    text(
        f"Tổng số {totals['total']} nhiệm vụ, trong đó: đã hoàn thành đúng hạn {counts['done_on_time']}, "
        f"hoàn thành quá hạn {counts['done_late']}, đang thực hiện trong hạn {counts['on_track']}, "
        f"sắp đến hạn {counts['due_soon']}, quá hạn chưa hoàn thành {counts['overdue']}, "
        f"không có thời hạn {counts['no_deadline']}."
    )
    titles = ["", "Tổng số", *(str(label) for _code, label in selectors.status_labels())]
    text("1. Theo nhóm nhiệm vụ", italic=True)
    doc.grid_table(
        document, ["Nhóm nhiệm vụ", *titles[1:]], _status_rows(figures["groups"]), GROUP_WIDTHS, size=10, left=(0,)
    )
    text("2. Theo cơ quan chủ trì", italic=True, space_after=6)
    doc.grid_table(
        document, ["Cơ quan chủ trì", *titles[1:]], _status_rows(figures["agencies"]), GROUP_WIDTHS, size=10, left=(0,)
    )

    text("II. CÁC NHIỆM VỤ QUÁ HẠN", bold=True)
    if figures["overdue"]:
        rows = [
            [
                n,
                f"{t['title']}\nMã {t['code']}",
                t["agency"],
                _date(t["due_date"]),
                t["days_overdue"],
                t["latest_report"] or "—",
            ]
            for n, t in enumerate(figures["overdue"], start=1)
        ]
        titles_overdue = ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Số ngày quá hạn", "Tình hình, lý do"]
        doc.grid_table(document, titles_overdue, rows, OVERDUE_WIDTHS, size=11, left=(1, 2, 5))
    else:
        text("Không có nhiệm vụ quá hạn.")

    text("III. CÁC NHIỆM VỤ ĐƯỢC GIA HẠN", bold=True)
    if figures["extended"]:
        rows = [
            [
                n,
                f"{t['title']}\nMã {t['code']}",
                t["agency"],
                f"{_date(t['previous_due_date'])} → {_date(t['due_date'])}",
                t["reason"],
            ]
            for n, t in enumerate(figures["extended"], start=1)
        ]
        doc.grid_table(
            document,
            ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Lý do gia hạn"],
            rows,
            EXTENDED_WIDTHS,
            size=11,
            left=(1, 2, 4),
        )
    else:
        text("Không có nhiệm vụ được gia hạn.")

    text("IV. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", bold=True)
    rows = []
    for n, target in enumerate(figures["targets"], start=1):
        row = before[f"target:{target['id']}"]
        goal = figure(target["target_min"]) + (f"–{figure(target['target_max'])}" if target["target_max"] else "")
        value = "chưa có dữ liệu" if target["value"] is None else f"{figure(target['value'])} {target['unit']}"
        rows.append(
            [
                n,
                f"{target['label']}\n(mục tiêu: {goal} {target['unit']})",
                value,
                figure(row["previous"]),
                change(row["change"]),
            ]
        )
    doc.grid_table(document, ["STT", "Chỉ tiêu", "Kết quả", "Báo cáo trước", "Thay đổi"], rows, FIGURE_WIDTHS, size=11)

    text("V. SỐ LIỆU SỔ ĐĂNG KÝ CỤM CÔNG NGHIỆP", bold=True)
    rows = []
    for n, line in enumerate(figures["register"], start=1):
        row = before[f"register:{line['label']}"]
        rows.append(
            [
                n,
                line["label"],
                figure(line["value"]) if line["value"] is None else f"{figure(line['value'])} {line['unit']}".strip(),
                figure(row["previous"]),
                change(row["change"]),
            ]
        )
    doc.grid_table(document, ["STT", "Chỉ số", "Số liệu", "Báo cáo trước", "Thay đổi"], rows, FIGURE_WIDTHS, size=11)

    if previous is not None:
        total = before["total"]
        overdue = before["overdue"]
        text(
            f"So với Báo cáo số {previous.number} (số liệu đến ngày {previous.cut_off:%d/%m/%Y}): tổng số nhiệm vụ "
            f"{change(total['change'])}, số nhiệm vụ quá hạn {change(overdue['change'])}.",
            space_after=12,
        )
    text(f"{doc.SENDER_SHORT} trân trọng báo cáo./.", space_after=12)
    doc.signature(
        document,
        recipients=["- Như trên;", "- Giám đốc Sở (để báo cáo);", "- Lưu: VT, QLCN."],
        title="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
        signer=report.signer,
    )
    return doc.as_bytes(document)


def render_xlsx(report, previous=None):
    """The report's tables as an .xlsx, one sheet each."""
    figures = report.figures
    status_columns = [Column("Tổng số", 10, "number")] + [
        Column(str(label), 14, "number") for _code, label in selectors.status_labels()
    ]

    def status_rows(items):
        return [[item["label"], item["total"], *(item["counts"][s] for s in selectors.STATUSES)] for item in items]

    def day(text):
        return datetime.date.fromisoformat(text) if text else None

    sheets = [
        ("Theo nhóm", [Column("Nhóm nhiệm vụ", 40), *status_columns], status_rows(figures["groups"])),
        ("Theo cơ quan", [Column("Cơ quan chủ trì", 40), *status_columns], status_rows(figures["agencies"])),
        (
            "Quá hạn",
            [
                Column("Mã", 10),
                Column("Nhiệm vụ", 50),
                Column("Cơ quan chủ trì", 30),
                Column("Thời hạn", 12, "date"),
                Column("Số ngày quá hạn", 10, "number"),
                Column("Tình hình, lý do", 50),
            ],
            [
                [t["code"], t["title"], t["agency"], day(t["due_date"]), t["days_overdue"], t["latest_report"]]
                for t in figures["overdue"]
            ],
        ),
        (
            "Gia hạn",
            [
                Column("Mã", 10),
                Column("Nhiệm vụ", 50),
                Column("Cơ quan chủ trì", 30),
                Column("Thời hạn cũ", 12, "date"),
                Column("Thời hạn mới", 12, "date"),
                Column("Lý do", 50),
            ],
            [
                [t["code"], t["title"], t["agency"], day(t["previous_due_date"]), day(t["due_date"]), t["reason"]]
                for t in figures["extended"]
            ],
        ),
        (
            "Chỉ tiêu",
            [
                Column("Chỉ tiêu", 60),
                Column("Kết quả", 12, "number"),
                Column("Mục tiêu", 12, "number"),
                Column("Đơn vị", 10),
            ],
            [[t["label"], _as_number(t["value"]), _as_number(t["target_min"]), t["unit"]] for t in figures["targets"]],
        ),
        (
            "Sổ đăng ký",
            [Column("Chỉ số", 60), Column("Số liệu", 14, "number"), Column("Đơn vị", 14)],
            [[line["label"], _as_number(line["value"]), line["unit"]] for line in figures["register"]],
        ),
        (
            "So sánh",
            [
                Column("Chỉ số", 60),
                Column("Báo cáo trước", 14, "number"),
                Column("Kỳ này", 14, "number"),
                Column("Thay đổi", 14, "number"),
            ],
            [
                [row["label"], _as_number(row["previous"]), _as_number(row["value"]), row["change"]]
                for row in selectors.comparison(figures, previous.figures if previous else None)
            ],
        ),
    ]
    return xlsx_bytes(sheets)


def filename(report, extension):
    number = "".join(c if c.isalnum() else "-" for c in report.number)
    return f"bao-cao-ke-hoach-{number}-{report.cut_off:%Y%m%d}.{extension}"
