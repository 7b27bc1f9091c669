"""Follow-up letters (công văn đôn đốc): which tasks an agency is chased for, recording it, and the .docx.

The letter follows the administrative letter form of Decree 30/2020/NĐ-CP (Appendix I): the issuing
body and the national motto side by side, number and place-date lines, the "V/v" summary, "Kính gửi",
the body with the standard task table (STT, Nhiệm vụ, Thời hạn, Tình trạng, Số ngày quá hạn), then
"Nơi nhận" and the signature block. Number and date are printed when given, otherwise left as dots to
fill in by hand before signing.
"""

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from agencies import scoping
from tasks.models import Task, local_today
from tasks.models.tasks import DeadlineStatus

from .models import FollowUpLetter

PARENT_BODY = "UBND THÀNH PHỐ HÀ NỘI"
SENDER = "SỞ CÔNG THƯƠNG HÀ NỘI"
SENDER_SHORT = "Sở Công Thương"
NUMBER_PLACEHOLDER = "……/SCT-……"
FONT = "Times New Roman"


@dataclass
class LetterLine:
    """One row of the letter's table."""

    task: Task
    agency: object  # the agency the letter is written to
    days_overdue: int

    @property
    def is_lead(self):
        return self.task.lead_agency_id == self.agency.pk

    @property
    def is_overdue(self):
        return self.task.deadline_status == DeadlineStatus.OVERDUE


def letter_lines(agency, today=None):
    """The agency's open tasks (lead or support) that are overdue or due soon: overdue first, most late first."""
    today = today or local_today()
    tasks = (
        Task.objects.with_deadline_status(today)
        .involving(agency)
        .open()
        .filter(deadline_status__in=[DeadlineStatus.OVERDUE, DeadlineStatus.DUE_SOON])
        .select_related("lead_agency", "group__plan")
    )
    lines = [
        LetterLine(
            task=task,
            agency=agency,
            days_overdue=task.days_overdue_on(today),
        )
        for task in tasks
    ]
    lines.sort(key=lambda line: (not line.is_overdue, -line.days_overdue, line.task.due_date, line.task.code))
    return lines


def follow_up_letter_create(*, actor, agency, number="", letter_date=None, today=None):
    """Record a follow-up letter to ``agency`` (coordinators) with the tasks it lists; returns (letter, lines).

    The letter shows in the timeline of each task it lists (``tasks.selectors.task_timeline``).
    """
    scoping.require(actor, "letter.create")
    lines = letter_lines(agency, today)
    if not lines:
        raise ValidationError(
            {"agency": [f"{agency} không có nhiệm vụ quá hạn hoặc sắp đến hạn, không cần công văn đôn đốc."]}
        )
    letter = FollowUpLetter(agency=agency, created_by=actor, number=(number or "").strip(), letter_date=letter_date)
    letter.full_clean()
    with transaction.atomic():
        letter.save()
        letter.tasks.set([line.task for line in lines])
    return letter, lines


# --- the document ------------------------------------------------------------------------------------


def place_and_date(day):
    """ "Hà Nội, ngày 05 tháng 02 năm 2026": days below 10 and months below 3 take a leading zero (Decree 30)."""
    if day is None:
        return "Hà Nội, ngày …… tháng …… năm 20……"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"Hà Nội, ngày {day.day:02d} tháng {month} năm {day.year}"


def _plans(lines):
    plans = {line.task.group.plan.pk: line.task.group.plan for line in lines}
    return sorted(plans.values(), key=lambda plan: plan.issued_on)


def _set_font(run, *, size=13, bold=False, italic=False):
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return run


def _paragraph(container, text="", *, size=13, bold=False, italic=False, align=None, indent=False, space_after=0):
    paragraph = container.add_paragraph()
    if text:
        _set_font(paragraph.add_run(text), size=size, bold=bold, italic=italic)
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1.27)
    return paragraph


def _cell_text(cell, text, *, size=13, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.CENTER):
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    for index, part in enumerate(text.split("\n")):
        if index:
            paragraph = cell.add_paragraph()
            paragraph.alignment = align
        _set_font(paragraph.add_run(part), size=size, bold=bold, italic=italic)
    return paragraph


def _fixed_table(document, rows, widths):
    """A table whose grid columns have exactly the cell widths, with a fixed layout and width.

    python-docx writes equal grid columns; Word follows the cell widths, LibreOffice the grid, so the two laid the
    same letter out differently (and the national motto wrapped). With the grid, the cells and the table width
    agreeing and the layout fixed, both lay it out alike. The widths add up to the text width, 16.5 cm.
    """
    table = document.add_table(rows=rows, cols=len(widths))
    table.autofit = False  # w:tblLayout w:type="fixed"
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # w:gridCol w:w
    table_width = table._tbl.tblPr.find(qn("w:tblW"))  # python-docx writes one, "auto"
    table_width.set(qn("w:type"), "dxa")
    table_width.set(qn("w:w"), str(sum(width.twips for width in widths)))
    for row in table.rows:
        _set_widths(row.cells, widths)
    return table


def _set_widths(cells, widths):
    for cell, width in zip(cells, widths, strict=True):
        cell.width = width


HEADER_WIDTHS = [Cm(6.3), Cm(10.2)]
TASK_TABLE_WIDTHS = [Cm(1.2), Cm(7.3), Cm(2.5), Cm(3.3), Cm(2.2)]
SIGNATURE_WIDTHS = [Cm(8.25), Cm(8.25)]


def _header(document, number, letter_date, plans):
    table = _fixed_table(document, 1, HEADER_WIDTHS)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    _cell_text(left, PARENT_BODY, size=12)
    _set_font(_paragraph(left, align=WD_ALIGN_PARAGRAPH.CENTER).add_run(SENDER), size=12, bold=True)
    _paragraph(left, "————", size=11, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(left, f"Số: {number or NUMBER_PLACEHOLDER}", size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    plan_numbers = ", ".join(plan.number for plan in plans)
    _paragraph(
        left, f"V/v đôn đốc thực hiện nhiệm vụ Kế hoạch {plan_numbers}", size=12, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    _cell_text(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True)
    _paragraph(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(right, "———————————", size=11, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(right, place_and_date(letter_date), size=13, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)


def _task_table(document, lines):
    table = _fixed_table(document, 1, TASK_TABLE_WIDTHS)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    titles = ["STT", "Nhiệm vụ", "Thời hạn", "Tình trạng", "Số ngày quá hạn"]
    for cell, title in zip(table.rows[0].cells, titles, strict=True):
        _cell_text(cell, title, size=12, bold=True)
    for number, line in enumerate(lines, start=1):
        task = line.task
        role = str(task.agency_role(line.agency))
        if not line.is_lead:
            role += f" (chủ trì: {task.lead_agency})"
        cells = table.add_row().cells
        _set_widths(cells, TASK_TABLE_WIDTHS)
        _cell_text(cells[0], str(number), size=12)
        _cell_text(cells[1], f"{task.title}\nMã {task.code} — {role}", size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
        _cell_text(cells[2], f"{task.due_date:%d/%m/%Y}", size=12)
        _cell_text(cells[3], f"{task.get_deadline_status_display()}\n(tiến độ {task.progress_percent}%)", size=12)
        _cell_text(cells[4], str(line.days_overdue) if line.is_overdue else "—", size=12)
    return table


def _signature(document):
    table = _fixed_table(document, 1, SIGNATURE_WIDTHS)
    left, right = table.rows[0].cells
    _cell_text(left, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in ["- Như trên;", "- Giám đốc Sở (để báo cáo);", "- Lưu: VT, QLCN."]:
        _paragraph(left, line, size=11)
    _cell_text(right, "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", size=13, bold=True)
    for _ in range(5):  # room for the signature and the seal; the signer's name is written in by hand
        _paragraph(right, "", size=13)


def render_docx(letter, lines, *, as_of=None):
    """The letter as .docx bytes."""
    as_of = as_of or local_today()
    agency = letter.agency
    plans = _plans(lines)
    overdue = sum(1 for line in lines if line.is_overdue)
    due_soon = len(lines) - overdue

    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(13)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)

    _header(document, letter.number, letter.letter_date, plans)
    _paragraph(document, "")
    kinh_gui = _paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    _set_font(kinh_gui.add_run("Kính gửi: "), size=14)
    _set_font(kinh_gui.add_run(agency.name), size=14)

    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    for plan in plans:
        _paragraph(
            document,
            f"Thực hiện Kế hoạch số {plan.number} ngày {plan.issued_on:%d/%m/%Y} của {plan.issuing_body} "
            f"({plan.title}), {SENDER_SHORT} là cơ quan đầu mối theo dõi, đôn đốc việc thực hiện.",
            size=14,
            align=justify,
            indent=True,
            space_after=6,
        )
    counts = []
    if overdue:
        counts.append(f"{overdue} nhiệm vụ quá hạn chưa hoàn thành")
    if due_soon:
        counts.append(f"{due_soon} nhiệm vụ sắp đến hạn (trong {settings.DUE_SOON_DAYS} ngày tới)")
    _paragraph(
        document,
        f"Theo số liệu theo dõi đến ngày {as_of:%d/%m/%Y}, {agency.name} có {' và '.join(counts)}, cụ thể như sau:",
        size=14,
        align=justify,
        indent=True,
        space_after=6,
    )
    _task_table(document, lines)
    _paragraph(document, "")
    _paragraph(
        document,
        f"Để bảo đảm tiến độ thực hiện Kế hoạch, {SENDER_SHORT} đề nghị {agency.name} khẩn trương chỉ đạo, tổ chức "
        "thực hiện các nhiệm vụ nêu trên; cập nhật tiến độ trên hệ thống theo dõi và báo cáo kết quả về "
        f"{SENDER_SHORT}. Trường hợp cần điều chỉnh thời hạn, đề nghị có văn bản nêu rõ lý do gửi {SENDER_SHORT} "
        "để tổng hợp, báo cáo UBND Thành phố xem xét.",
        size=14,
        align=justify,
        indent=True,
        space_after=6,
    )
    _paragraph(
        document,
        f"{SENDER_SHORT} đề nghị {agency.name} quan tâm, phối hợp thực hiện./.",
        size=14,
        align=justify,
        indent=True,
        space_after=12,
    )
    _signature(document)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def filename(letter):
    day = letter.letter_date or timezone.localdate(letter.created_at)
    return f"cong-van-don-doc-{letter.agency.code}-{day:%Y%m%d}.docx"
