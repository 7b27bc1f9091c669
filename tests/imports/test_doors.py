"""The imports' two doors: the coordinators' pages (upload → preview → confirm → result) and the API (dry run,
run, template), each refusing a bad file in Vietnamese words, never with a 500."""

import io
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from clusters.models import Cluster

from .helpers import again, xlsx
from .test_cluster_import import GOOD_ROWS, register_file


def test_the_api_dry_run_answers_the_preview_and_writes_nothing(hanoi, coordinator, api_for):
    response = api_for(coordinator).post(
        "/api/v1/imports/clusters/?dry_run=true", {"file": register_file(GOOD_ROWS)}, format="multipart"
    )

    assert response.status_code == 200
    body = response.json()
    assert body["ready"] is True
    assert [row["action"] for row in body["rows"]] == ["create", "create"]
    assert body["rows"][0]["row"] == 4
    assert not Cluster.objects.exists()


def test_the_api_run_writes_and_takes_the_choices_as_a_field(hanoi, coordinator, api_for):
    rows = [[1, "CCN Tân Triều", "Huyện Thanh Trì", "Xã Tân Triều", 12, "", "", "", ""]]
    client = api_for(coordinator)

    refused = client.post("/api/v1/imports/clusters/", {"file": register_file(rows)}, format="multipart")
    assert refused.status_code == 400
    assert refused.json()["preview"]["rows"][0]["action"] == "choice"
    assert not Cluster.objects.exists()

    response = client.post(
        "/api/v1/imports/clusters/",
        {"file": register_file(rows), "choices": json.dumps({"4": "00643"})},
        format="multipart",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["counts"]["create"] == 1
    assert Cluster.objects.get().communes.get().code == "00643"


def test_the_api_refuses_a_bad_row_with_its_place_in_the_file(hanoi, coordinator, api_for):
    bad = [[1, "CCN Cổ Loa", "Huyện Đông Anh", "Xã Cổ Loa", "abc", "", "", "", ""]]

    response = api_for(coordinator).post("/api/v1/imports/clusters/", {"file": register_file(bad)}, format="multipart")

    assert response.status_code == 400
    assert response.json()["non_field_errors"][0].startswith("Trang tính “Sheet1”, dòng 4, cột “Tổng diện tích (ha)”")


def test_the_api_refuses_a_file_that_is_not_a_workbook_in_words(hanoi, coordinator, api_for):
    fake = SimpleUploadedFile("so-cum.xlsx", b"not a zip at all")

    response = api_for(coordinator).post("/api/v1/imports/clusters/?dry_run=true", {"file": fake}, format="multipart")

    assert response.status_code == 400
    assert "không đúng định dạng" in response.json()["file"][0]


def test_an_officer_may_not_import_over_the_api(hanoi, officer, api_for):
    response = api_for(officer).post(
        "/api/v1/imports/clusters/?dry_run=true", {"file": register_file(GOOD_ROWS)}, format="multipart"
    )

    assert response.status_code == 403


def test_each_template_downloads_and_opens_with_its_headers(coordinator, api_for, client_for):
    for kind, first in (("clusters", "Mã cụm"), ("tasks", "TT"), ("people", "Họ và tên")):
        response = api_for(coordinator).get(f"/api/v1/imports/{kind}/template/")
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.content))
        assert book.worksheets[0]["A1"].value == first
        page = client_for(coordinator).get(reverse("imports:template", args=[kind]))
        assert page.status_code == 200
    assert api_for(coordinator).get("/api/v1/imports/nothing/template/").status_code == 404


def test_a_coordinator_uploads_previews_and_confirms_on_the_pages(hanoi, coordinator, client_for):
    client = client_for(coordinator)
    home = client.get("/")
    assert reverse("imports:import_list") in home.content.decode()
    assert client.get(reverse("imports:import_list")).status_code == 200

    upload = client.post(reverse("imports:upload", args=["clusters"]), {"file": register_file(GOOD_ROWS)})
    assert upload.status_code == 302
    preview = client.get(upload["Location"])
    assert "Thêm mới" in preview.content.decode()
    assert not Cluster.objects.exists()

    done = client.post(upload["Location"], {"action": "confirm"})

    assert done.status_code == 302
    result = client.get(done["Location"])
    assert "nhập từ tệp so-cum-2024.xlsx" in result.content.decode()
    assert Cluster.objects.count() == 2
    # The kept file is gone once written: its preview sends back to the upload.
    assert client.get(upload["Location"]).status_code == 302


def test_the_preview_page_asks_for_a_split_commune_and_the_confirmation_carries_the_choice(
    hanoi, coordinator, client_for
):
    client = client_for(coordinator)
    rows = [[1, "CCN Tân Triều", "Huyện Thanh Trì", "Xã Tân Triều", 12, "", "", "", ""]]
    upload = client.post(reverse("imports:upload", args=["clusters"]), {"file": register_file(rows)})
    page = client.get(upload["Location"]).content.decode()
    assert 'name="choice-4"' in page and "Phường Thanh Liệt" in page

    refused = client.post(upload["Location"], {"action": "confirm"})
    assert refused.status_code == 200 and not Cluster.objects.exists()

    client.post(upload["Location"], {"action": "confirm", "choice-4": "00643"})

    assert Cluster.objects.get().communes.get().code == "00643"


def test_a_bad_file_on_the_page_is_refused_in_words(hanoi, coordinator, client_for):
    response = client_for(coordinator).post(
        reverse("imports:upload", args=["clusters"]), {"file": SimpleUploadedFile("a.xlsx", b"PK\x03\x04broken")}
    )

    assert response.status_code == 400
    assert "Tệp" in response.content.decode()


def test_a_file_without_the_columns_names_what_is_missing(hanoi, coordinator, client_for):
    response = client_for(coordinator).post(
        reverse("imports:upload", args=["clusters"]), {"file": xlsx([["Một", "Hai"], [1, 2]])}
    )

    assert response.status_code == 400
    assert "“Tên cụm công nghiệp”" in response.content.decode()


def test_an_officer_sees_no_import_pages(officer, client_for):
    client = client_for(officer)

    assert client.get(reverse("imports:import_list")).status_code == 403
    assert reverse("imports:import_list") not in client.get("/").content.decode()


def test_the_register_export_reads_back_unchanged_on_the_page(hanoi, coordinator, client_for):
    client = client_for(coordinator)
    client.post(reverse("imports:upload", args=["clusters"]), {"file": register_file(GOOD_ROWS)})
    from imports.clusters import ClusterImport

    ClusterImport().run(again(register_file(GOOD_ROWS)), actor=coordinator)
    exported = client.get(reverse("imports:register_export"))
    assert exported.status_code == 200

    upload = client.post(
        reverse("imports:upload", args=["clusters"]), {"file": SimpleUploadedFile("xuat.xlsx", exported.content)}
    )
    page = client.get(upload["Location"]).content.decode()

    assert "Không đổi: 2" in page
