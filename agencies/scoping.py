"""Who may see and change what: the one module every door (pages, admin, API, exports) asks.

The permission matrix (README, "Quyền hạn"):

| who         | sees                                            | changes                                               |
|-------------|-------------------------------------------------|-------------------------------------------------------|
| anonymous   | the login page and /healthz                     | nothing                                               |
| viewer      | everything                                      | nothing                                               |
| officer (X) | all tasks and clusters; the audit trail of the  | progress and attachments on tasks X leads or supports; |
|             | tasks X leads or supports                       | extension requests and completion reports on tasks X  |
|             |                                                 | leads                                                 |
| coordinator | everything                                      | the whole workflow, task and cluster records, other   |
|             |                                                 | users' memberships; never history                     |
| superuser   | everything                                      | everything but history (append-only)                  |

A logged-in user without an active membership (and not a superuser) sees nothing.
Queryset functions answer "which objects"; the ``can_*`` predicates answer the same question for one
object already in hand, without a query when the task's agencies are prefetched.
"""

from django.db.models import Q

from .models import Membership

Role = Membership.Role
SUPERUSER = "superuser"


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


def agency_of(user):
    membership = membership_of(user)
    return membership.agency if membership else None


def is_member(user):
    """May the user see the plan at all (any role)?"""
    return role_of(user) is not None


def is_coordinator(user):
    """Coordinators of the focal agency, and superusers, run the workflow."""
    return role_of(user) in (Role.COORDINATOR, SUPERUSER)


def is_officer(user):
    return role_of(user) == Role.OFFICER


# --- Tasks -------------------------------------------------------------------------------------


def _tasks():
    from tasks.models import Task

    return Task.objects.all()


def visible_tasks(user, queryset=None):
    """Every task for any member (the plan is shared inside the administration); none otherwise."""
    queryset = _tasks() if queryset is None else queryset
    return queryset if is_member(user) else queryset.none()


def editable_tasks(user, queryset=None):
    """Tasks whose record (title, agencies, dates…) the user may edit: coordinators only."""
    queryset = _tasks() if queryset is None else queryset
    return queryset if is_coordinator(user) else queryset.none()


def reportable_tasks(user, queryset=None):
    """Tasks the user may report progress on: their agency leads or supports them (coordinators: all)."""
    queryset = _tasks() if queryset is None else queryset
    if is_coordinator(user):
        return queryset
    if is_officer(user):
        agency = agency_of(user)
        return queryset.filter(Q(lead_agency=agency) | Q(supporting_agencies=agency)).distinct()
    return queryset.none()


def led_tasks(user, queryset=None):
    """Tasks the user may request an extension or report completion on: their agency leads them."""
    queryset = _tasks() if queryset is None else queryset
    if is_coordinator(user):
        return queryset
    if is_officer(user):
        return queryset.filter(lead_agency=agency_of(user))
    return queryset.none()


def audit_visible_tasks(user, queryset=None):
    """Tasks whose history the user may read: all for coordinators and viewers, their agency's for officers."""
    queryset = _tasks() if queryset is None else queryset
    role = role_of(user)
    if role in (Role.COORDINATOR, Role.VIEWER, SUPERUSER):
        return queryset
    if role == Role.OFFICER:
        agency = agency_of(user)
        return queryset.filter(Q(lead_agency=agency) | Q(supporting_agencies=agency)).distinct()
    return queryset.none()


def _agency_ids_of(task):
    """The lead and supporting agency ids; uses the prefetch cache when present."""
    return {task.lead_agency_id, *(a.pk for a in task.supporting_agencies.all())}


def can_edit_task(user, task):
    return is_coordinator(user)


def can_report_progress(user, task):
    if not task.is_open and task.status != task.Status.AWAITING_ACCEPTANCE:
        return False
    if is_coordinator(user):
        return True
    return is_officer(user) and agency_of(user).pk in _agency_ids_of(task)


def can_request_extension(user, task):
    if not task.is_open or task.due_date is None:
        return False
    if is_coordinator(user):
        return True
    return is_officer(user) and task.lead_agency_id == agency_of(user).pk


def can_report_completion(user, task):
    if not task.is_open:
        return False
    if is_coordinator(user):
        return True
    return is_officer(user) and task.lead_agency_id == agency_of(user).pk


def can_decide(user, task=None):
    """Approve/reject extensions, accept/return completions, cancel: coordinators only."""
    return is_coordinator(user)


def can_view_task_history(user, task):
    role = role_of(user)
    if role in (Role.COORDINATOR, Role.VIEWER, SUPERUSER):
        return True
    return role == Role.OFFICER and agency_of(user).pk in _agency_ids_of(task)


def can_view_cluster_history(user, cluster=None):
    """The register's audit trail: coordinators and viewers; officers see the record, not its history."""
    return role_of(user) in (Role.COORDINATOR, Role.VIEWER, SUPERUSER)


def can_view_audit_log(user):
    """The system-wide audit log is for coordinators (and superusers)."""
    return is_coordinator(user)


# --- Clusters, agencies, memberships --------------------------------------------------------------


def visible_clusters(user, queryset=None):
    from clusters.models import Cluster

    queryset = Cluster.objects.all() if queryset is None else queryset
    return queryset if is_member(user) else queryset.none()


def editable_clusters(user, queryset=None):
    from clusters.models import Cluster

    queryset = Cluster.objects.all() if queryset is None else queryset
    return queryset if is_coordinator(user) else queryset.none()


def can_edit_cluster(user, cluster=None):
    return is_coordinator(user)


def visible_agencies(user, queryset=None):
    from .models import Agency

    queryset = Agency.objects.all() if queryset is None else queryset
    return queryset if is_member(user) else queryset.none()


def can_manage_memberships(user, membership=None):
    """Coordinators manage other users' memberships, never their own (no self-promotion)."""
    if not is_coordinator(user):
        return False
    if user.is_superuser:
        return True
    return membership is None or membership.user_id != user.pk


def can_use_admin(user):
    """The Django admin is the coordinators' editing tool; officers and viewers work in the pages."""
    return user.is_active and user.is_staff and is_coordinator(user)
