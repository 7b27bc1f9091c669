"""What the Director reads before signing the plan report: the overdue share, the plan cited in full, each target's
goal beside what was measured, the register's figures beside the plan's (never under its labels), the narrative as
written, the signer in the capacity chosen, the Department's own names, and the signature kept on the page of the
closing words in LibreOffice."""

import io
import re
import subprocess

import pytest
from docx import Document
from docx.oxml.ns import qn

from core.history import upper_first
from department.letterhead import signature_lines
from department.models import Capacity
from plan_reports.documents import render_docx
from plan_reports.selectors import plan_citation
from plan_reports.services import plan_report_draft, plan_report_draft_update, plan_report_issue
from tests.factories import SignatoryFactory

from .conftest import D1
from .test_documents import _libreoffice_text


def text_of(content):
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture
def deputy(department):
    return SignatoryFactory(department=department, full_name="Lê Văn Phó", title="Phó Giám đốc")


def test_the_report_states_the_overdue_share_and_cites_the_plan_in_full(world, coordinator, deputy):
    report = plan_report_issue(
        actor=coordinator, plan=world.plan, cut_off=D1, number="15/BC-SCT", issued_on=D1, signatory=deputy
    )
    text = text_of(report.docx_file.open("rb").read())
    # 2 of the 6 tasks are overdue on 20/06: the dashboard's headline figure, to one decimal.
    assert "Tỷ lệ nhiệm vụ quá hạn chưa hoàn thành: 33,3% (2/6 nhiệm vụ)." in text
    plan = world.plan
    assert f"Thực hiện Kế hoạch số {plan.number} ngày {plan.issued_on:%d/%m/%Y} của Ủy ban nhân dân " in text


def test_targets_show_the_plans_goal_beside_the_figure_measured_at_the_cut_off(world, coordinator, deputy):
    report = plan_report_issue(
        actor=coordinator, plan=world.plan, cut_off=D1, number="15/BC-SCT", issued_on=D1, signatory=deputy
    )
    document = Document(report.docx_file.open("rb"))
    targets = next(t for t in document.tables if t.rows[0].cells[1].text == "Chỉ tiêu")
    assert [c.text for c in targets.rows[0].cells][2:4] == ["Mục tiêu Kế hoạch", "Thực hiện đến 20/06/2026"]
    row = [c.text for c in targets.rows[1].cells]
    assert row[1] == "Hoàn thành hạ tầng 26 cụm" and row[2].startswith("26")
    register = next(t for t in document.tables if t.rows[0].cells[1].text == "Chỉ số")
    titles = [c.text for c in register.rows[0].cells]
    assert titles[2:4] == ["Kế hoạch", "Sổ đăng ký đến 20/06/2026"]
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in register.rows[1:]}
    # The plan's 2030 orientation is 174 clusters; the register's count sits in its own column, labelled as such.
    assert rows["Định hướng đến năm 2030: số cụm"][2] == "174 cụm"
    assert rows["Định hướng đến năm 2030: số cụm"][3] == "2 cụm"
    assert rows["Lao động"][2] == "khoảng 80.000 người" and rows["Lao động"][3] == "800 người"
    assert "(khoảng)" not in text_of(report.docx_file.open("rb").read())


def test_the_narrative_prints_as_paragraphs_and_list_items_under_its_headings(world, coordinator, deputy):
    draft = plan_report_draft(actor=coordinator, plan=world.plan, cut_off=D1)
    draft = plan_report_draft_update(
        actor=coordinator,
        report=draft,
        general_assessment="Đoạn một,\ntiếp tục.\n\nĐoạn hai.",
        shortcomings="- Chậm thẩm định;\n- Thiếu vốn.",
        next_tasks="",
        recommendations="Đề nghị bố trí vốn.",
        signatory=deputy,
        capacity=Capacity.ON_BEHALF,
    )
    document = Document(io.BytesIO(render_docx(draft, None)))
    paragraphs = [p.text for p in document.paragraphs]
    start = paragraphs.index("VI. ĐÁNH GIÁ CHUNG")
    assert paragraphs[start : start + 9] == [
        "VI. ĐÁNH GIÁ CHUNG",
        "Đoạn một, tiếp tục.",
        "Đoạn hai.",
        "VII. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
        "- Chậm thẩm định;",
        "- Thiếu vốn.",
        "VIII. KIẾN NGHỊ, ĐỀ XUẤT",  # an empty section is left out, the numbering follows
        "Đề nghị bố trí vốn.",
        "Sở Công Thương trân trọng báo cáo./.",
    ]
    signature = document.tables[-1].rows[0].cells[1].text
    assert signature.startswith("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC") and signature.endswith("Lê Văn Phó")


@pytest.mark.parametrize(
    ("capacity", "title", "lines"),
    [
        (Capacity.HEAD, "Giám đốc", ["GIÁM ĐỐC"]),
        (Capacity.ON_BEHALF, "Phó Giám đốc", ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]),
        (Capacity.BY_ORDER, "Chánh Văn phòng", ["TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"]),
        (
            Capacity.BY_DELEGATION,
            "Trưởng phòng Quản lý Công nghiệp",
            ["TUQ. GIÁM ĐỐC", "TRƯỞNG PHÒNG QUẢN LÝ CÔNG NGHIỆP"],
        ),
        (Capacity.ACTING, "Phó Giám đốc", ["Q. GIÁM ĐỐC"]),
    ],
)
def test_the_capacity_writes_the_lines_above_the_signature(capacity, title, lines):
    assert signature_lines(capacity, title, "Giám đốc") == lines


def test_history_labels_keep_their_abbreviations():
    assert upper_first("trạm XLNT đạt QCVN 40:2025/BTNMT") == "Trạm XLNT đạt QCVN 40:2025/BTNMT"
    assert upper_first("") == ""


def test_another_departments_names_are_printed_and_hanois_are_not(world, coordinator, bac_ninh):
    signer = SignatoryFactory(department=bac_ninh, full_name="Nguyễn Thị Bắc", title="Giám đốc")
    report = plan_report_issue(
        actor=coordinator, plan=world.plan, cut_off=D1, number="15/BC-SCTBN", issued_on=D1, signatory=signer
    )
    document = Document(report.docx_file.open("rb"))
    heading = document.tables[0].rows[0].cells
    assert heading[0].text.startswith("UBND TỈNH BẮC NINH\nSỞ CÔNG THƯƠNG\n")
    assert "Bắc Ninh, ngày 20 tháng 6 năm 2026" in heading[1].text
    text = text_of(report.docx_file.open("rb").read())
    assert "Kính gửi: Ủy ban nhân dân tỉnh Bắc Ninh" in text
    assert "Sở Công Thương tỉnh Bắc Ninh là cơ quan đầu mối" in text
    # The plan's own issuer is the plan's data; everything the Department prints of itself is Bắc Ninh's.
    citation = plan_citation(report.figures["plan"])
    assert "Hà Nội" not in text.replace(citation, "").replace(world.plan.title, "")


def _pages(text):
    return [page for page in text.split("\f") if page.strip()]


def test_libreoffice_keeps_the_signature_on_the_page_of_the_closing_words(world, coordinator, deputy, tmp_path):
    """However long the narrative, the last page holds the closing paragraph and the signer's name together: the
    narrative grows a line at a time across a whole page, so one of the drafts puts the break at the signature."""
    draft = plan_report_draft(actor=coordinator, plan=world.plan, cut_off=D1)
    paths = []
    for lines in range(0, 36):
        draft.general_assessment = "\n\n".join(f"Đoạn nhận xét số {n}." for n in range(lines))
        draft.signatory, draft.capacity = deputy, Capacity.ON_BEHALF
        path = tmp_path / f"bao-cao-{lines:02d}.docx"
        path.write_bytes(render_docx(draft, None))
        paths.append(path)
    texts = _libreoffice_texts(paths, tmp_path)
    page_counts = set()
    for path, text in zip(paths, texts, strict=True):
        pages = _pages(text)
        page_counts.add(len(pages))
        last = pages[-1]
        assert "trân trọng báo cáo./." in last and "Lê Văn Phó" in last, path.name
    assert len(page_counts) > 1  # the drafts did cross a page break


def _libreoffice_texts(paths, tmp_path):
    """Every .docx of ``paths`` converted to PDF by one LibreOffice run, as pdftotext reads each."""
    _libreoffice_text  # noqa: B018 - the single-file helper skips or fails when LibreOffice is missing
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    subprocess.run(
        ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, paths)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return [
        subprocess.run(
            ["pdftotext", "-layout", str(path.with_suffix(".pdf")), "-"], check=True, capture_output=True, text=True
        ).stdout
        for path in paths
    ]


def test_the_signature_block_is_marked_to_stay_with_the_closing_paragraph(world, coordinator, deputy):
    draft = plan_report_draft(actor=coordinator, plan=world.plan, cut_off=D1, signatory=deputy)
    document = Document(io.BytesIO(render_docx(draft, None)))
    assert document.paragraphs[-1].paragraph_format.keep_with_next
    row = document.tables[-1].rows[0]
    assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    assert all(p.paragraph_format.keep_with_next for cell in row.cells for p in cell.paragraphs)
    assert re.search(r"……/BC-SCT", document.tables[0].rows[0].cells[0].text)
