"""What a task's state allows: the workflow's one table of "which step, from which status".

``agencies.scoping`` decides who may take a step (role and agency); this module decides whether the task,
as it stands, can take it. The services refuse a step the state does not allow with the refusal below;
the pages offer a step only when both answers are yes (``may``).
"""

from django.utils.translation import gettext_lazy as _

from agencies import scoping
from core.services import conflict

from .models.tasks import OPEN_STATUSES, TaskStatus

# The statuses from which each step of the workflow may be taken (the scoping action names the step).
ALLOWED_FROM = {
    "task.edit": (*OPEN_STATUSES, TaskStatus.AWAITING_ACCEPTANCE),
    "task.report_progress": (*OPEN_STATUSES, TaskStatus.AWAITING_ACCEPTANCE),
    "task.request_extension": OPEN_STATUSES,
    "task.report_completion": OPEN_STATUSES,
    "task.accept": (TaskStatus.AWAITING_ACCEPTANCE,),
    "task.return": (TaskStatus.AWAITING_ACCEPTANCE,),
    "task.cancel": (*OPEN_STATUSES, TaskStatus.AWAITING_ACCEPTANCE),
    "task.decide_extension": (*OPEN_STATUSES, TaskStatus.AWAITING_ACCEPTANCE),
}
# The scoping action that decides who may take each step.
PERMISSION = {
    "task.edit": "task.edit",
    "task.report_progress": "task.report_progress",
    "task.request_extension": "task.request_extension",
    "task.report_completion": "task.report_completion",
    "task.accept": "completion.accept",  # never by the coordinator who reported it (four eyes)
    "task.return": "task.decide",
    "task.cancel": "task.decide",
    "task.decide_extension": "task.decide",
}
REFUSALS = {
    "task.edit": _("Nhiệm vụ đã hoàn thành hoặc đã hủy, không sửa được."),
    "task.report_progress": _("Nhiệm vụ đã kết thúc, không nhận thêm báo cáo tiến độ."),
    "task.request_extension": _("Chỉ đề nghị gia hạn được nhiệm vụ đang thực hiện."),
    "task.report_completion": _("Chỉ báo cáo hoàn thành được nhiệm vụ đang thực hiện."),
    "task.accept": _("Chỉ xác nhận được nhiệm vụ đang chờ xác nhận hoàn thành."),
    "task.return": _("Chỉ trả lại được nhiệm vụ đang chờ xác nhận hoàn thành."),
    "task.cancel": _("Nhiệm vụ đã hoàn thành hoặc đã hủy."),
    "task.decide_extension": _("Nhiệm vụ đã hoàn thành hoặc đã hủy, không gia hạn được."),
}
NO_DEADLINE = _("Nhiệm vụ chưa có thời hạn nên không có gì để gia hạn.")
# A task carried over into a later plan goes on there: the old one takes no more work, only a decision on what
# is pending (an extension, a reported completion) or its cancellation.
CARRIED_OVER_CLOSES = ("task.edit", "task.report_progress", "task.request_extension", "task.report_completion")
CARRIED_OVER = _("Nhiệm vụ đã được chuyển tiếp sang kế hoạch sau; hãy cập nhật ở nhiệm vụ tiếp nối %(code)s.")


def refusal(task, step):
    """Why ``task`` cannot take ``step`` as it stands, or None when it can."""
    if task.status not in ALLOWED_FROM[step]:
        return REFUSALS[step]
    if step == "task.request_extension" and task.due_date is None:
        return NO_DEADLINE
    if step in CARRIED_OVER_CLOSES and task.carried_over_to is not None:
        return CARRIED_OVER % {"code": task.carried_over_to.code}
    return None


def require_state(task, step):
    """Refuse (``core.services.StateConflict`` on ``status``) a step the task's state does not allow."""
    reason = refusal(task, step)
    if reason is not None:
        conflict("status", reason)


def may(user, task, step):
    """Whether ``user`` may take ``step`` on ``task`` now: the policy allows it and so does the state."""
    return scoping.can(user, PERMISSION[step], task) and refusal(task, step) is None
