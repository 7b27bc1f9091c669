"""A plan's annex (phụ lục nhiệm vụ) from Excel: group, task, lead agency, supporting agencies, deadline, product,
clusters; into the plan the user chooses.

A group is named by its number ("1", "Nhóm 1", "I") or its name, in its own column or as a heading row of the
annex (a row with a title and no lead agency: "I. Hoàn thiện cơ chế, chính sách"), which the task rows below it
belong to. The groups must already be the plan's (they are set when the plan is). Agencies are found by code,
name or short name; clusters by code or name. A task is matched by its code, else by its title in the plan; a
new task without a code gets the next code of its group ("KH305-1.07"). Writes go through ``tasks.services``
(``task_create``, ``task_update``): a deadline already set is changed only by an approved extension, so a row
changing it is refused there, on its row.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from agencies.models import Agency
from clusters.models import Cluster
from core.text import fold
from tasks import services
from tasks.models import Plan, Task, TaskGroup

from .base import CHANGE, CREATE, ERROR, UNCHANGED, Change, Importer, RowResult, diff
from .workbook import Column, read_text

COLUMNS = (
    Column("order", gettext_noop("TT"), ("stt", "số thứ tự", "tt"), width=6),
    Column("group", gettext_noop("Nhóm nhiệm vụ"), ("nhóm", "nhóm nhiệm vụ trọng tâm"), width=16),
    Column("code", gettext_noop("Mã nhiệm vụ"), ("mã", "mã số"), width=14),
    Column(
        "title",
        gettext_noop("Nhiệm vụ"),
        ("nội dung nhiệm vụ", "tên nhiệm vụ", "nội dung", "nhiệm vụ giải pháp", "nội dung công việc"),
        required=True,
        width=50,
    ),
    Column(
        "lead",
        gettext_noop("Cơ quan chủ trì"),
        ("đơn vị chủ trì", "chủ trì", "cơ quan đơn vị chủ trì", "cơ quan chủ trì thực hiện"),
        width=24,
    ),
    Column(
        "supporting",
        gettext_noop("Cơ quan phối hợp"),
        ("đơn vị phối hợp", "phối hợp", "cơ quan đơn vị phối hợp"),
        kind="list",
        width=30,
    ),
    Column(
        "due_date",
        gettext_noop("Thời hạn"),
        ("thời hạn hoàn thành", "thời gian hoàn thành", "hạn hoàn thành", "thời gian thực hiện"),
        kind="date",
        width=14,
    ),
    Column(
        "expected_output",
        gettext_noop("Sản phẩm"),
        ("sản phẩm đầu ra", "kết quả sản phẩm", "hình thức sản phẩm", "sản phẩm hoàn thành"),
        width=30,
    ),
    Column(
        "clusters",
        gettext_noop("Cụm công nghiệp"),
        ("cụm công nghiệp liên quan", "ccn", "cụm"),
        kind="list",
        width=24,
    ),
)
LABELS = {column.key: column.header for column in COLUMNS}
NOTES = (
    gettext_noop("Mẫu nhập phụ lục nhiệm vụ của kế hoạch: mỗi dòng một nhiệm vụ; chọn kế hoạch khi tải tệp lên."),
    gettext_noop(
        "Nhóm nhiệm vụ: số (1, Nhóm 1, I) hoặc tên nhóm của kế hoạch; hoặc một dòng tiêu đề nhóm "
        "(chỉ ghi nhiệm vụ, không ghi cơ quan chủ trì) đứng trên các nhiệm vụ của nhóm."
    ),
    gettext_noop("Cơ quan chủ trì, phối hợp: mã, tên hoặc tên viết tắt; nhiều cơ quan ngăn cách bằng dấu chấm phẩy."),
    gettext_noop("Thời hạn: ngày/tháng/năm (30/06/2026) hoặc kiểu ngày của Excel."),
    gettext_noop("Nhiệm vụ được nhận ra theo Mã nhiệm vụ, không có mã thì theo tên nhiệm vụ trong kế hoạch."),
    gettext_noop("Thời hạn đã giao chỉ thay đổi qua đề nghị gia hạn được chấp thuận; ô để trống giữ nguyên."),
)
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}
GROUP_NUMBER = re.compile(r"^(?:nhom\s*)?([ivx]+|\d+)\b[.):\s-]*(.*)$")


class Directory:
    """What the rows name, read once: the plan's groups, the agencies, the clusters, the plan's and all tasks."""

    def __init__(self, plan):
        self.plan = plan
        self.groups = list(TaskGroup.objects.filter(plan=plan))
        self.agencies = list(Agency.objects.all())
        self.agency_keys = {}
        for agency in self.agencies:
            for key in (agency.code, agency.name, agency.short_name):
                if key:
                    self.agency_keys.setdefault(fold(key), []).append(agency)
        self.clusters = {}
        for cluster in Cluster.objects.only("pk", "code", "name"):
            self.clusters.setdefault(fold(cluster.code), []).append(cluster)
            self.clusters.setdefault(fold(cluster.name), []).append(cluster)
        tasks = list(
            Task.objects.select_related("group", "lead_agency").prefetch_related("supporting_agencies", "clusters")
        )
        self.by_code = {task.code: task for task in tasks}
        self.by_title = {(fold(task.title)): task for task in tasks if task.group.plan_id == plan.pk}
        self.codes = set(self.by_code)

    def group(self, text):
        key = fold(text)
        match = GROUP_NUMBER.match(key)
        if match:
            token = match[1]
            number = ROMAN.get(token) or (int(token) if token.isdigit() else None)
            found = [g for g in self.groups if g.number == number]
            if found:
                return found[0]
        named = [g for g in self.groups if fold(g.name) in (key, fold(match[2]) if match else key)]
        return named[0] if len(named) == 1 else None

    def agency(self, text):
        found = {a.pk: a for a in self.agency_keys.get(fold(text), [])}
        return next(iter(found.values())) if len(found) == 1 else None

    def agency_names(self, values):
        """The names of a supporting-agencies cell, split on ";" and new lines (``read_list``) and also on commas
        where that is what the cell used ("Sở Xây dựng, Sở Tài chính"), but not inside a name that has one."""
        names = []
        for value in values:
            names.extend([value] if self.agency(value) or "," not in value else [p.strip() for p in value.split(",")])
        return [name for name in names if name]

    def cluster(self, text):
        found = {c.pk: c for c in self.clusters.get(fold(text), [])}
        return next(iter(found.values())) if len(found) == 1 else None

    def new_code(self, group):
        stem = "KH" + (re.match(r"\d+", self.plan.number) or [str(self.plan.pk)])[0]
        number = 1
        while f"{stem}-{group.number}.{number:02d}" in self.codes:
            number += 1
        code = f"{stem}-{group.number}.{number:02d}"
        self.codes.add(code)
        return code


class TaskImport(Importer):
    kind = "tasks"
    title = gettext_noop("Phụ lục nhiệm vụ của kế hoạch")
    sheet_title = gettext_noop("Phụ lục nhiệm vụ")
    columns = COLUMNS
    notes = NOTES
    field_columns = {
        "group": LABELS["group"],
        "code": LABELS["code"],
        "title": LABELS["title"],
        "lead_agency": LABELS["lead"],
        "supporting_agencies": LABELS["supporting"],
        "due_date": LABELS["due_date"],
        "expected_output": LABELS["expected_output"],
        "clusters": LABELS["clusters"],
    }

    def options_from(self, data):
        """The plan the annex belongs to: ``plan`` is its id or its number ("305/KH-UBND")."""
        raw = str(data.get("plan") or "").strip()
        plan = None
        if raw.isdigit():
            plan = Plan.objects.filter(pk=int(raw)).first()
        plan = plan or (Plan.objects.filter(number=raw).first() if raw else None)
        if plan is None:
            raise ValidationError({"plan": [_("Chọn kế hoạch mà phụ lục nhiệm vụ thuộc về.")]})
        return {"plan": plan}

    def compare(self, sheet, *, actor, choices, options):
        plan = options.get("plan")
        if plan is None:
            raise ValidationError({"plan": [_("Chọn kế hoạch mà phụ lục nhiệm vụ thuộc về.")]})
        directory = Directory(plan)
        results, current_group, seen = [], None, {}
        for item in sheet.rows:
            values = item.values
            title = values.get("title", "")
            if title and not values.get("lead") and not values.get("code") and not values.get("due_date"):
                heading = " ".join(filter(None, (read_text(item.cells.get("order")), title)))
                found = directory.group(heading) or directory.group(title)
                if found is not None:
                    current_group = found
                    continue
            row = RowResult(number=item.number, label=" — ".join(filter(None, (values.get("code"), title))))
            results.append(row)
            row.errors = [self.error(sheet.title, item.number, column, message) for column, message in item.errors]
            wanted = self._wanted(sheet, item, row, directory, current_group)
            if row.errors:
                row.action = ERROR
                continue
            task = directory.by_code.get(wanted.get("code")) if wanted.get("code") else None
            if task is not None and task.group.plan_id != plan.pk:
                row.errors.append(
                    self.error(
                        sheet.title,
                        item.number,
                        LABELS["code"],
                        _("Mã %(code)s là của một nhiệm vụ thuộc kế hoạch khác.") % {"code": wanted["code"]},
                    )
                )
                continue
            task = task or directory.by_title.get(fold(title))
            keys = [("task", task.pk)] if task else []
            keys += [("code", wanted["code"])] if wanted.get("code") else []
            keys.append(("title", fold(title)))
            earlier = next((seen[key] for key in keys if key in seen), None)
            for key in keys:
                seen.setdefault(key, item.number)
            if earlier is not None:
                row.errors.append(
                    self.error(
                        sheet.title,
                        item.number,
                        None,
                        _("Nhiệm vụ này đã có ở dòng %(row)s của tệp.") % {"row": earlier},
                    )
                )
                continue
            if task is None:
                self._create(row, sheet, item, wanted, directory)
            else:
                self._change(row, task, wanted)
        return results

    def _wanted(self, sheet, item, row, directory, current_group):
        values, wanted = item.values, {}

        def problem(key, message):
            row.errors.append(self.error(sheet.title, item.number, LABELS[key], message))

        for key in ("code", "title", "expected_output", "due_date"):
            if values.get(key):
                wanted[key] = values[key]
        if values.get("group"):
            group = directory.group(values["group"])
            if group is None:
                problem(
                    "group",
                    _("Kế hoạch %(plan)s không có nhóm nhiệm vụ “%(text)s”.")
                    % {"plan": directory.plan.number, "text": values["group"]},
                )
            wanted["group"] = group
        elif current_group is not None:
            wanted["group"] = current_group
        if values.get("lead"):
            lead = directory.agency(values["lead"])
            if lead is None:
                problem("lead", _("Không tìm thấy cơ quan “%(name)s”.") % {"name": values["lead"]})
            wanted["lead_agency"] = lead
        supporting = []
        for name in directory.agency_names(values.get("supporting") or []):
            agency = directory.agency(name)
            if agency is None:
                problem("supporting", _("Không tìm thấy cơ quan “%(name)s”.") % {"name": name})
            elif agency not in supporting:
                supporting.append(agency)
        if values.get("supporting"):
            wanted["supporting_agencies"] = supporting
        clusters = []
        for name in values.get("clusters") or []:
            cluster = directory.cluster(name)
            if cluster is None:
                problem("clusters", _("Không tìm thấy cụm công nghiệp “%(name)s”.") % {"name": name})
            elif cluster not in clusters:
                clusters.append(cluster)
        if values.get("clusters"):
            wanted["clusters"] = clusters
        return wanted

    def _create(self, row, sheet, item, wanted, directory):
        for key, field in (("group", "group"), ("lead", "lead_agency")):
            if wanted.get(field) is None:
                message = (
                    _("Ghi nhóm nhiệm vụ (hoặc đặt dòng tiêu đề nhóm phía trên).")
                    if key == "group"
                    else _("Nhiệm vụ mới cần cơ quan chủ trì.")
                )
                row.errors.append(self.error(sheet.title, item.number, LABELS[key], message))
        if row.errors:
            return
        code = wanted.get("code") or directory.new_code(wanted["group"])
        directory.codes.add(code)
        row.action = CREATE
        row.label = f"{code} — {wanted['title']}"
        for field in (
            "group",
            "title",
            "lead_agency",
            "supporting_agencies",
            "due_date",
            "expected_output",
            "clusters",
        ):
            if field in wanted:
                row.changes.append(Change(str(Task._meta.get_field(field).verbose_name), None, _names(wanted[field])))
        values = {k: v for k, v in wanted.items() if k != "code"}

        def apply(actor, reason):
            services.task_create(actor=actor, code=code, reason=reason, **values)

        row.apply = apply

    def _change(self, row, task, wanted):
        row.label = f"{task.code} — {task.title}"
        changes = {}
        for field in ("code", "group", "title", "lead_agency", "due_date", "expected_output"):
            if field in wanted and diff(
                row, str(Task._meta.get_field(field).verbose_name), _names(getattr(task, field)), _names(wanted[field])
            ):
                changes[field] = wanted[field]
        for field in ("supporting_agencies", "clusters"):
            if field not in wanted:
                continue
            old = list(getattr(task, field).all())
            if {o.pk for o in old} != {n.pk for n in wanted[field]}:
                row.changes.append(
                    Change(str(Task._meta.get_field(field).verbose_name), _names(old), _names(wanted[field]))
                )
                changes[field] = wanted[field]
        if not changes:
            row.action = UNCHANGED
            return
        row.action = CHANGE
        version = task.version

        def apply(actor, reason):
            services.task_update(actor=actor, task=task, reason=reason, version=version, **changes)

        row.apply = apply


def _names(value):
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    if isinstance(value, TaskGroup):
        return str(value)
    if isinstance(value, Agency):
        return value.name
    return value
