"""Pages of the notifications: the bell's list, reminder preferences, the deliveries log, the calendar
feed and its management page, and follow-up letters.

Who may do what is asked of ``agencies.scoping``: every member of the plan manages their own notifications,
preferences and calendar token; only coordinators see the deliveries log and write follow-up letters.
The calendar feed needs no login: its token is the secret, and the feed keeps to the token owner's scope.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView, UpdateView

from accounts.mixins import MemberRequiredMixin, PermissionRequiredMixin
from agencies import scoping
from core.forms import next_address
from core.pdf import pdf_download
from core.search import search_q
from core.text import fold
from core.views import bad_request
from department.letterhead import signer_of
from tasks.models import Task, local_today

from . import digests, ical, letters
from .forms import CalendarTokenForm, DeliveryFilterForm, FollowUpLetterForm, NotificationPreferenceForm
from .links import absolute_url
from .models import CalendarFeedToken, FollowUpLetter, Notification, NotificationPreference, ReminderDelivery

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _safe_next(request, default):
    """``next`` when it is an address of this site, else ``default``."""
    return next_address(request) or default


# --- in-app notifications ----------------------------------------------------------------------------


class NotificationListView(MemberRequiredMixin, ListView):
    """The user's notifications, newest first; ``?unread=1`` keeps the unread ones."""

    template_name = "notifications/notification_list.html"
    context_object_name = "notifications"
    paginate_by = 30

    def unread_only(self):
        return self.request.GET.get("unread") == "1"

    def get_queryset(self):
        notifications = Notification.objects.filter(recipient=self.request.user).select_related("task")
        if self.unread_only():
            notifications = notifications.filter(read_at__isnull=True)
        return notifications

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unread_only"] = self.unread_only()
        return context


class NotificationMarkReadView(MemberRequiredMixin, View):
    """POST: mark one of my notifications read, then go to ``next`` (e.g. the task) or back to the list."""

    http_method_names = ["post"]

    def post(self, request, pk):
        notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
        return HttpResponseRedirect(_safe_next(request, reverse("notifications:notification_list")))


class NotificationMarkAllReadView(MemberRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        count = Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
        if count:
            messages.success(request, _("Đã đánh dấu %(count)d thông báo là đã đọc.") % {"count": count})
        return HttpResponseRedirect(_safe_next(request, reverse("notifications:notification_list")))


# --- reminder preferences and the deliveries log -----------------------------------------------------


class NotificationPreferenceUpdateView(MemberRequiredMixin, UpdateView):
    """The user's own reminder choices; the record is created on the first save, not on viewing."""

    form_class = NotificationPreferenceForm
    template_name = "notifications/preferences.html"
    success_url = reverse_lazy("notifications:preferences")

    def get_object(self, queryset=None):
        user = self.request.user
        return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(user=user)

    def form_valid(self, form):
        messages.success(self.request, _("Đã lưu tùy chọn nhắc hạn."))
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["default_windows"] = ", ".join(str(days) for days in digests.default_windows())
        return context


class ReminderDeliveryListView(PermissionRequiredMixin, ListView):
    permission = "deliveries.view"
    """Every reminder digest sent (or claimed and not confirmed): who, when, which tasks. Coordinators."""

    template_name = "notifications/delivery_list.html"
    context_object_name = "deliveries"
    paginate_by = 50

    def filters(self):
        """The filters as typed (an over-long search or an unknown status is ignored, as an empty one is)."""
        form = DeliveryFilterForm(self.request.GET)
        return form.cleaned_data if form.is_valid() else {"q": "", "status": ""}

    def get_queryset(self):
        deliveries = ReminderDelivery.objects.select_related("user", "agency").order_by(
            "-run_date", "-created_at", "-pk"
        )
        filters = self.filters()
        query = fold(filters["q"])
        if query:
            # The agency folded, as every search box (core.search); an address as typed, in any case.
            deliveries = deliveries.filter(Q(recipient__icontains=query) | search_q(query, prefix="agency"))
        if filters["status"] == "unconfirmed":
            deliveries = deliveries.filter(sent_at__isnull=True)
        return deliveries

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = list(context["deliveries"])
        task_ids = {task_id for delivery in page for task_id in delivery.task_ids}
        codes = dict(Task.objects.filter(pk__in=task_ids).values_list("pk", "code"))
        for delivery in page:
            delivery.task_codes = [codes[pk] for pk in delivery.task_ids if pk in codes]
        filters = self.filters()
        context.update(deliveries=page, query=filters["q"], status=filters["status"])
        return context


# --- calendar feeds ----------------------------------------------------------------------------------


class CalendarFeedTokenView(MemberRequiredMixin, TemplateView):
    """Shows the user's private feed URL; POST creates, regenerates (old URL stops working) or revokes it."""

    template_name = "notifications/calendar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        token = CalendarFeedToken.objects.filter(user=self.request.user).first()
        context["token"] = token
        context["working_agency"] = scoping.working_agency(self.request.user)
        if token:
            context["feed_url"] = absolute_url(reverse("notifications:calendar_feed", args=[token.token]))
        return context

    def post(self, request):
        form = CalendarTokenForm(request.POST)
        if not form.is_valid():
            return bad_request(request, message=" ".join(form.errors["action"]))
        action = form.cleaned_data["action"]
        with transaction.atomic():
            CalendarFeedToken.objects.filter(user=request.user).delete()
            if action in ("create", "regenerate"):
                CalendarFeedToken.objects.create(user=request.user)
        if action == "revoke":
            messages.success(request, _("Đã thu hồi đường dẫn lịch; đường dẫn cũ không còn dùng được."))
        elif action == "regenerate":
            messages.success(request, _("Đã tạo đường dẫn lịch mới; đường dẫn cũ không còn dùng được."))
        else:
            messages.success(request, _("Đã tạo đường dẫn lịch cá nhân."))
        return redirect("notifications:calendar")


@method_decorator(login_not_required, name="dispatch")
class CalendarFeedView(View):
    """The .ics feed. No login: calendar applications cannot log in; the unguessable token stands for it."""

    http_method_names = ["get", "head"]

    def get(self, request, token):
        feed_token = get_object_or_404(CalendarFeedToken.objects.select_related("user"), token=token)
        if not feed_token.user.is_active:
            return HttpResponse(status=404)
        response = HttpResponse(ical.calendar_for(feed_token.user), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(False, "lich-thoi-han-nhiem-vu.ics")
        response["Cache-Control"] = "private, no-cache"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


# --- follow-up letters -------------------------------------------------------------------------------


class FollowUpLetterCreateView(PermissionRequiredMixin, FormView):
    permission = "letter.create"
    """GET: choose the agency (preselected by ``?agency=``), see the tasks the letter will list;
    POST: record the letter and download it (.docx)."""

    form_class = FollowUpLetterForm
    template_name = "notifications/letter_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {"agency": self.request.GET.get("agency") or None}

    def _selected_agency(self, form):
        if form.is_bound:
            return form.cleaned_data.get("agency") if form.is_valid() else None
        try:
            return form.fields["agency"].clean(form.initial.get("agency"))
        except ValidationError:
            return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agency = self._selected_agency(context["form"])
        if agency is not None:
            context["agency"] = agency
            context["lines"] = letters.letter_lines(agency)
            context["recent_letters"] = (
                FollowUpLetter.objects.filter(agency=agency)
                .select_related("created_by")
                .annotate(task_count=Count("tasks"))[:10]
            )
        return context

    def form_valid(self, form):
        try:
            letter, lines = letters.follow_up_letter_create(
                actor=self.request.user,
                agency=form.cleaned_data["agency"],
                number=form.cleaned_data["number"],
                letter_date=form.cleaned_data["letter_date"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        signer = signer_of(form.cleaned_data["signatory"], form.cleaned_data["capacity"])
        content = letters.render_docx(letter, lines, as_of=local_today(), signer=signer)
        if self.request.POST.get("format") == "pdf":
            # The letter is recorded; if LibreOffice cannot make the PDF, the form says so and offers the .docx.
            back = f"{reverse('notifications:letter_create')}?agency={letter.agency_id}"
            return pdf_download(self.request, content, letters.filename(letter), back)
        response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, letters.filename(letter))
        return response
