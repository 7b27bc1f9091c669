"""The task list as Excel (.xlsx) and CSV, in the plan's annex layout."""

from django.utils.translation import gettext_lazy as _

from core.exports import Column, csv_response, each_row, export_filename, xlsx_response

# --- the task list, in the annex layout ---------------------------------------------------------------

TASK_COLUMNS = [
    Column(_("STT"), 6, "number"),
    Column(_("Nhiệm vụ"), 60),
    Column(_("Cơ quan chủ trì"), 24),
    Column(_("Cơ quan phối hợp"), 32),
    Column(_("Thời hạn"), 12, "date"),
    Column(_("Sản phẩm"), 28),
    Column(_("Tình trạng thời hạn"), 26),
]


def task_rows(tasks):
    """One row per task (a queryset with the lead agency joined, supporting agencies prefetched, and the deadline
    status annotated), read in chunks as the file is written."""
    for number, task in enumerate(each_row(tasks), start=1):
        yield [
            number,
            task.title,
            str(task.lead_agency),
            "; ".join(str(a) for a in task.supporting_agencies.all()),
            task.due_date,
            task.expected_output,
            str(task.get_deadline_status_display()),
        ]


def tasks_xlsx(tasks):
    return xlsx_response(TASK_COLUMNS, task_rows(tasks), export_filename("nhiem-vu", "xlsx"), _("Nhiệm vụ"))


def tasks_csv(tasks):
    return csv_response(TASK_COLUMNS, task_rows(tasks), export_filename("nhiem-vu", "csv"))
