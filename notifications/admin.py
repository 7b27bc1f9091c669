"""Admin for the bell's notifications, the reminder deliveries log, reminder preferences, calendar feeds and
follow-up letters."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.admin import CoordinatorModelAdmin, ReadOnlyAdminMixin

from .models import CalendarFeedToken, FollowUpLetter, Notification, NotificationPreference, ReminderDelivery


@admin.register(Notification)
class NotificationAdmin(CoordinatorModelAdmin):
    allow_add = False
    allow_change = False
    list_display = ["created_at", "recipient", "kind", "task", "message", "read_at"]
    list_filter = ["kind", "created_at"]
    list_select_related = ["recipient", "task"]
    search_fields = ["recipient__username", "message", "task__code"]
    date_hierarchy = "created_at"


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(ReadOnlyAdminMixin, CoordinatorModelAdmin):
    list_display = ["run_date", "kind", "recipient", "user", "agency", "sent_at"]
    list_filter = ["kind", "run_date"]
    list_select_related = ["user", "agency"]
    search_fields = ["recipient", "subject"]
    date_hierarchy = "run_date"


@admin.register(CalendarFeedToken)
class CalendarFeedTokenAdmin(CoordinatorModelAdmin):
    """Lists who has a calendar feed; the secret is never shown. Deleting a row revokes the feed."""

    allow_add = False
    allow_change = False
    list_display = ["user", "created_at"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    fields = ["user", "created_at"]
    readonly_fields = fields


@admin.register(FollowUpLetter)
class FollowUpLetterAdmin(CoordinatorModelAdmin):
    """Letters are generated from the overdue list; here their number and date are recorded."""

    allow_add = False
    list_display = ["agency", "number", "letter_date", "created_by", "created_at", "task_count"]
    list_filter = ["agency"]
    list_select_related = ["agency", "created_by"]
    search_fields = ["number", "agency__code", "agency__name"]
    autocomplete_fields = ["tasks"]
    readonly_fields = ["agency", "created_by", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(num_tasks=Count("tasks"))

    @admin.display(description=_("số nhiệm vụ"), ordering="num_tasks")
    def task_count(self, obj):
        return obj.num_tasks


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(CoordinatorModelAdmin):
    list_display = ["user", "receive_digests", "reminder_windows_days"]
    list_filter = ["receive_digests"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]
