"""The permission matrix as data: every surface × every role → the answer the application must give.

Read by ``test_permission_matrix.py``, which states the matrix in its docstring, builds the world the
objects below are named after, runs every row for every role and checks that no URL or admin model of
the application is missing here.

A row is (surface, target, method, object) → one expected answer per role, in the order of ``ROLES``:

- ``target`` is a URL name as the resolver walk in the test names it: ``tasks:task_detail`` for a page,
  ``api:task-detail`` for everything under ``/api/v1/`` (the API's names are not namespaced; the prefix is
  added by the walk), ``api:<no route>`` for the API's catch-all 404;
- ``object`` names an object of the world whose id (or token) fills the URL;
- a row has one answer per role of ``ROLES``, or per role of ``ROLES + REPORTERS`` for the surfaces the Circular
  14 reporters meet (the reporting pages, and the dashboard that sends them there); elsewhere a reporter is
  refused like an outsider, which ``tests/agencies/test_scoping.py`` checks;
- an answer is an HTTP status, or one of ``LOGIN`` (302 to the site's login page), ``ADMIN_LOGIN`` (302 to
  the admin's login page) or ``FILE`` (200, sent as a download). A bare 302 is a redirect anywhere else:
  the action was done, or a page sends the user on.

Write requests carry the valid payloads of ``PAYLOADS``, so an allowed role succeeds: a 302, 201 or 204
proves the permission, never a form error.

The admin has its own, compact table (``ADMIN``): per registered model, the object used and one profile
each for coordinators and superusers; everyone else is sent to the admin's login page by every admin view.
"""

import datetime
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from clusters.models import Cluster, ClusterDecision
from tasks.models import Task, local_today
from tests.factories import TEST_PASSWORD
from tests.helpers import form_payload

ROLES = ("anonymous", "outsider", "viewer", "officer", "coordinator", "superuser")
# The Circular 14 reporters: an infrastructure investor (of the world's reported clusters) and the People's
# Committee of the commune hosting them.
REPORTERS = ("investor", "commune")

LOGIN = "login"
ADMIN_LOGIN = "admin-login"
FILE = "file"

SAFE_METHODS = ("GET", "HEAD")


@dataclass(frozen=True)
class Row:
    surface: str
    target: str
    method: str
    obj: str | None
    expected: tuple

    def __post_init__(self):
        assert len(self.expected) in (len(ROLES), len(ROLES + REPORTERS)), f"{self}: one answer per role {ROLES}"

    @property
    def roles(self):
        return (ROLES + REPORTERS)[: len(self.expected)]

    @property
    def writes(self):
        return self.method not in SAFE_METHODS

    def expect(self, role):
        return self.expected[self.roles.index(role)]

    @property
    def label(self):
        on = f" on {self.obj}" if self.obj else ""
        return f"{self.method} {self.target}{on}"


def R(surface, target, method, obj, *expected):
    return Row(surface, target, method, obj, expected)


# Answers that repeat: (anonymous, outsider, viewer, officer, coordinator, superuser).
MEMBERS = (LOGIN, 403, 200, 200, 200, 200)  # a page of the plan: every member sees it
MEMBER_FILES = (LOGIN, 403, FILE, FILE, FILE, FILE)
COORDINATORS = (LOGIN, 403, 403, 403, 200, 200)  # coordinators' pages
COORDINATOR_FILES = (LOGIN, 403, 403, 403, FILE, FILE)
DECIDE = (LOGIN, 403, 403, 403, 302, 302)  # a coordinator's action, done
REPORT = (LOGIN, 403, 403, 302, 302, 302)  # an action the officer's agency may take here, done
NOT_HERS = (LOGIN, 403, 403, 403, 302, 302)  # the same action where the officer's agency may not
ACCOUNT = (LOGIN, 200, 200, 200, 200, 200)  # one's own account: any logged-in user
API_LIST = (401, 200, 200, 200, 200, 200)  # an outsider gets an empty list
API_ONE = (401, 404, 200, 200, 200, 200)  # ... and no object
API_DECIDE = (401, 404, 403, 403, 200, 200)
READERS = (LOGIN, 403, 200, 403, 200, 200)  # the coordinators' and the leadership's pages (plan reports)
READER_FILES = (LOGIN, 403, FILE, 403, FILE, FILE)
API_READERS = (401, 403, 200, 403, 200, 200)
API_NO_PUT = (401, 405, 405, 405, 405, 405)
PAGE_NO_PUT = (405,) * 6  # pages answer GET, HEAD, POST, OPTIONS only (core.middleware)
API_NONE = (401, 404, 404, 404, 404, 404)
# The reporting pages, answered for the reporters too: (…, superuser, investor, commune).
REPORTING_READERS = (LOGIN, 403, 200, 403, 200, 200, 200, 200)
TRACKERS = (LOGIN, 403, 200, 403, 200, 200, 403, 403)
COMMUNE_READS = (LOGIN, 403, 200, 403, 200, 200, 404, 200)
INVESTOR_SENDS = (LOGIN, 403, 403, 403, 302, 302, 302, 403)  # a Biểu 02: its investor, or a coordinator
COMMUNE_SENDS = (LOGIN, 403, 403, 403, 302, 302, 404, 302)  # a Biểu 03: its commune, or a coordinator
REPORT_DECIDE = (LOGIN, 403, 403, 403, 302, 302, 403, 403)
ADMIN_ONLY = (ADMIN_LOGIN,) * 4  # anonymous, outsider, viewer, officer: to the admin's login page

# fmt: off
TABLE = [
    # surface   target                                   method    object            anonymous  outsider  viewer  officer  coordinator  superuser
    # --- the front door ---------------------------------------------------------------------------------------------------------------------
    R("account", "healthz",                               "GET",    None,             200,       200,      200,    200,     200,         200),
    # Help and the accessibility statement hold no data: open to everyone, the reporters too.
    R("account", "help",                                  "GET",    None,             200,       200,      200,    200,     200,         200,   200,  200),
    R("account", "accessibility",                         "GET",    None,             200,       200,      200,    200,     200,         200,   200,  200),
    R("account", "login",                                 "GET",    None,             200,       302,      302,    302,     302,         302),
    R("account", "login",                                 "POST",   None,             302,       302,      302,    302,     302,         302),
    R("account", "login",                                 "PUT",    None,             *PAGE_NO_PUT),
    R("account", "logout",                                "POST",   None,             LOGIN,     LOGIN,    LOGIN,  LOGIN,   LOGIN,       LOGIN),
    R("account", "password_change",                       "GET",    None,             *ACCOUNT),
    R("account", "password_change",                       "POST",   None,             LOGIN,     302,      302,    302,     302,         302),
    R("account", "password_change",                       "PUT",    None,             *PAGE_NO_PUT),
    R("account", "password_change_done",                  "GET",    None,             *ACCOUNT),
    # The time a session has left: anyone may ask (an anonymous visitor learns it has none).
    R("account", "session_status",                        "GET",    None,             200,       200,      200,    200,     200,         200),
    # "Tiếp tục làm việc": restarts a logged-in session's idle clock; an anonymous visitor learns it has none.
    R("account", "session_status",                        "POST",   None,             200,       200,      200,    200,     200,         200),
    R("account", "otp:setup",                             "GET",    None,             *COORDINATORS),
    R("account", "otp:setup",                             "POST",   None,             *COORDINATORS),  # enrolled: the backup codes, shown once (200)
    R("account", "otp:setup",                             "PUT",    None,             *PAGE_NO_PUT),
    R("account", "otp:verify",                            "GET",    None,             LOGIN,     302,      302,    302,     302,         302),
    R("account", "otp:verify",                            "POST",   None,             LOGIN,     302,      302,    302,     302,         302),
    R("account", "otp:verify",                            "PUT",    None,             *PAGE_NO_PUT),
    # Password reset and the invitation's page: open to everyone (a logged-in visitor resets or sets too).
    R("account", "password_reset",                        "GET",    None,             200,       200,      200,    200,     200,         200),
    R("account", "password_reset",                        "POST",   None,             302,       302,      302,    302,     302,         302),
    R("account", "password_reset",                        "PUT",    None,             *PAGE_NO_PUT),
    R("account", "password_reset_done",                   "GET",    None,             200,       200,      200,    200,     200,         200),
    # A link that is no longer valid: the same page for everyone.
    R("account", "password_reset_confirm",                "GET",    "reset_link",     200,       200,      200,    200,     200,         200),
    R("account", "password_reset_confirm",                "POST",   "reset_link",     200,       200,      200,    200,     200,         200),
    R("account", "password_reset_confirm",                "PUT",    "reset_link",     *PAGE_NO_PUT),
    R("account", "password_reset_complete",               "GET",    None,             200,       200,      200,    200,     200,         200),
    R("account", "invitation_accept",                     "GET",    "invitation",     200,       200,      200,    200,     200,         200),
    # The password is set: on to the login page.
    R("account", "invitation_accept",                     "POST",   "invitation",     LOGIN,     LOGIN,    LOGIN,  LOGIN,   LOGIN,       LOGIN),
    R("account", "invitation_accept",                     "PUT",    "invitation",     *PAGE_NO_PUT),
    # Single sign-on is not configured in the world: not found, for everyone.
    R("account", "oidc_authentication_init",              "GET",    None,             404,       404,      404,    404,     404,         404),
    R("account", "oidc_authentication_callback",          "GET",    None,             404,       404,      404,    404,     404,         404),
    # --- people: the coordinators' -------------------------------------------------------------------------------------------------------
    R("page",    "people:person_list",                    "GET",    None,             *COORDINATORS),
    R("page",    "people:person_invite",                  "GET",    None,             *COORDINATORS),
    R("page",    "people:person_invite",                  "POST",   None,             *DECIDE),
    R("page",    "people:person_invite",                  "PUT",    None,             *PAGE_NO_PUT),
    R("page",    "people:person_resend",                  "GET",    "invited_user",   *COORDINATORS),
    R("page",    "people:person_resend",                  "POST",   "invited_user",   *DECIDE),
    R("page",    "people:person_resend",                  "PUT",    "invited_user",   *PAGE_NO_PUT),
    R("page",    "people:person_deactivate",              "GET",    "spare_user",     *COORDINATORS),
    R("page",    "people:person_deactivate",              "POST",   "spare_user",     *DECIDE),
    R("page",    "people:person_deactivate",              "PUT",    "spare_user",     *PAGE_NO_PUT),
    R("page",    "people:person_reactivate",              "GET",    "locked_user",    *COORDINATORS),
    R("page",    "people:person_reactivate",              "POST",   "locked_user",    *DECIDE),
    R("page",    "people:person_reactivate",              "PUT",    "locked_user",    *PAGE_NO_PUT),
    # --- pages of the plan -----------------------------------------------------------------------------------------------------------------
    R("page",    "dashboard",                             "GET",    None,             *MEMBERS,                                 302,      302),
    R("page",    "tasks:task_list",                       "GET",    None,             *MEMBERS),
    R("page",    "tasks:task_detail",                     "GET",    "task_sxd",       *MEMBERS),
    R("page",    "tasks:task_detail",                     "GET",    "task_stc",       *MEMBERS),
    R("page",    "tasks:task_create",                     "GET",    None,             *COORDINATORS),
    R("page",    "tasks:task_create",                     "POST",   None,             *DECIDE),
    R("page",    "tasks:task_update",                     "GET",    "task_sxd",       *COORDINATORS),
    R("page",    "tasks:task_update",                     "POST",   "task_sxd",       *DECIDE),
    R("page",    "tasks:progress_report_create",          "GET",    "task_sxd",       LOGIN,     403,      405,    405,     405,         405),
    R("page",    "tasks:progress_report_create",          "POST",   "task_sxd",       *REPORT),
    R("page",    "tasks:progress_report_create",          "POST",   "task_support",   *REPORT),
    R("page",    "tasks:progress_report_create",          "POST",   "task_stc",       *NOT_HERS),
    R("page",    "tasks:extension_request_create",        "POST",   "task_sxd_new",   *REPORT),
    R("page",    "tasks:extension_request_create",        "POST",   "task_support",   *NOT_HERS),
    R("page",    "tasks:task_report_completion",          "POST",   "task_sxd",       *REPORT),
    R("page",    "tasks:task_report_completion",          "POST",   "task_support",   *NOT_HERS),
    R("page",    "tasks:task_accept_completion",          "POST",   "task_awaiting",  *DECIDE),
    R("page",    "tasks:task_return",                     "POST",   "task_awaiting",  *DECIDE),
    R("page",    "tasks:task_cancel",                     "POST",   "task_sxd",       *DECIDE),
    R("page",    "tasks:extension_request_approve",       "POST",   "extension",      *DECIDE),
    R("page",    "tasks:extension_request_reject",        "POST",   "extension",      *DECIDE),
    R("page",    "workspace:my_agency",                       "GET",    None,             *MEMBERS),
    # Where a login lands (each role where its work is), and the header's search: anyone logged in; each finds only
    # what they may see (an outsider nothing).
    R("page",    "workspace:landing",                     "GET",    None,             LOGIN,     302,      302,    302,     302,         302,      302,      302),
    R("page",    "workspace:search",                      "GET",    None,             LOGIN,     200,      200,    200,     200,         200,      200,      200),
    R("page",    "tasks:plan_list",                       "GET",    None,             *MEMBERS),
    R("page",    "tasks:plan_detail",                     "GET",    "plan",           *MEMBERS),
    R("page",    "tasks:plan_create",                     "GET",    None,             *COORDINATORS),
    R("page",    "tasks:plan_create",                     "POST",   None,             *DECIDE),
    R("page",    "tasks:plan_update",                     "GET",    "plan",           *COORDINATORS),
    R("page",    "tasks:plan_update",                     "POST",   "plan",           *DECIDE),
    R("page",    "tasks:plan_groups",                     "GET",    "plan",           *COORDINATORS),
    R("page",    "tasks:plan_groups",                     "POST",   "plan",           *DECIDE),
    R("page",    "tasks:plan_target_create",              "GET",    "plan",           *COORDINATORS),
    R("page",    "tasks:plan_target_create",              "POST",   "plan",           *DECIDE),
    R("page",    "tasks:plan_carry_over",                 "GET",    "plan_idle",      *COORDINATORS),
    R("page",    "tasks:plan_carry_over",                 "POST",   "plan_idle",      *DECIDE),
    R("page",    "tasks:target_detail",                   "GET",    "target",         *MEMBERS),
    R("page",    "tasks:target_clusters",                 "GET",    "target",         *COORDINATORS),
    R("page",    "tasks:target_clusters",                 "POST",   "target",         *DECIDE),
    R("page",    "plan_reports:report_list",              "GET",    None,             *READERS),
    R("page",    "plan_reports:report_detail",            "GET",    "plan_report",    *READERS),
    R("page",    "plan_reports:report_create",            "GET",    None,             *COORDINATORS),
    R("page",    "plan_reports:report_create",            "POST",   None,             *DECIDE),
    R("page",    "plan_reports:report_edit",              "GET",    "plan_report_draft", *COORDINATORS),
    R("page",    "plan_reports:report_edit",              "POST",   "plan_report_draft", *DECIDE),
    R("export",  "plan_reports:report_preview",           "GET",    "plan_report_draft", *COORDINATOR_FILES),
    R("export",  "plan_reports:report_preview_pdf",       "GET",    "plan_report_draft", *COORDINATOR_FILES),
    R("export",  "plan_reports:report_docx",              "GET",    "plan_report",    *READER_FILES),
    R("export",  "plan_reports:report_xlsx",              "GET",    "plan_report",    *READER_FILES),
    R("export",  "signatures:report_pdf",                 "GET",    "plan_report",    *READER_FILES),
    R("page",    "signatures:signed_upload",              "POST",   "plan_report",    *DECIDE),
    R("export",  "signatures:signed_pdf",                 "GET",    "plan_report_signed", *READER_FILES),
    R("export",  "signatures:signed_pdf",                 "GET",    "plan_report",    LOGIN,     403,      404,    403,     404,         404),
    R("page",    "audit:audit_log",                       "GET",    None,             *COORDINATORS),
    R("page",    "clusters:cluster_list",                 "GET",    None,             *MEMBERS),
    R("page",    "clusters:cluster_detail",               "GET",    "cluster",        *MEMBERS),
    R("page",    "clusters:cluster_decision_document",    "GET",    "cluster_decision", *MEMBER_FILES),
    R("page",    "clusters:cluster_document",             "GET",    "cluster",        *MEMBER_FILES),
    R("page",    "clusters:cluster_create",               "GET",    None,             *COORDINATORS),
    R("page",    "clusters:cluster_create",               "POST",   None,             *DECIDE),
    R("page",    "clusters:cluster_update",               "GET",    "cluster",        *COORDINATORS),
    R("page",    "clusters:cluster_update",               "POST",   "cluster",        *DECIDE),
    R("page",    "clusters:cluster_decision_create",      "GET",    "cluster",        *COORDINATORS),
    R("page",    "clusters:cluster_decision_create",      "POST",   "cluster",        *DECIDE),
    R("page",    "clusters:cluster_decision_update",      "GET",    "cluster_decision", *COORDINATORS),
    R("page",    "clusters:cluster_decision_update",      "POST",   "cluster_decision", *DECIDE),
    R("page",    "clusters:cluster_report_create",        "GET",    "cluster",        *COORDINATORS),
    R("page",    "clusters:cluster_report_create",        "POST",   "cluster",        *DECIDE),
    R("page",    "clusters:cluster_report_update",        "GET",    "cluster_report", *COORDINATORS),
    R("page",    "clusters:cluster_report_update",        "POST",   "cluster_report", *DECIDE),
    R("page",    "clusters:cluster_document_upload",      "GET",    "cluster",        *COORDINATORS),
    R("page",    "clusters:cluster_document_upload",      "POST",   "cluster",        *DECIDE),
    R("page",    "workspace:agency_list",                  "GET",    None,             *MEMBERS),
    R("page",    "workspace:agency_detail",                "GET",    "sxd",            *MEMBERS),
    # The search-as-you-type filters' JSON (core.lookups): as the lists they serve; people only for the audit log's readers.
    R("page",    "lookup:clusters",                       "GET",    None,             *MEMBERS),
    R("page",    "lookup:agencies",                       "GET",    None,             *MEMBERS),
    R("page",    "lookup:users",                          "GET",    None,             *COORDINATORS),
    # --- the Circular 14 reporting cycle: the reporters' pages (columns: ... superuser, investor, commune) ---------------------------------
    R("page",    "reporting:home",                        "GET",    None,             *REPORTING_READERS),
    R("page",    "reporting:tracker",                     "GET",    "period",         *TRACKERS),
    R("page",    "reporting:submission_cluster",          "GET",    "sent_report",    *REPORTING_READERS),
    R("page",    "reporting:submission_cluster",          "GET",    "far_report",     LOGIN,     403,      200,    403,     200,         200,       404,      404),
    R("page",    "reporting:submission_cluster",          "POST",   "open_report",    *INVESTOR_SENDS),
    R("page",    "reporting:submission_commune",          "GET",    "commune_report", *COMMUNE_READS),
    R("page",    "reporting:submission_commune",          "POST",   "commune_report", *COMMUNE_SENDS),
    R("export",  "reporting:xlsx_cluster",                "GET",    "sent_report",    LOGIN,     403,      FILE,   403,     FILE,        FILE,      FILE,     FILE),
    R("export",  "reporting:xlsx_commune",                "GET",    "commune_report", LOGIN,     403,      FILE,   403,     FILE,        FILE,      404,      FILE),
    R("page",    "reporting:upload_cluster",              "GET",    "open_report",    LOGIN,     403,      302,    403,     302,         302,       302,      302),
    R("page",    "reporting:upload_cluster",              "POST",   "open_report",    *INVESTOR_SENDS),
    R("page",    "reporting:upload_commune",              "GET",    "commune_report", LOGIN,     403,      302,    403,     302,         302,       404,      302),
    R("page",    "reporting:upload_commune",              "POST",   "commune_report", *COMMUNE_SENDS),
    R("page",    "reporting:submission_accept",           "POST",   "submission",     *REPORT_DECIDE),
    R("page",    "reporting:submission_return",           "POST",   "submission",     *REPORT_DECIDE),
    R("page",    "reporting:submission",                  "GET",    "submission",     LOGIN,     403,      302,    403,     302,         302,       302,      302),
    R("export",  "reporting:paper_scan",                  "GET",    "paper_report",   LOGIN,     403,      FILE,   403,     FILE,        FILE,      FILE,     FILE),
    # Biểu 04 of the period (not issued in the world: its files are 404), the sources of a figure, the national export.
    R("page",    "reporting:bieu04",                      "GET",    "period",         *TRACKERS),
    R("page",    "reporting:bieu04",                      "POST",   "period",         LOGIN,     403,      403,    403,     302,         302,       403,      403),
    R("page",    "reporting:bieu04_sources",              "GET",    "bieu04_row",     *TRACKERS),
    R("export",  "reporting:bieu04_xlsx",                 "GET",    "period",         LOGIN,     403,      404,    403,     404,         404,       403,      403),
    R("export",  "reporting:bieu04_docx",                 "GET",    "period",         LOGIN,     403,      404,    403,     404,         404,       403,      403),
    R("export",  "reporting:bieu04_xlsx",                 "GET",    "issued_period",  LOGIN,     403,      FILE,   403,     FILE,        FILE,      403,      403),
    R("export",  "reporting:bieu04_docx",                 "GET",    "issued_period",  LOGIN,     403,      FILE,   403,     FILE,        FILE,      403,      403),
    R("export",  "reporting:bieu04_pdf",                  "GET",    "period",         LOGIN,     403,      404,    403,     404,         404,       403,      403),
    R("export",  "reporting:bieu04_pdf",                  "GET",    "issued_period",  LOGIN,     403,      FILE,   403,     FILE,        FILE,      403,      403),
    R("export",  "reporting:national_export_json",        "GET",    "period",         LOGIN,     403,      FILE,   403,     FILE,        FILE,      403,      403),
    R("export",  "reporting:national_export_csv",         "GET",    "period",         LOGIN,     403,      FILE,   403,     FILE,        FILE,      403,      403),
    # --- exports and files -------------------------------------------------------------------------------------------------------------------
    R("export",  "tasks:task_export_xlsx",                "GET",    None,             *MEMBER_FILES),
    R("export",  "tasks:task_export_csv",                 "GET",    None,             *MEMBER_FILES),
    R("export",  "audit:audit_export_xlsx",               "GET",    None,             *COORDINATOR_FILES),
    R("export",  "audit:audit_export_csv",                "GET",    None,             *COORDINATOR_FILES),
    R("file",    "tasks:attachment_download",             "GET",    "attachment",     *MEMBER_FILES),
    # A file of an extension request goes with the deadline history: not to an officer of an agency not involved.
    R("file",    "tasks:attachment_download",             "GET",    "attachment_stc_extension", LOGIN, 403, FILE, 404, FILE,   FILE),
    R("export",  "notifications:letter_create",           "GET",    None,             *COORDINATORS),
    R("export",  "notifications:letter_create",           "POST",   None,             *COORDINATOR_FILES),
    R("export",  "notifications:letter_create",           "PUT",    None,             *PAGE_NO_PUT),
    R("export",  "reporting:follow_up_letter",            "GET",    "letter_target",  *COORDINATOR_FILES),
    R("export",  "reporting:follow_up_letter_pdf",        "GET",    "letter_target",  *COORDINATOR_FILES),
    # --- notifications and the calendar feed ----------------------------------------------------------------------------------------------
    R("page",    "notifications:notification_list",       "GET",    None,             *MEMBERS),
    R("page",    "notifications:notification_read",       "POST",   "notification",   LOGIN,     403,      404,    302,     404,         404),
    R("page",    "notifications:notification_read_all",   "POST",   None,             LOGIN,     403,      302,    302,     302,         302),
    R("page",    "notifications:preferences",             "GET",    None,             *MEMBERS),
    R("page",    "notifications:preferences",             "POST",   None,             LOGIN,     403,      302,    302,     302,         302),
    R("page",    "notifications:preferences",             "PUT",    None,             *PAGE_NO_PUT),
    R("page",    "notifications:delivery_list",           "GET",    None,             *COORDINATORS),
    R("page",    "notifications:calendar",                "GET",    None,             *MEMBERS),
    R("page",    "notifications:calendar",                "POST",   None,             LOGIN,     403,      302,    302,     302,         302),
    R("feed",    "notifications:calendar_feed",           "GET",    "feed_token",     200,       200,      200,    200,     200,         200),
    R("feed",    "notifications:calendar_feed",           "GET",    "bogus_token",    404,       404,      404,    404,     404,         404),
    # --- webhooks: the coordinators' --------------------------------------------------------------------------------------------------------
    R("page",    "webhooks:endpoint_list",                "GET",    None,             *COORDINATORS),
    R("page",    "webhooks:endpoint_create",              "GET",    None,             *COORDINATORS),
    R("page",    "webhooks:endpoint_create",              "POST",   None,             *DECIDE),
    R("page",    "webhooks:endpoint_create",              "PUT",    None,             *PAGE_NO_PUT),
    R("page",    "webhooks:endpoint_detail",              "GET",    "endpoint",       *COORDINATORS),
    R("page",    "webhooks:endpoint_update",              "GET",    "endpoint",       *COORDINATORS),
    R("page",    "webhooks:endpoint_update",              "POST",   "endpoint",       *DECIDE),
    R("page",    "webhooks:endpoint_update",              "PUT",    "endpoint",       *PAGE_NO_PUT),
    R("page",    "webhooks:endpoint_rotate_secret",       "POST",   "endpoint",       *DECIDE),
    R("page",    "webhooks:delivery_replay",              "POST",   "webhook_delivery", *DECIDE),
    # --- imports from Excel: the coordinators' (the register's export: every member) -------------------------------------------
    R("page",    "imports:import_list",                   "GET",    None,             *COORDINATORS),
    R("page",    "imports:upload",                        "GET",    None,             *COORDINATORS),
    R("page",    "imports:upload",                        "POST",   None,             LOGIN,     403,      403,    403,     400,         400),
    R("page",    "imports:preview",                       "GET",    None,             *DECIDE),  # no such upload: back to the form
    R("page",    "imports:preview",                       "POST",   None,             *DECIDE),
    R("page",    "imports:result",                        "GET",    None,             *DECIDE),  # nothing imported yet: to the list
    R("export",  "imports:template",                      "GET",    None,             *COORDINATOR_FILES),
    R("export",  "imports:register_export",               "GET",    None,             *MEMBER_FILES),
    # --- the API: the caller, tokens, reference data ----------------------------------------------------------------------------------------
    R("api",     "api:me",                                "GET",    None,             *API_LIST),
    R("api",     "api:token_create",                      "POST",   None,             201,       201,      201,    201,     201,         201),
    R("api",     "api:token_list",                        "GET",    None,             *API_LIST),
    R("api",     "api:token_revoke",                      "DELETE", "api_token",      401,       404,      404,    204,     204,         204),
    R("api",     "api:api_logout",                        "POST",   None,             401,       204,      204,    204,     204,         204),
    R("api",     "api:agency-list",                       "GET",    None,             *API_LIST),
    R("api",     "api:agency-detail",                     "GET",    "sxd",            *API_ONE),
    R("api",     "api:membership-list",                   "GET",    None,             *API_LIST),
    R("api",     "api:membership-detail",                 "GET",    "officer_membership", *API_ONE),
    R("api",     "api:commune-list",                      "GET",    None,             *API_LIST),
    R("api",     "api:commune-detail",                    "GET",    "commune",        *API_ONE),
    R("api",     "api:plan-list",                         "GET",    None,             *API_LIST),
    R("api",     "api:plan-detail",                       "GET",    "plan",           *API_ONE),
    R("api",     "api:plan-list",                         "POST",   None,             401,       403,      403,    403,     201,         201),
    R("api",     "api:plan-current",                      "GET",    None,             *API_ONE),
    R("api",     "api:plan-carry-over",                   "POST",   "plan_idle",      401,       404,      403,    403,     201,         201),
    R("api",     "api:taskgroup-list",                    "GET",    None,             *API_LIST),
    R("api",     "api:taskgroup-detail",                  "GET",    "group",          *API_ONE),
    R("api",     "api:target-list",                       "GET",    None,             *API_LIST),
    R("api",     "api:target-detail",                     "GET",    "target",         *API_ONE),
    # --- the API: the cluster register -------------------------------------------------------------------------------------------------------
    R("api",     "api:cluster-list",                      "GET",    None,             *API_LIST),
    R("api",     "api:cluster-list",                      "POST",   None,             401,       403,      403,    403,     201,         201),
    R("api",     "api:cluster-detail",                    "GET",    "cluster",        *API_ONE),
    R("api",     "api:cluster-detail",                    "PUT",    "cluster",        *API_NO_PUT),
    R("api",     "api:cluster-detail",                    "PATCH",  "cluster",        *API_DECIDE),
    R("api",     "api:cluster-history",                   "GET",    "cluster",        401,       404,      200,    403,     200,         200),
    R("api",     "api:cluster-reports",                   "GET",    "cluster",        *API_ONE),
    R("api",     "api:cluster-decisions",                 "GET",    "cluster",        *API_ONE),
    R("api",     "api:cluster-reports",                   "POST",   "cluster",        401,       404,      403,    403,     201,         201),
    # --- the API: tasks and their workflow ---------------------------------------------------------------------------------------------------
    R("api",     "api:task-list",                         "GET",    None,             *API_LIST),
    R("api",     "api:task-list",                         "POST",   None,             401,       403,      403,    403,     201,         201),
    R("api",     "api:task-detail",                       "GET",    "task_stc",       *API_ONE),
    R("api",     "api:task-detail",                       "PUT",    "task_sxd",       *API_NO_PUT),
    R("api",     "api:task-detail",                       "PATCH",  "task_sxd",       *API_DECIDE),
    R("api",     "api:task-history",                      "GET",    "task_sxd",       *API_ONE),
    R("api",     "api:task-history",                      "GET",    "task_support",   *API_ONE),
    R("api",     "api:task-history",                      "GET",    "task_stc",       401,       404,      200,    403,     200,         200),
    R("api",     "api:task-deadline-history",             "GET",    "task_sxd",       *API_ONE),
    R("api",     "api:task-deadline-history",             "GET",    "task_stc",       401,       404,      200,    403,     200,         200),
    R("api",     "api:task-timeline",                     "GET",    "task_support",   *API_ONE),
    R("api",     "api:task-timeline",                     "GET",    "task_stc",       401,       404,      200,    403,     200,         200),
    R("api",     "api:task-progress-reports",             "POST",   "task_sxd",       401,       404,      403,    201,     201,         201),
    R("api",     "api:task-progress-reports",             "POST",   "task_support",   401,       404,      403,    201,     201,         201),
    R("api",     "api:task-progress-reports",             "POST",   "task_stc",       401,       404,      403,    403,     201,         201),
    R("api",     "api:task-extension-requests",           "POST",   "task_sxd_new",   401,       404,      403,    201,     201,         201),
    R("api",     "api:task-extension-requests",           "POST",   "task_support",   401,       404,      403,    403,     201,         201),
    R("api",     "api:task-report-completion",            "POST",   "task_sxd",       401,       404,      403,    200,     200,         200),
    R("api",     "api:task-report-completion",            "POST",   "task_support",   *API_DECIDE),
    R("api",     "api:task-accept",                       "POST",   "task_awaiting",  *API_DECIDE),
    R("api",     "api:task-return-",                      "POST",   "task_awaiting",  *API_DECIDE),
    R("api",     "api:task-cancel",                       "POST",   "task_sxd",       *API_DECIDE),
    R("api",     "api:progressreport-list",               "GET",    None,             *API_LIST),
    R("api",     "api:progressreport-detail",             "GET",    "progress",       *API_ONE),
    R("api",     "api:extensionrequest-list",             "GET",    None,             *API_LIST),
    R("api",     "api:extensionrequest-detail",           "GET",    "extension",      *API_ONE),
    R("api",     "api:extensionrequest-detail",           "GET",    "extension_stc",  401,       404,      200,    404,     200,         200),
    R("api",     "api:extensionrequest-approve",          "POST",   "extension",      *API_DECIDE),
    R("api",     "api:extensionrequest-reject",           "POST",   "extension",      *API_DECIDE),
    R("api",     "api:audit_log",                         "GET",    None,             401,       403,      403,    403,     200,         200),
    # The table sends JSON; the import takes a multipart workbook only (its own tests send one).
    R("api",     "api:import",                            "POST",   None,             401,       403,      403,    403,     415,         415),
    R("api",     "api:import_template",                   "GET",    None,             401,       403,      403,    403,     FILE,        FILE),
    R("api",     "api:deletion_list",                     "GET",    None,             *API_LIST),
    R("api",     "api:planreport-list",                   "GET",    None,             *API_READERS),
    R("api",     "api:planreport-list",                   "POST",   None,             401,       403,      403,    403,     201,         201),
    R("api",     "api:planreport-detail",                 "GET",    "plan_report",    *API_READERS),
    R("api",     "api:planreport-docx",                   "GET",    "plan_report",    401,       403,      FILE,   403,     FILE,        FILE),
    R("api",     "api:planreport-xlsx",                   "GET",    "plan_report",    401,       403,      FILE,   403,     FILE,        FILE),
    R("api",     "api:planreport-pdf",                    "GET",    "plan_report",    401,       403,      FILE,   403,     FILE,        FILE),
    R("api",     "api:planreport-signed-pdf",             "GET",    "plan_report_signed", 401,   403,      FILE,   403,     FILE,        FILE),
    R("api",     "api:planreport-signed-pdf",             "POST",   "plan_report",    401,       403,      403,    403,     201,         201),
    # --- the API: the Circular 14 cycle (the reporters' own rows are in tests/reporting/test_api.py) ----------------------------------------
    R("api",     "api:reportform-list",                   "GET",    None,             *API_READERS),
    R("api",     "api:reportform-detail",                 "GET",    "report_form",    *API_READERS),
    R("api",     "api:reportingperiod-list",              "GET",    None,             *API_READERS),
    R("api",     "api:reportingperiod-detail",            "GET",    "period",         *API_READERS),
    R("api",     "api:reportingperiod-bieu-04",           "GET",    "period",         *API_READERS),
    R("api",     "api:submission-list",                   "GET",    None,             *API_READERS),
    R("api",     "api:submission-list",                   "POST",   None,             401,       403,      403,    403,     201,         201),
    R("api",     "api:submission-detail",                 "GET",    "api_draft",      *API_READERS),
    R("api",     "api:submission-detail",                 "PUT",    "api_draft",      401,       403,      405,    403,     405,         405),
    R("api",     "api:submission-detail",                 "PATCH",  "api_draft",      401,       403,      403,    403,     200,         200),
    R("api",     "api:submission-submit",                 "POST",   "api_draft",      401,       403,      403,    403,     200,         200),
    # Sent by the superuser: a coordinator decides it, never its sender (four eyes).
    R("api",     "api:submission-accept",                 "POST",   "submission_sent", 401,      403,      403,    403,     200,         403),
    R("api",     "api:submission-return-",                "POST",   "submission_sent", 401,      403,      403,    403,     200,         403),
    # --- the API's contract and its catch-all ----------------------------------------------------------------------------------------------
    R("docs",    "api:api_schema",                        "GET",    None,             401,       403,      200,    200,     200,         200),
    R("docs",    "api:national_export_schema",            "GET",    None,             401,       403,      200,    200,     200,         200),
    R("docs",    "api:api_docs",                          "GET",    None,             *MEMBERS),
    R("docs",    "api:api_redoc",                         "GET",    None,             *MEMBERS),
    R("api",     "api:<no route>",                        "GET",    None,             *API_NONE),
    R("api",     "api:<no route>",                        "POST",   None,             *API_NONE),
    R("api",     "api:<no route>",                        "PUT",    None,             *API_NONE),
    R("api",     "api:<no route>",                        "PATCH",  None,             *API_NONE),
    R("api",     "api:<no route>",                        "DELETE", None,             *API_NONE),
    # --- the admin's own pages (its models are in ADMIN below) ------------------------------------------------------------------------------
    R("admin",   "admin:index",                           "GET",    None,             *ADMIN_ONLY, 200,         200),
    R("admin",   "admin:auth_user_password_change",       "GET",    "spare_user",     *ADMIN_ONLY, 403,         200),
    R("admin",   "admin:auth_user_password_change",       "POST",   "spare_user",     *ADMIN_ONLY, 403,         302),
]
# fmt: on


# --- the admin ------------------------------------------------------------------------------------------------
# Every view of a registered model, for coordinators and superusers; anonymous users, outsiders, viewers and
# officers are sent to the admin's login page by each of them. "record" is one history record's page and
# "revert" a POST to it: models with history only (None: the model has none).
# fmt: off
ADMIN_VIEWS = (
    # view       method  admin URL name    the URL takes     what it is
    ("list",     "GET",  "changelist",     ()),              # the list
    ("add",      "GET",  "add",            ()),              # the add form (its POST asks the same permission)
    ("change",   "GET",  "change",         ("pk",)),         # the record (read-only without change permission)
    ("save",     "POST", "change",         ("pk",)),         # the record's form, submitted as rendered
    ("delete",   "GET",  "delete",         ("pk",)),         # the confirmation page
    ("delete!",  "POST", "delete",         ("pk",)),         # "Yes, I'm sure"
    ("history",  "GET",  "history",        ("pk",)),         # the record's history
    ("record",   "GET",  "simple_history", ("pk", "history_id")),  # one history record
    ("revert",   "POST", "simple_history", ("pk", "history_id")),  # reverting to it: refused to everyone
)

#                 list  add  change save delete delete! history record revert
EDIT_AUDITED   = (200,  200, 200,   302, 200,   302,    200,    200,   403)   # workflow, task and cluster records
EDIT           = (200,  200, 200,   302, 200,   302,    200,    None,  None)  # places, preferences, accounts
EDIT_NO_ADD    = (200,  403, 200,   302, 200,   302,    200,    None,  None)  # letters: made from the overdue list
AUDITED_NO_ADD = (200,  403, 200,   302, 200,   302,    200,    200,   403)   # reports: made in the workflow, corrected here
CORRECT_ONLY   = (200,  403, 200,   302, 403,   403,    200,    200,   403)   # ... deleted by superusers only
NO_DELETE      = (200,  200, 200,   302, 403,   403,    200,    200,   403)   # a task with workflow records
DECIDE_ONLY    = (200,  403, 200,   403, 403,   403,    200,    200,   403)   # requests: decided by the actions
DECIDE_DELETE  = (200,  403, 200,   403, 200,   302,    200,    200,   403)   # ... and deleted by superusers
LIST_DELETE    = (200,  403, 200,   403, 200,   302,    200,    None,  None)  # files, notifications, feeds, lockouts
READ_ONLY      = (200,  403, 200,   403, 403,   403,    200,    None,  None)  # logs; accounts, for coordinators
READ_AUDITED   = (200,  403, 200,   403, 403,   403,    200,    200,   403)   # signed copies: uploaded on the report's page
OWN_MEMBERSHIP = (200,  200, 200,   403, 403,   403,    200,    200,   403)   # no self-promotion, no self-removal
NO_ACCESS      = (403,  403, 403,   403, 403,   403,    403,    None,  None)  # Django's own permissions: superusers

ADMIN = [
    # model                               object                     coordinator      superuser
    ("agencies.agency",                    "agency_idle",             EDIT_AUDITED,    EDIT_AUDITED),
    ("tasks.responsibility",               "responsibility",          EDIT_AUDITED,    EDIT_AUDITED),
    ("agencies.membership",                "officer_membership",      EDIT_AUDITED,    EDIT_AUDITED),
    ("agencies.membership",                "coordinator_membership",  OWN_MEMBERSHIP,  EDIT_AUDITED),
    ("notifications.notificationpreference", "preference",            EDIT,            EDIT),
    ("accounts.authevent",                 "auth_event",              READ_ONLY,       READ_ONLY),
    ("auth.user",                          "spare_user",              READ_ONLY,       EDIT),
    ("auth.group",                         "user_group",              NO_ACCESS,       EDIT),
    ("knox.authtoken",                     "api_token",               NO_ACCESS,       EDIT),
    ("otp_totp.totpdevice",                "totp_device",             NO_ACCESS,       EDIT),
    ("otp_static.staticdevice",            "static_device",           NO_ACCESS,       EDIT),
    ("places.province",                    "province_idle",           EDIT,            EDIT),
    ("department.department",              "department",              CORRECT_ONLY,    CORRECT_ONLY),
    ("department.signatory",               "signatory",               EDIT_AUDITED,    EDIT_AUDITED),
    ("places.commune",                     "commune",                 EDIT,            EDIT),
    ("clusters.cluster",                   "cluster",                 EDIT_AUDITED,    EDIT_AUDITED),
    ("clusters.clusterreport",             "cluster_report",          EDIT_AUDITED,    EDIT_AUDITED),
    ("tasks.plan",                         "plan_idle",               EDIT_AUDITED,    EDIT_AUDITED),
    ("tasks.taskgroup",                    "group_idle",              EDIT_AUDITED,    EDIT_AUDITED),
    ("tasks.target",                       "target",                  EDIT_AUDITED,    EDIT_AUDITED),
    ("tasks.task",                         "task_sxd",                NO_DELETE,       EDIT_AUDITED),
    ("tasks.task",                         "task_fresh",              EDIT_AUDITED,    EDIT_AUDITED),
    ("tasks.progressreport",               "progress",                CORRECT_ONLY,    AUDITED_NO_ADD),
    ("tasks.attachment",                   "attachment",              LIST_DELETE,     LIST_DELETE),
    ("tasks.extensionrequest",             "extension",               DECIDE_ONLY,     DECIDE_DELETE),
    ("notifications.notification",         "notification",            LIST_DELETE,     LIST_DELETE),
    ("notifications.reminderdelivery",     "reminder",                READ_ONLY,       READ_ONLY),
    ("notifications.calendarfeedtoken",    "feed_token",              LIST_DELETE,     LIST_DELETE),
    ("notifications.followupletter",       "letter",                  EDIT_NO_ADD,     EDIT_NO_ADD),
    ("reporting.reportform",               "report_form_01",          EDIT_AUDITED,    EDIT_AUDITED),
    ("reporting.indicator",                "indicator_01",            EDIT_AUDITED,    EDIT_AUDITED),
    ("reporting.reportingperiod",          "period_2025",             READ_ONLY,       READ_ONLY),
    ("reporting.submission",               "submission_sent",         READ_ONLY,       READ_ONLY),
    ("reporting.bieu04",                   "bieu04",                  READ_ONLY,       READ_ONLY),
    ("axes.accessattempt",                 "access_attempt",          LIST_DELETE,     LIST_DELETE),
    ("axes.accesslog",                     "access_log",              READ_ONLY,       READ_ONLY),
    ("axes.accessfailurelog",              "access_failure",          READ_ONLY,       READ_ONLY),
    ("webhooks.endpoint",                  "endpoint",                NO_DELETE,       NO_DELETE),
    ("webhooks.delivery",                  "webhook_delivery",        READ_ONLY,       READ_ONLY),
    ("signatures.trustedroot",             "trusted_root_idle",       EDIT_AUDITED,    EDIT_AUDITED),
    ("signatures.signedcopy",              "signed_copy",             READ_AUDITED,    READ_AUDITED),
]
# fmt: on


def admin_rows():
    """The ADMIN table as rows: one per (model entry, admin view) that the model has."""
    rows = []
    for label, obj, coordinator, superuser in ADMIN:
        for index, (view, method, _url, _args) in enumerate(ADMIN_VIEWS):
            if coordinator[index] is None:
                continue
            outsiders = (ADMIN_LOGIN,) * 4
            rows.append(
                Row("admin", f"admin:{label}:{view}", method, obj, (*outsiders, coordinator[index], superuser[index]))
            )
    return rows


ALL_ROWS = TABLE + admin_rows()


# --- payloads: valid, so that an allowed role succeeds ----------------------------------------------------
# Each is a function (world, object, acting user or None) -> the request's data.

NEW_PASSWORD = "Mật-khẩu-mới-đủ-dài-2027"


def days(n):
    return local_today() + datetime.timedelta(days=n)


def vn(date):
    return date.strftime("%d/%m/%Y")


def signed_pdf_of(w, report):
    """The report's PDF, signed by the world's test signer (a root the world trusts)."""
    from signatures import pki

    with report.pdf_file.open("rb") as handle:
        return pki.sign_pdf(handle.read(), w.ca_signer, w.ca_root)


def signed_upload(w, obj, user):
    return {"file": SimpleUploadedFile("bao-cao-da-ky.pdf", signed_pdf_of(w, obj), content_type="application/pdf")}


def pdf(name="bien-ban.pdf"):
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n", "application/pdf"
    )


def current(obj):
    """The version ``obj`` has in the database now (earlier rows of the run may have saved it)."""
    return type(obj).objects.get(pk=obj.pk).version


def fresh(task):
    return Task.objects.get(pk=task.pk)


def totp_code(w, obj, user):
    """A current code of the device being enrolled by ``user`` (the setup page shows its QR code)."""
    from django_otp.oath import TOTP

    from accounts import two_factor as otp

    device = otp.unconfirmed_totp_device(user if user is not None else w.coordinator)
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    return {"code": f"{token:0{device.digits}d}"}


def plan_form(number):
    return {
        "number": number,
        "title": "Kế hoạch phát triển cụm công nghiệp năm 2027",
        "issued_on": vn(days(-1)),
        "issuing_body": "UBND Thành phố Hà Nội",
        "year": "2027",
        "period_start": "01/01/2027",
        "period_end": "31/12/2027",
    }


def groups_form(rows, initial=0):
    """The groups' formset (tasks.plan_forms.group_formset): (existing group id or None, name) per row."""
    data = {"groups-TOTAL_FORMS": len(rows), "groups-INITIAL_FORMS": initial}
    for index, (pk, name) in enumerate(rows):
        data.update({f"groups-{index}-group": pk or "", f"groups-{index}-name": name, f"groups-{index}-ORDER": ""})
    return data


def task_form(w, obj, user):
    return {
        "group": w.group.pk,
        "code": "KH305-9.99",
        "title": "Rà soát quỹ đất cụm công nghiệp",
        "lead_agency": w.sxd.pk,
        "supporting_agencies": [w.stc.pk],
        "priority": "normal",
        "start_date": vn(days(0)),
        "due_date": vn(days(90)),
    }


def task_edit_form(w, obj, user):
    task = fresh(obj)
    return {
        "group": task.group_id,
        "code": task.code,
        "title": task.title + " (bổ sung)",
        "expected_output": task.expected_output,
        "lead_agency": task.lead_agency_id,
        "clusters": [c.pk for c in task.clusters.all()],
        "priority": task.priority,
        "start_date": vn(task.start_date),
        "reason": "Bổ sung theo Công văn số 12/SCT",
        "version": task.version,
    }


def cluster_edit_form(w, obj, user):
    from clusters.forms import ClusterForm

    cluster = Cluster.objects.get(pk=obj.pk)
    return form_payload(ClusterForm(cluster=cluster), notes="Bổ sung ghi chú", reason="Kiểm tra phân quyền")


def decision_edit_form(w, obj, user):
    from clusters.forms import ClusterDecisionForm

    decision = ClusterDecision.objects.get(pk=obj.pk)
    form = ClusterDecisionForm(cluster=decision.cluster, decision=decision)
    return form_payload(form, notes="Bản chính", reason="Kiểm tra phân quyền")


def bieu_workbook(w, obj, user):
    """The form of ``obj`` downloaded as .xlsx (filled with the world's Biểu 02 for a cluster), as uploaded."""
    from reporting import workbooks
    from reporting.models import Submission
    from reporting.rules import parse_value

    stub = Submission(period_id=obj.period_pk, form=obj.form, cluster=obj.cluster, commune=obj.commune)
    stub.period = w.period_record
    indicators = list(obj.form.indicators.order_by("order"))
    values = {key: parse_value(v) for key, v in BIEU02.items()} if obj.cluster else {}
    content = workbooks.workbook_bytes(stub, indicators, values, {})
    return {"workbook": SimpleUploadedFile("bieu.xlsx", content)}


# A complete Biểu 02 the world's clusters accept (1 ha leased: within every world cluster's industrial land).
BIEU02 = {
    "approved_investment": "250",
    "paid_investment": "130,5",
    "serviced_land": "1",
    "leased_land": "1",
    "occupancy": "60",
    "tenant_projects": "12",
    "foreign_projects": "3",
    "active_projects": "10",
    "investor_revenue": "4,2",
    "investor_budget_paid": "0,8",
    "investor_workers": "25",
    "investor_average_income": "9,5",
    "wastewater_built": "1",
    "wastewater_compliant": "0",
}


PAYLOADS = {
    ("login", "POST"): lambda w, o, u: {"username": w.officer.username, "password": TEST_PASSWORD},
    ("password_change", "POST"): lambda w, o, u: {
        "old_password": TEST_PASSWORD,
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    },
    ("otp:setup", "POST"): totp_code,
    ("otp:verify", "POST"): lambda w, o, u: {"code": "123456"},
    ("password_reset", "POST"): lambda w, o, u: {"email": w.officer.email},
    ("password_reset_confirm", "POST"): lambda w, o, u: {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    ("invitation_accept", "POST"): lambda w, o, u: {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    ("people:person_invite", "POST"): lambda w, o, u: {
        "email": "mai.tran@xaydung.hanoi.gov.vn",
        "last_name": "Trần",
        "first_name": "Mai",
        "agency": w.sxd.pk,
        "role": "officer",
    },
    ("people:person_resend", "POST"): lambda w, o, u: {"reason": ""},
    ("people:person_deactivate", "POST"): lambda w, o, u: {"reason": "Chuyển công tác"},
    ("people:person_reactivate", "POST"): lambda w, o, u: {"reason": "Đã trở lại"},
    ("tasks:task_create", "POST"): task_form,
    ("tasks:task_update", "POST"): task_edit_form,
    ("tasks:target_clusters", "POST"): lambda w, o, u: {"clusters": [w.cluster.pk], "reason": "Lập danh sách"},
    ("tasks:plan_create", "POST"): lambda w, o, u: {
        **plan_form(number="99/KH-UBND"),
        **groups_form([(None, "Nhóm 1"), (None, "Nhóm 2")]),
    },
    ("tasks:plan_update", "POST"): lambda w, o, u: {**plan_form(number=o.number), "reason": "Sửa trích yếu"},
    ("tasks:plan_groups", "POST"): lambda w, o, u: {
        **groups_form([(w.group.pk, "Nhóm 1 (sửa tên)"), (w.group_idle.pk, "Nhóm 5")], initial=2),
        "reason": "Đổi tên nhóm",
    },
    ("tasks:plan_target_create", "POST"): lambda w, o, u: {
        "description": "Hoàn thành hạ tầng 5 cụm",
        "measure": "infrastructure_completed",
        "target_min": "5",
        "unit": "cụm",
    },
    ("tasks:plan_carry_over", "POST"): lambda w, o, u: {
        "from": w.plan.pk,
        "tasks": [w.task_fresh.pk],
        f"group_{w.group.pk}": w.group_next.pk,
        "deadline": "keep",
        "code_prefix": "KH2027-",
        "reason": "Chưa hoàn thành trong năm",
    },
    ("clusters:cluster_create", "POST"): lambda w, o, u: {
        "code": "CCN-PQ",
        "name": "CCN Phân quyền",
        "type": "general",
        "province": w.province.pk,
        "status": "in_scheme",
        "wastewater_status": "none",
    },
    ("clusters:cluster_update", "POST"): cluster_edit_form,
    ("clusters:cluster_decision_create", "POST"): lambda w, o, u: {
        "kind": "adjust",
        "number": "99/QĐ-UBND",
        "date": vn(days(-10)),
        "issuing_body": "UBND Thành phố Hà Nội",
        "document": pdf("dieu-chinh.pdf"),
        "reason": "Kiểm tra phân quyền",
    },
    ("clusters:cluster_decision_update", "POST"): decision_edit_form,
    ("clusters:cluster_report_create", "POST"): lambda w, o, u: {
        "year": 2024,
        "period": "annual",
        "tenant_projects": 8,
        "reason": "Kiểm tra phân quyền",
    },
    ("clusters:cluster_report_update", "POST"): lambda w, o, u: {
        "tenant_projects": 11,
        "workers": 640,
        "reason": "Kiểm tra phân quyền",
    },
    ("clusters:cluster_document_upload", "POST"): lambda w, o, u: {
        "upload": pdf("nghiem-thu.pdf"),
        "reason": "Kiểm tra phân quyền",
        "version": Cluster.objects.get(pk=o.pk).version,
    },
    ("tasks:progress_report_create", "POST"): lambda w, o, u: {
        "progress-progress_percent": 60,
        "progress-text": "Đã hoàn thành khảo sát hiện trạng",
        "progress-files": pdf(),
    },
    ("tasks:extension_request_create", "POST"): lambda w, o, u: {
        "extension-proposed_due_date": vn(fresh(o).due_date + datetime.timedelta(days=30)),
        "extension-reason": "Chờ ý kiến của các sở",
        "extension-files": pdf("cong-van.pdf"),
    },
    ("tasks:task_report_completion", "POST"): lambda w, o, u: {
        "completion-completed_on": vn(days(0)),
        "completion-evidence": "Quyết định số 45/QĐ-UBND",
        "completion-version": fresh(o).version,
    },
    ("tasks:task_accept_completion", "POST"): lambda w, o, u: {
        "accept-note": "Đạt yêu cầu",
        "accept-version": fresh(o).version,
    },
    ("tasks:task_return", "POST"): lambda w, o, u: {
        "return-reason": "Thiếu biên bản nghiệm thu",
        "return-version": fresh(o).version,
    },
    ("tasks:task_cancel", "POST"): lambda w, o, u: {
        "cancel-reason": "Nhiệm vụ được gộp vào KH305-1.02",
        "cancel-version": fresh(o).version,
    },
    ("tasks:extension_request_approve", "POST"): lambda w, o, u: {
        "decision-decision_note": "Đồng ý gia hạn",
        "decision-decision_document": "Công văn 99/SCT",
    },
    ("tasks:extension_request_reject", "POST"): lambda w, o, u: {"decision-decision_note": "Chưa đủ căn cứ"},
    ("notifications:notification_read", "POST"): lambda w, o, u: {},
    ("notifications:notification_read_all", "POST"): lambda w, o, u: {},
    ("notifications:preferences", "POST"): lambda w, o, u: {"receive_digests": "on", "reminder_windows_days": "7,1"},
    ("notifications:calendar", "POST"): lambda w, o, u: {"action": "create"},
    ("webhooks:endpoint_create", "POST"): lambda w, o, u: {
        "url": f"https://example.org/hooks/{getattr(u, 'username', '')}",
        "events": ["task.created"],
    },
    ("webhooks:endpoint_update", "POST"): lambda w, o, u: {
        "url": o.url,
        "events": ["task.created", "task.assigned"],
        "is_active": "on",
        "reason": "Kiểm tra phân quyền",
    },
    ("notifications:letter_create", "POST"): lambda w, o, u: {
        "agency": w.sxd.pk,
        "number": "125/SCT-QLCN",
        "letter_date": vn(days(0)),
    },
    ("admin:auth_user_password_change", "POST"): lambda w, o, u: {
        "usable_password": "true",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    },
    ("api:token_create", "POST"): lambda w, o, u: {"username": w.officer.username, "password": TEST_PASSWORD},
    ("api:cluster-list", "POST"): lambda w, o, u: {"code": "CCN-MOI", "name": "CCN Mới", "province": w.province.pk},
    ("api:cluster-detail", "PUT"): lambda w, o, u: {"notes": "Cập nhật", "version": o.version, "reason": "Kiểm tra"},
    ("api:cluster-detail", "PATCH"): lambda w, o, u: {"notes": "Cập nhật", "version": o.version, "reason": "Kiểm tra"},
    ("api:cluster-reports", "POST"): lambda w, o, u: {"year": 2025, "period": "annual", "tenant_projects": 12},
    ("api:task-list", "POST"): lambda w, o, u: {
        "group": w.group.pk,
        "code": "KH305-9.99",
        "title": "Rà soát quỹ đất cụm công nghiệp",
        "lead_agency": w.sxd.pk,
        "due_date": days(90).isoformat(),
    },
    ("api:plan-list", "POST"): lambda w, o, u: {
        "number": "99/KH-UBND",
        "title": "Kế hoạch năm 2027",
        "issued_on": days(-1).isoformat(),
        "year": 2027,
        "period_start": "2027-01-01",
        "period_end": "2027-12-31",
        "groups": [{"name": "Nhóm 1"}, {"name": "Nhóm 2"}],
    },
    ("api:plan-carry-over", "POST"): lambda w, o, u: {
        "tasks": [w.task_fresh.pk],
        "group_map": {str(w.group.pk): w.group_next.pk},
        "code_prefix": "KH2027-",
        "reason": "Chưa hoàn thành trong năm",
    },
    ("api:task-detail", "PUT"): lambda w, o, u: {"title": "Tên mới", "version": fresh(o).version, "reason": "Sửa tên"},
    ("api:task-detail", "PATCH"): lambda w, o, u: {
        "title": "Tên mới",
        "version": fresh(o).version,
        "reason": "Sửa tên",
    },
    ("api:task-progress-reports", "POST"): lambda w, o, u: {"text": "Đang triển khai", "progress_percent": 60},
    ("api:task-extension-requests", "POST"): lambda w, o, u: {
        "proposed_due_date": (fresh(o).due_date + datetime.timedelta(days=30)).isoformat(),
        "reason": "Chờ ý kiến của các sở",
    },
    ("api:task-report-completion", "POST"): lambda w, o, u: {
        "completed_on": days(0).isoformat(),
        "evidence": "Quyết định số 45/QĐ-UBND",
    },
    ("signatures:signed_upload", "POST"): signed_upload,
    ("api:planreport-signed-pdf", "POST"): signed_upload,
    ("plan_reports:report_create", "POST"): lambda w, o, u: {"plan": w.plan.pk, "cut_off": vn(days(0))},
    ("plan_reports:report_edit", "POST"): lambda w, o, u: {
        "action": "save",
        "cut_off": vn(days(0)),
        "general_assessment": "Đánh giá chung.",
        "signatory": w.signatory.pk,
    },
    ("api:planreport-list", "POST"): lambda w, o, u: {
        "cut_off": days(0).isoformat(),
        "number": f"9/BC-SCT-{getattr(u, 'username', '')}",
        "issued_on": days(0).isoformat(),
        "signer": "Nguyễn Văn A",
    },
    ("api:submission-list", "POST"): lambda w, o, u: {
        "period": w.period.pk,
        "form": "03",
        "commune": w.reporting_commune.pk,
        "values": {"workers": "120"},
    },
    # A submission's writes name the version they were made on (a stale one is a 409), as a task's do.
    ("api:submission-detail", "PUT"): lambda w, o, u: {"values": {"tenant_projects": "15"}, "version": current(o)},
    ("api:submission-detail", "PATCH"): lambda w, o, u: {"values": {"tenant_projects": "15"}, "version": current(o)},
    ("api:submission-submit", "POST"): lambda w, o, u: {
        "signer_name": "Trần Văn A",
        "signer_title": "Giám đốc",
        "version": current(o),
    },
    ("api:submission-accept", "POST"): lambda w, o, u: {},
    ("api:submission-return-", "POST"): lambda w, o, u: {"reason": "Tỷ lệ lấp đầy chưa khớp"},
    ("reporting:submission_cluster", "POST"): lambda w, o, u: {"action": "draft", "v_leased_land": "1"},
    ("reporting:submission_commune", "POST"): lambda w, o, u: {"action": "draft", "v_plan_clusters": "2"},
    ("reporting:upload_cluster", "POST"): bieu_workbook,
    ("reporting:upload_commune", "POST"): bieu_workbook,
    ("reporting:submission_return", "POST"): lambda w, o, u: {"reason": "Tỷ lệ lấp đầy chưa khớp"},
    ("reporting:bieu04", "POST"): lambda w, o, u: {
        "number": "9/BC-SCT",
        "issued_on": w.period_record.data_end.strftime("%d/%m/%Y"),
        "signer": "Nguyễn Văn A",
        "gaps_reason": "Ban hành theo hạn của Thông tư 14",
    },
    ("api:task-accept", "POST"): lambda w, o, u: {"note": "Đạt yêu cầu"},
    ("api:task-return-", "POST"): lambda w, o, u: {"reason": "Thiếu biên bản nghiệm thu"},
    ("api:task-cancel", "POST"): lambda w, o, u: {"reason": "Nhiệm vụ được gộp"},
    ("api:extensionrequest-approve", "POST"): lambda w, o, u: {"decision_note": "Đồng ý gia hạn"},
    ("api:extensionrequest-reject", "POST"): lambda w, o, u: {"decision_note": "Chưa đủ căn cứ"},
}
