"""Reading the story of a task (its deadline history and its timeline), and which plan a page shows."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.history import TimelineEvent, change_events

from .models import ExtensionRequest, Plan, Task, local_today
from .models.tasks import UNFINISHED_STATUSES


@dataclass
class DeadlineChange:
    """One line of a task's deadline history: the original deadline, or a move of it."""

    at: datetime.datetime
    old: datetime.date | None
    new: datetime.date | None
    is_original: bool = False
    requested_by: object = None
    requested_at: datetime.datetime | None = None
    approved_by: object = None
    reason: str = ""
    decision_note: str = ""
    document: str = ""
    letter: str = ""
    extension_id: int | None = None


def deadline_history(task, extensions=None):
    """The original deadline, then each change: old → new, who asked, who approved, the documents, when.

    Built from the task's own history (so a change from any path shows), matched to the approved
    extension request behind it. Three queries; two when ``extensions`` (the task's extension requests with who
    asked and who decided, as the task's page reads them) is given.
    """
    records = list(
        task.history.select_related("history_user")
        .order_by("history_date", "history_id")
        .only("history_id", "history_date", "history_user", "due_date", "original_due_date", "history_change_reason")
    )
    if extensions is None:
        extensions = task.extension_requests.filter(status=ExtensionRequest.Status.APPROVED).select_related(
            "requested_by", "decided_by"
        )
    approved = {
        (e.previous_due_date, e.proposed_due_date): e
        for e in extensions
        if e.status == ExtensionRequest.Status.APPROVED
    }
    changes = []
    previous_due = None
    for index, record in enumerate(records):
        if index == 0:
            changes.append(
                DeadlineChange(
                    at=record.history_date,
                    old=None,
                    new=record.original_due_date or record.due_date,
                    is_original=True,
                    approved_by=record.history_user,
                    reason=record.history_change_reason or "",
                )
            )
            previous_due = record.due_date
            continue
        if record.due_date == previous_due:
            continue
        extension = approved.get((previous_due, record.due_date))
        changes.append(
            DeadlineChange(
                at=record.history_date,
                old=previous_due,
                new=record.due_date,
                requested_by=extension.requested_by if extension else None,
                requested_at=extension.requested_at if extension else None,
                approved_by=extension.decided_by if extension else record.history_user,
                reason=extension.reason if extension else (record.history_change_reason or ""),
                decision_note=extension.decision_note if extension else "",
                document=extension.decision_document if extension else "",
                letter=_letter(extension) if extension else "",
                extension_id=extension.pk if extension else None,
            )
        )
        previous_due = record.due_date
    return changes


def _letter(extension):
    if not extension.letter_number:
        return ""
    if extension.letter_date:
        return _("%(number)s ngày %(date)s") % {
            "number": extension.letter_number,
            "date": f"{extension.letter_date:%d/%m/%Y}",
        }
    return extension.letter_number


# Functions (task) -> [TimelineEvent] that other apps register, so their records join a task's timeline
# without the tasks app knowing them (notifications adds its follow-up letters).
TIMELINE_SOURCES = []


def timeline_source(function):
    """Register ``function(task) -> [TimelineEvent]`` as a source of every task's timeline."""
    TIMELINE_SOURCES.append(function)
    return function


def task_timeline(task, reports=None, extensions=None):
    """Field changes (old → new, Vietnamese labels), progress reports, extension requests and decisions,
    and what other apps add (``timeline_source``: follow-up letters), merged newest first. A fixed number
    of queries. ``reports`` and ``extensions``: the task's, when the caller has read them (the task's page), in
    their models' order, with their people and their files as ``files``."""
    events = change_events(Task, task.history.order_by("-history_date", "-history_id"))
    if reports is None:
        reports = _with_files(task.progress_reports.select_related("agency", "author"))
    if extensions is None:
        extensions = _with_files(task.extension_requests.select_related("requested_by", "decided_by"))
    for report in reports:
        events.append(
            TimelineEvent(
                at=report.created_at,
                kind="progress",
                title=_("%(agency)s: %(percent)s%% (ngày %(date)s)")
                % {
                    "agency": report.agency,
                    "percent": report.progress_percent,
                    "date": f"{report.reported_on:%d/%m/%Y}",
                },
                user=report.author,
                text=report.text,
                attachments=report.files,
                obj=report,
            )
        )
    for extension in extensions:
        events.append(
            TimelineEvent(
                at=extension.requested_at,
                kind="extension_request",
                title=_("Đề nghị gia hạn %(old)s → %(new)s")
                % {"old": f"{extension.previous_due_date:%d/%m/%Y}", "new": f"{extension.proposed_due_date:%d/%m/%Y}"},
                user=extension.requested_by,
                reason=extension.reason,
                text=_letter(extension),
                attachments=extension.files,
                obj=extension,
            )
        )
        if extension.decided_at:
            events.append(
                TimelineEvent(
                    at=extension.decided_at,
                    kind="extension_decision",
                    title=_("%(decision)s đề nghị gia hạn đến %(date)s")
                    % {"decision": extension.get_status_display(), "date": f"{extension.proposed_due_date:%d/%m/%Y}"},
                    user=extension.decided_by,
                    reason=extension.decision_note,
                    text=extension.decision_document,
                    obj=extension,
                )
            )
    for source in TIMELINE_SOURCES:
        events += source(task)
    events.sort(key=lambda e: e.at, reverse=True)
    return events


def _with_files(records):
    """``records`` (progress reports or extension requests) read, each with its attachments as ``files``."""
    records = list(records.prefetch_related("attachments"))
    for record in records:
        record.files = list(record.attachments.all())
    return records


# --- what waits for the Department's decision ------------------------------------------------------------------
# The one definition of "pending" behind "Cơ quan của tôi" (its lists) and "Chờ tôi xử lý" (workspace.waiting).


def extensions_to_decide(user):
    """Extension requests not yet decided, among those ``user`` may see; oldest first."""
    return ExtensionRequest.objects.pending().visible_to(user).order_by("requested_at", "pk")


def completions_to_accept(user):
    """Tasks whose completion was reported and waits for the Department's acceptance, among those ``user`` may see;
    the first reported first."""
    return Task.objects.awaiting_acceptance().visible_to(user).order_by("completion_reported_at", "code")


# --- which plan ------------------------------------------------------------------------------------


def in_force(plans, today=None):
    """The plan in force on ``today`` among ``plans``: the latest issued on or before that day; before any is
    issued, the first to come; None without plans. The one rule of "today's plan" (docs/plans.md)."""
    today = today or local_today()
    plans = list(plans)
    issued = [plan for plan in plans if plan.issued_on <= today]
    if issued:
        return max(issued, key=lambda plan: (plan.issued_on, plan.pk))
    return min(plans, key=lambda plan: (plan.issued_on, plan.pk), default=None)


def plan_in_force(today=None):
    """Today's plan, read from every plan (a few rows a year): the default of every page and report."""
    return in_force(Plan.objects.all(), today)


@dataclass
class PlanChoice:
    """The plan a page shows (``?plan=<id>``, else today's), every plan for its selector, and today's plan."""

    plan: object
    plans: list
    in_force: object

    @property
    def is_default(self):
        return self.plan is not None and self.in_force is not None and self.plan.pk == self.in_force.pk


def choose_plan(wanted, today=None):
    """The plan ``wanted`` names (an id, as the URL's ``?plan=`` gives it), or today's plan when it names none
    or an unknown one. One query: every plan, in the selector's order (newest first)."""
    plans = list(Plan.objects.order_by("-year", "-issued_on", "-pk"))
    current = in_force(plans, today)
    chosen = next((plan for plan in plans if str(plan.pk) == str(wanted or "").strip()), current)
    return PlanChoice(plan=chosen, plans=plans, in_force=current)


def previous_plan(plan):
    """The plan issued before ``plan`` (the one whose unfinished tasks it would carry on), or None."""
    return Plan.objects.filter(issued_on__lt=plan.issued_on).exclude(pk=plan.pk).order_by("-issued_on", "-pk").first()


def unfinished_tasks(plan):
    """The tasks of ``plan`` not yet done or cancelled (``UNFINISHED_STATUSES``) and not carried over yet: those
    a later plan may carry on."""
    return (
        Task.objects.filter(group__plan=plan, status__in=UNFINISHED_STATUSES, continued_by__isnull=True)
        .with_deadline_status()
        .select_related("group", "lead_agency")
        .order_by("group_number", "code")
    )
