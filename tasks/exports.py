"""The task list as Excel (.xlsx) and CSV, in the plan's annex layout."""

from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from core.exports import EXPORT_CHUNK_SIZE, Column, chunks, csv_response, export_filename, xlsx_response

from .models import DeadlineStatus, Task
from .models.tasks import deadline_status_label

# --- the task list, in the annex layout ---------------------------------------------------------------

TASK_COLUMNS = [
    Column(_("STT"), 6, "number"),
    Column(_("Mã"), 12),
    Column(_("Nhiệm vụ"), 60),
    Column(_("Cơ quan chủ trì"), 24),
    Column(_("Cơ quan phối hợp"), 32),
    Column(_("Thời hạn"), 12, "date"),
    Column(_("Sản phẩm"), 28),
    Column(_("Tình trạng thời hạn"), 26),
    Column(_("Tiến độ (%)"), 10, "number"),
    Column(_("Báo cáo tiến độ gần nhất"), 16, "date"),
]


def task_rows(tasks):
    """One row per task of ``tasks`` (a queryset annotated with the deadline status), in its order.

    Read as plain values, ``EXPORT_CHUNK_SIZE`` tasks at a time, with one query per chunk for their supporting
    agencies and one for the agencies' names: building a model instance (and a prefetch) per task is what
    made an export of 100,000 tasks take minutes of CPU, not the database.
    """
    agencies = {pk: (position, str(agency)) for position, (pk, agency) in enumerate(_agencies())}
    labels = {code: str(deadline_status_label(code)) for code in [None, *DeadlineStatus.values]}  # translated once
    values = tasks.values_list(
        "pk",
        "code",
        "title",
        "lead_agency_id",
        "due_date",
        "expected_output",
        "deadline_status",
        "progress_percent",
        "last_reported_on",
    )
    through = Task.supporting_agencies.through.objects
    number = 0
    for chunk in chunks(values.iterator(chunk_size=EXPORT_CHUNK_SIZE), EXPORT_CHUNK_SIZE):
        supporting = {}
        for task_id, agency_id in through.filter(task_id__in=[row[0] for row in chunk]).values_list(
            "task_id", "agency_id"
        ):
            supporting.setdefault(task_id, []).append(agencies[agency_id])
        for pk, code, title, lead_agency_id, due_date, expected_output, deadline_status, progress, reported in chunk:
            number += 1
            yield [
                number,
                code,
                title,
                agencies[lead_agency_id][1],
                "; ".join(name for _position, name in sorted(supporting.get(pk, ()))),  # in the agencies' order
                due_date,
                expected_output,
                labels[deadline_status],
                progress,
                reported,
            ]


def _agencies():
    """Every agency (inactive ones included: old tasks name them) in the agencies' order. One query."""
    return ((agency.pk, agency) for agency in Agency.objects.all())


def tasks_xlsx(tasks):
    return xlsx_response(TASK_COLUMNS, task_rows(tasks), export_filename("nhiem-vu", "xlsx"), _("Nhiệm vụ"))


def tasks_csv(tasks):
    return csv_response(TASK_COLUMNS, task_rows(tasks), export_filename("nhiem-vu", "csv"))
