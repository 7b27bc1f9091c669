"""Follow-up letters: who may write one, what it lists, and that the task timelines record it."""

import datetime
import io
import os
import shutil
import subprocess

import pytest
from docx import Document

from core.documents import place_and_date
from notifications.models import FollowUpLetter
from tasks import selectors
from tasks.models import Task
from tests.pdf_checks import assert_fonts_embedded, fonts_and_text, need_pdf_tools

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("department")]

HEADER = ["STT", "Nhiệm vụ", "Thời hạn", "Tình trạng", "Số ngày quá hạn"]


def read_docx(response):
    return Document(io.BytesIO(response.content))


def text_of(document):
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def task_table(document):
    return next(t for t in document.tables if [c.text for c in t.rows[0].cells] == HEADER)


@pytest.fixture
def late_and_soon(due_in, other_agency, agency):
    return {
        "late": due_in(-10, code="LATE-10", title="Trình phương án phát triển cụm"),
        "later": due_in(-1, code="LATE-1"),
        "soon": due_in(3, code="SOON-3"),
        "supported": due_in(-2, code="SUPPORT-2", lead_agency=other_agency, supporting_agencies=[agency]),
        "far": due_in(40, code="FAR"),
        "done": due_in(-5, code="DONE", status=Task.Status.DONE, completed_on=datetime.date(2026, 6, 1)),
    }


def test_the_letter_opens_and_lists_the_agencys_overdue_and_due_soon_tasks(
    client_for, coordinator, agency, late_and_soon
):
    response = client_for(coordinator).post(
        "/notifications/letters/new/", {"agency": agency.pk, "number": "125/SCT-QLCN", "letter_date": "22/06/2026"}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert response["Content-Disposition"] == 'attachment; filename="cong-van-don-doc-SXD-20260622.docx"'
    document = read_docx(response)
    rows = [[cell.text for cell in row.cells] for row in task_table(document).rows[1:]]
    assert [row[0] for row in rows] == ["1", "2", "3", "4"]
    codes = [row[1] for row in rows]
    assert ["LATE-10" in codes[0], "SUPPORT-2" in codes[1], "LATE-1" in codes[2], "SOON-3" in codes[3]] == [True] * 4
    assert rows[0][1].startswith("Trình phương án phát triển cụm")
    assert rows[0][2:] == ["10/06/2026", "Quá hạn chưa hoàn thành\n(tiến độ 0%)", "10"]
    assert "Phối hợp (chủ trì: Sở Tài chính)" in rows[1][1]
    assert rows[3][3].startswith("Sắp đến hạn") and rows[3][4] == "—"
    text = text_of(document)
    for expected in [
        "UBND THÀNH PHỐ HÀ NỘI\nSỞ CÔNG THƯƠNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 125/SCT-QLCN",
        "Hà Nội, ngày 22 tháng 6 năm 2026",
        "V/v đôn đốc thực hiện nhiệm vụ Kế hoạch 305/KH-UBND",
        "Kính gửi: Sở Xây dựng",
        "3 nhiệm vụ quá hạn chưa hoàn thành và 1 nhiệm vụ sắp đến hạn",
        "Nơi nhận:",
        "GIÁM ĐỐC",
    ]:
        assert expected in text, expected
    assert "FAR" not in text and "DONE" not in text


def test_number_and_date_are_left_to_fill_in_when_not_given(client_for, coordinator, agency, late_and_soon):
    response = client_for(coordinator).post("/notifications/letters/new/", {"agency": agency.pk})

    text = text_of(read_docx(response))
    assert "Số: ……/SCT-……" in text
    assert "Hà Nội, ngày …… tháng …… năm 20……" in text


def test_the_letter_is_recorded_with_its_tasks_and_shows_in_their_timelines(
    client_for, coordinator, agency, late_and_soon
):
    client_for(coordinator).post("/notifications/letters/new/", {"agency": agency.pk, "number": "125/SCT-QLCN"})

    letter = FollowUpLetter.objects.get()
    assert (letter.agency, letter.created_by, letter.number) == (agency, coordinator, "125/SCT-QLCN")
    assert {t.code for t in letter.tasks.all()} == {"LATE-10", "LATE-1", "SOON-3", "SUPPORT-2"}
    events = [e for e in selectors.task_timeline(late_and_soon["late"]) if e.kind == "letter"]
    assert [e.title for e in events] == ["Lập công văn đôn đốc gửi Sở Xây dựng số 125/SCT-QLCN"]
    assert not [e for e in selectors.task_timeline(late_and_soon["far"]) if e.kind == "letter"]


def test_no_letter_for_an_agency_with_nothing_late(client_for, coordinator, other_agency, due_in):
    due_in(40, lead_agency=other_agency)

    response = client_for(coordinator).post("/notifications/letters/new/", {"agency": other_agency.pk})

    assert response.status_code == 200
    assert "không có nhiệm vụ quá hạn hoặc sắp đến hạn" in response.content.decode()
    assert not FollowUpLetter.objects.exists()


def test_the_form_previews_the_tasks_of_the_chosen_agency(client_for, coordinator, agency, late_and_soon):
    response = client_for(coordinator).get(f"/notifications/letters/new/?agency={agency.pk}")

    content = response.content.decode()
    assert response.status_code == 200
    assert "LATE-10" in content and "SOON-3" in content and "FAR" not in content


@pytest.mark.parametrize("method", ["get", "post"])
def test_officers_and_viewers_cannot_write_letters(client_for, officer, viewer, agency, late_and_soon, method):
    for user in (officer, viewer):
        response = getattr(client_for(user), method)("/notifications/letters/new/", {"agency": agency.pk})
        assert response.status_code == 403
    assert not FollowUpLetter.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, agency):
    response = client.post("/notifications/letters/new/", {"agency": agency.pk})

    assert response.status_code == 302
    assert "next=/notifications/letters/new/" in response["Location"]
    assert not FollowUpLetter.objects.exists()


def test_the_letter_button_shows_for_coordinators_only(client_for, coordinator, officer, agency):
    from django.template import Context, Template

    button = Template('{% include "notifications/_letter_button.html" %}')
    assert "Lập công văn đôn đốc" in button.render(Context({"agency": agency, "can": {"create_letters": True}}))
    assert button.render(Context({"agency": agency, "can": {"create_letters": False}})).strip() == ""


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 2, 5), "Hà Nội, ngày 05 tháng 02 năm 2026"),
        (datetime.date(2026, 11, 12), "Hà Nội, ngày 12 tháng 11 năm 2026"),
    ],
)
def test_dates_are_written_as_the_administration_writes_them(day, expected):
    assert place_and_date("Hà Nội", day) == expected


def _twips(element, tag):
    from docx.oxml.ns import qn

    return int(element.find(qn(tag)).get(qn("w:w")))


def test_every_table_of_the_letter_has_a_grid_matching_its_cells_and_a_fixed_layout(
    client_for, coordinator, agency, late_and_soon
):
    """LibreOffice lays a table out by its grid, Word by its cells: they must agree, within the 16.5 cm text width."""
    from docx.oxml.ns import qn

    document = read_docx(client_for(coordinator).post("/notifications/letters/new/", {"agency": agency.pk}))
    assert len(document.tables) == 3  # the header (sender and motto), the tasks, the signature
    for table in document.tables:
        grid = [int(column.get(qn("w:w"))) for column in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        for row in table.rows:
            assert [_twips(cell._tc.tcPr, "w:tcW") for cell in row.cells] == grid
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        assert _twips(table._tbl.tblPr, "w:tblW") == sum(grid)
        assert abs(sum(grid) - 9354) <= 3  # 16.5 cm, the width between the margins


def test_the_national_motto_has_room_on_one_line(client_for, coordinator, agency, late_and_soon):
    from docx.oxml.ns import qn

    document = read_docx(client_for(coordinator).post("/notifications/letters/new/", {"agency": agency.pk}))
    header = document.tables[0]
    motto_cell = header.rows[0].cells[1]
    assert motto_cell.paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    grid = [int(column.get(qn("w:w"))) for column in header._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid[1] >= 5783  # 10.2 cm: the motto, 12 pt bold Times New Roman, is about 8.9 cm wide


def test_libreoffice_prints_the_motto_on_one_line_and_the_task_title_in_its_wide_column(
    client_for, coordinator, agency, late_and_soon, tmp_path
):
    # `make test` installs LibreOffice and poppler-utils (Debian's packages); under CI a missing one fails.
    if not (shutil.which("soffice") and shutil.which("pdftotext")):
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) and poppler-utils (pdftotext) are needed: make test installs them")
        pytest.skip("needs LibreOffice and poppler-utils: `make browser` installs them")
    letter = tmp_path / "letter.docx"
    letter.write_bytes(client_for(coordinator).post("/notifications/letters/new/", {"agency": agency.pk}).content)
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"  # one profile per run: parallel workers
    subprocess.run(
        ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(letter)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "letter.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Trình phương án phát triển cụm" in text  # one line in the 7.3 cm column, not broken word by word


def test_the_letter_comes_as_a_pdf_with_its_fonts_embedded(client_for, coordinator, agency, late_and_soon, tmp_path):
    need_pdf_tools()
    answer = client_for(coordinator).post("/notifications/letters/new/", {"agency": agency.pk, "format": "pdf"})
    assert answer["Content-Type"] == "application/pdf" and ".pdf" in answer["Content-Disposition"]
    fonts, text = fonts_and_text(answer.content, tmp_path)
    assert_fonts_embedded(fonts)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Trình phương án phát triển cụm" in text
    assert FollowUpLetter.objects.count() == 1  # recorded once, like the .docx


def test_the_letter_is_signed_as_chosen_under_the_departments_own_names(
    client_for, coordinator, agency, late_and_soon, bac_ninh, tmp_path
):
    from tests.factories import SignatoryFactory
    from tests.plan_reports.test_documents import _libreoffice_text

    deputy = SignatoryFactory(department=bac_ninh, full_name="Đỗ Văn Phó", title="Phó Giám đốc")
    response = client_for(coordinator).post(
        "/notifications/letters/new/", {"agency": agency.pk, "signatory": deputy.pk, "capacity": "kt"}
    )
    document = read_docx(response)
    left, right = document.tables[0].rows[0].cells
    assert left.text.startswith("UBND TỈNH BẮC NINH\nSỞ CÔNG THƯƠNG\n")
    assert "Số: ……/SCTBN-……" in left.text
    assert "Bắc Ninh, ngày …… tháng …… năm 20……" in right.text
    text = text_of(document)
    assert "Sở Công Thương tỉnh Bắc Ninh là cơ quan đầu mối" in text
    assert "báo cáo Ủy ban nhân dân tỉnh Bắc Ninh xem xét" in text
    assert "SỞ CÔNG THƯƠNG HÀ NỘI" not in text and "Hà Nội, ngày" not in text
    signature = document.tables[-1].rows[0].cells[1].text
    assert signature.startswith("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC") and signature.endswith("Đỗ Văn Phó")
    path = tmp_path / "cong-van.docx"
    path.write_bytes(response.content)
    last = [page for page in _libreoffice_text(path, tmp_path).split("\f") if page.strip()][-1]
    assert "quan tâm, phối hợp thực hiện./." in last and "Đỗ Văn Phó" in last


def test_a_communes_committee_is_addressed_by_its_full_name(db):
    from agencies.models import Agency
    from tests.factories import AgencyFactory, CommuneFactory

    ward = CommuneFactory(name="Chương Mỹ", kind="ward")
    committee = AgencyFactory(kind=Agency.Kind.COMMUNE_COMMITTEE, commune=ward, name="UBND phường Chương Mỹ")
    assert committee.formal_name == "Ủy ban nhân dân phường Chương Mỹ"
    assert AgencyFactory(name="UBND Thành phố Hà Nội").formal_name == "Ủy ban nhân dân Thành phố Hà Nội"
    assert AgencyFactory(name="Sở Xây dựng").formal_name == "Sở Xây dựng"
