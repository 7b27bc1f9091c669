"""The reporting cycle to Biểu 04 in each installation: the period's obligations (the investor's Biểu 02 of each
cluster, the mountain commune's Biểu 03) sent and accepted, then Biểu 04 issued by the Director; its covering .docx
is headed with the province's governing body and Department and dated at its place, never at Hanoi elsewhere."""

import datetime
import io

import pytest
from docx import Document
from openpyxl import load_workbook

from reporting import bieu, obligations, services
from reporting.models import ReportingPeriod, Submission
from tests.reporting.conftest import BIEU02

pytestmark = pytest.mark.django_db

END_OF_JUNE = datetime.date(2026, 6, 30)
# A consistent Biểu 02 for a 7.5 or 6 ha cluster: its land rows within the cluster's area.
MOUNTAIN_BIEU02 = BIEU02 | {"serviced_land": "5", "leased_land": "2,5", "occupancy": "50"}


def half_year():
    return ReportingPeriod.objects.get(year=2026, kind="half_year")


def report_and_accept(world, period):
    """Every report the period expects, sent by its reporter and accepted by the coordinator."""
    accepted = []
    for form, cluster, commune in obligations.expected_subjects(period):
        if form.code == "02":
            sent = services.submission_save(
                actor=world.investor,
                period=period,
                form=form,
                cluster=cluster,
                values=MOUNTAIN_BIEU02,
                submit=True,
                signer_name="Trần Văn Đầu",
                signer_title="Giám đốc",
            )
        else:
            # The commune's rows as the register gives them (0 where its clusters have no figure yet), and its own.
            computed = {key: figure.value or 0 for key, figure in bieu.compute(period, commune).items()}
            sent = services.submission_save(
                actor=world.commune_reporter,
                period=period,
                form=form,
                commune=commune,
                values=computed | {"revenue": "45,5", "budget_paid": "1,2", "workers": "320"},
                submit=True,
                signer_name="Lò Văn Xã",
                signer_title="Chủ tịch",
            )
        accepted.append(services.submission_accept(actor=world.coordinator, submission=sent))
    return accepted


def docx_text(document):
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_periods_reports_are_accepted_and_bieu04_is_issued_under_the_provinces_names(installation):
    world, period = installation, half_year()
    expected = obligations.expected_subjects(period)
    assert [(form.code, cluster, commune) for form, cluster, commune in expected] == [
        ("02", world.clusters[0], None),
        ("02", world.clusters[1], None),
        ("03", None, world.mountain_commune),
    ]

    accepted = report_and_accept(world, period)

    assert {submission.state for submission in accepted} == {Submission.State.ACCEPTED}
    assert all(obligation.submission.state == Submission.State.ACCEPTED for obligation in obligations.of_period(period))
    issued = services.bieu04_issue(
        actor=world.coordinator,
        period=period,
        number=f"45/BC-{world.department.short_name}",
        issued_on=END_OF_JUNE,
        signatory=world.director,
        # Every report is in; the rows of operating clusters have no source (none operates yet).
        gaps_reason="Các cụm mới thành lập, chưa đi vào hoạt động",
    )
    assert (issued.signatory, issued.signer, issued.issued_by) == (world.director, "Hoàng Văn Giám", world.coordinator)

    document = Document(issued.docx_file.open("rb"))
    left, right = document.tables[0].rows[0].cells
    info = world.info
    assert left.text.startswith(f"{info.governing_body}\nSỞ CÔNG THƯƠNG\n")
    assert f"{info.place_name}, ngày 30 tháng 6 năm 2026" in right.text
    text = docx_text(document)
    phrase = info.name[:1].lower() + info.name[1:]  # "tỉnh Tuyên Quang", "thành phố Hà Nội"
    assert f"Tình hình cụm công nghiệp trên địa bàn {phrase} 6 tháng năm 2026" in text
    assert "chủ đầu tư hạ tầng (Biểu 02): đã tiếp nhận 2/2" in text
    assert "UBND xã, phường (Biểu 03): đã tiếp nhận 1/1" in text
    # Addressed to the province's People's Committee by its name, as in the .xlsx's recipients' line.
    assert f"Kính gửi:\n- {info.governing_body_name}\n- Bộ Công Thương" in text
    assert "Ủy ban nhân dân Thành phố;" not in text
    assert "Hoàng Văn Giám" in document.tables[-1].rows[0].cells[1].text
    sheet = load_workbook(io.BytesIO(issued.xlsx_file.open("rb").read())).active
    cells = [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
    assert info.governing_body in cells and f"{info.place_name}, ngày 30 tháng 6 năm 2026" in cells
    assert f"Đơn vị nhận báo cáo: {info.governing_body_name}; Bộ Công Thương" in "\n".join(cells)
    if world.foreign_place:
        assert world.foreign_place not in text
        assert not [cell for cell in cells if world.foreign_place in cell]
