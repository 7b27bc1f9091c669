"""Who may see and change what: the one policy every door (pages, admin, API, exports, services) asks.

Two kinds of answer, nothing else anywhere decides them:

- ``can(user, action, obj=None)`` answers for one action, and ``require(…)`` raises the one
  ``PermissionDenied`` of that action, with its one Vietnamese message. The actions are the keys of
  ``RULES`` below; an unknown action is a programming error (``KeyError``), never a silent "no".
- what a user may *see* is a queryset method of each model's app, ``<Model>.objects.visible_to(user)``
  (``Agency``, ``Task`` with ``history_visible_to`` and ``working_for``, ``ExtensionRequest``, ``Attachment``,
  ``Cluster``, ``ClusterDecision``, ``Submission``). Each asks this module only for the role facts below
  (``is_member``, ``reads_everything``, ``officer_agency_id``, ``reporter_scope``…): the policy knows roles
  and agencies, never the models of the apps built on it.

These answer "may this person do this, given their role and agency". Whether a task's *state* allows an
action (a finished task takes no report) is the workflow's rule, in ``tasks.rules``.

The permission matrix (who sees and changes what) is written once, in docs/permissions.md; ``RULES`` below is
its executable form, and tests/agencies/matrix.py holds every surface to it.

Files follow their record (``Attachment.objects.visible_to``): the files of a task's progress reports and
completion go with the task, which every member sees — an officer of an agency that neither leads nor supports
it too, on purpose: the plan and its progress are shared inside the administration; the files of an extension
request go with the deadline history. The download page and the API ask the same method.
A logged-in user without an active membership (and not a superuser) sees nothing. The ``can`` rules
take the object in hand and cost no query when a task's supporting agencies are prefetched.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from .models import Membership

Role = Membership.Role
SUPERUSER = "superuser"


# --- who the user is ---------------------------------------------------------------------------------


def membership_of(user):
    """The user's active membership (with its agency), cached on the user object; None if there is none."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if not hasattr(user, "_active_membership"):
        user._active_membership = Membership.objects.select_related("agency").filter(user=user, is_active=True).first()
    return user._active_membership


def role_of(user):
    """'superuser', 'coordinator', 'officer', 'viewer', or None for someone who may see nothing."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return SUPERUSER
    membership = membership_of(user)
    return membership.role if membership else None


SUPERUSER_LABEL = _("Quản trị hệ thống")


def role_label(user):
    """The user's role in words: their membership's role, or "Quản trị hệ thống" for a superuser."""
    role = role_of(user)
    if role == SUPERUSER:
        return str(SUPERUSER_LABEL)
    return str(Role(role).label) if role else ""


def agency_of(user):
    """The agency of the user's active membership; None without one."""
    membership = membership_of(user)
    return membership.agency if membership else None


def is_member(user):
    """May the user see the plan (its tasks, register and reports)? Every role but the reporters'."""
    return role_of(user) in (*Membership.PLAN_ROLES, SUPERUSER)


def is_reporter(user):
    """An infrastructure investor's or a commune People's Committee's user: they see and send only their own
    Circular 14 reports (``reporting``), nothing else of the plan."""
    return role_of(user) in (Role.INVESTOR, Role.COMMUNE_REPORTER)


def is_coordinator(user):
    """Coordinators of the focal agency, and superusers, run the workflow."""
    return role_of(user) in (Role.COORDINATOR, SUPERUSER)


def reads_everything(user):
    """Coordinators, viewers and superusers read the whole plan and the whole reporting cycle."""
    return role_of(user) in (Role.COORDINATOR, Role.VIEWER, SUPERUSER)


def officer_agency_id(user):
    """The agency id of an officer; None for every other role."""
    return agency_of(user).pk if role_of(user) == Role.OFFICER else None


def working_agency(user):
    """The agency whose tasks are the user's own work: an officer's agency; None for coordinators and
    viewers, who follow every task."""
    return agency_of(user) if officer_agency_id(user) is not None else None


def _task_agency_ids(task):
    """The lead and supporting agency ids; uses the prefetch cache when present."""
    return {task.lead_agency_id, *(a.pk for a in task.supporting_agencies.all())}


# --- the rules, one per action ---------------------------------------------------------------------------


def _member(user, obj):
    return is_member(user)


def _coordinator(user, obj):
    return is_coordinator(user)


def _superuser(user, obj):
    return role_of(user) == SUPERUSER


def _coordinator_or_viewer(user, obj):
    return reads_everything(user)


def _involved_officer_or_coordinator(user, task):
    """Coordinators, and officers of the task's lead or a supporting agency."""
    return is_coordinator(user) or officer_agency_id(user) in _task_agency_ids(task)


def _lead_officer_or_coordinator(user, task):
    """Coordinators, and officers of the task's lead agency."""
    agency_id = officer_agency_id(user)
    return is_coordinator(user) or (agency_id is not None and agency_id == task.lead_agency_id)


def _reader_of_task_history(user, task):
    """Coordinators and viewers; officers of the agencies the task involves."""
    return reads_everything(user) or officer_agency_id(user) in _task_agency_ids(task)


def _deleter_of_task(user, task):
    """Superusers; coordinators only while the task has no record of the workflow (a fresh mistake)."""
    if role_of(user) == SUPERUSER:
        return True
    return is_coordinator(user) and task is not None and not task.has_workflow_records()


def _manager_of_membership(user, membership):
    """Coordinators manage other users' memberships, never their own (no self-promotion)."""
    if not is_coordinator(user):
        return False
    if user.is_superuser:
        return True
    return membership is None or membership.user_id != user.pk


def _manager_of_account(user, person):
    """Coordinators invite people and lock or reopen their accounts; never their own account, and only a
    superuser touches a superuser's."""
    if not is_coordinator(user):
        return False
    if person is not None and person.pk == user.pk:
        return _("Không được tự khóa, mở hay mời lại tài khoản của chính mình.")
    if person is not None and person.is_superuser and not user.is_superuser:
        return _("Chỉ quản trị hệ thống mới được thay đổi tài khoản quản trị hệ thống.")
    return True


def _admin_user(user, obj):
    """The Django admin is the coordinators' editing tool; officers and viewers work in the pages."""
    return user.is_active and user.is_staff and is_coordinator(user)


def _decider_of_extension(user, extension):
    """Coordinators, never on a request they made themselves (four eyes)."""
    if not is_coordinator(user):
        return False
    if extension is not None and extension.requested_by_id == user.pk:
        return _("Không được tự xử lý đề nghị gia hạn do chính mình gửi.")
    return True


def _acceptor_of_completion(user, task):
    """Coordinators, never on a completion they reported themselves (four eyes)."""
    if not is_coordinator(user):
        return False
    if task is not None and task.completion_reported_by_id == user.pk:
        return _(
            "Không được tự xác nhận hoàn thành nhiệm vụ do chính mình báo cáo; một cán bộ điều phối khác sẽ xác nhận."
        )
    return True


def reporter_scope(user):
    """(investor agency id, commune id) of a reporter; (None, None) for everyone else."""
    role = role_of(user)
    if role == Role.INVESTOR:
        return agency_of(user).pk, None
    if role == Role.COMMUNE_REPORTER:
        return None, agency_of(user).commune_id
    return None, None


def _reports_on(user, submission):
    """Whether the reporter ``user`` is the one who sends ``submission``: the investor of its cluster (Biểu 02),
    the People's Committee of its commune (Biểu 03)."""
    investor_id, commune_id = reporter_scope(user)
    if submission.cluster_id:
        return investor_id is not None and submission.cluster.investor_id == investor_id
    return commune_id is not None and submission.commune_id == commune_id


def _reader_of_submission(user, submission):
    """Coordinators and viewers read every submission; a reporter those of their clusters (an investor) or of
    their commune and its clusters (a commune)."""
    if reads_everything(user):
        return True
    if submission is None:
        return is_reporter(user)
    investor_id, commune_id = reporter_scope(user)
    if investor_id is not None:
        return submission.cluster_id is not None and submission.cluster.investor_id == investor_id
    if commune_id is None:
        return False
    if submission.cluster_id is None:
        return submission.commune_id == commune_id
    # A Biểu 02 is sent to the communes of its cluster too; the prefetch cache serves a list.
    return any(commune.pk == commune_id for commune in submission.cluster.communes.all())


def _sender_of_submission(user, submission):
    """The reporter of the submission, or a coordinator entering a report received on paper."""
    return (
        is_coordinator(user)
        or (submission is None and is_reporter(user))
        or (submission is not None and _reports_on(user, submission))
    )


def _decider_of_submission(user, submission):
    """Coordinators, never on a submission they sent themselves (four eyes)."""
    if not is_coordinator(user):
        return False
    if submission is not None and submission.submitted_by_id == user.pk:
        return _("Không được tự tiếp nhận báo cáo do chính mình gửi; một cán bộ điều phối khác sẽ tiếp nhận.")
    return True


def _reporting_reader(user, obj):
    return reads_everything(user) or is_reporter(user)


@dataclass(frozen=True)
class Rule:
    """``check(user, obj)`` answers True (allowed), False (refused with ``message``) or a refusal of its own."""

    check: Callable
    message: str


NOT_COORDINATOR = _("Chỉ cán bộ điều phối của cơ quan đầu mối (Sở Công Thương) mới được thực hiện thao tác này.")

RULES = {
    "plan.view": Rule(
        _member,
        _("Tài khoản của bạn chưa được phân công vào cơ quan nào. Hãy liên hệ Sở Công Thương để được cấp quyền."),
    ),
    "task.create": Rule(_coordinator, _("Chỉ cán bộ điều phối của cơ quan đầu mối mới được giao nhiệm vụ.")),
    "task.edit": Rule(_coordinator, _("Chỉ cán bộ điều phối của cơ quan đầu mối mới được sửa nhiệm vụ.")),
    "task.delete": Rule(
        _deleter_of_task,
        _(
            "Nhiệm vụ đã có báo cáo, đề nghị gia hạn hoặc đã hoàn thành là hồ sơ của quy trình: "
            "chỉ quản trị hệ thống mới được xóa."
        ),
    ),
    "task.report_progress": Rule(
        _involved_officer_or_coordinator,
        _("Bạn chỉ được báo cáo tiến độ nhiệm vụ mà cơ quan mình chủ trì hoặc phối hợp."),
    ),
    "task.request_extension": Rule(
        _lead_officer_or_coordinator, _("Chỉ cơ quan chủ trì được đề nghị gia hạn nhiệm vụ.")
    ),
    "task.report_completion": Rule(
        _lead_officer_or_coordinator, _("Chỉ cơ quan chủ trì được báo cáo hoàn thành nhiệm vụ.")
    ),
    "task.decide": Rule(
        _coordinator,
        _(
            "Chỉ cán bộ điều phối của cơ quan đầu mối mới được xử lý đề nghị gia hạn, "
            "xác nhận hoặc trả lại kết quả, hủy nhiệm vụ."
        ),
    ),
    "extension.decide": Rule(
        _decider_of_extension, _("Chỉ cán bộ điều phối của cơ quan đầu mối mới được xử lý đề nghị gia hạn.")
    ),
    "completion.accept": Rule(
        _acceptor_of_completion, _("Chỉ cán bộ điều phối của cơ quan đầu mối mới được xác nhận hoàn thành nhiệm vụ.")
    ),
    "task.view_history": Rule(
        _reader_of_task_history,
        _("Cán bộ chỉ xem được lịch sử của nhiệm vụ mà cơ quan mình chủ trì hoặc phối hợp."),
    ),
    "workflow_record.delete": Rule(
        _superuser, _("Chỉ quản trị hệ thống mới được xóa hồ sơ của quy trình (báo cáo tiến độ, đề nghị gia hạn).")
    ),
    "cluster.edit": Rule(
        _coordinator, _("Chỉ cán bộ điều phối của cơ quan đầu mối mới được sửa sổ đăng ký cụm công nghiệp.")
    ),
    "plan.manage": Rule(
        _coordinator,
        _(
            "Chỉ cán bộ điều phối của cơ quan đầu mối mới được lập kế hoạch, nhóm nhiệm vụ, chỉ tiêu "
            "và chuyển tiếp nhiệm vụ sang kế hoạch mới."
        ),
    ),
    "target.edit": Rule(
        _coordinator, _("Chỉ cán bộ điều phối của cơ quan đầu mối mới được lập danh sách cụm của chỉ tiêu.")
    ),
    "cluster.view_history": Rule(
        _coordinator_or_viewer, _("Chỉ cơ quan đầu mối và lãnh đạo được xem lịch sử sổ đăng ký cụm công nghiệp.")
    ),
    "plan_report.view": Rule(
        _coordinator_or_viewer,
        _("Báo cáo tình hình thực hiện Kế hoạch dành cho cơ quan đầu mối và lãnh đạo Thành phố."),
    ),
    "plan_report.issue": Rule(
        _coordinator,
        _("Chỉ cán bộ điều phối của Sở Công Thương mới được ban hành báo cáo tình hình thực hiện Kế hoạch."),
    ),
    "plan_report.sign": Rule(
        _coordinator,
        _("Chỉ cán bộ điều phối của Sở Công Thương mới được tải lên bản báo cáo đã ký số."),
    ),
    "reporting.view": Rule(
        _reporting_reader,
        _("Chế độ báo cáo định kỳ dành cho Sở Công Thương, lãnh đạo, chủ đầu tư hạ tầng và UBND xã, phường."),
    ),
    "reporting.track": Rule(
        _coordinator_or_viewer,
        _("Theo dõi tình hình nộp báo cáo dành cho cơ quan đầu mối và lãnh đạo."),
    ),
    "submission.view": Rule(
        _reader_of_submission, _("Bạn chỉ xem được báo cáo của cụm, xã, phường do đơn vị mình báo cáo.")
    ),
    "submission.edit": Rule(
        _sender_of_submission,
        _("Chỉ chủ đầu tư hạ tầng của cụm (Biểu 02) hoặc UBND xã, phường (Biểu 03) được lập và gửi báo cáo này."),
    ),
    "submission.decide": Rule(
        _decider_of_submission,
        _("Chỉ cán bộ điều phối của Sở Công Thương mới được tiếp nhận hoặc trả lại báo cáo."),
    ),
    "bieu04.issue": Rule(_coordinator, _("Chỉ cán bộ điều phối của Sở Công Thương mới được ban hành Biểu 04.")),
    "audit.view": Rule(_coordinator, _("Nhật ký hệ thống chỉ dành cho cán bộ điều phối của Sở Công Thương.")),
    "deliveries.view": Rule(_coordinator, _("Nhật ký thư nhắc hạn chỉ dành cho cán bộ điều phối của Sở Công Thương.")),
    "webhook.manage": Rule(_coordinator, _("Chỉ cán bộ điều phối của Sở Công Thương mới được quản lý webhook.")),
    "letter.create": Rule(_coordinator, _("Chỉ cán bộ điều phối của Sở Công Thương mới được lập công văn đôn đốc.")),
    "two_factor.enrol": Rule(_coordinator, _("Xác thực hai bước dành cho cán bộ điều phối và quản trị hệ thống.")),
    "token.revoke_others": Rule(
        _coordinator, _("Chỉ cán bộ điều phối mới được xem và thu hồi mã truy cập của người khác.")
    ),
    "account.manage": Rule(
        _manager_of_account, _("Chỉ cán bộ điều phối của Sở Công Thương mới được mời và quản lý người dùng.")
    ),
    "membership.manage": Rule(_manager_of_membership, _("Không được tự tạo hay sửa phân công của chính mình.")),
    "data.import": Rule(_coordinator, _("Chỉ cán bộ điều phối của Sở Công Thương mới được nhập dữ liệu từ tệp Excel.")),
    "admin.use": Rule(_admin_user, _("Trang quản trị chỉ dành cho cán bộ điều phối của Sở Công Thương.")),
    "national.use": Rule(
        _coordinator, _("Tổng hợp toàn quốc chỉ dành cho cán bộ điều phối của Bộ Công Thương (CSDL quốc gia).")
    ),
}


def refusal(user, action, obj=None):
    """Why ``user`` may not do ``action`` (a key of ``RULES``) on ``obj``, in words; None when they may."""
    rule = RULES[action]
    answer = rule.check(user, obj)
    if answer is True:
        return None
    return str(rule.message if answer is False or answer is None else answer)


def can(user, action, obj=None):
    """Whether ``user`` may do ``action`` (a key of ``RULES``) on ``obj``."""
    return refusal(user, action, obj) is None


def require(user, action, obj=None):
    """Raise the action's ``PermissionDenied``, with its message, unless ``user`` may do it."""
    reason = refusal(user, action, obj)
    if reason is not None:
        raise PermissionDenied(reason)
