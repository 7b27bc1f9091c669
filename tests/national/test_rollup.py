"""The Ministry's roll-up: the provinces' national exports (written by the real exporter) are received through the
page or the API, validated against the committed JSON Schema (a wrong file is refused with its JSON path and the
reason in Vietnamese), the latest issued per province and period is counted, and the country's table shows each
province's row, the sum, and "Chưa gửi" for those that have not sent; its .xlsx holds the same."""

import datetime
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from national import selectors
from national.models import ProvinceExport
from places.models import Province
from tests.national.conftest import edited, province_export

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.national.urls")]


def upload(client, content, name="csdl-ccn-2026-6-thang.json"):
    return client.post(reverse("national:export_upload"), {"file": SimpleUploadedFile(name, content)}, follow=True)


def table(client, period="2026-half_year"):
    return client.get(reverse("national:country_table"), {"period": period})


def test_two_provinces_exports_are_summed_and_every_other_province_is_flagged_as_not_sent(
    client_for, ministry_coordinator, hanoi_export, bac_ninh_export
):
    client = client_for(ministry_coordinator)

    assert "Đã nhận Biểu 04 số 456/BC-SCT ngày 30/06/2026 của Thành phố Hà Nội" in upload(client, hanoi_export).text
    assert "Tỉnh Bắc Ninh" in upload(client, bac_ninh_export).text

    rollup = selectors.country_table(2026, "half_year")
    assert len(rollup.rows) == 34
    assert [row.code for row in rollup.rows if row.sent] == ["01", "24"]
    assert rollup.total["plan_clusters"] == 3
    assert rollup.total["plan_area"] == Decimal("62.50")  # 20 + 30 + 12.5
    assert rollup.total["established"] == 3
    page = table(client).text
    assert "Thành phố Hà Nội" in page and "Tỉnh Bắc Ninh" in page and "Tỉnh Cà Mau" in page
    assert page.count("Chưa gửi") == 32 + 1  # each of the 32 rows, and the count above the table
    assert "Chưa gửi: 32 tỉnh, thành phố." in page
    assert "62,5" in page  # the sum of row 2, as Vietnamese write it


def test_a_file_that_is_not_json_is_refused_with_the_reason(client_for, ministry_coordinator):
    response = upload(client_for(ministry_coordinator), "Biểu 04, 6 tháng 2026\n1;2;3".encode())

    assert response.status_code == 400
    assert "Tệp không phải JSON hợp lệ (dòng 1, cột 1)" in response.text
    assert not ProvinceExport.objects.exists()


def test_a_malformed_export_is_refused_with_the_json_path_and_the_reason_in_vietnamese(
    client_for, ministry_coordinator, hanoi_export
):
    def spoil(data):
        data["bieu04"]["rows"][1]["value"] = 20.5  # a number, where the format writes decimals as strings
        del data["period"]["label"]
        data["format"] = "ccn-export"

    response = upload(client_for(ministry_coordinator), edited(hanoi_export, spoil))

    assert response.status_code == 400
    text = response.content.decode()
    assert "Tệp không đúng định dạng tệp xuất CSDL quốc gia" in text
    assert "$.bieu04.rows[1].value: phải là chuỗi" in text
    assert "$.period: thiếu trường bắt buộc “label”" in text
    assert "$.format: phải là &quot;ccn-national-export&quot;" in text
    assert not ProvinceExport.objects.exists()


def test_an_export_without_an_issued_bieu04_or_of_an_unknown_province_is_refused(
    client_for, ministry_coordinator, hanoi_export
):
    client = client_for(ministry_coordinator)

    no_bieu04 = upload(client, edited(hanoi_export, lambda data: data.update(bieu04=None)))
    unknown = upload(client, edited(hanoi_export, lambda data: data["province"].update(code="99")))

    assert "$.bieu04: Biểu 04 của kỳ chưa ban hành" in no_bieu04.text
    assert "$.province.code: mã “99” không có trong danh mục 34 tỉnh, thành phố" in unknown.text
    assert not ProvinceExport.objects.exists()


def test_a_newer_issued_export_replaces_the_older_for_the_period_and_an_older_resend_does_not(
    client_for, ministry_coordinator, hanoi_clock
):
    first = province_export("01", "Thành phố Hà Nội", areas=[20], issued_on=datetime.date(2026, 6, 30))
    corrected = province_export(
        "01", "Thành phố Hà Nội", areas=[20, 15], issued_on=datetime.date(2026, 7, 10), number="470/BC-SCT"
    )
    client = client_for(ministry_coordinator)
    hanoi = Province.objects.get(code="01")

    upload(client, first)
    upload(client, corrected)
    assert selectors.latest(hanoi, 2026, "half_year").bieu04_number == "470/BC-SCT"
    assert selectors.country_table(2026, "half_year").total["plan_area"] == Decimal("35.00")

    resent = upload(client, first)

    assert "đã có bản ban hành mới hơn" in resent.text
    assert ProvinceExport.objects.count() == 3  # every file kept
    assert selectors.latest(hanoi, 2026, "half_year").bieu04_number == "470/BC-SCT"
    assert selectors.country_table(2026, "half_year").total["plan_area"] == Decimal("35.00")


def test_the_xlsx_opens_and_holds_each_province_and_the_sum(
    client_for, ministry_coordinator, hanoi_export, bac_ninh_export
):
    client = client_for(ministry_coordinator)
    upload(client, hanoi_export)
    upload(client, bac_ninh_export)

    response = client.get(reverse("national:country_table_xlsx"), {"period": "2026-half_year"})

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, body, total = rows[0], rows[1:-1], rows[-1]
    area = next(i for i, title in enumerate(header) if str(title).startswith("2. "))
    assert len(body) == 34
    by_code = {row[0]: row for row in body}
    assert by_code["01"][area] == 20 and by_code["24"][area] == 42.5
    assert by_code["96"][2] == "Chưa gửi"
    assert total[1] == "Tổng cộng (2/34 tỉnh, thành phố đã gửi)"
    assert total[area] == 62.5


def test_the_api_receives_an_export_and_refuses_a_wrong_one_with_the_reasons_by_field(
    api_for, ministry_coordinator, hanoi_export
):
    api = api_for(ministry_coordinator)

    created = api.post(
        "/api/v1/national/exports/", {"file": SimpleUploadedFile("a.json", hanoi_export)}, format="multipart"
    )
    refused = api.post(
        "/api/v1/national/exports/",
        {"file": SimpleUploadedFile("b.json", edited(hanoi_export, lambda data: data.pop("clusters")))},
        format="multipart",
    )

    assert created.status_code == 201, created.content
    assert created.json() | {"id": 0} == {
        "id": 0,
        "province_code": "01",
        "province_name": "Thành phố Hà Nội",
        "year": 2026,
        "period_kind": "half_year",
        "bieu04_number": "456/BC-SCT",
        "issued_on": "2026-06-30",
        "counted": True,
    }
    assert refused.status_code == 400
    assert "$: thiếu trường bắt buộc “clusters”" in json.dumps(refused.json(), ensure_ascii=False)


@pytest.mark.parametrize("who", ["anonymous", "viewer"])
def test_only_the_ministrys_coordinators_open_the_roll_up(client, client_for, api_for, ministry_viewer, who):
    page = client if who == "anonymous" else client_for(ministry_viewer)

    response = page.get(reverse("national:country_table"))

    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403
        assert "Tổng hợp toàn quốc chỉ dành cho cán bộ điều phối của Bộ Công Thương" in response.content.decode()
        api = api_for(ministry_viewer).post(
            "/api/v1/national/exports/", {"file": SimpleUploadedFile("a.json", b"{}")}, format="multipart"
        )
        assert api.status_code == 403


def test_the_navigation_leads_the_ministrys_coordinator_to_the_roll_up(client_for, ministry_coordinator):
    page = client_for(ministry_coordinator).get(reverse("national:country_table")).content.decode()

    assert 'href="/national/"' in page and "Tổng hợp toàn quốc" in page
    assert "BỘ CÔNG THƯƠNG" in page
    assert "Chưa tỉnh, thành phố nào gửi tệp xuất CSDL quốc gia." in page
