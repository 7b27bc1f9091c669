"""Making the next plan: its record, its task groups (as many as it has), its targets, and the unfinished tasks of
an earlier plan carried over into it.

The services follow ``tasks.services``' contract (``core.services``): ``<entity>_<action>(*, actor, ...)``, asking
``agencies.scoping`` ("plan.manage": coordinators), validating, writing in one transaction and leaving one history
record per row with the user and the reason. Pages, the admin and the API call these; none re-implements a rule.

A task carried over is a new task of the new plan whose ``continues`` names the old one. The old task keeps its
status and its whole history: it is not marked done (that would be a false completion in its plan's figures) and
takes no further report, extension request or completion report (``tasks.rules``); its page links to the new task.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agencies import scoping
from core import events
from core.audit import park
from core.services import as_date, check_fields, invalid, lock, require_reason, require_text, save
from department.letterhead import default_issuing_body

from .models import Plan, Target, Task, TaskGroup
from .models.tasks import UNFINISHED_STATUSES
from .services import _delete, _save_task, _validate_agencies

PLAN_FIELDS = ("number", "title", "issued_on", "issuing_body", "year", "period_start", "period_end", "summary")
TARGET_FIELDS = (
    "description",
    "measure",
    "target_min",
    "target_max",
    "unit",
    "fill_threshold_pct",
    "window_start",
    "window_end",
    "manual_value",
    "responsible_agency",
    "notes",
)
# A group's number while the groups are renumbered in one transaction: (plan, number) is unique, so a group moving
# to a number another still holds is first parked out of the way; the parked numbers never outlive the transaction.
_PARKED = 10000


# --- the plan ----------------------------------------------------------------------------------------


def _check_plan(plan):
    plan.number = require_text(plan.number, "number", _("Cần nhập số hiệu kế hoạch."))
    plan.title = require_text(plan.title, "title", _("Cần nhập trích yếu kế hoạch."))
    for field in ("issued_on", "period_start", "period_end"):
        setattr(plan, field, as_date(getattr(plan, field), field))
        if getattr(plan, field) is None:
            invalid(field, _("Cần nhập ngày."))
    if plan.period_end < plan.period_start:
        invalid("period_end", _("Ngày kết thúc kỳ kế hoạch không được trước ngày bắt đầu."))
    if plan.year is None or not plan.period_start.year <= int(plan.year) <= plan.period_end.year:
        invalid("year", _("Năm thực hiện phải nằm trong kỳ kế hoạch."))
    if Plan.objects.filter(number__iexact=plan.number).exclude(pk=plan.pk).exists():
        invalid("number", _("Đã có kế hoạch mang số hiệu %(number)s.") % {"number": plan.number})


def plan_create(*, actor, groups=(), reason=None, **values):
    """Record a newly issued plan (coordinators), with its task groups in order: ``groups`` is a list of
    ``{"name", "description"}``, numbered 1, 2, … as listed (any number of them)."""
    scoping.require(actor, "plan.manage")
    check_fields(values, PLAN_FIELDS)
    reason = require_reason(reason or _("Lập kế hoạch mới"))
    if not values.get("issuing_body") and default_issuing_body():
        values["issuing_body"] = default_issuing_body()
    plan = Plan(**values)
    _check_plan(plan)
    with transaction.atomic():
        save(plan, actor=actor, reason=reason, created=True)
        _write_groups(plan, [{"group": None, **group} for group in groups], actor=actor, reason=reason)
    return plan


def plan_update(*, actor, plan, reason, **changes):
    """Correct a plan's record (coordinators, with a reason)."""
    scoping.require(actor, "plan.manage", plan)
    check_fields(changes, PLAN_FIELDS)
    reason = require_reason(reason)
    with transaction.atomic():
        plan = lock(Plan, plan.pk)
        for name, value in changes.items():
            setattr(plan, name, value)
        _check_plan(plan)
        save(plan, actor=actor, reason=reason)
    return plan


# --- its task groups ---------------------------------------------------------------------------------


def plan_groups_set(*, actor, plan, groups, reason):
    """Set the plan's task groups to ``groups``, in order: each ``{"group": an existing group of the plan or None,
    "name", "description"}``; they are numbered 1, 2, … as listed. A group left out is deleted, unless tasks
    belong to it (refused, naming it). Each row changed leaves one history record with ``reason``."""
    scoping.require(actor, "plan.manage", plan)
    reason = require_reason(reason)
    with transaction.atomic():
        plan = lock(Plan, plan.pk)
        _write_groups(plan, list(groups), actor=actor, reason=reason, replace=True)
    return list(plan.task_groups.all())


def _write_groups(plan, groups, *, actor, reason, replace=False):
    if not groups and not replace:
        return
    if not groups:
        invalid("groups", _("Kế hoạch cần ít nhất một nhóm nhiệm vụ."))
    existing = {group.pk: group for group in TaskGroup.objects.select_for_update().filter(plan=plan)}
    kept = set()
    for index, row in enumerate(groups, start=1):
        row["name"] = require_text(
            row.get("name"), "groups", _("Nhóm thứ %(n)s cần có tên nhóm nhiệm vụ.") % {"n": index}
        )
        group = row.get("group")
        if group is not None:
            if group.pk not in existing:
                invalid("groups", _("Nhóm nhiệm vụ %(group)s không thuộc kế hoạch này.") % {"group": group})
            kept.add(group.pk)
    names = [row["name"].casefold() for row in groups]
    duplicates = sorted({row["name"] for row in groups if names.count(row["name"].casefold()) > 1})
    if duplicates:
        invalid("groups", _("Hai nhóm trùng tên: %(names)s.") % {"names": ", ".join(duplicates)})
    for pk in set(existing) - kept:
        group = existing[pk]
        count = group.tasks.count()
        if count:
            invalid(
                "groups",
                _("Nhóm %(group)s còn %(count)s nhiệm vụ, không bỏ được; hãy chuyển các nhiệm vụ sang nhóm khác trước.")
                % {"group": group, "count": count},
            )
        _delete(group, actor=actor, reason=reason)
    moving = [
        row["group"].pk for number, row in enumerate(groups, 1) if row.get("group") and row["group"].number != number
    ]
    if moving:
        # Parked, not recorded: the rows are saved below with their final numbers and one history record each.
        park(TaskGroup.objects.filter(pk__in=moving), "number", _PARKED)
    for number, row in enumerate(groups, start=1):
        group = row.get("group")
        description = (row.get("description") or "").strip()
        if group is None:
            save(
                TaskGroup(plan=plan, number=number, name=row["name"], description=description),
                actor=actor,
                reason=reason,
                created=True,
            )
        elif (group.number, group.name, group.description) != (number, row["name"], description) or group.pk in moving:
            group = existing[group.pk]
            group.number, group.name, group.description = number, row["name"], description
            save(group, actor=actor, reason=reason)


# --- its targets -------------------------------------------------------------------------------------


def target_create(*, actor, plan, reason=None, **values):
    """Add a target to the plan (coordinators), measured as ``measure`` says (``tasks.targets``); listed last."""
    scoping.require(actor, "plan.manage", plan)
    check_fields(values, TARGET_FIELDS)
    reason = require_reason(reason or _("Thêm chỉ tiêu của kế hoạch"))
    values = {name: value for name, value in values.items() if value is not None or name in ("target_max",)}
    values["description"] = require_text(values.get("description"), "description", _("Cần nhập nội dung chỉ tiêu."))
    for field in ("window_start", "window_end"):
        values[field] = as_date(values.get(field), field)
    with transaction.atomic():
        plan = lock(Plan, plan.pk)
        last = plan.targets.order_by("-order").values_list("order", flat=True).first()
        target = Target(plan=plan, order=(last or 0) + 1, **values)
        save(target, actor=actor, reason=reason, created=True)
    return target


# --- carrying unfinished tasks over --------------------------------------------------------------------


def default_group_map(old_groups, new_groups):
    """{old group id: new group}: the new plan's group of the same name, else of the same number, else none."""
    by_name = {group.name.strip().casefold(): group for group in new_groups}
    by_number = {group.number: group for group in new_groups}
    return {
        old.pk: by_name.get(old.name.strip().casefold()) or by_number.get(old.number)
        for old in old_groups
        if by_name.get(old.name.strip().casefold()) or by_number.get(old.number)
    }


def carried_code(prefix, task):
    """The new task's code: ``prefix`` before the old one's (codes are unique across plans)."""
    return f"{(prefix or '').strip()}{task.code}"


def tasks_carry_over(*, actor, plan, tasks, group_map, reason, code_prefix, due_date=None):
    """Carry ``tasks`` (unfinished, of an earlier plan) over into ``plan`` (coordinators), all or none.

    Each becomes a new task of ``plan`` in the group ``group_map`` gives for its old group, with the same title,
    content, lead and supporting agencies, clusters, officer in charge and progress, ``continues`` naming the old
    task, and the code ``code_prefix`` + the old code. The deadline is the old one when ``due_date`` is None, else
    ``due_date`` for all. The old task stays as it is (see the module's docstring). A task already carried over, or
    finished, is refused on ``tasks``, naming it; nothing is written then.
    """
    scoping.require(actor, "plan.manage", plan)
    reason = require_reason(reason)
    due_date = as_date(due_date, "due_date")
    if not (code_prefix or "").strip():
        invalid("code_prefix", _("Cần nhập tiền tố mã cho các nhiệm vụ tiếp nối (ví dụ: KH2027-)."))
    task_ids = [task.pk for task in tasks]
    if not task_ids:
        invalid("tasks", _("Hãy chọn ít nhất một nhiệm vụ để chuyển tiếp."))
    created = []
    with transaction.atomic():
        plan = lock(Plan, plan.pk)
        old_tasks = list(
            Task.objects.select_for_update()
            .filter(pk__in=task_ids)
            .select_related("group__plan", "lead_agency")
            .order_by("group_number", "code")
        )
        new_groups = {group.pk: group for group in plan.task_groups.all()}
        problems = []
        for old in old_tasks:
            if old.group.plan_id == plan.pk:
                problems.append(_("%(code)s đã thuộc kế hoạch này.") % {"code": old.code})
            elif old.status not in UNFINISHED_STATUSES:
                problems.append(
                    _("%(code)s: %(status)s, không chuyển tiếp.")
                    % {"code": old.code, "status": old.get_status_display().lower()}
                )
            elif Task.objects.filter(continues=old).exists():
                carried = Task.objects.select_related("group__plan").get(continues=old)
                problems.append(
                    _("%(code)s đã được chuyển tiếp sang %(plan)s (nhiệm vụ %(new)s).")
                    % {"code": old.code, "plan": carried.group.plan, "new": carried.code}
                )
            group = group_map.get(old.group_id)
            group = new_groups.get(getattr(group, "pk", group))
            if group is None:
                problems.append(
                    _("Chưa chọn nhóm của kế hoạch mới cho nhóm %(group)s (nhiệm vụ %(code)s).")
                    % {"group": old.group, "code": old.code}
                )
        if problems:
            invalid("tasks", " ".join(str(problem) for problem in problems))
        for old in old_tasks:
            created.append(
                _carry_one(old, plan, new_groups[_pk(group_map[old.group_id])], actor, reason, code_prefix, due_date)
            )
    return created


def _pk(value):
    return getattr(value, "pk", value)


def _carry_one(old, plan, group, actor, reason, code_prefix, due_date):
    code = carried_code(code_prefix, old)
    if len(code) > Task._meta.get_field("code").max_length:
        invalid("code_prefix", _("Mã %(code)s dài quá 32 ký tự; hãy dùng tiền tố ngắn hơn.") % {"code": code})
    if Task.objects.filter(code=code).exists():
        invalid("code_prefix", _("Đã có nhiệm vụ mang mã %(code)s; hãy chọn tiền tố khác.") % {"code": code})
    supporting, clusters = list(old.supporting_agencies.all()), list(old.clusters.all())
    try:
        _validate_agencies(old.lead_agency, supporting)
    except ValidationError as error:  # an agency no longer fit to lead or support: said of the task
        invalid("tasks", _("%(code)s: %(error)s") % {"code": old.code, "error": " ".join(error.messages)})
    due = old.due_date if due_date is None else due_date
    start = plan.period_start if due is None or due >= plan.period_start else None
    task = Task(
        group=group,
        code=code,
        title=old.title,
        description=old.description,
        expected_output=old.expected_output,
        lead_agency=old.lead_agency,
        responsible_user=old.responsible_user,
        start_date=start,
        due_date=due,
        priority=old.priority,
        source_document=old.source_document,
        # Work already under way goes on under way; a task awaiting acceptance in the old plan is not done in the
        # new one either: its completion is reported (and accepted) there.
        status=Task.Status.NOT_STARTED if old.status == Task.Status.NOT_STARTED else Task.Status.IN_PROGRESS,
        progress_percent=old.progress_percent,
        continues=old,
    )
    why = _("Chuyển tiếp nhiệm vụ %(code)s của %(plan)s: %(reason)s") % {
        "code": old.code,
        "plan": old.group.plan,
        "reason": reason,
    }
    _save_task(
        task, actor=actor, reason=why, m2m={"supporting_agencies": supporting, "clusters": clusters}, created=True
    )
    events.emit(events.TASK_CREATED, obj=task, actor=actor)
    events.emit(
        events.TASK_ASSIGNED, obj=task, actor=actor, agency_ids={old.lead_agency_id, *(a.pk for a in supporting)}
    )
    return task
