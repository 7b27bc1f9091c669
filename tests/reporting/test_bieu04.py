"""Biểu 04 of a period: the page shows what ``bieu.compute`` gives and traces each figure to its clusters and
submissions; issuing freezes it with its .xlsx and covering .docx (they open in LibreOffice); who may see and
issue it."""

import datetime
import io
import re
from collections import Counter
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from clusters.services import cluster_report_save
from core.services import StateConflict
from reporting import bieu, services
from reporting.models import Bieu04
from tests.core.test_page_fuzz import SWEEP, filled, forms_of
from tests.core.test_page_query_counts import BELL, REQUEST, describe
from tests.factories import SignatoryFactory
from tests.pdf_checks import assert_fonts_embedded, fonts_and_text, need_pdf_tools
from tests.plan_reports.test_documents import _libreoffice_text

from .conftest import BIEU02

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("department")]


@pytest.fixture
def director(department):
    """The Director, who signs Biểu 04 (chosen on the issue form)."""
    return SignatoryFactory(department=department, full_name="Nguyễn Văn Giám", title="Giám đốc")


END_OF_JUNE = datetime.date(2026, 6, 30)


def _accepted(period, forms, cluster, investor, coordinator, **changes):
    sent = services.submission_save(
        actor=investor,
        period=period,
        form=forms["02"],
        cluster=cluster,
        values={**BIEU02, **changes},
        submit=True,
        signer_name="Trần Văn A",
        signer_title="Giám đốc",
    )
    return services.submission_accept(actor=coordinator, submission=sent)


def _bieu03(period, forms, commune, reporter, coordinator, **values):
    sent = services.submission_save(
        actor=reporter,
        period=period,
        form=forms["03"],
        commune=commune,
        values={key: figure.value for key, figure in bieu.compute(period, commune).items()} | values,
        submit=True,
        signer_name="Lê Văn C",
        signer_title="Chủ tịch",
    )
    return services.submission_accept(actor=coordinator, submission=sent)


@pytest.fixture
def reported(half_year, report_forms, cluster, sibling_cluster, far_cluster, investor, coordinator, commune_reporter):
    """Biểu 02 of ``cluster`` and Biểu 03 of its commune accepted; the other clusters only in the register."""
    bieu02 = _accepted(half_year, report_forms, cluster, investor, coordinator)
    bieu03 = _bieu03(
        half_year,
        report_forms,
        cluster.communes.get(),
        commune_reporter,
        coordinator,
        revenue="120,5",
        budget_paid="3",
        workers="800",
    )
    return {"bieu02": bieu02, "bieu03": bieu03}


def _issue(actor, period, number="456/BC-SCT", issued_on=END_OF_JUNE, signer="Nguyễn Văn Giám", **extra):
    extra.setdefault("gaps_reason", "Ban hành theo hạn; CCN-B, CCN-C chưa gửi Biểu 02")
    return services.bieu04_issue(actor=actor, period=period, number=number, issued_on=issued_on, signer=signer, **extra)


def _shown(response):
    """{key: figure as shown} of the page's table."""
    html = response.content.decode()
    return dict(re.findall(r'<tr data-key="([\w-]+)">.*?<td class="num" data-value><a [^>]*>([^<]*)</a>', html, re.S))


# --- the page --------------------------------------------------------------------------------------------------


def test_the_page_shows_the_figures_bieu_compute_gives_in_the_official_columns(
    client_for, coordinator, half_year, reported
):
    response = client_for(coordinator).get(f"/reporting/periods/{half_year.pk}/bieu-04/")
    assert response.status_code == 200
    computed = bieu.compute(half_year)
    shown = _shown(response)
    assert list(shown) == list(computed)  # all 35 rows, in the form's order
    assert shown["plan_clusters"] == "3" and shown["established"] == "1" and shown["operating"] == "1"
    assert shown["leased_land"] == "9" and shown["paid_investment"] == "130,5" and shown["occupancy"] == "60"
    assert shown["revenue"] == "120,5" and shown["workers"] == "800"
    html = response.content.decode()
    for title in ("TT", "Chỉ tiêu", "Đơn vị tính", "Kết quả (Lũy kế đến thời điểm báo cáo)", "Nguồn số liệu, ghi chú"):
        assert f">{title}</th>" in html
    assert "Phương án phát triển cụm công nghiệp" in html and "Hoạt động của các cụm công nghiệp" in html
    assert re.search(r'data-key="plan_clusters">.*?Sổ đăng ký cụm công nghiệp', html, re.S)
    assert re.search(r'data-key="leased_land">.*?Số liệu định kỳ mới nhất của các cụm đã hoạt động', html, re.S)
    assert re.search(r'data-key="paid_investment">.*?Tổng Biểu 02 đã tiếp nhận', html, re.S)
    assert re.search(r'data-key="revenue">.*?Tổng Biểu 03 đã tiếp nhận', html, re.S)
    assert "Chưa ban hành" in html and "Ban hành Biểu 04" in html


def test_a_register_figure_traces_to_its_clusters_with_links(client_for, coordinator, half_year, reported, cluster):
    response = client_for(coordinator).get(f"/reporting/periods/{half_year.pk}/bieu-04/plan_clusters/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-source="cluster:') == 3
    assert f'href="/clusters/{cluster.pk}/"' in html and "CCN-A — CCN Thử Nghiệm A" in html
    assert "CCN-B — CCN Thử Nghiệm B" in html and "CCN-C — CCN Thử Nghiệm C" in html


def test_a_summed_figure_traces_to_the_accepted_submissions(client_for, coordinator, half_year, reported):
    client = client_for(coordinator)
    html = client.get(f"/reporting/periods/{half_year.pk}/bieu-04/paid_investment/").content.decode()
    assert f'data-source="submission:{reported["bieu02"].pk}"' in html
    assert html.count('data-source="') == 1 and "CCN-A — CCN Thử Nghiệm A" in html and "Biểu 02 đã tiếp nhận" in html
    html = client.get(f"/reporting/periods/{half_year.pk}/bieu-04/workers/").content.decode()
    assert f'data-source="submission:{reported["bieu03"].pk}"' in html and ">800<" in html
    assert "Biểu 03 đã tiếp nhận" in html and "Xã Thử Nghiệm" in html
    assert client.get(f"/reporting/periods/{half_year.pk}/bieu-04/no-such-row/").status_code == 404


def test_a_figure_without_sources_says_so(client_for, coordinator, half_year, report_forms, far_cluster):
    html = client_for(coordinator).get(f"/reporting/periods/{half_year.pk}/bieu-04/leased_land/").content.decode()
    assert "Không có cụm hay báo cáo nào tạo nên số liệu này." in html


# --- issuing ---------------------------------------------------------------------------------------------------


def test_issuing_freezes_the_figures_a_later_acceptance_does_not_change_them(
    client_for,
    coordinator,
    half_year,
    report_forms,
    reported,
    cluster,
    director,
):
    client = client_for(coordinator)
    url = f"/reporting/periods/{half_year.pk}/bieu-04/"
    response = client.post(
        url, {"number": "456/BC-SCT", "issued_on": "30/06/2026", "signatory": director.pk, "gaps_reason": "Theo hạn"}
    )
    assert response.status_code == 302
    issued = Bieu04.objects.get(period=half_year)
    assert (issued.number, issued.issued_on, issued.issued_by) == ("456/BC-SCT", END_OF_JUNE, coordinator)
    assert (issued.signatory, issued.signer, issued.signer_title) == (director, "Nguyễn Văn Giám", "Giám đốc")
    assert [h.history_change_reason for h in issued.history.all()] == ["Ban hành Biểu 04 số 456/BC-SCT"]
    before = _shown(client.get(url))

    # A's figures of the period are corrected after the issue: the register changes, the issued Biểu 04 does not.
    cluster_report_save(
        actor=coordinator, cluster=cluster, year=2026, period="half_year", tenant_projects=27, reason="Đính chính"
    )
    assert bieu.compute(half_year)["tenant_projects"].value == 27
    after = client.get(url)
    assert _shown(after) == before and before["tenant_projects"] == "12"
    html = after.content.decode()
    assert "Đã ban hành: số 456/BC-SCT, ngày 30/06/2026, người ký: Nguyễn Văn Giám." in html
    assert "Ban hành Biểu 04</button>" not in html
    # The sources trace from what was issued, not from now.
    sources = client.get(f"{url}tenant_projects/").content.decode()
    assert sources.count('data-source="') == 1 and "Theo Biểu 04 số 456/BC-SCT đã ban hành" in sources


def test_issued_rows_keep_the_forms_order_and_labels(coordinator, half_year, reported):
    issued = _issue(coordinator, half_year)
    issued.refresh_from_db()  # as read back from the database (jsonb in PostgreSQL sorts the keys)
    lines = [line for line in bieu.table(issued.figures) if "key" in line]
    assert [line["row"] for line in lines[:4]] == ["1", "2", "3", "4"]
    assert lines[0]["label"] == "Số lượng cụm công nghiệp theo phương án phát triển cụm công nghiệp"
    assert [line["section"] for line in bieu.table(issued.figures) if "section" in line] == ["I", "II", "III"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"number": " "}, "number", "Cần nhập số hiệu Biểu 04."),
        ({"signer": ""}, "signatory", "Cần chọn người ký."),
        (
            {"issued_on": datetime.date(2026, 6, 13)},
            "issued_on",
            "không được trước ngày chốt số liệu của kỳ (14/06/2026)",
        ),
    ],
)
def test_bad_issues_are_refused_in_vietnamese_and_nothing_is_written(
    coordinator, half_year, reported, changes, field, message
):
    with pytest.raises(ValidationError) as error:
        _issue(coordinator, half_year, **changes)
    assert message in error.value.message_dict[field][0]
    assert not Bieu04.objects.exists()


def test_a_second_issue_and_a_used_number_are_refused(coordinator, half_year, report_forms, reported):
    _issue(coordinator, half_year)
    with pytest.raises(StateConflict) as error:
        _issue(coordinator, half_year, number="457/BC-SCT")
    assert "đã được ban hành" in error.value.text
    annual = services.ensure_periods(2026)[1]
    with pytest.raises(ValidationError) as error:
        _issue(coordinator, annual, issued_on=datetime.date(2026, 12, 31))
    assert error.value.message_dict["number"] == ["Số hiệu này đã được dùng cho một Biểu 04 khác."]
    assert Bieu04.objects.count() == 1


def test_the_page_shows_issue_errors_on_the_fields(client_for, coordinator, half_year, reported, director):
    response = client_for(coordinator).post(
        f"/reporting/periods/{half_year.pk}/bieu-04/",
        {"number": "1/BC", "issued_on": "01/06/2026", "signatory": director.pk},
    )
    assert response.status_code == 400
    assert "Ngày ban hành không được trước ngày chốt số liệu của kỳ (14/06/2026)." in response.content.decode()
    assert not Bieu04.objects.exists()


def test_issuing_a_period_issued_meanwhile_shows_it_as_issued(client_for, coordinator, half_year, reported, director):
    _issue(coordinator, half_year)
    response = client_for(coordinator).post(
        f"/reporting/periods/{half_year.pk}/bieu-04/",
        {"number": "2/BC", "issued_on": "30/06/2026", "signatory": director.pk, "gaps_reason": "Theo hạn"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Biểu 04 của kỳ này đã được ban hành" in html and "Đã ban hành: số 456/BC-SCT" in html


def test_no_issue_form_submission_is_a_server_error(client_for, coordinator, half_year, reported):
    client = client_for(coordinator)
    url = f"/reporting/periods/{half_year.pk}/bieu-04/"
    (form,) = [form for form in forms_of(client, url, "post") if form["fields"]]
    assert set(form["fields"]) == {"number", "issued_on", "signatory", "capacity", "gaps_reason"}

    @given(data=st.data())
    @SWEEP
    def sweep(data):
        body = filled(data.draw, form["fields"])
        response = client.post(form["action"] or url, body)
        assert response.status_code < 500, body

    sweep()


# --- the documents ---------------------------------------------------------------------------------------------


@pytest.fixture
def issued(coordinator, half_year, reported):
    return _issue(coordinator, half_year)


def test_the_xlsx_has_the_header_the_five_columns_the_rows_and_the_signer(issued):
    sheet = load_workbook(io.BytesIO(issued.xlsx_file.open("rb").read())).active
    cells = [list(row) for row in sheet.iter_rows(values_only=True)]
    text = [str(cell) for row in cells for cell in row if cell is not None]
    assert "UBND THÀNH PHỐ HÀ NỘI" in text and "SỞ CÔNG THƯƠNG" in text and "Biểu số 04" in text
    assert "TỔNG HỢP TÌNH HÌNH CỤM CÔNG NGHIỆP TRÊN ĐỊA BÀN CẤP TỈNH" in text
    assert "Kỳ báo cáo: 6 tháng năm 2026" in text
    assert "(Số liệu từ ngày 15/12/2025 đến ngày 14/06/2026)" in text
    assert "Đơn vị gửi báo cáo: Sở Công Thương" in text
    assert any(t.startswith("Đơn vị nhận báo cáo: Ủy ban nhân dân thành phố Hà Nội; Bộ Công Thương") for t in text)
    header = next(row for row in cells if row[0] == "TT")
    assert list(header) == ["TT", "Chỉ tiêu", "Đơn vị tính", "Kết quả (Lũy kế đến thời điểm báo cáo)", "Ghi chú"]
    rows = {row[0]: row for row in cells if row[0] and row[2]}
    assert rows["1"][3] == 3 and rows["18"][3] == 9 and rows["14"][3] == 130.5 and rows["23"][3] == 120.5
    # The Ghi chú column is for people: empty, but for the method of row 19 and a figure with no source.
    assert not rows["18"][4] and rows["19"][4].startswith("Bình quân theo diện tích")
    assert ("I", "Phương án phát triển cụm công nghiệp") in [(row[0], row[1]) for row in cells]
    assert "GIÁM ĐỐC" in text and "Nguyễn Văn Giám" in text and "Nơi nhận:" in text
    assert "Hà Nội, ngày 30 tháng 6 năm 2026" in text


def test_the_docx_covers_the_period_the_returns_and_the_key_figures(issued):
    document = Document(issued.docx_file.open("rb"))
    assert "Số: 456/BC-SCT" in document.tables[0].rows[0].cells[0].text
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Tình hình cụm công nghiệp trên địa bàn thành phố Hà Nội 6 tháng năm 2026" in text
    assert "(Số liệu từ ngày 15/12/2025 đến ngày 14/06/2026)" in text
    # Expected: Biểu 02 of the three clusters with an investor, Biểu 03 of their two communes.
    assert "chủ đầu tư hạ tầng (Biểu 02): đã tiếp nhận 1/3. Chưa tiếp nhận: CCN-B — CCN Thử Nghiệm B;" in text
    assert "UBND xã, phường (Biểu 03): đã tiếp nhận 1/2. Chưa tiếp nhận: Xã Phường Khác." in text
    assert "a) Theo phương án phát triển cụm công nghiệp: 3 cụm" in text
    assert "tỷ lệ lấp đầy bình quân 60%" in text and "doanh thu trong kỳ 120,5 tỷ đồng" in text
    assert "Số liệu chi tiết tại Biểu số 04 kèm theo." in text
    assert "Nguyễn Văn Giám" in document.tables[-1].rows[0].cells[1].text
    assert "GIÁM ĐỐC" in document.tables[-1].rows[0].cells[1].text


def test_libreoffice_prints_the_xlsx_and_the_docx(issued, tmp_path):
    xlsx = tmp_path / "bieu-04.xlsx"
    xlsx.write_bytes(issued.xlsx_file.open("rb").read())
    text = _libreoffice_text(xlsx, tmp_path)
    assert "Biểu số 04" in text and "TỔNG HỢP TÌNH HÌNH CỤM CÔNG NGHIỆP" in text
    assert "Bình quân theo diện tích" in text and "Nguyễn Văn Giám" in text
    docx = tmp_path / "bao-cao.docx"
    docx.write_bytes(issued.docx_file.open("rb").read())
    text = _libreoffice_text(docx, tmp_path)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Biểu số 04 kèm theo" in text


def test_the_covering_report_comes_as_a_pdf_with_its_fonts_embedded(
    client_for, coordinator, half_year, issued, tmp_path
):
    need_pdf_tools()
    answer = client_for(coordinator).get(f"/reporting/periods/{half_year.pk}/bieu-04.pdf")
    assert answer["Content-Type"] == "application/pdf"
    assert "bieu-04-6-thang-2026-456-BC-SCT" in answer["Content-Disposition"]
    fonts, text = fonts_and_text(answer.content, tmp_path)
    assert_fonts_embedded(fonts)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Biểu số 04 kèm theo" in text
    page = client_for(coordinator).get(f"/reporting/periods/{half_year.pk}/bieu-04/").content.decode()
    assert "Tải .pdf" in page


def test_the_files_download_under_their_names_once_issued(client_for, coordinator, half_year, issued):
    client = client_for(coordinator)
    xlsx = client.get(f"/reporting/periods/{half_year.pk}/bieu-04.xlsx")
    assert xlsx.status_code == 200
    assert "bieu-04-6-thang-2026-456-BC-SCT.xlsx" in xlsx["Content-Disposition"]
    assert b"".join(xlsx.streaming_content) == issued.xlsx_file.open("rb").read()
    assert client.get(f"/reporting/periods/{half_year.pk}/bieu-04.docx").status_code == 200


def test_no_file_before_the_issue(client_for, coordinator, half_year, report_forms):
    assert client_for(coordinator).get(f"/reporting/periods/{half_year.pk}/bieu-04.xlsx").status_code == 404


# --- who may ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["investor", "commune_reporter", "officer"])
def test_only_the_departments_coordinators_and_leadership_see_bieu04(role, request, client_for, half_year, issued):
    client = client_for(request.getfixturevalue(role))
    base = f"/reporting/periods/{half_year.pk}"
    for url in (f"{base}/bieu-04/", f"{base}/bieu-04/plan_clusters/", f"{base}/bieu-04.xlsx", f"{base}/bieu-04.docx"):
        assert client.get(url).status_code == 403, url


def test_a_viewer_reads_bieu04_but_may_not_issue_it(client_for, viewer, half_year, reported):
    client = client_for(viewer)
    url = f"/reporting/periods/{half_year.pk}/bieu-04/"
    response = client.get(url)
    assert response.status_code == 200 and "Ban hành Biểu 04</button>" not in response.content.decode()
    assert client.post(url, {"number": "1/BC", "issued_on": "30/06/2026", "signer": "A"}).status_code == 403
    with pytest.raises(PermissionDenied):
        _issue(viewer, half_year)
    assert not Bieu04.objects.exists()


def test_an_unknown_period_is_404(client_for, coordinator, report_forms):
    assert client_for(coordinator).get("/reporting/periods/999999/bieu-04/").status_code == 404


# --- cost ------------------------------------------------------------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return Counter(describe(query["sql"]) for query in queries)


# Computed now: the same queries however many clusters and submissions there are.
COMPUTED = (
    REQUEST
    + BELL
    + Counter(
        {
            "SELECT reporting_reportingperiod": 1,  # the period
            "SELECT reporting_bieu04": 2,  # whether its Biểu 04 is issued; the ones replaced
            # Biểu 04's rows (compute); its title and signer (the page); Biểu 02 and 03 (completeness)
            "SELECT reporting_reportform": 3,
            "SELECT reporting_indicator": 2,  # its indicators (compute); their labels (snapshot)
            # the issue form's signers: the first one (Select.use_required_attribute), then all, as options
            "SELECT department_signatory": 2,
            # the register's clusters (clusters.register); those owing Biểu 02 (completeness)
            "SELECT clusters_cluster": 2,
            "SELECT places_commune": 2,  # the communes owing Biểu 03, and their names
            "SELECT reporting_submission": 1,  # the accepted reports (completeness)
            "SELECT clusters_clusterdecision": 1,  # their decisions
            "SELECT clusters_cluster_communes": 1,  # their communes
            "SELECT clusters_clusterreport": 1,  # their figures of the period
            "SELECT reporting_submissionvalue": 2,  # the accepted Biểu 02 values, the accepted Biểu 03 values
        }
    )
)
# Issued: the stored figures only.
ISSUED = (
    REQUEST
    + BELL
    + Counter(
        {
            "SELECT reporting_reportingperiod": 1,
            "SELECT reporting_bieu04": 2,
            "SELECT reporting_reportform": 1,
            "SELECT department_signatory": 2,  # the correction form's signers, as on the issue form
        }
    )
)


def test_the_page_runs_the_same_queries_on_small_and_larger_data(
    client_for, coordinator, half_year, report_forms, reported, investor_agency, commune
):
    client = client_for(coordinator)
    url = f"/reporting/periods/{half_year.pk}/bieu-04/"
    _queries(client, url)  # warm what a first request fills (content types…)
    assert _queries(client, url) == COMPUTED
    for n in range(5):
        more = bieu.Cluster.objects.create(
            code=f"CCN-X{n}", name=f"CCN X{n}", province=commune.province, total_area_ha=Decimal(10)
        )
        more.communes.set([commune])
    assert _queries(client, url) == COMPUTED
    _issue(coordinator, half_year)
    assert _queries(client, url) == ISSUED


def test_the_covering_report_is_a_bao_cao_under_the_departments_own_names(
    coordinator, half_year, reported, bac_ninh, tmp_path
):
    deputy = SignatoryFactory(department=bac_ninh, full_name="Lê Thị Phó", title="Phó Giám đốc")
    issued = services.bieu04_issue(
        actor=coordinator,
        period=half_year,
        number="456/BC-SCTBN",
        issued_on=END_OF_JUNE,
        signatory=deputy,
        capacity="kt",
        gaps_reason="Theo hạn",
    )
    document = Document(issued.docx_file.open("rb"))
    left, right = document.tables[0].rows[0].cells
    assert left.text.startswith("UBND TỈNH BẮC NINH\nSỞ CÔNG THƯƠNG\n")
    assert "V/v" not in left.text  # a báo cáo has its title; the "V/v" line belongs to a công văn
    assert "Bắc Ninh, ngày 30 tháng 6 năm 2026" in right.text
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO\nTình hình cụm công nghiệp trên địa bàn tỉnh Bắc Ninh 6 tháng năm 2026" in text
    assert "Hà Nội" not in left.text + right.text + text
    signature = document.tables[-1].rows[0].cells[1].text
    assert signature.startswith("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC") and signature.endswith("Lê Thị Phó")
    sheet = load_workbook(io.BytesIO(issued.xlsx_file.open("rb").read())).active
    cells = [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
    assert "UBND TỈNH BẮC NINH" in cells and "KT. GIÁM ĐỐC" in cells and "Lê Thị Phó" in cells
    assert "Bắc Ninh, ngày 30 tháng 6 năm 2026" in cells

    # LibreOffice prints the closing words and the signer on the same (last) page.
    path = tmp_path / "bao-cao.docx"
    path.write_bytes(issued.docx_file.open("rb").read())
    last = [page for page in _libreoffice_text(path, tmp_path).split("\f") if page.strip()][-1]
    assert "trân trọng báo cáo./." in last and "Lê Thị Phó" in last
    # A later edit of the Signatory does not change what was signed.
    deputy.full_name = "Người Khác"
    deputy.save()
    issued.refresh_from_db()
    assert (issued.signer, issued.signer_title, issued.capacity) == ("Lê Thị Phó", "Phó Giám đốc", "kt")
