"""A task of the plan, and its deadline status: the one home of "on time", "due soon" and "overdue"."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, ExpressionWrapper, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from agencies import scoping
from core.audit import AuditedManager, AuditedQuerySet, history
from core.dates import local_today, validate_business_date
from core.search import Searchable

from .plans import TaskGroup


class DeadlineStatus(models.TextChoices):
    """The taxonomy of Vietnamese government reporting (Government Office report 1270/BC-TCTTTg)."""

    DONE_ON_TIME = "done_on_time", _("Đã hoàn thành đúng hạn")
    DONE_LATE = "done_late", _("Đã hoàn thành quá hạn")
    ON_TRACK = "on_track", _("Đang thực hiện trong hạn")
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn chưa hoàn thành")
    NO_DEADLINE = "no_deadline", _("Không có thời hạn")


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    AWAITING_ACCEPTANCE = "awaiting_acceptance", _("Chờ xác nhận hoàn thành")
    DONE = "done", _("Đã hoàn thành")
    CANCELLED = "cancelled", _("Đã hủy")


# What an agency is to a task it has a part in.
AGENCY_ROLE_LEAD = _("Chủ trì")
AGENCY_ROLE_SUPPORT = _("Phối hợp")

# A task is open while an agency works on it; finished once done or cancelled. (Awaiting acceptance is
# neither: the agency has reported, the Department has not yet decided.)
OPEN_STATUSES = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS)
FINISHED_STATUSES = (TaskStatus.DONE, TaskStatus.CANCELLED)
# Every figure counts all tasks but the cancelled ones.
UNCOUNTED_STATUSES = (TaskStatus.CANCELLED,)
COUNTED_STATUSES = tuple(s for s in TaskStatus if s not in UNCOUNTED_STATUSES)


# The fields a task's deadline status is decided by (``deadline_status_for``).
DEADLINE_STATUS_FIELDS = ("status", "due_date", "completed_on", "completion_deadline")


def deadline_status_for(*, status, due_date, completed_on, completion_deadline, today=None, due_soon_days=None):
    """The deadline status of a task from its fields; ``TaskQuerySet.with_deadline_status`` is its SQL twin.

    - cancelled: None (cancelled tasks are left out of every count);
    - done: on time when completed on or before the deadline in force on the completion date
      (``completion_deadline``, captured at acceptance; the current deadline if absent); no deadline
      means on time;
    - awaiting acceptance: judged by the reported completion date, so the agency is not marked late
      while the Department has not yet decided;
    - otherwise: no deadline, overdue (deadline passed), due soon (within ``DUE_SOON_DAYS``, today
      included), or on track.
    """
    today = today or local_today()
    due_soon_days = settings.DUE_SOON_DAYS if due_soon_days is None else due_soon_days
    if status == TaskStatus.CANCELLED:
        return None
    if status == TaskStatus.DONE:
        deadline = completion_deadline or due_date
        if deadline is None or (completed_on is not None and completed_on <= deadline):
            return DeadlineStatus.DONE_ON_TIME
        return DeadlineStatus.DONE_LATE
    if due_date is None:
        return DeadlineStatus.NO_DEADLINE
    if status == TaskStatus.AWAITING_ACCEPTANCE and completed_on is not None and completed_on <= due_date:
        return DeadlineStatus.ON_TRACK
    if due_date < today:
        return DeadlineStatus.OVERDUE
    if due_date <= today + datetime.timedelta(days=due_soon_days):
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.ON_TRACK


def decide_deadline_statuses(tasks, today=None):
    """Sets the deadline status of tasks read without the annotation, as their property would decide it row by
    row (``deadline_status_for``), with today looked up once."""
    today = today or local_today()
    for task in tasks:
        task.deadline_status = deadline_status_for(
            status=task.status,
            due_date=task.due_date,
            completed_on=task.completed_on,
            completion_deadline=task.completion_deadline,
            today=today,
        )


def days_overdue_for(deadline_status, due_date, today):
    """Days past the deadline on ``today`` of a task whose deadline status (judged on that day) is overdue, else 0:
    for a task (``Task.days_overdue_on``) and for a row of its history (the plan report)."""
    if deadline_status != DeadlineStatus.OVERDUE:
        return 0
    return (today - due_date).days


def deadline_status_label(code):
    """What a deadline status is called; a cancelled task (no status) is shown as cancelled."""
    return DeadlineStatus(code).label if code else TaskStatus.CANCELLED.label


def stale_cutoff(today=None):
    """Progress reported before this day is stale: an open task without a later report is "chưa cập nhật"."""
    return (today or local_today()) - datetime.timedelta(days=settings.STALE_PROGRESS_DAYS)


def recently_updated_q(today=None):
    """A progress report within ``STALE_PROGRESS_DAYS`` of ``today``: the one rule of "chưa cập nhật" (its negation,
    for open tasks), read from the task's own ``last_reported_on``. "IS NOT NULL AND": a task never reported is not
    updated, never unknown (NULL), so that a filter on False keeps it."""
    return Q(last_reported_on__isnull=False, last_reported_on__gte=stale_cutoff(today))


def updated_expression(today=None):
    """The update rate's terms for a task, in SQL: 1 open and reported on recently (``recently_updated_q``), 0 open
    and not, NULL not open (awaiting acceptance, done, cancelled)."""
    return Case(
        When(Q(status__in=OPEN_STATUSES) & recently_updated_q(today), then=Value(1)),
        When(status__in=OPEN_STATUSES, then=Value(0)),
        default=Value(None),
        output_field=models.IntegerField(),
    )


def deadline_status_expression(today=None):
    """The SQL twin of ``deadline_status_for``: a CASE over a task's fields, for the live tasks
    (``TaskQuerySet.with_deadline_status``) and their history as of a past day (the plan report), with
    ``today`` the day the statuses are judged on."""
    today = today or local_today()
    soon = today + datetime.timedelta(days=settings.DUE_SOON_DAYS)
    done = Q(status=TaskStatus.DONE)
    return Case(
        When(status=TaskStatus.CANCELLED, then=Value(None, output_field=models.CharField())),
        When(
            done & Q(completion_deadline__isnull=True, due_date__isnull=True),
            then=Value(DeadlineStatus.DONE_ON_TIME),
        ),
        When(
            done & Q(completed_on__lte=Coalesce(F("completion_deadline"), F("due_date"))),
            then=Value(DeadlineStatus.DONE_ON_TIME),
        ),
        When(done, then=Value(DeadlineStatus.DONE_LATE)),
        When(due_date__isnull=True, then=Value(DeadlineStatus.NO_DEADLINE)),
        When(
            Q(status=TaskStatus.AWAITING_ACCEPTANCE, completed_on__lte=F("due_date")),
            then=Value(DeadlineStatus.ON_TRACK),
        ),
        When(due_date__lt=today, then=Value(DeadlineStatus.OVERDUE)),
        When(due_date__lte=soon, then=Value(DeadlineStatus.DUE_SOON)),
        default=Value(DeadlineStatus.ON_TRACK),
        output_field=models.CharField(max_length=20),
    )


# Neither cancelled nor done: judged by the deadline (awaiting acceptance also by the reported completion date).
UNFINISHED_STATUSES = (*OPEN_STATUSES, TaskStatus.AWAITING_ACCEPTANCE)


def deadline_status_q(deadline_status, today=None):
    """The tasks in ``deadline_status`` as plain conditions on status, due_date and completed_on, which indexes
    can serve; ``deadline_status_expression``'s CASE decides the same (``test_deadline_status_filter`` holds them
    equal over the edge cases). Filter with this; annotate with the CASE only to show the status.

    Each branch restates one When of the CASE together with the negation of the Whens before it; a comparison
    with NULL is never true in SQL, so ``completed_on <= due_date`` fails for a NULL completion date as it does
    in the CASE.
    """
    today = today or local_today()
    soon = today + datetime.timedelta(days=settings.DUE_SOON_DAYS)
    done = Q(status=TaskStatus.DONE)
    deadline = Coalesce(F("completion_deadline"), F("due_date"))
    done_on_time = Q(completion_deadline__isnull=True, due_date__isnull=True) | Q(completed_on__lte=deadline)
    # Awaiting acceptance, reported done by the deadline: on track whatever today is.
    reported_in_time = Q(status=TaskStatus.AWAITING_ACCEPTANCE, completed_on__lte=F("due_date"))
    # Judged by today's date against the deadline: open, or awaiting acceptance but reported late (or undated).
    by_date = Q(status__in=OPEN_STATUSES) | (
        Q(status=TaskStatus.AWAITING_ACCEPTANCE) & (Q(completed_on__isnull=True) | Q(completed_on__gt=F("due_date")))
    )
    conditions = {
        DeadlineStatus.DONE_ON_TIME: done & done_on_time,
        DeadlineStatus.DONE_LATE: done
        & (Q(completion_deadline__isnull=False) | Q(due_date__isnull=False))
        & (Q(completed_on__isnull=True) | Q(completed_on__gt=deadline)),
        DeadlineStatus.NO_DEADLINE: Q(status__in=UNFINISHED_STATUSES, due_date__isnull=True),
        DeadlineStatus.OVERDUE: by_date & Q(due_date__lt=today),
        DeadlineStatus.DUE_SOON: by_date & Q(due_date__gte=today, due_date__lte=soon),
        DeadlineStatus.ON_TRACK: reported_in_time | (by_date & Q(due_date__gt=soon)),
    }
    return conditions[DeadlineStatus(deadline_status)]


class TaskQuerySet(AuditedQuerySet):
    def visible_to(self, user):
        """Every task for any member (the plan is shared inside the administration); none otherwise."""
        return self if scoping.is_member(user) else self.none()

    def history_visible_to(self, user):
        """Tasks whose history (changes, deadline history, extension requests, timeline) the user may read."""
        if scoping.reads_everything(user):
            return self
        agency_id = scoping.officer_agency_id(user)
        if agency_id is None:
            return self.none()
        supported = Task.supporting_agencies.through.objects.filter(agency_id=agency_id)
        return self.filter(Q(lead_agency_id=agency_id) | Q(pk__in=supported.values("task_id")))

    def working_for(self, user):
        """The tasks that are the user's own work (a calendar feed): those of ``scoping.working_agency``, or all."""
        queryset = self.visible_to(user)
        agency = scoping.working_agency(user)
        return queryset if agency is None else queryset.involving(agency)

    def in_deadline_status(self, *statuses, today=None):
        """Tasks in any of ``statuses`` (no annotation needed: see ``deadline_status_q``)."""
        condition = Q()
        for status in statuses:
            condition |= deadline_status_q(status, today)
        return self.filter(condition) if statuses else self

    def with_plan_id(self):
        """Annotate each task's plan id (``Task.plan_id``) from the group, in the same query: by a subquery, which a
        list's COUNT leaves out as unused, where a join to the groups stayed in it (a third of a search's count at
        100,000 tasks). The page's rows read it for themselves alone. Unordered: the groups' own ordering joined the
        plans and sorted one row for every task of the page."""
        return self.annotate(
            group_plan_id=Subquery(TaskGroup.objects.filter(pk=OuterRef("group_id")).order_by().values("plan_id"))
        )

    def with_deadline_status(self, today=None):
        """Annotate ``deadline_status`` in SQL, exactly as ``deadline_status_for`` decides it in Python."""
        return self.annotate(deadline_status=deadline_status_expression(today))

    def counted(self):
        """Tasks that count in figures: everything but the cancelled."""
        return self.filter(status__in=COUNTED_STATUSES)

    def uncounted(self):
        """Tasks left out of figures (the cancelled): few, so "no uncounted task" (``~Exists``) reads them alone
        from the status index, where "one of the counted tasks" reads every task."""
        return self.filter(status__in=UNCOUNTED_STATUSES)

    def open(self):
        """Tasks an agency is working on (not started, in progress)."""
        return self.filter(status__in=OPEN_STATUSES)

    def awaiting_acceptance(self):
        """Tasks whose completion was reported and waits for the Department's acceptance."""
        return self.filter(status=TaskStatus.AWAITING_ACCEPTANCE)

    def overdue(self, today=None):
        return self.with_deadline_status(today).in_deadline_status(DeadlineStatus.OVERDUE, today=today)

    def involving(self, agency):
        """Tasks the agency leads or supports, each once (no join, so aggregates over it stay right)."""
        return self.filter(pk__in=involving_ids(agency))

    def with_update_state(self, today=None):
        """Annotate ``recently_updated`` (``recently_updated_q``), for the agency pages and the task list's filter."""
        return self.annotate(
            recently_updated=ExpressionWrapper(recently_updated_q(today), output_field=models.BooleanField())
        )

    def not_updated(self, today=None):
        """Open tasks with no progress report for ``STALE_PROGRESS_DAYS`` ("chưa cập nhật")."""
        return self.open().with_update_state(today).filter(recently_updated=False)


def involving_ids(agency):
    """The ids of the tasks ``agency`` leads or supports, as a subquery: "led UNION ALL supported", not "lead_agency
    = X OR id IN (supported)": the OR made PostgreSQL scan every task (49.7 ms at 100,000 tasks), the
    union reads both indexes (21.8 ms)."""
    led = Task.objects.filter(lead_agency=agency).order_by().values("pk")
    supported = Task.supporting_agencies.through.objects.filter(agency=agency).values("task_id")
    return led.union(supported, all=True)


class Task(Searchable):
    """A task of the plan's annex: what, who leads, who supports, by when, and what it produces."""

    SEARCH_FIELDS = ("code", "title", "description", "expected_output")
    # What ``__str__`` reads: a history naming many tasks loads only these (``core.history``).
    NAME_FIELDS = ("id", "code", "title")
    # Copies of other records kept on the row (``refresh_derived_fields``), and what they are copied from.
    DERIVED_FIELDS = ("group_number",)
    DERIVED_FROM = ("group",)
    # Copies kept from the task's own children by the children's writes (``ProgressReport.refresh_tasks``), never
    # by the task's save(): a task read before a report was added must not put back the older date.
    KEPT_BY_OTHERS = ("last_reported_on",)

    Status = TaskStatus

    class Priority(models.TextChoices):
        HIGH = "high", _("Cao")
        NORMAL = "normal", _("Bình thường")
        LOW = "low", _("Thấp")

    group = models.ForeignKey(
        "tasks.TaskGroup", verbose_name=_("nhóm nhiệm vụ"), on_delete=models.PROTECT, related_name="tasks"
    )
    code = models.CharField(_("mã nhiệm vụ"), max_length=32, unique=True)
    title = models.CharField(_("nhiệm vụ"), max_length=500)
    description = models.TextField(_("nội dung chi tiết"), blank=True)
    expected_output = models.CharField(
        _("sản phẩm"), max_length=255, blank=True, help_text=_("Ví dụ: Quyết định của UBND Thành phố; Báo cáo.")
    )
    lead_agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("cơ quan chủ trì"), on_delete=models.PROTECT, related_name="led_tasks"
    )
    supporting_agencies = models.ManyToManyField(
        "agencies.Agency", verbose_name=_("cơ quan phối hợp"), related_name="supported_tasks", blank=True
    )
    clusters = models.ManyToManyField(
        "clusters.Cluster", verbose_name=_("cụm công nghiệp liên quan"), related_name="tasks", blank=True
    )
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ theo dõi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_tasks",
    )
    start_date = models.DateField(_("ngày bắt đầu"), null=True, blank=True, validators=[validate_business_date])
    due_date = models.DateField(
        _("thời hạn"),
        null=True,
        blank=True,
        help_text=_("Thời hạn đang có hiệu lực."),
        validators=[validate_business_date],
    )
    original_due_date = models.DateField(
        _("thời hạn ban đầu"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Không thay đổi sau khi giao."),
        validators=[validate_business_date],
    )
    status = models.CharField(
        _("trạng thái"), max_length=24, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    progress_percent = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    priority = models.CharField(_("mức ưu tiên"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    source_document = models.CharField(_("văn bản giao nhiệm vụ"), max_length=255, blank=True)

    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True, validators=[validate_business_date])
    completion_evidence = models.TextField(_("kết quả, minh chứng hoàn thành"), blank=True)
    completion_reported_at = models.DateTimeField(_("báo cáo hoàn thành lúc"), null=True, blank=True)
    completion_reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người báo cáo hoàn thành"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    completion_deadline = models.DateField(
        _("thời hạn áp dụng khi hoàn thành"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Thời hạn có hiệu lực vào ngày hoàn thành, dùng để đánh giá đúng hạn."),
        validators=[validate_business_date],
    )
    accepted_at = models.DateTimeField(_("xác nhận hoàn thành lúc"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận hoàn thành"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The unfinished task of an earlier plan this one carries on (``tasks.planning.tasks_carry_over``). One to one: a
    # task is carried over once; the old task keeps its status and its history, and answers ``continued_by``.
    continues = models.OneToOneField(
        "tasks.Task",
        verbose_name=_("tiếp nối nhiệm vụ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="continued_by",
    )

    # A copy of ``group.number``, kept by save(), the audited bulk helpers (``refresh_derived_fields``) and
    # TaskGroup.save(), so that the lists' order (group number, code) is served by one index.
    group_number = models.PositiveSmallIntegerField(_("số thứ tự nhóm"), default=0, editable=False)
    # The date of the latest progress report (None without one), kept by every write of the reports
    # (``ProgressReport.refresh_tasks``): "updated recently" is then a column of the figures' indexes, not a look-up
    # of the reports for every task (the dashboard's update rates, "chưa cập nhật").
    last_reported_on = models.DateField(_("ngày báo cáo gần nhất"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True, db_index=True)

    objects = AuditedManager.from_queryset(TaskQuerySet)()
    history = history(
        m2m_fields=[supporting_agencies, clusters],
        excluded_fields=["updated_at", "search_text", "group_number", "last_reported_on"],
    )

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        # group_number is group.number (the order of the plan's annex); the index serves a page of a list
        # without sorting every task (migration 0007's EXPLAIN).
        ordering = ["group_number", "code"]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            # Deadline-status filters and counts read (due_date, status, completed_on) from the index alone
            # (migration tasks/0009 quotes the plans).
            models.Index(fields=["due_date"], include=["status", "completed_on"], name="task_due_status_idx"),
            models.Index(fields=["group_number", "code"], name="task_list_order_idx"),
            # The dashboard's and the agencies' figures (counts by group, lead agency and deadline status, the
            # update rates) read every task of a plan: from this index alone, not from the wide rows.
            models.Index(
                fields=["group", "lead_agency"],
                include=["status", "due_date", "completed_on", "completion_deadline", "last_reported_on", "id"],
                name="task_figures_idx",
            ),
            # The same by lead agency: the agencies table counts a page of agencies' led tasks, and an agency's
            # led task ids (``involving_ids``), from this index alone (migration tasks/0015 quotes the plans).
            models.Index(
                fields=["lead_agency"],
                include=["status", "due_date", "completed_on", "completion_deadline", "last_reported_on", "id"],
                name="task_lead_figures_idx",
            ),
            # "Chờ tôi xử lý" and the acceptance list: the completions waiting, first reported first, read in order
            # from the index (without it, a sort of every such task: 27 ms for the first five at 100,000 tasks).
            models.Index(fields=["status", "completion_reported_at", "code"], name="task_acceptance_queue_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress_percent__lte=100),
                name="task_progress_percent_0_100",
                violation_error_message=_("Tiến độ phải từ 0 đến 100%."),
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(due_date__isnull=True) | Q(due_date__gte=F("start_date")),
                name="task_due_after_start",
                violation_error_message=_("Thời hạn không được trước ngày bắt đầu."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[TaskStatus.DONE, TaskStatus.AWAITING_ACCEPTANCE])
                | Q(completed_on__isnull=False),
                name="task_completion_has_date",
                violation_error_message=_("Nhiệm vụ đã báo cáo hoàn thành phải có ngày hoàn thành."),
            ),
        ]

    def __str__(self):
        return f"{self.code} — {self.title}"

    @property
    def deadline_status(self):
        """The deadline status (a ``DeadlineStatus`` code, None when cancelled); agrees with the annotation."""
        annotated = self.__dict__.get("_deadline_status", _MISSING)
        if annotated is not _MISSING:
            return annotated
        return deadline_status_for(
            status=self.status,
            due_date=self.due_date,
            completed_on=self.completed_on,
            completion_deadline=self.completion_deadline,
        )

    @deadline_status.setter
    def deadline_status(self, value):
        self.__dict__["_deadline_status"] = value

    def get_deadline_status_display(self):
        return deadline_status_label(self.deadline_status)

    @property
    def plan(self):
        return self.group.plan

    @property
    def plan_id(self):
        """The plan's id: annotated by a list (``with_plan_id``), which then builds no group per task; otherwise
        read through the group."""
        annotated = self.__dict__.get("group_plan_id")
        return annotated if annotated is not None else self.group.plan_id

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_finished(self):
        return self.status in FINISHED_STATUSES

    @property
    def carried_over_to(self):
        """The task of a later plan that carries this one on, or None (``select_related("continued_by")`` serves
        it without a query)."""
        try:
            return self.continued_by
        except Task.continued_by.RelatedObjectDoesNotExist:
            return None

    def has_workflow_records(self):
        """Whether the workflow has left records on the task (reports, requests, an accepted completion)."""
        return self.status == TaskStatus.DONE or self.progress_reports.exists() or self.extension_requests.exists()

    def agency_role(self, agency):
        """ "Chủ trì" when ``agency`` leads the task, else "Phối hợp": the label every list writes beside it."""
        return AGENCY_ROLE_LEAD if self.lead_agency_id == getattr(agency, "pk", agency) else AGENCY_ROLE_SUPPORT

    @property
    def days_overdue(self):
        """Days past the deadline for an overdue task, else 0."""
        return self.days_overdue_on(local_today())

    def days_overdue_on(self, today):
        """Days past the deadline on ``today`` (for a task whose deadline status was judged on that day)."""
        return days_overdue_for(self.deadline_status, self.due_date, today)

    def refresh_derived_fields(self):
        """The copies kept on the row for speed (``group_number``); save() and the bulk helpers call it."""
        self.group_number = self.group.number if self.group_id else 0

    def save(self, *args, **kwargs):
        self.refresh_derived_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "group" in update_fields:
            kwargs["update_fields"] = {*update_fields, "group_number"}
        elif (
            update_fields is None and self.pk is not None and not self._state.adding and not kwargs.get("force_insert")
        ):
            # Every loaded field (as Django saves a deferred object) but the copies the reports keep: this object may
            # have been read before a report came.
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in self.KEPT_BY_OTHERS and f.attname not in deferred
            ]
        # The first deadline a task is given is its original deadline, for good, whichever door set it.
        if self.original_due_date is None and self.due_date is not None:
            self.original_due_date = self.due_date
        super().save(*args, **kwargs)

    def clean(self):
        if self.start_date and self.due_date and self.due_date < self.start_date:
            raise ValidationError({"due_date": _("Thời hạn không được trước ngày bắt đầu.")})
        if self.progress_percent is not None and self.progress_percent > 100:
            raise ValidationError({"progress_percent": _("Tiến độ phải từ 0 đến 100%.")})


_MISSING = object()
