"""The permission matrix (issue 6, README "Bảo mật / Security"), run against every surface of the application.

| who                     | sees                                                     | changes                                         |
|-------------------------|----------------------------------------------------------|-------------------------------------------------|
| anonymous               | the login page and /healthz only                         | nothing                                         |
| outsider (logged in, no | nothing                                                  | nothing                                         |
| active membership)      |                                                          |                                                 |
| viewer                  | everything                                               | nothing                                         |
| officer of agency X     | all tasks and clusters; the audit trail of the tasks X   | progress and attachments on tasks X leads or    |
|                         | leads or supports                                        | supports; extension requests and completion     |
|                         |                                                          | reports on tasks X leads; nothing else          |
| coordinator             | everything                                               | everything in the workflow, task and cluster    |
|                         |                                                          | records, memberships of other users; never      |
|                         |                                                          | history                                         |
| superuser               | everything                                               | everything but history                          |
| investor (Circular 14)  | the reporting pages: its own clusters' reports only      | its clusters' Biểu 02 (fill in, upload, send)   |
| commune reporter        | the reporting pages: its commune's Biểu 03 and its       | its commune's Biểu 03                           |
|                         | clusters' Biểu 02                                        |                                                 |

How each role meets it, surface by surface (the table itself is ``tests/security/matrix.py``):

- Pages: anonymous → the login page; an outsider → 403 on every page of the application, their own
  notifications, preferences and calendar page included (they speak of tasks); an action the role may not
  take → 403; an action done → 302 back to the page. The system-wide audit log, the deliveries log,
  follow-up letters and task create/edit are the coordinators' (issues 3, 4, 5 and 7 say so).
- What is one's own (notifications, reminder preferences, calendar token, password, API tokens) any
  member manages, the viewer too: that changes nothing of the plan. The account pages (password, logout,
  2FA verification) serve any logged-in user: they are the front door.
- The API: anonymous → 401; an outsider sees empty lists and no object (404); a role that may see an
  object but not change it → 403. The OpenAPI contract and its documentation are for members.
- The calendar feed needs no login: its token is the secret (a valid one is 200 for anyone, a bogus 404).
- The admin is for coordinators and superusers; everyone else is sent to its login page, even with
  ``is_staff`` (the viewer, the officer and the outsider here have it). History is read there, never
  reverted or edited, by anyone.

The world (``build_world``) is built once per module and per xdist worker, inside a transaction that is
never committed; every case runs in a savepoint rolled back after it, so each case starts from the same,
fresh world (as Django's ``TestCase.setUpTestData``), which a fingerprint checks before each case. Writes
run one (row, role) per test; reads run every role of a row in one test.

Completeness: one test walks the URL resolver (every pattern outside the admin, with the methods its view
answers: a viewset route's actions, an APIView's or a Django view's handlers, OPTIONS and HEAD aside;
function views count as GET), another the admin registry; both fail on anything the table does not cover.
"""

import html.parser
import re
import types
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.test import APIClient
from simple_history.admin import SimpleHistoryAdmin

from accounts.invitations import invitation_token
from accounts.models import AuthEvent
from agencies.models import Membership
from clusters import services as cluster_services
from notifications import letters
from notifications.models import CalendarFeedToken, Notification, NotificationPreference, ReminderDelivery
from plan_reports.services import plan_report_draft, plan_report_issue
from reporting import reference
from reporting import services as reporting_services
from reporting.models import Indicator, ReportForm
from signatures import pki
from signatures.models import TrustedRoot
from signatures.services import signed_copy_upload
from tasks import services
from tasks.models import Responsibility
from tests.factories import (
    AgencyFactory,
    ClusterFactory,
    ClusterReportFactory,
    CommuneFactory,
    DepartmentFactory,
    FocalAgencyFactory,
    MembershipFactory,
    PlanFactory,
    ProvinceFactory,
    SignatoryFactory,
    TargetFactory,
    TaskGroupFactory,
    UserFactory,
)
from webhooks import services as webhook_services
from webhooks.models import Delivery

from .matrix import ADMIN, ADMIN_LOGIN, ADMIN_VIEWS, ALL_ROWS, BIEU02, FILE, LOGIN, PAYLOADS, days, pdf, signed_pdf_of

# The test databases are set up for marked tests only; each case also runs in pytest-django's transaction.
pytestmark = pytest.mark.django_db

Role = Membership.Role
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# --- the world ---------------------------------------------------------------------------------------------


def report_forms():
    """The Circular 14 forms and indicators, loaded from the data files."""
    forms = {}
    for lookup, values in reference.form_specs():
        forms[lookup["code"]] = ReportForm.objects.create(**lookup, **values)
    for code, key, values in reference.indicator_specs():
        Indicator.objects.create(form=forms[code], key=key, **values)
    return forms


def build_reporting_api(w, forms):
    """The API's and the letter's rows: the 2025 half-year (past due), a complete Biểu 02 draft of a cluster
    entered by the coordinator and escalated after a reminder, and another cluster's report sent by the superuser."""
    w.report_form = forms["02"]
    w.period = reporting_services.ensure_periods(2025)[0]
    # Their own commune and clusters: a report protects its cluster and commune from deletion (the admin rows).
    w.reporting_commune = CommuneFactory(province=w.province, code="99999", name="Xã Báo Cáo")
    cluster = ClusterFactory(province=w.province)
    cluster.communes.add(w.reporting_commune)
    subject = {"period": w.period, "form": forms["02"], "cluster": cluster}
    reporting_services.submission_save(actor=w.coordinator, values=BIEU02, **subject)
    w.api_draft = reporting_services.submission_remind(**subject, today=days(0), escalate_after=1)
    w.letter_target = types.SimpleNamespace(pk=w.period.pk, commune_pk=w.reporting_commune.pk)
    # The 2025 half-year's Biểu 04, issued (its files; the admin's row), and the admin's rows of form 01.
    w.bieu04 = reporting_services.bieu04_issue(
        actor=w.coordinator,
        period=w.period,
        number="8/BC-SCT",
        issued_on=w.period.data_end,
        signer="Nguyễn Văn A",
        gaps_reason="Ban hành theo hạn của Thông tư 14",
    )
    w.issued_period = types.SimpleNamespace(pk=w.period.pk)
    w.report_form_01 = forms["01"]
    w.indicator_01 = forms["01"].indicators.first()
    w.period_2025 = w.period
    cluster_sent = ClusterFactory(province=w.province)
    w.submission_sent = reporting_services.submission_save(
        actor=w.superuser,
        period=w.period,
        form=forms["02"],
        cluster=cluster_sent,
        values=BIEU02,
        submit=True,
        signer_name="Trần Văn A",
        signer_title="Giám đốc",
    )


def build_world():
    """SCT (the focal agency), SXD (the officer's), STC; the tasks, cluster and records every row names.

    The workflow state is made by the services, as the application makes it.
    """
    w = types.SimpleNamespace()
    w.sct = FocalAgencyFactory()
    w.sxd = AgencyFactory(code="SXD", name="Sở Xây dựng", short_name="Sở Xây dựng")
    w.stc = AgencyFactory(code="STC", name="Sở Tài chính", short_name="Sở Tài chính")
    w.agency_idle = AgencyFactory(code="SNN", name="Sở Nông nghiệp và Môi trường", short_name="Sở NN&MT")

    def member(username, agency, role, **extra):
        user = UserFactory(username=username, **extra)
        return user, MembershipFactory(user=user, agency=agency, role=role)

    w.coordinator, w.coordinator_membership = member("alice", w.sct, Role.COORDINATOR, is_staff=True)
    # The viewer and the officer have is_staff: the admin must refuse them because of their role, not the flag.
    w.viewer, _ = member("victor", w.sct, Role.VIEWER, is_staff=True)
    w.officer, w.officer_membership = member("bob", w.sxd, Role.OFFICER, is_staff=True)
    w.stc_officer, _ = member("carol", w.stc, Role.OFFICER)
    # The outsider was a coordinator (heard of the workflow, kept is_staff) until the membership was ended.
    w.outsider, outsider_membership = member("olga", w.sct, Role.COORDINATOR, is_staff=True)
    w.superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    w.spare_user = UserFactory(username="khach")
    # The people pages act on one invited person who has not set a password yet, and on one locked account.
    w.invited_user = UserFactory(username="moi", email="moi@example.gov.vn")
    w.invited_user.set_unusable_password()
    w.invited_user.save()
    w.invitation = types.SimpleNamespace(token=invitation_token(w.invited_user))
    w.locked_user = UserFactory(username="dakhoa", is_active=False)
    w.reset_link = types.SimpleNamespace(uidb64="MQ", token="het-han")  # no longer valid

    w.plan = PlanFactory()
    w.group = TaskGroupFactory(plan=w.plan, number=1)
    w.group_idle = TaskGroupFactory(plan=w.plan, number=5)
    w.plan_idle = PlanFactory(number="12/KH-UBND", year=2027)
    w.group_next = TaskGroupFactory(plan=w.plan_idle, number=1)  # where the plan's unfinished tasks are carried
    w.target = TargetFactory(plan=w.plan)
    w.responsibility = Responsibility.objects.create(agency=w.sxd, plan=w.plan, text="Chủ trì quy hoạch cụm")
    w.province = ProvinceFactory()
    w.province_idle = ProvinceFactory(code="79", name="Thành phố Hồ Chí Minh")
    w.department = DepartmentFactory(province=w.province)
    w.signatory = SignatoryFactory(department=w.department, full_name="Nguyễn Văn Ký", title="Giám đốc")
    w.commune = CommuneFactory(province=w.province)
    w.cluster = ClusterFactory(province=w.province)
    w.cluster.communes.add(w.commune)
    w.cluster_report = ClusterReportFactory(cluster=w.cluster)
    w.cluster_decision = cluster_services.cluster_decision_create(
        actor=w.coordinator,
        cluster=w.cluster,
        reason="Ghi quyết định thành lập",
        kind="establish",
        number="12/QĐ-UBND",
        date=days(-400),
        document=pdf("quyet-dinh.pdf"),
    )
    w.cluster = cluster_services.cluster_document_attach(
        actor=w.coordinator,
        cluster=w.cluster,
        document="wastewater_evidence",
        upload=pdf("kq-quan-trac.pdf"),
        reason="Bổ sung minh chứng",
    )

    def task(code, lead, supporting=(), due=30):
        return services.task_create(
            actor=w.coordinator,
            group=w.group,
            code=code,
            title=f"Nhiệm vụ {code}",
            lead_agency=lead,
            supporting_agencies=supporting,
            clusters=[w.cluster],
            start_date=days(-60),
            due_date=days(due),
        )

    w.task_sxd = task("KH305-1.01", w.sxd, due=5)  # due soon: a follow-up letter to SXD lists it
    w.task_support = task("KH305-1.02", w.stc, supporting=[w.sxd])
    w.task_stc = task("KH305-1.03", w.stc)
    w.task_awaiting = task("KH305-1.04", w.sxd)
    w.task_sxd_new = task("KH305-1.05", w.sxd, due=60)
    w.task_fresh = task("KH305-1.06", w.stc)  # no workflow record yet: a coordinator may delete it

    w.progress = services.progress_report_create(
        actor=w.officer, task=w.task_sxd, text="Đã khảo sát hiện trạng", progress_percent=40, files=[pdf()]
    )
    w.attachment = w.task_sxd.attachments.get()
    w.extension = services.extension_request_create(
        actor=w.officer, task=w.task_sxd, proposed_due_date=days(40), reason="Chờ ý kiến của các sở"
    )
    services.task_report_completion(
        actor=w.officer, task=w.task_awaiting, completed_on=days(0), evidence="Quyết định số 45/QĐ-UBND"
    )
    w.extension_stc = services.extension_request_create(
        actor=w.stc_officer, task=w.task_stc, proposed_due_date=days(45), reason="Chờ quỹ đất", files=[pdf("cv.pdf")]
    )
    w.attachment_stc_extension = w.extension_stc.attachments.get()
    outsider_membership.is_active = False
    outsider_membership.save()
    assert Notification.objects.filter(recipient=w.outsider).exists()
    for name in ("task_sxd", "task_support", "task_stc", "task_awaiting", "task_sxd_new", "task_fresh"):
        getattr(w, name).refresh_from_db()

    w.notification = Notification.objects.filter(recipient=w.officer).order_by("pk").first()
    w.feed_token = CalendarFeedToken.objects.create(user=w.officer)
    w.bogus_token = types.SimpleNamespace(token="khong-phai-ma-that")
    w.preference = NotificationPreference.objects.create(user=w.officer, reminder_windows_days="7,1")
    from knox.models import AuthToken

    w.api_token, _ = AuthToken.objects.create(user=w.officer)
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    w.totp_device = TOTPDevice.objects.create(user=w.stc_officer, name="Điện thoại", confirmed=True)
    w.static_device = StaticDevice.objects.create(user=w.stc_officer, name="Mã dự phòng", confirmed=True)
    w.user_group = Group.objects.create(name="Tổ công tác")
    w.auth_event = AuthEvent.objects.create(kind=AuthEvent.Kind.LOGIN, user=w.officer, username="bob")
    w.reminder = ReminderDelivery.objects.create(
        run_date=days(0),
        kind=ReminderDelivery.Kind.AGENCY_DIGEST,
        recipient="sxd@example.gov.vn",
        agency=w.sxd,
        task_ids=[w.task_sxd.pk],
        subject="Nhắc hạn",
        sent_at=timezone.now(),
    )
    w.letter, _lines = letters.follow_up_letter_create(actor=w.coordinator, agency=w.sxd, number="1/SCT")
    w.plan_report = plan_report_issue(
        actor=w.coordinator, plan=w.plan, cut_off=days(0), number="1/BC-SCT", issued_on=days(0), signer="Nguyễn Văn A"
    )
    # The digital signature: a test root trusted, a second report signed with it (its signed copy); the first report
    # stays unsigned, for the upload rows (``PAYLOADS``).
    w.ca_root = pki.make_root("CA thử nghiệm")
    w.ca_signer = pki.make_signer(w.ca_root, "Nguyễn Văn Ký")
    w.trusted_root = TrustedRoot(name="Root CA thử nghiệm", certificate_pem=w.ca_root.pem, is_test=True)
    w.trusted_root.full_clean()
    w.trusted_root.save()
    # Another root, which no signed copy names: the admin may delete it (a root in use is protected).
    w.trusted_root_idle = TrustedRoot(name="Root CA chưa dùng", certificate_pem=pki.make_root("CA khác").pem)
    w.trusted_root_idle.full_clean()
    w.trusted_root_idle.save()
    w.plan_report_signed = plan_report_issue(
        actor=w.coordinator, plan=w.plan, cut_off=days(0), number="2/BC-SCT", issued_on=days(0), signer="Nguyễn Văn A"
    )
    w.signed_copy = signed_copy_upload(
        actor=w.coordinator,
        report=w.plan_report_signed,
        upload=SimpleUploadedFile("ky.pdf", signed_pdf_of(w, w.plan_report_signed)),
    )
    w.plan_report_draft = plan_report_draft(actor=w.coordinator, plan=w.plan, cut_off=days(0))
    w.endpoint = webhook_services.endpoint_create(
        actor=w.coordinator, url="https://example.org/hooks/ccn", events=["task.created"]
    )
    w.webhook_delivery = Delivery.objects.create(
        endpoint=w.endpoint, event="task.created", payload={}, status=Delivery.Status.FAILED, attempts=8
    )
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    seen = {"username": "bob", "ip_address": "192.0.2.10", "user_agent": "Firefox", "http_accept": "*/*"}
    w.access_attempt = AccessAttempt.objects.create(
        **seen, path_info="/accounts/login/", get_data="", post_data="", failures_since_start=2
    )
    w.access_log = AccessLog.objects.create(**seen, path_info="/accounts/login/")
    w.access_failure = AccessFailureLog.objects.create(**seen, path_info="/accounts/login/", locked_out=False)

    build_reporting(w)
    w.users = {
        "investor": w.investor,
        "commune": w.commune_reporter,
        "anonymous": None,
        "outsider": w.outsider,
        "viewer": w.viewer,
        "officer": w.officer,
        "coordinator": w.coordinator,
        "superuser": w.superuser,
    }
    return w


def build_reporting(w):
    """The Circular 14 cycle: the forms, the API's objects (``build_reporting_api``) and the pages': this year's
    half-year, two clusters of investor A in a commune of their own (one with its Biểu 02 sent, one not started), a
    cluster of investor B elsewhere, and their reporters."""
    forms = report_forms()
    build_reporting_api(w, forms)
    period = reporting_services.ensure_periods(days(0).year)[0]
    investor_a = AgencyFactory(code="CDT-A", name="Công ty Hạ tầng A", kind="investor")
    investor_b = AgencyFactory(code="CDT-B", name="Công ty Hạ tầng B", kind="investor")
    # Communes of their own: the world's commune is deleted in the admin's rows.
    host = CommuneFactory(province=w.province, code="10231", name="Xã Báo Cáo")
    far_commune = CommuneFactory(province=w.province, code="10015", name="Phường Khác")
    committee = AgencyFactory(code="UBND-X", name="UBND Xã", kind="commune_committee", commune=host)

    def cluster(code, investor, commune):
        made = ClusterFactory(province=w.province, code=code, investor=investor, industrial_land_ha=20)
        made.communes.add(commune)
        return made

    sent, open_ = cluster("CCN-R1", investor_a, host), cluster("CCN-R2", investor_a, host)
    far = cluster("CCN-R3", investor_b, far_commune)
    w.investor, _ = member_of("dung", investor_a, Role.INVESTOR)
    w.commune_reporter, _ = member_of("hang", committee, Role.COMMUNE_REPORTER)
    w.submission = reporting_services.submission_save(
        actor=w.investor,
        period=period,
        form=forms["02"],
        cluster=sent,
        values=BIEU02,
        submit=True,
        signer_name="Trần Văn A",
        signer_title="Giám đốc",
    )
    # A fourth cluster of investor A whose Biểu 02 came on paper: its scanned letter is a private download.
    w.paper_report = reporting_services.submission_receive_paper(
        actor=w.coordinator,
        period=period,
        form=forms["02"],
        cluster=cluster("CCN-R4", investor_a, host),
        values=BIEU02,
        signer_name="Trần Văn A",
        signer_title="Giám đốc",
        letter_number="12/BC-HT",
        received_on=days(0),
        scan=pdf("cong-van.pdf"),
    )
    w.period_record = period
    w.period = types.SimpleNamespace(pk=period.pk, period_pk=period.pk)

    def report(subject, form, cluster=None, commune=None):
        return types.SimpleNamespace(pk=subject.pk, period_pk=period.pk, form=form, cluster=cluster, commune=commune)

    w.sent_report = report(sent, forms["02"], cluster=sent)
    w.open_report = report(open_, forms["02"], cluster=open_)
    w.far_report = report(far, forms["02"], cluster=far)
    w.commune_report = report(host, forms["03"], commune=host)
    w.bieu04_row = types.SimpleNamespace(pk=period.pk, key="plan_clusters")


def member_of(username, agency, role):
    user = UserFactory(username=username)
    return user, MembershipFactory(user=user, agency=agency, role=role)


def fingerprint():
    """A few facts of the world that any write of a row would change: checked before every case."""
    from tasks.models import ExtensionRequest, ProgressReport, Task

    return (
        tuple(Task.objects.order_by("pk").values_list("pk", "status", "version", "due_date")),
        ExtensionRequest.objects.filter(status=ExtensionRequest.Status.PENDING).count(),
        ProgressReport.objects.count(),
        Notification.objects.filter(read_at__isnull=True).count(),
        Membership.objects.filter(is_active=True).count(),
        CalendarFeedToken.objects.count(),
    )


@pytest.fixture(scope="module")
def pristine_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once per module (per xdist worker) inside a transaction that is never committed."""
    media = tmp_path_factory.mktemp("media")
    assert "memory" in connection.settings_dict["NAME"] or connection.settings_dict["NAME"].startswith("test"), (
        "the world is built in a test database only"
    )
    with override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_HASHER), django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = build_world()
            world.media_root = media
            world.fingerprint = fingerprint()
            yield world
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(pristine_world, django_db_blocker, settings):
    """A fresh world for each case: whatever the case changes is rolled back to the pristine world after it,
    as Django's TestCase does with setUpTestData."""
    settings.MEDIA_ROOT = pristine_world.media_root
    # The world's failed-login record must outlive a slow run: an expired one is deleted by the next login.
    settings.AXES_COOLOFF_TIME = None
    with django_db_blocker.unblock(), transaction.atomic():
        assert fingerprint() == pristine_world.fingerprint, "the world was changed by an earlier case"
        yield pristine_world
        transaction.set_rollback(True)


# --- the URLs: walked from the resolver, so the table's names are checked against the real ones ---------

API_PREFIX = "api/v1/"
NO_ROUTE = "api:<no route>"


def _methods(callback):
    """The methods a view answers (OPTIONS and HEAD aside)."""
    skip = {"options", "head"}
    if getattr(callback, "actions", None):  # a DRF viewset route
        return sorted(m.upper() for m in callback.actions)
    view = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if view is not None:  # an APIView, or a Django class-based view
        return sorted(m.upper() for m in view.http_method_names if m not in skip and hasattr(view, m))
    return ["GET"]  # a function view


def walk_urls():
    """{table key: (route with its prefixes, methods)} for every URL pattern outside the admin."""
    found = {}

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if route.startswith("admin/"):
                    continue
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, route, ns)
            elif isinstance(pattern, URLPattern):
                under_api = route.startswith(API_PREFIX)
                if pattern.name is None:
                    key = NO_ROUTE if under_api else f"<unnamed {route}>"
                else:
                    key = ("api:" if under_api else "") + (f"{namespace}:" if namespace else "") + pattern.name
                found[key] = (route, _methods(pattern.callback))

    walk(get_resolver().url_patterns, "", None)
    return found


URLS = walk_urls()


def url_for(row, obj):
    if row.surface == "admin":
        return admin_url(row, obj)
    route, _methods = URLS[row.target]
    values = {
        "pk": getattr(obj, "pk", None),
        "token": getattr(obj, "token", None),
        "uidb64": getattr(obj, "uidb64", None),  # a password reset link
        "token_key": getattr(obj, "token_key", None),
        "commune_pk": getattr(obj, "commune_pk", None),  # a commune's follow-up letter of a period
        "document": "wastewater_evidence",  # a cluster's document: the world's cluster has its evidence file
        "kind": "clusters",  # an import (imports.registry)
        "period": getattr(obj, "period_pk", None),
        "key": getattr(
            obj, "key", None
        ),  # a row of Biểu 04 (its sources)  # a reporting period (its reports are named by period and subject)
    }
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m.group(1)]), route)  # a regex group
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), path)  # a path converter
    path = path.replace("^", "").replace("$", "")
    if row.target == NO_ROUTE:
        path += "khong-co-dia-chi-nay/"
    return "/" + path


ADMIN_VIEW_SPEC = {view: (url_name, args) for view, _method, url_name, args in ADMIN_VIEWS}


def admin_url(row, obj):
    if row.target.count(":") == 1:  # one of the admin's own URLs, by name
        return reverse(row.target, args=[quote(obj.pk)] if obj is not None else [])
    _admin, label, view = row.target.split(":")
    app_label, model_name = label.split(".")
    url_name, arg_names = ADMIN_VIEW_SPEC[view]
    args = []
    for name in arg_names:
        args.append(quote(obj.pk) if name == "pk" else obj.history.order_by("history_id").last().history_id)
    return reverse(f"admin:{app_label}_{model_name}_{url_name}", args=args)


# --- requests and answers -------------------------------------------------------------------------------------


class FormFields(html.parser.HTMLParser):
    """What a browser would submit from the admin's main form (``<form id="…_form">``), as it was rendered."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data, self._in_form, self._select, self._options, self._textarea = [], False, None, [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._in_form = (a.get("id") or "").endswith("_form")
        if not self._in_form or "disabled" in a:
            return
        if tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.append((a["name"], a.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select" and a.get("name"):
            self._select, self._options = (a["name"], "multiple" in a), []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select" and self._select is not None:
            name, multiple = self._select
            chosen = [value for value, selected in self._options if selected]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]
            self.data.extend((name, value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self.data.append((name, text.removeprefix("\n")))
            self._textarea = None


def admin_form_payload(w, url):
    """The admin form at ``url`` as a superuser sees it, submitted unchanged but for a reason of the change."""
    reader = Client()
    reader.force_login(w.superuser)
    response = reader.get(url)
    assert response.status_code == 200, f"reading the form at {url} for its payload: {response.status_code}"
    parser = FormFields()
    parser.feed(response.content.decode())
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    if "change_reason" in data:
        data["change_reason"] = ["Kiểm tra phân quyền"]
    data["_save"] = ["Lưu"]
    return data


def payload(row, w, obj, user):
    if row.surface == "admin" and row.target.count(":") == 2:
        view = row.target.rsplit(":", 1)[1]
        if view == "delete!":
            return {"post": "yes"}
        if view in ("save", "revert"):
            return admin_form_payload(w, url_for(row, obj))
        return None
    make = PAYLOADS.get((row.target, row.method))
    if make is None:
        return {} if row.writes else None
    return make(w, obj, user)


def client_for(row, user):
    client = APIClient() if row.surface in ("api", "docs") else Client()
    if user is not None:
        client.force_login(user)
    return client


def send(row, w, role, client=None):
    obj = getattr(w, row.obj) if row.obj else None
    user = w.users[role]
    client = client or client_for(row, user)
    url = url_for(row, obj)
    data = payload(row, w, obj, user)
    method = getattr(client, row.method.lower())
    if isinstance(client, APIClient):
        # A file (a signed PDF) goes as multipart, like the form it stands for; everything else as JSON.
        multipart = data is not None and any(hasattr(value, "read") for value in data.values())
        return method(url, data, format="multipart" if multipart else "json") if data is not None else method(url)
    return method(url, data) if data is not None else method(url)


def answer(response):
    """What came back, in the table's terms, with enough detail to see why."""
    status = response.status_code
    if status == 302:
        path = urlsplit(response["Location"]).path
        if path == reverse("login"):
            return LOGIN
        if path == reverse("admin:login"):
            return ADMIN_LOGIN
        return 302
    if status == 200 and response.get("Content-Disposition", "").startswith("attachment"):
        return FILE
    return status


def explain(response):
    status = response.status_code
    if status in (301, 302):
        return f"{status} → {response['Location']}"
    detail = ""
    context = getattr(response, "context", None)
    if context is not None and status == 200:
        errors = []
        for key in ("form", "adminform"):
            form = context.get(key)
            form = getattr(form, "form", form)
            if getattr(form, "errors", None):
                errors.append(form.errors.as_text())
        for name in ("forms",):
            for form in (context.get(name) or {}).values():
                if form.is_bound and form.errors:
                    errors.append(form.errors.as_text())
        for formset in context.get("inline_admin_formsets") or []:
            if formset.formset.errors and any(formset.formset.errors):
                errors.append(str(formset.formset.errors))
        detail = f" (form errors: {' '.join(errors)})" if errors else ""
    elif response.get("Content-Type", "").startswith("application/json"):
        detail = f" {response.content.decode()[:300]}"
    return f"{status}{detail}"


def check(row, role, response):
    expected, got = row.expect(role), answer(response)
    if expected == got:
        return None
    return f"{role} {row.label}: expected {expected}, got {explain(response)}"


# --- the matrix ---------------------------------------------------------------------------------------------

READS = [row for row in ALL_ROWS if not row.writes]
WRITES = [(row, role) for row in ALL_ROWS if row.writes for role in row.roles]


@pytest.mark.parametrize("row", READS, ids=[f"{r.surface} {r.label}" for r in READS])
def test_reads(world, row):
    failures = [check(row, role, send(row, world, role)) for role in row.roles]
    failures = [f for f in failures if f]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(("row", "role"), WRITES, ids=[f"{r.surface} {r.label} [{role}]" for r, role in WRITES])
def test_writes(world, row, role):
    failure = check(row, role, send(row, world, role))
    assert failure is None, failure


# --- completeness: a URL, method or admin model without a row fails here ----------------------------------


def test_every_url_and_method_of_the_application_has_a_row():
    covered = {(row.target, row.method) for row in ALL_ROWS if row.surface != "admin"}
    required = {(key, method) for key, (_route, methods) in URLS.items() for method in methods}
    missing = sorted(required - covered)
    assert not missing, "no row in tests/security/matrix.py for:\n" + "\n".join(
        f"  {method} {key}  ({URLS[key][0]})" for key, method in missing
    )


def test_every_row_names_a_url_and_method_that_exist():
    known = {(key, method) for key, (_route, methods) in URLS.items() for method in methods}
    extra = {
        ("tasks:progress_report_create", "GET"),  # the 405 of a POST-only action, shown on purpose
        ("session_status", "POST"),  # a function view (walked as GET only) that answers POST too
    }
    stale = sorted(
        (row.target, row.method)
        for row in ALL_ROWS
        if row.surface != "admin" and (row.target, row.method) not in known | extra
    )
    assert not stale, f"rows for URLs or methods the application does not have: {stale}"


def test_every_admin_model_has_a_row():
    registered = {model._meta.label_lower for model in admin.site._registry}
    tabled = {label for label, *_rest in ADMIN}
    assert registered - tabled == set(), f"admin models without a row: {sorted(registered - tabled)}"
    assert tabled - registered == set(), f"rows for admin models not registered: {sorted(tabled - registered)}"


def test_history_views_are_in_the_table_for_every_model_with_history():
    """A model with django-simple-history has its history records' pages (and their refused revert) tabled."""
    record = [view for view, *_rest in ADMIN_VIEWS].index("record")
    for label, _obj, coordinator, superuser in ADMIN:
        model = next(m for m in admin.site._registry if m._meta.label_lower == label)
        has_history = isinstance(admin.site._registry[model], SimpleHistoryAdmin)
        assert (coordinator[record] is not None) == has_history, f"{label}: history rows for the coordinator"
        assert (superuser[record] is not None) == has_history, f"{label}: history rows for the superuser"
