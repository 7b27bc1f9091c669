"""The actions on a task's page: each a POST form that calls one workflow service.

A failed action shows the task's page again with the form's values and the service's Vietnamese messages
on the fields they name; a stale edit shows who changed the task and when. An action the task (or request)
no longer allows, because someone acted first or the button was clicked twice, shows the task as it now
stands with a message saying so (409). Nothing re-implements a rule.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views import View

from accounts.mixins import MemberRequiredMixin
from agencies import scoping
from core.audit import StaleVersionError
from core.forms import apply_service_errors
from core.services import StateConflict

from .. import rules, services
from ..models import ExtensionRequest
from .tasks import ACTION_FORMS, get_task, task_detail_context


class TaskActionView(MemberRequiredMixin, View):
    """POST only. Subclasses name the form prefix, the permission and the service call."""

    http_method_names = ["post"]
    prefix = ""
    step = ""  # a step of tasks.rules: who may take it is the policy's answer (agencies.scoping)
    success_message = ""
    anchor = ""
    aliases = {}

    def get_target(self, request, pk):
        """(task, object acted on)."""
        task = get_task(request, pk)
        return task, task

    def check_permission(self, user, task, target):
        scoping.require(user, rules.PERMISSION[self.step], task)

    def perform(self, request, target, data):
        raise NotImplementedError

    def post(self, request, pk):
        task, target = self.get_target(request, pk)
        self.check_permission(request.user, task, target)
        form = ACTION_FORMS[self.prefix](request.POST, request.FILES, prefix=self.prefix)
        status = 200
        if form.is_valid():
            try:
                self.perform(request, target, form.cleaned_data)
            except StateConflict as error:
                # The form no longer applies: show the task as it now stands, and say what happened.
                messages.error(request, error.text)
                task = get_task(request, task.pk)
                return render(request, "tasks/task_detail.html", task_detail_context(request, task), status=409)
            except ValidationError as error:
                apply_service_errors(form, error, self.aliases)
            except StaleVersionError as error:
                form.add_error(None, error.message)
                status = 409
            except PermissionDenied as error:
                # The task changed state since the page was loaded; say so on the form.
                form.add_error(None, str(error))
                status = 403
            else:
                messages.success(request, str(self.success_message))
                return redirect(reverse("tasks:task_detail", args=[task.pk]) + self.anchor)
        task = get_task(request, task.pk)
        context = task_detail_context(request, task, bound=form)
        # Show the failed form even if the task has since moved to a state where it no longer applies (a
        # decision form only while its request is still pending: the form is about that request).
        if self.prefix != "decision" or context["pending"] is not None:
            context["forms"].setdefault(self.prefix, form)
        return render(request, "tasks/task_detail.html", context, status=status)


class ProgressReportView(TaskActionView):
    prefix = "progress"
    step = "task.report_progress"
    success_message = gettext_lazy("Đã ghi nhận báo cáo tiến độ.")
    anchor = "#bao-cao-tien-do"

    def perform(self, request, task, data):
        services.progress_report_create(
            actor=request.user,
            task=task,
            text=data["text"],
            progress_percent=data["progress_percent"],
            reported_on=data["reported_on"],
            files=data["files"],
        )


class ExtensionRequestView(TaskActionView):
    prefix = "extension"
    step = "task.request_extension"
    success_message = gettext_lazy("Đã gửi đề nghị gia hạn; Sở Công Thương sẽ xem xét.")
    anchor = "#gia-han"

    def perform(self, request, task, data):
        services.extension_request_create(actor=request.user, task=task, **data)


class CompletionReportView(TaskActionView):
    prefix = "completion"
    step = "task.report_completion"
    success_message = gettext_lazy("Đã báo cáo hoàn thành; nhiệm vụ chờ Sở Công Thương xác nhận.")

    def perform(self, request, task, data):
        services.task_report_completion(
            actor=request.user,
            task=task,
            completed_on=data["completed_on"],
            evidence=data["evidence"],
            files=data["files"],
            version=data["version"],
        )


class CompletionAcceptView(TaskActionView):
    prefix = "accept"
    step = "task.accept"
    success_message = gettext_lazy("Đã xác nhận hoàn thành nhiệm vụ.")

    def perform(self, request, task, data):
        services.task_accept_completion(actor=request.user, task=task, note=data["note"], version=data["version"])


class TaskReturnView(TaskActionView):
    prefix = "return"
    step = "task.return"
    success_message = gettext_lazy("Đã trả lại nhiệm vụ để tiếp tục thực hiện.")

    def perform(self, request, task, data):
        services.task_return(actor=request.user, task=task, reason=data["reason"], version=data["version"])


class TaskCancelView(TaskActionView):
    prefix = "cancel"
    step = "task.cancel"
    success_message = gettext_lazy("Đã hủy nhiệm vụ.")

    def perform(self, request, task, data):
        services.task_cancel(actor=request.user, task=task, reason=data["reason"], version=data["version"])


class ExtensionDecisionView(TaskActionView):
    """Approve or reject a pending extension request (the URL carries the request's id)."""

    prefix = "decision"
    step = "task.decide_extension"

    def get_target(self, request, pk):
        extension = get_object_or_404(ExtensionRequest.objects.visible_to(request.user), pk=pk)
        return get_task(request, extension.task_id), extension

    def check_permission(self, user, task, extension):
        scoping.require(user, "extension.decide", extension)


class ExtensionApproveView(ExtensionDecisionView):
    success_message = gettext_lazy("Đã chấp thuận gia hạn; thời hạn mới đã có hiệu lực.")

    def perform(self, request, extension, data):
        services.extension_request_approve(actor=request.user, extension_request=extension, **data)


class ExtensionRejectView(ExtensionDecisionView):
    success_message = gettext_lazy("Đã không chấp thuận đề nghị gia hạn; thời hạn giữ nguyên.")

    def perform(self, request, extension, data):
        services.extension_request_reject(actor=request.user, extension_request=extension, **data)
