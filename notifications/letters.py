"""Follow-up letters (công văn đôn đốc): which tasks an agency is chased for, recording it, and the .docx.

The letter follows the administrative letter form of Decree 30/2020/NĐ-CP (Appendix I): the issuing
body and the national motto side by side, number and place-date lines, the "V/v" summary, "Kính gửi",
the body with the standard task table (STT, Nhiệm vụ, Thời hạn, Tình trạng, Số ngày quá hạn), then
"Nơi nhận" and the signature block. Number and date are printed when given, otherwise left as dots to
fill in by hand before signing.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from agencies import scoping
from core.documents import (
    as_bytes,
    cell_text,
    fixed_table,
    header,
    keep_row_together,
    new_document,
    paragraph,
    repeat_as_header,
    set_font,
    set_widths,
    signature,
)
from department import letterhead as department_letterhead
from tasks.models import Task, local_today
from tasks.models.tasks import DeadlineStatus

from .models import FollowUpLetter


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
            {
                "agency": [
                    _("%(agency)s không có nhiệm vụ quá hạn hoặc sắp đến hạn, không cần công văn đôn đốc.")
                    % {"agency": agency}
                ]
            }
        )
    letter = FollowUpLetter(agency=agency, created_by=actor, number=(number or "").strip(), letter_date=letter_date)
    letter.full_clean()
    with transaction.atomic():
        letter.save()
        letter.tasks.set([line.task for line in lines])
    return letter, lines


# --- the document ------------------------------------------------------------------------------------


def _plans(lines):
    plans = {line.task.group.plan.pk: line.task.group.plan for line in lines}
    return sorted(plans.values(), key=lambda plan: plan.issued_on)


TASK_TABLE_WIDTHS = [Cm(1.2), Cm(7.3), Cm(2.5), Cm(3.3), Cm(2.2)]


def _header(document, letterhead, number, letter_date, plans):
    plan_numbers = ", ".join(plan.number for plan in plans)
    header(
        document,
        letterhead=letterhead,
        number=number or department_letterhead.number_placeholder(letterhead),
        day=letter_date,
        summary=_("V/v đôn đốc thực hiện nhiệm vụ Kế hoạch %(plans)s") % {"plans": plan_numbers},
    )


def _task_table(document, lines):
    table = fixed_table(document, 1, TASK_TABLE_WIDTHS)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    repeat_as_header(table.rows[0])
    titles = [_("STT"), _("Nhiệm vụ"), _("Thời hạn"), _("Tình trạng"), _("Số ngày quá hạn")]
    for cell, title in zip(table.rows[0].cells, titles, strict=True):
        cell_text(cell, title, size=12, bold=True)
    for number, line in enumerate(lines, start=1):
        task = line.task
        role = str(task.agency_role(line.agency))
        if not line.is_lead:
            role += " " + _("(chủ trì: %(agency)s)") % {"agency": task.lead_agency}
        cells = keep_row_together(table.add_row()).cells
        set_widths(cells, TASK_TABLE_WIDTHS)
        cell_text(cells[0], str(number), size=12)
        cell_text(
            cells[1],
            _("%(title)s\nMã %(code)s — %(role)s") % {"title": task.title, "code": task.code, "role": role},
            size=12,
            align=WD_ALIGN_PARAGRAPH.LEFT,
        )
        cell_text(cells[2], f"{task.due_date:%d/%m/%Y}", size=12)
        cell_text(
            cells[3],
            _("%(status)s\n(tiến độ %(percent)s%%)")
            % {"status": task.get_deadline_status_display(), "percent": task.progress_percent},
            size=12,
        )
        cell_text(cells[4], str(line.days_overdue) if line.is_overdue else "—", size=12)
    return table


def render_docx(letter, lines, *, as_of=None, signer=None):
    """The letter as .docx bytes, signed by ``signer`` (a ``department.letterhead.Signer``; None: the head's title
    with the name written in by hand)."""
    as_of = as_of or local_today()
    agency = letter.agency
    plans = _plans(lines)
    overdue = sum(1 for line in lines if line.is_overdue)
    due_soon = len(lines) - overdue
    letterhead = department_letterhead.current()
    signer = signer or department_letterhead.signer_of(None, letterhead=letterhead)
    sender = letterhead.name  # in the running text

    document = new_document()

    _header(document, letterhead, letter.number, letter.letter_date, plans)
    paragraph(document, "")
    kinh_gui = paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    set_font(kinh_gui.add_run(_("Kính gửi: ")), size=14)
    set_font(kinh_gui.add_run(agency.formal_name), size=14)

    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    for plan in plans:
        paragraph(
            document,
            _(
                "Thực hiện Kế hoạch số %(number)s ngày %(date)s của %(body)s (%(title)s), %(sender)s là cơ quan "
                "đầu mối theo dõi, đôn đốc việc thực hiện."
            )
            % {
                "number": plan.number,
                "date": f"{plan.issued_on:%d/%m/%Y}",
                "body": plan.issuing_body,
                "title": plan.title,
                "sender": sender,
            },
            size=14,
            align=justify,
            indent=True,
            space_after=6,
        )
    counts = []
    if overdue:
        counts.append(_("%(count)s nhiệm vụ quá hạn chưa hoàn thành") % {"count": overdue})
    if due_soon:
        counts.append(
            _("%(count)s nhiệm vụ sắp đến hạn (trong %(days)s ngày tới)")
            % {"count": due_soon, "days": settings.DUE_SOON_DAYS}
        )
    paragraph(
        document,
        _("Theo số liệu theo dõi đến ngày %(date)s, %(agency)s có %(counts)s, cụ thể như sau:")
        % {"date": f"{as_of:%d/%m/%Y}", "agency": agency.name, "counts": _(" và ").join(counts)},
        size=14,
        align=justify,
        indent=True,
        space_after=6,
    )
    _task_table(document, lines)
    paragraph(document, "")
    paragraph(
        document,
        _(
            "Để bảo đảm tiến độ thực hiện Kế hoạch, %(sender)s đề nghị %(agency)s khẩn trương chỉ đạo, tổ chức "
            "thực hiện các nhiệm vụ nêu trên; cập nhật tiến độ trên hệ thống theo dõi và báo cáo kết quả về "
            "%(sender)s. Trường hợp cần điều chỉnh thời hạn, đề nghị có văn bản nêu rõ lý do gửi %(sender)s "
            "để tổng hợp, báo cáo %(governing_body)s xem xét."
        )
        % {"sender": letterhead.running_name, "agency": agency.name, "governing_body": letterhead.governing_body_name},
        size=14,
        align=justify,
        indent=True,
        space_after=6,
    )
    paragraph(
        document,
        _("%(sender)s đề nghị %(agency)s quan tâm, phối hợp thực hiện./.")
        % {"sender": letterhead.running_name, "agency": agency.name},
        size=14,
        align=justify,
        indent=True,
        space_after=12,
    )
    signature(
        document,
        recipients=department_letterhead.recipients_for(signer, letterhead),
        lines=signer.lines,
        signer=signer.name,
    )
    return as_bytes(document)


def filename(letter):
    day = letter.letter_date or timezone.localdate(letter.created_at)
    return f"cong-van-don-doc-{letter.agency.code}-{day:%Y%m%d}.docx"
