"""What a syncing client needs that the records themselves cannot say: that one of them is gone."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The models the API lists (their ``updated_at`` drives ``updated_after``): a deletion of one of them leaves a
# Tombstone. Records shown only inside another (attachments, a cluster's decisions) are not listed on their own.
SYNCED_MODELS = (
    "agencies.agency",
    "agencies.membership",
    "places.commune",
    "clusters.cluster",
    "tasks.plan",
    "tasks.taskgroup",
    "tasks.target",
    "tasks.task",
    "tasks.progressreport",
    "tasks.extensionrequest",
    "plan_reports.planreport",
    "reporting.reportform",
    "reporting.reportingperiod",
    "reporting.submission",
)


# Deletions of these are served only to who may read the Circular 14 reports (officers may not).
REPORTING_MODELS = ("reporting.reportform", "reporting.reportingperiod", "reporting.submission")
# These belong to a task's deadline history: their deletion is served only to who may read that history.
TASK_HISTORY_MODELS = ("tasks.extensionrequest",)


class TombstoneQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The deletions of records ``user`` could have seen: none for non-members (as every list); for an
        officer, not the reports they may not read, nor the extension requests of tasks outside their
        agency's history (agencies.scoping); everything for coordinators, viewers and superusers."""
        from agencies import scoping
        from tasks.models import Task

        if not scoping.can(user, "plan.view"):
            return self.none()
        queryset = self
        if not scoping.can(user, "reporting.view"):
            queryset = queryset.exclude(model__in=REPORTING_MODELS)
        if scoping.role_of(user) == scoping.Role.OFFICER:
            history = Task.objects.history_visible_to(user).values("pk")
            queryset = queryset.filter(~models.Q(model__in=TASK_HISTORY_MODELS) | models.Q(task_id__in=history))
        return queryset


class Tombstone(models.Model):
    """A record of a listed model that was deleted: its model label and id, and when. Written by a post_delete
    receiver (sync/receivers.py) in the deleting transaction; served by ``GET /api/v1/deletions/``."""

    SYNC_FIELD = "deleted_at"  # what ``updated_after`` compares with, and the cursor's order (core/paging.py)

    model = models.CharField(_("loại bản ghi"), max_length=100)
    object_id = models.BigIntegerField(_("mã bản ghi"))
    deleted_at = models.DateTimeField(_("xóa lúc"), auto_now_add=True, db_index=True)
    # The task whose history the record belonged to (TASK_HISTORY_MODELS), to decide who is told of it.
    task_id = models.BigIntegerField(_("mã nhiệm vụ"), null=True, blank=True)

    objects = TombstoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("bản ghi đã xóa")
        verbose_name_plural = _("bản ghi đã xóa")
        ordering = ["deleted_at", "pk"]

    def __str__(self):
        return f"{self.model} #{self.object_id}"
