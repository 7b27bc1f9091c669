"""factory_boy factories for the domain: every test builds its world from these."""

import copy
import datetime

import factory
from django.contrib.auth import get_user_model

from agencies.models import Agency, Membership
from clusters.models import Cluster, ClusterDecision, ClusterReport
from department.models import Department, Signatory
from places.models import Commune, Province
from seed import reference_data
from tasks.models import ExtensionRequest, Plan, ProgressReport, Target, Task, TaskGroup

TEST_PASSWORD = "mật-khẩu-thử-nghiệm-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.vn")
    # first_name is the tên, last_name the họ and đệm (core.text.display_name): "Cán bộ Số 3".
    first_name = factory.Sequence(lambda n: f"Số {n}")
    last_name = "Cán bộ"
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = "01"
    name = "Thành phố Hà Nội"


class DepartmentFactory(factory.django.DjangoModelFactory):
    """Hanoi's Department, as the reference data names it."""

    class Meta:
        model = Department
        django_get_or_create = ("province",)

    province = factory.SubFactory(ProvinceFactory)
    governing_body = "UBND THÀNH PHỐ HÀ NỘI"
    governing_body_name = "Ủy ban nhân dân thành phố Hà Nội"
    header_name = "SỞ CÔNG THƯƠNG"
    name = "Sở Công Thương thành phố Hà Nội"
    short_name = "SCT"
    place_name = "Hà Nội"
    head_title = "Giám đốc"
    contact_unit = "Phòng Quản lý Công nghiệp"
    contact_email = "sct@hanoi.gov.vn"


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signatory

    department = factory.SubFactory(DepartmentFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Ký {n}")
    title = "Phó Giám đốc"


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ("code",)

    province = factory.SubFactory(ProvinceFactory)
    code = factory.Sequence(lambda n: f"9{n:04d}")
    name = factory.Sequence(lambda n: f"Xã Thử {n}")
    kind = Commune.Kind.COMMUNE


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"CQ{n}")
    name = factory.Sequence(lambda n: f"Cơ quan thử nghiệm {n}")
    short_name = factory.LazyAttribute(lambda a: a.code)
    kind = Agency.Kind.DEPARTMENT
    email = factory.LazyAttribute(lambda a: f"{a.code.lower()}@example.gov.vn")


class FocalAgencyFactory(AgencyFactory):
    code = "SCT"
    name = "Sở Công Thương"
    short_name = "Sở Công Thương"
    is_focal_point = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = Membership.Role.OFFICER


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan
        django_get_or_create = ("number",)

    number = "305/KH-UBND"
    title = "Kế hoạch phát triển cụm công nghiệp năm 2026"
    issued_on = datetime.date(2025, 11, 12)
    issuing_body = "UBND Thành phố Hà Nội"
    # Hanoi's figures as Plan 305 states them (seed/reference_data.py): the dashboard and the report compare with them.
    register_figures = factory.LazyFunction(lambda: copy.deepcopy(reference_data.PLAN["register_figures"]))
    year = 2026
    period_start = datetime.date(2026, 1, 1)
    period_end = datetime.date(2026, 12, 31)


class TaskGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskGroup
        django_get_or_create = ("plan", "number")

    plan = factory.SubFactory(PlanFactory)
    number = 1
    name = factory.LazyAttribute(lambda g: f"Nhóm nhiệm vụ {g.number}")


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"CCN-T{n:03d}")
    name = factory.Sequence(lambda n: f"CCN Thử nghiệm {n}")
    province = factory.SubFactory(ProvinceFactory)
    total_area_ha = 20
    industrial_land_ha = 15
    leased_land_ha = 6
    status = Cluster.Status.ESTABLISHED


class ClusterDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClusterDecision

    cluster = factory.SubFactory(ClusterFactory)
    kind = ClusterDecision.Kind.ESTABLISH
    number = factory.Sequence(lambda n: f"{1000 + n}/QĐ-UBND")
    date = datetime.date(2026, 3, 1)
    issuing_body = "UBND Thành phố Hà Nội"


class ClusterReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClusterReport

    cluster = factory.SubFactory(ClusterFactory)
    year = 2026
    period = ClusterReport.PeriodKind.HALF_YEAR
    tenant_projects = 10
    workers = 500


class TaskFactory(factory.django.DjangoModelFactory):
    """A task created directly (no workflow): original_due_date mirrors due_date as task_create sets it."""

    class Meta:
        model = Task
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    group = factory.SubFactory(TaskGroupFactory)
    code = factory.Sequence(lambda n: f"NV-{n:04d}")
    title = factory.Sequence(lambda n: f"Nhiệm vụ thử nghiệm {n}")
    expected_output = "Báo cáo"
    lead_agency = factory.SubFactory(AgencyFactory)
    start_date = datetime.date(2026, 1, 1)
    due_date = datetime.date(2026, 6, 30)
    original_due_date = factory.LazyAttribute(lambda t: t.due_date)

    @factory.post_generation
    def supporting_agencies(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.supporting_agencies.set(extracted)

    @factory.post_generation
    def clusters(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.clusters.set(extracted)


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    plan = factory.SubFactory(PlanFactory)
    description = "Hoàn thành hạ tầng kỹ thuật"
    measure = Target.Measure.INFRASTRUCTURE_COMPLETED
    target_min = 26


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    task = factory.SubFactory(TaskFactory)
    agency = factory.LazyAttribute(lambda r: r.task.lead_agency)
    author = factory.SubFactory(UserFactory)
    reported_on = datetime.date(2026, 3, 1)
    text = "Đang triển khai"
    progress_percent = 30


class ExtensionRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExtensionRequest

    task = factory.SubFactory(TaskFactory)
    requested_by = factory.SubFactory(UserFactory)
    previous_due_date = factory.LazyAttribute(lambda r: r.task.due_date)
    proposed_due_date = factory.LazyAttribute(lambda r: r.task.due_date + datetime.timedelta(days=30))
    reason = "Chờ ý kiến của các sở"
