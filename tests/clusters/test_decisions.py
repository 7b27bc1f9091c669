"""The register keeps the legal history: each decision about a cluster is a record, and the cluster's
establishment date, area and legal status follow from them."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clusters import services
from clusters.models import Cluster, ClusterDecision
from tests.factories import ClusterFactory
from tests.migration_paths import migrate_old_path, scratch_databases

pytestmark = pytest.mark.django_db

Kind = ClusterDecision.Kind


def decide(coordinator, cluster, kind=Kind.ESTABLISH, number="10/QĐ-UBND", date=datetime.date(2020, 5, 4), **values):
    return services.cluster_decision_create(
        actor=coordinator, cluster=cluster, reason="Ghi quyết định", kind=kind, number=number, date=date, **values
    )


def legal(cluster):
    return Cluster.objects.with_legal_history().get(pk=cluster.pk)


def test_an_expansion_never_erases_the_establishment(coordinator):
    cluster = ClusterFactory(status=Cluster.Status.OPERATING, total_area_ha=Decimal("40"))
    decide(coordinator, cluster, area_after_ha=Decimal("40"))
    decide(
        coordinator,
        cluster,
        kind=Kind.EXPAND,
        number="1406/QĐ-UBND",
        date=datetime.date(2026, 3, 12),
        area_before_ha=Decimal("40"),
        area_after_ha=Decimal("47.51"),
    )

    cluster = legal(cluster)

    assert (cluster.established_on, cluster.establishment_number) == (datetime.date(2020, 5, 4), "10/QĐ-UBND")
    assert cluster.total_area_ha == Decimal("47.51")
    assert cluster.legal_status == "Đã thành lập"
    assert list(cluster.decisions.values_list("kind", flat=True)) == [Kind.ESTABLISH, Kind.EXPAND]


def test_an_establishment_decision_establishes_a_cluster_still_in_the_scheme(coordinator):
    cluster = ClusterFactory(status=Cluster.Status.UNDER_APPRAISAL)

    decide(coordinator, cluster, date=datetime.date(2026, 4, 1))

    cluster.refresh_from_db()
    assert cluster.status == Cluster.Status.ESTABLISHED
    assert (cluster.status_decision, cluster.status_decision_date) == (
        "Quyết định số 10/QĐ-UBND",
        datetime.date(2026, 4, 1),
    )
    assert cluster.history.first().history_change_reason == "Ghi quyết định"


def test_a_decision_without_an_area_establishes_a_cluster_whose_area_is_unknown(coordinator):
    cluster = ClusterFactory(status=Cluster.Status.IN_SCHEME, total_area_ha=None)

    decide(coordinator, cluster)

    cluster.refresh_from_db()
    assert (cluster.status, cluster.total_area_ha) == (Cluster.Status.ESTABLISHED, None)


def test_a_revocation_takes_the_cluster_out_of_the_register_but_keeps_its_establishment(coordinator):
    cluster = ClusterFactory()
    decide(coordinator, cluster)
    decide(coordinator, cluster, kind=Kind.REVOKE, number="99/QĐ-UBND", date=datetime.date(2026, 6, 1))

    cluster = legal(cluster)

    assert cluster.status == Cluster.Status.REVOKED
    assert cluster.legal_status == "Đã bãi bỏ quyết định thành lập"
    assert cluster.established_on == datetime.date(2020, 5, 4)


def test_a_cluster_without_decisions_has_no_establishment(coordinator):
    cluster = legal(ClusterFactory())
    assert (cluster.established_on, cluster.legal_status) == (None, "Chưa có quyết định thành lập")


def test_a_second_establishment_is_refused_and_nothing_is_written(coordinator):
    cluster = ClusterFactory()
    decide(coordinator, cluster)

    with pytest.raises(ValidationError) as error:
        decide(coordinator, cluster, number="11/QĐ-UBND", area_after_ha=Decimal("30"))

    assert "kind" in error.value.message_dict
    assert cluster.decisions.count() == 1
    assert Cluster.objects.get(pk=cluster.pk).total_area_ha == cluster.total_area_ha


def test_an_expansion_that_shrinks_the_cluster_is_refused(coordinator):
    with pytest.raises(ValidationError) as error:
        decide(coordinator, ClusterFactory(), kind=Kind.EXPAND, area_before_ha=Decimal("40"), area_after_ha=30)
    assert "area_after_ha" in error.value.message_dict


def test_only_coordinators_record_decisions(officer):
    with pytest.raises(PermissionDenied):
        decide(officer, ClusterFactory())
    assert not ClusterDecision.objects.exists()


def test_correcting_a_decision_needs_a_reason_and_the_version_read_and_leaves_history(coordinator):
    decision = decide(coordinator, ClusterFactory())

    with pytest.raises(ValidationError):
        services.cluster_decision_update(actor=coordinator, decision=decision, reason=" ", number="10a/QĐ-UBND")
    services.cluster_decision_update(
        actor=coordinator, decision=decision, reason="Sửa số", version=decision.version, number="10a/QĐ-UBND"
    )

    decision.refresh_from_db()
    assert decision.number == "10a/QĐ-UBND"
    assert [h.history_change_reason for h in decision.history.all()] == ["Sửa số", "Ghi quyết định"]


def test_the_document_is_kept_outside_served_folders_and_sent_only_to_members(
    coordinator, viewer, client_for, django_user_model, pdf
):
    decision = decide(coordinator, ClusterFactory(), document=pdf("Quyết định thành lập.pdf"))
    url = reverse("clusters:cluster_decision_document", args=[decision.pk])

    assert decision.document.name.startswith("cluster-decisions/") and "Quy" not in decision.document.name
    assert settings.MEDIA_URL is None
    response = client_for(viewer).get(url)
    assert response.status_code == 200
    assert "filename*=UTF-8''Quy%E1%BA%BFt" in response["Content-Disposition"]
    outsider = django_user_model.objects.create_user("khach", password="x")
    assert client_for(outsider).get(url).status_code == 403


def test_a_document_that_is_not_what_it_claims_is_refused(coordinator):
    fake = SimpleUploadedFile("qd.pdf", b"MZ not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        decide(coordinator, ClusterFactory(), document=fake)
    assert "document" in error.value.message_dict
    assert not ClusterDecision.objects.exists()


def test_the_cluster_page_shows_its_decisions_and_establishment(client_for, officer, coordinator, pdf):
    cluster = ClusterFactory()
    decision = decide(coordinator, cluster, document=pdf("qd.pdf"))
    decide(coordinator, cluster, kind=Kind.EXPAND, number="1406/QĐ-UBND", date=datetime.date(2025, 3, 12))

    page = client_for(officer).get(reverse("clusters:cluster_detail", args=[cluster.pk])).content.decode()

    assert "1406/QĐ-UBND" in page and "Mở rộng" in page
    assert "10/QĐ-UBND ngày 04/05/2020" in page
    assert reverse("clusters:cluster_decision_document", args=[decision.pk]) in page


def test_the_api_serves_a_clusters_decisions_and_its_establishment(officer_api, coordinator, pdf):
    cluster = ClusterFactory()
    decision = decide(coordinator, cluster, document=pdf("qd.pdf"))
    decide(coordinator, cluster, kind=Kind.EXPAND, number="1406/QĐ-UBND", date=datetime.date(2025, 3, 12))

    listed = officer_api.get(f"/api/v1/clusters/{cluster.pk}/decisions/").json()["results"]
    record = officer_api.get(f"/api/v1/clusters/{cluster.pk}/").json()

    assert [(d["kind"], d["number"]) for d in listed] == [("establish", "10/QĐ-UBND"), ("expand", "1406/QĐ-UBND")]
    assert listed[0]["document_url"] == reverse("clusters:cluster_decision_document", args=[decision.pk])
    assert listed[1]["document_url"] is None
    assert (record["established_on"], record["establishment_number"]) == ("2020-05-04", "10/QĐ-UBND")
    assert record["legal_status"] == "Đã thành lập"


def test_deleting_a_cluster_takes_its_decisions_with_history(coordinator):
    cluster = ClusterFactory()
    decision = decide(coordinator, cluster)

    services.cluster_delete(actor=coordinator, cluster=cluster, reason="Nhập trùng")

    assert ClusterDecision.history.filter(id=decision.pk, history_type="-").get().history_change_reason == "Nhập trùng"


def test_the_migration_turns_the_old_establishment_fields_into_decisions(django_db_blocker, tmp_path):
    # The old migrations (a new database runs the squash that stands for them), on a database of their own.
    before, after = [("clusters", "0004_vietnamese_wording")], [("clusters", "0005_register_legal_history")]
    with scratch_databases(django_db_blocker, tmp_path) as make:
        connection = make("decisions")
        db = connection.alias
        old = migrate_old_path(connection, before)
        province = old.get_model("clusters", "Province").objects.using(db).create(code="01", name="Hà Nội")
        Old = old.get_model("clusters", "Cluster")
        Old.objects.using(db).create(
            code="A",
            name="CCN A",
            province=province,
            establishment_decision_number="5/QĐ-UBND",
            establishment_decision_date=datetime.date(2019, 1, 2),
        )
        Old.objects.using(db).create(
            code="B",
            name="CCN B mở rộng",
            province=province,
            total_area_ha=Decimal("47.51"),
            establishment_decision_number="1406/QĐ-UBND",
            establishment_decision_date=datetime.date(2025, 3, 12),
        )
        Old.objects.using(db).create(code="C", name="CCN C", province=province)

        new = migrate_old_path(connection, after)

        decisions = new.get_model("clusters", "ClusterDecision").objects.using(db).order_by("cluster__code")
        assert [(d.cluster.code, d.kind, d.number, d.date, d.area_after_ha) for d in decisions] == [
            ("A", Kind.ESTABLISH, "5/QĐ-UBND", datetime.date(2019, 1, 2), None),
            ("B", Kind.EXPAND, "1406/QĐ-UBND", datetime.date(2025, 3, 12), Decimal("47.51")),
        ]
        assert new.get_model("clusters", "HistoricalClusterDecision").objects.using(db).count() == 2


def test_the_infrastructure_acceptance_and_wastewater_evidence_are_kept_and_sent_only_to_members(
    coordinator, viewer, client_for, django_user_model, pdf
):
    cluster = ClusterFactory(
        infrastructure_completed_on=datetime.date(2026, 5, 2), infrastructure_acceptance="Biên bản 7/BB-NT"
    )
    cluster = services.cluster_document_attach(
        actor=coordinator,
        cluster=cluster,
        document="infrastructure_acceptance",
        upload=pdf("nghiệm thu.pdf"),
        reason="Bổ sung biên bản nghiệm thu",
        version=cluster.version,
    )
    url = reverse("clusters:cluster_document", args=[cluster.pk, "infrastructure_acceptance"])

    assert cluster.infrastructure_acceptance_file.name.startswith("cluster-documents/")
    assert cluster.history.first().history_change_reason == "Bổ sung biên bản nghiệm thu"
    assert client_for(viewer).get(url).status_code == 200
    page = client_for(viewer).get(reverse("clusters:cluster_detail", args=[cluster.pk])).content.decode()
    assert url in page and "Biên bản 7/BB-NT" in page
    missing = reverse("clusters:cluster_document", args=[cluster.pk, "wastewater_evidence"])
    assert client_for(viewer).get(missing).status_code == 404
    outsider = django_user_model.objects.create_user("khach", password="x")
    assert client_for(outsider).get(url).status_code == 403


def test_a_plant_is_compliant_since_a_date_only_when_it_is_compliant():
    cluster = ClusterFactory.build(
        wastewater_status=Cluster.Wastewater.OPERATING,
        wastewater_compliant=False,
        wastewater_compliant_since=datetime.date(2026, 3, 1),
        wastewater_built_on=datetime.date(2025, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        cluster.clean()
    assert list(error.value.message_dict) == ["wastewater_compliant_since"]
