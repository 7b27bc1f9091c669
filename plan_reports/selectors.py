"""The plan report's figures as of a cut-off date, and their comparison with the previous report.

Two sources, each read as of the end of the cut-off day in Vietnam time, through the same functions the dashboard uses:

- **the tasks** (deadline statuses, overdue, extensions, progress reports) from their history as recorded by then
  (``Model.history.as_of``), with deadline statuses judged on the cut-off date: ``tasks.figures.status_counts`` /
  ``status_counts_by`` / ``counted_with_status`` (over ``deadline_status_expression``), ``days_overdue_for``;
- **the register and the targets** from ``clusters.register.as_of(cut_off)``, the one module that reads the
  register's dated facts by their effective date (never the day they were typed): ``clusters.selectors.
  register_figures`` and ``tasks.targets.progress`` over that one register. Its occupancy is
  ``Register.occupancy()``, the dashboard's and Biểu 04's figure for the same day.

A report as of a past day therefore shows what the dashboard shows for that day. The figures are plain JSON (numbers
as text where they are decimals), so an issued report stores them as they were and shows them the same ever after.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from agencies.models import Agency, committee_in_full
from clusters import register as cluster_register
from clusters.selectors import register_figures
from core.text import sort_key
from tasks import figures as task_figures
from tasks import targets
from tasks.models import DeadlineStatus, ExtensionRequest, ProgressReport, Task
from tasks.models.tasks import days_overdue_for

from .models import PlanReport

STATUSES = [status.value for status in task_figures.STATUS_ORDER]


def _number(value):
    """A decimal as text (JSON keeps it exact), None as None, an int as an int."""
    if value is None or isinstance(value, int):
        return value
    return str(value)


def _counts(counts):
    return {"counts": {s.value: counts.counts[s] for s in task_figures.STATUS_ORDER}, "total": counts.total}


def _totals(counts):
    """The plan's counts with the dashboard's two headline shares (``StatusCounts``): overdue, and done on time."""
    return {
        **_counts(counts),
        "overdue_share": _number(counts.overdue_share),
        "on_time_rate": _number(counts.on_time_rate),
    }


def _empty():
    return {"counts": dict.fromkeys(STATUSES, 0), "total": 0}


def report_figures(plan, cut_off):
    """The figures of the report on ``plan`` as of the end of ``cut_off`` (a date), as JSON-ready data."""
    moment = _end_of(cut_off)
    register = cluster_register.as_of(cut_off)
    tasks = Task.history.as_of(moment).filter(group__plan=plan)

    by_group = task_figures.status_counts_by(tasks, "group", today=cut_off)
    by_agency = task_figures.status_counts_by(tasks, "lead_agency", today=cut_off)
    agencies = sorted(Agency.objects.filter(pk__in=list(by_agency)), key=lambda a: sort_key(str(a)))

    listed = (
        task_figures.counted_with_status(tasks, cut_off)
        .order_by("due_date", "code")
        .values(
            "id",
            "code",
            "title",
            "lead_agency_id",
            "lead_agency__name",
            "due_date",
            "progress_percent",
            "deadline_status",
        )
    )
    overdue = list(listed.filter(deadline_status=DeadlineStatus.OVERDUE))
    latest_reports = _latest_progress(moment, cut_off, [task["id"] for task in overdue])
    tasks_by_id = {task["id"]: task for task in listed}

    extensions = (
        ExtensionRequest.history.as_of(moment)
        .filter(status=ExtensionRequest.Status.APPROVED, task_id__in=list(tasks_by_id))
        .order_by("decided_on", "id")
        .values("task_id", "previous_due_date", "proposed_due_date", "reason", "decided_on", "decision_document")
    )
    figures = register_figures(register)
    return {
        "plan": {
            "id": plan.pk,
            "number": plan.number,
            "title": plan.title,
            "issued_on": plan.issued_on.isoformat(),
            "issuing_body": plan.issuing_body,
        },
        "cut_off": cut_off.isoformat(),
        "totals": _totals(task_figures.status_counts(tasks, today=cut_off)),
        "groups": [
            {"id": group.pk, "label": str(group), **(_counts(by_group[group.pk]) if group.pk in by_group else _empty())}
            for group in plan.task_groups.all()
        ],
        "agencies": [{"id": agency.pk, "label": str(agency), **_counts(by_agency[agency.pk])} for agency in agencies],
        "overdue": [
            {
                "id": task["id"],
                "code": task["code"],
                "title": task["title"],
                "agency": task["lead_agency__name"],
                "due_date": task["due_date"].isoformat(),
                "days_overdue": days_overdue_for(task["deadline_status"], task["due_date"], cut_off),
                "progress_percent": task["progress_percent"],
                "latest_report": latest_reports.get(task["id"], ""),
            }
            for task in overdue
        ],
        "extended": [
            {
                "id": extension["task_id"],
                "code": tasks_by_id[extension["task_id"]]["code"],
                "title": tasks_by_id[extension["task_id"]]["title"],
                "agency": tasks_by_id[extension["task_id"]]["lead_agency__name"],
                "previous_due_date": extension["previous_due_date"].isoformat(),
                "due_date": extension["proposed_due_date"].isoformat(),
                "reason": extension["reason"],
                "decided_on": extension["decided_on"].isoformat() if extension["decided_on"] else None,
                "decision_document": extension["decision_document"],
            }
            for extension in extensions
        ],
        "targets": [
            _target(target, register) for target in plan.targets.select_related("plan").prefetch_related("clusters")
        ],
        "register": _register(figures, plan),
    }


def _end_of(day):
    """The last instant of ``day`` in Vietnam time: the tasks' history is read as recorded by then."""
    start = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))
    return start - datetime.timedelta(microseconds=1)


def _latest_progress(moment, cut_off, task_ids):
    """{task id: the text of its latest progress report by the cut-off}: where an overdue task stands, and why."""
    if not task_ids:
        return {}
    reports = (
        ProgressReport.history.as_of(moment)
        .filter(task_id__in=task_ids, reported_on__lte=cut_off)
        .order_by("task_id", "-reported_on", "-id")
        .values("task_id", "text")
    )
    latest = {}
    for report in reports:
        latest.setdefault(report["task_id"], report["text"])
    return latest


def _target(target, register):
    progress = targets.progress(target, register)
    return {
        "id": target.pk,
        "label": target.description,
        "value": _number(progress.current),
        "target_min": _number(target.target_min),
        "target_max": _number(target.target_max),
        "unit": target.unit,
        "text": str(progress),
    }


def _register(register, plan):
    """The register's key figures: each of the province's figures in the plan (``tasks.figures.comparison_rows``) with
    what the register measures for it (``plan``: the plan's figure, ``value``: the register's), then the clusters
    in the register, established, the occupancy and the plants (the register's alone)."""
    lines = [
        {
            "label": str(row["label"]),
            "value": _number(row["register"]),
            "plan": _number(row["city"]),
            "plan_approximate": bool(row.get("approximate")),
            "unit": str(row["unit"]),
        }
        for row in task_figures.comparison_rows(register, plan)
    ]
    lines += [
        {"label": _("Cụm trong sổ đăng ký"), "value": register["total"], "unit": _("cụm")},
        {"label": _("Cụm đã thành lập"), "value": register["established"], "unit": _("cụm")},
        {
            "label": _("Tỷ lệ lấp đầy bình quân (theo diện tích) của các cụm đã hoạt động"),
            "value": _number(register["occupancy"]),
            "unit": "%",
        },
        {
            "label": _("Cụm đã, đang đầu tư trạm xử lý nước thải tập trung"),
            "value": register["wastewater_built"],
            "unit": _("cụm"),
        },
        {
            "label": _("Cụm có trạm xử lý nước thải đạt quy chuẩn"),
            "value": register["wastewater_compliant"],
            "unit": _("cụm"),
        },
    ]
    return lines


# --- reading stored figures -----------------------------------------------------------------------


def plan_citation(plan_figures):
    """ "Kế hoạch số 305/KH-UBND ngày 15/12/2025 của Ủy ban nhân dân tỉnh Bắc Ninh": the plan as a document
    cites it, with its number, date and issuer (the issuer's name written in full)."""
    body = committee_in_full(plan_figures.get("issuing_body") or "")
    day = plan_figures.get("issued_on")
    text = _("Kế hoạch số %(number)s") % {"number": plan_figures["number"]}
    if day:
        text += " " + _("ngày %(date)s") % {"date": f"{datetime.date.fromisoformat(day):%d/%m/%Y}"}
    if body:
        text += " " + _("của %(body)s") % {"body": body[:1].upper() + body[1:]}
    return text


def assessment_sentences(figures):
    """The sentences "Đánh giá chung" starts from, worded from the figures; the Department's staff edit them."""
    totals, counts = figures["totals"], figures["totals"]["counts"]
    cut_off = f"{datetime.date.fromisoformat(figures['cut_off']):%d/%m/%Y}"
    done = counts["done_on_time"] + counts["done_late"]
    sentences = [
        _(
            "Đến ngày %(date)s, trong tổng số %(total)s nhiệm vụ của Kế hoạch, đã hoàn thành %(done)s nhiệm vụ "
            "(đúng hạn %(on_time)s, quá hạn %(late)s); đang thực hiện %(open)s nhiệm vụ."
        )
        % {
            "date": cut_off,
            "total": totals["total"],
            "done": done,
            "on_time": counts["done_on_time"],
            "late": counts["done_late"],
            "open": totals["total"] - done,
        }
    ]
    if counts["overdue"]:
        sentences.append(
            _("Có %(count)s nhiệm vụ quá hạn chưa hoàn thành, chiếm %(share)s%% tổng số nhiệm vụ.")
            % {"count": counts["overdue"], "share": percent_text(totals.get("overdue_share"))}
        )
    else:
        sentences.append(_("Không có nhiệm vụ quá hạn chưa hoàn thành."))
    if totals.get("on_time_rate") is not None:
        sentences.append(
            _("Tỷ lệ hoàn thành đúng hạn trên số nhiệm vụ đã đến hạn đạt %(rate)s%%.")
            % {"rate": percent_text(totals["on_time_rate"])}
        )
    if figures["extended"]:
        sentences.append(_("%(count)s nhiệm vụ đã được gia hạn.") % {"count": len(figures["extended"])})
    achieved = [t for t in figures["targets"] if _reached(t)]
    if figures["targets"]:
        sentences.append(
            _("Về các chỉ tiêu của Kế hoạch: đã đạt %(achieved)s/%(total)s chỉ tiêu.")
            % {"achieved": len(achieved), "total": len(figures["targets"])}
        )
    return " ".join(str(sentence) for sentence in sentences)


def _reached(target):
    value, goal = _decimal(target["value"]), _decimal(target["target_min"])
    return value is not None and goal is not None and value >= goal


def percent_text(value):
    """ "17.2" → "17,2": a stored share as a Vietnamese reader writes it."""
    number = _decimal(value)
    if number is None:
        return "—"
    return number_format(number.normalize(), use_l10n=True)


def status_labels():
    return [(s.value, s.label) for s in task_figures.STATUS_ORDER]


def figure_lines(figures):
    """The report's figures as (key, label, value) lines, the ones a comparison follows."""
    labels = dict(status_labels())
    lines = [
        (f"total:{s}", _("Toàn Kế hoạch — %(status)s") % {"status": labels[s]}, figures["totals"]["counts"][s])
        for s in STATUSES
    ]
    lines.append(("total", _("Toàn Kế hoạch — tổng số nhiệm vụ"), figures["totals"]["total"]))
    for group in figures["groups"]:
        lines.append((f"group:{group['id']}", _("%(label)s — tổng số") % {"label": group["label"]}, group["total"]))
        overdue = _("%(label)s — quá hạn") % {"label": group["label"]}
        lines.append((f"group:{group['id']}:overdue", overdue, group["counts"]["overdue"]))
    for agency in figures["agencies"]:
        overdue = _("%(label)s — quá hạn") % {"label": agency["label"]}
        lines.append((f"agency:{agency['id']}:overdue", overdue, agency["counts"]["overdue"]))
    lines.append(("overdue", _("Số nhiệm vụ quá hạn"), len(figures["overdue"])))
    lines.append(("extended", _("Số nhiệm vụ được gia hạn"), len(figures["extended"])))
    for target in figures["targets"]:
        lines.append((f"target:{target['id']}", _("Chỉ tiêu: %(label)s") % {"label": target["label"]}, target["value"]))
    for line in figures["register"]:
        lines.append(
            (f"register:{line['label']}", _("Sổ đăng ký: %(label)s") % {"label": line["label"]}, line["value"])
        )
    return lines


def _decimal(value):
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def comparison(figures, previous):
    """Each figure beside its value in the ``previous`` report's figures and the change: what moved."""
    before = {key: value for key, _label, value in figure_lines(previous)} if previous else {}
    rows = []
    for key, label, value in figure_lines(figures):
        old = before.get(key)
        now, then = _decimal(value), _decimal(old)
        change = now - then if now is not None and then is not None else None
        rows.append({"key": key, "label": label, "value": value, "previous": old, "change": change})
    return rows


def previous_report(plan, cut_off, exclude=None):
    """The report issued on ``plan`` with the latest cut-off before ``cut_off``."""
    reports = PlanReport.objects.filter(plan=plan, cut_off__lt=cut_off, status=PlanReport.Status.ISSUED)
    if exclude is not None:
        reports = reports.exclude(pk=exclude.pk)
    return reports.order_by("-cut_off", "-issued_at", "-pk").first()


def display(figures, previous=None):
    """The figures laid out for a page: status cells in the dashboard's order, dates as dates, and the comparison
    with ``previous`` (the previous report's figures, or None)."""

    def with_cells(item):
        return {**item, "cells": [item["counts"][s] for s in STATUSES]}

    def dated(item, *names):
        return {**item, **{name: datetime.date.fromisoformat(item[name]) if item[name] else None for name in names}}

    return {
        "plan": figures["plan"],
        "cut_off": datetime.date.fromisoformat(figures["cut_off"]),
        "status_labels": [label for _code, label in status_labels()],
        "totals": {**with_cells(figures["totals"]), "share_text": percent_text(figures["totals"].get("overdue_share"))},
        "groups": [with_cells(group) for group in figures["groups"]],
        "agencies": [with_cells(agency) for agency in figures["agencies"]],
        "overdue": [dated(task, "due_date") for task in figures["overdue"]],
        "extended": [dated(task, "previous_due_date", "due_date", "decided_on") for task in figures["extended"]],
        "targets": figures["targets"],
        "register": figures["register"],
        "comparison": comparison(figures, previous),
        "citation": plan_citation(figures["plan"]),
    }
