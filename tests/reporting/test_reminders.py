"""The Circular 14 reminders in the daily run: who is written to about which report, once a day, from
REPORTING_REMINDER_DAYS_BEFORE days before the due date; escalation of a late report after
REPORTING_ESCALATE_AFTER reminders; the coordinators' digest, the dashboard flag and the follow-up letter.

The cast (conftest): CCN-A (investor A, user cdt.a) and CCN-B (investor B, cdt.b) in Xã Thử Nghiệm, whose
committee's user is ubnd.10231; CCN-C (investor B) in Phường Khác. Biểu 02 is due 20/06/2026, Biểu 03 25/06.
"""

import datetime
import io
import os
import shutil
import subprocess

import pytest
from django.core import mail
from django.core.management import call_command
from docx import Document

from notifications import reminders
from notifications.models import Notification, ReminderDelivery
from reporting import services
from reporting.models import Submission
from tests.factories import TaskFactory
from tests.pdf_checks import assert_fonts_embedded, fonts_and_text, need_pdf_tools

from .conftest import BIEU02

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("department")]

JUNE = {day: datetime.date(2026, 6, day) for day in range(10, 31)}


@pytest.fixture
def cast(
    half_year, cluster, sibling_cluster, far_cluster, investor, other_investor, commune_reporter, other_commune_reporter
):
    return half_year


def mail_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def run(day):
    mail.outbox.clear()
    return reminders.send_deadline_reminders(day)


def submission_of(cluster=None, commune=None):
    if cluster is not None:
        return Submission.objects.get(cluster=cluster)
    return Submission.objects.get(commune=commune, cluster__isnull=True)


def test_nothing_is_sent_before_the_window_opens_five_days_before_the_due_date(cast):
    run(JUNE[14])
    assert mail.outbox == [] and not Submission.objects.exists()


def test_each_reporter_hears_of_their_own_reports_only(cast, cluster, sibling_cluster, far_cluster, commune):
    run(JUNE[15])  # Biểu 02 due in 5 days; Biểu 03 (25/06) not yet
    (to_a,) = mail_to("cdt.a@example.gov.vn")
    assert "CCN-A" in to_a.body and "CCN-B" not in to_a.body and "còn 5 ngày" in to_a.body
    assert to_a.subject.startswith("[Nhắc hạn báo cáo định kỳ 15/06/2026]")
    (to_b,) = mail_to("cdt.b@example.gov.vn")
    assert "CCN-B" in to_b.body and "CCN-C" in to_b.body and "CCN-A" not in to_b.body
    assert mail_to("ubnd.10231@example.gov.vn") == []

    run(JUNE[20])
    (to_commune,) = mail_to("ubnd.10231@example.gov.vn")
    assert f"Biểu 03 — {commune}" in to_commune.body and "CCN-" not in to_commune.body
    assert "hạn cuối là hôm nay" in mail_to("cdt.a@example.gov.vn")[0].body
    # Each report counts its reminders; the first one opened it, not started, with the reason in its history.
    opened = submission_of(cluster)
    assert (opened.state, opened.reminders_sent, opened.last_reminded_on) == ("not_started", 2, JUNE[20])
    assert [h.history_change_reason for h in opened.history.order_by("history_date")] == ["Nhắc hạn báo cáo"] * 2
    assert submission_of(commune=commune).reminders_sent == 1


def test_a_second_run_the_same_day_sends_and_counts_nothing_more(cast, cluster):
    run(JUNE[20])
    sent = len(mail.outbox)
    assert sent == 4  # cdt.a, cdt.b, and the two communes' reporters
    report = run(JUNE[20])
    assert mail.outbox == [] and report.reports_reminded == []
    assert submission_of(cluster).reminders_sent == 1
    assert ReminderDelivery.objects.filter(kind=ReminderDelivery.Kind.REPORTING_REMINDER).count() == sent


def test_a_sent_report_is_no_longer_chased(cast, report_forms, cluster, investor):
    services.submission_save(
        actor=investor,
        period=cast,
        form=report_forms["02"],
        cluster=cluster,
        values=BIEU02,
        submit=True,
        signer_name="A",
        signer_title="GĐ",
    )
    run(JUNE[20])
    assert mail_to("cdt.a@example.gov.vn") == []
    assert submission_of(cluster).reminders_sent == 0


def test_a_late_report_is_escalated_after_three_reminders(cast, cluster):
    for day in (18, 19, 20):
        run(JUNE[day])
    on_time = submission_of(cluster)
    assert (on_time.reminders_sent, on_time.escalated_on) == (3, None)  # three reminders, but not late yet

    run(JUNE[21])
    late = submission_of(cluster)
    assert (late.reminders_sent, late.escalated_on) == (4, JUNE[21])
    assert late.history.latest("history_date").history_change_reason == (
        "Nhắc hạn báo cáo lần 4, đã quá hạn: chuyển đôn đốc"
    )
    assert "quá hạn 1 ngày" in mail_to("cdt.a@example.gov.vn")[0].body
    # Reminders go on every day until it is sent; the escalation keeps its day.
    run(JUNE[22])
    assert (submission_of(cluster).reminders_sent, submission_of(cluster).escalated_on) == (5, JUNE[21])


def test_escalation_waits_for_the_configured_number_of_reminders(cast, cluster, settings):
    settings.REPORTING_ESCALATE_AFTER = 1
    run(JUNE[21])
    assert submission_of(cluster).escalated_on == JUNE[21]


def test_reports_nobody_can_be_written_to_about_are_listed(cast, other_investor, far_cluster):
    other_investor.email = ""
    other_investor.save()
    report = run(JUNE[20])
    assert {o.subject_label for o in report.unreachable} == {"CCN-B — CCN Thử Nghiệm B", "CCN-C — CCN Thử Nghiệm C"}
    assert not Submission.objects.filter(cluster=far_cluster).exists()  # no reminder went out: none is counted


def test_reporters_get_no_task_digest_nor_bell_even_on_an_agency_that_leads_tasks(
    cast, commune_agency, commune_reporter, group
):
    TaskFactory(group=group, lead_agency=commune_agency, due_date=JUNE[10])  # overdue
    TaskFactory(group=group, lead_agency=commune_agency, due_date=JUNE[20])  # due today: a bell for members
    run(JUNE[20])
    kinds = {delivery.kind for delivery in ReminderDelivery.objects.filter(recipient="ubnd.10231@example.gov.vn")}
    assert kinds == {ReminderDelivery.Kind.REPORTING_REMINDER}
    assert mail_to("ubnd-10231@example.gov.vn")  # the committee's contact address still hears of its task
    assert not Notification.objects.filter(recipient=commune_reporter).exists()


def test_the_coordinators_digest_lists_the_late_reports_escalated_first(cast, coordinator, investor):
    investor.email = ""  # CCN-A's investor cannot be written to: never reminded, never escalated
    investor.save()
    for day in (18, 19, 20, 21):
        run(JUNE[day])
    (digest,) = mail_to(coordinator.email)
    assert "3 báo cáo định kỳ quá hạn" in digest.subject
    section = digest.body.split("BÁO CÁO ĐỊNH KỲ QUÁ HẠN (3)")[1]
    assert section.index("CCN-B") < section.index("CCN-C") < section.index("CCN-A")
    assert "đã nhắc 4 lần — chuyển đôn đốc từ 21/06/2026" in section
    assert (
        "CCN-A — CCN Thử Nghiệm A — Báo cáo 6 tháng năm 2026\n   Hạn 20/06/2026 — quá hạn 1 ngày — đã nhắc 0 lần\n"
        in section
    )
    assert "/reporting/" in section


def test_the_command_runs_the_reporting_reminders_and_names_the_unreachable(cast, other_investor, capsys):
    other_investor.email = ""
    other_investor.save()
    call_command("send_deadline_reminders", "--date", "2026-06-15", "--dry-run")
    out = capsys.readouterr().out
    assert "cdt.a@example.gov.vn: [Nhắc hạn báo cáo định kỳ 15/06/2026]" in out and "(1 báo cáo)" in out
    assert mail.outbox == []

    call_command("send_deadline_reminders", "--date", "2026-06-15")
    out, err = capsys.readouterr()
    assert mail_to("cdt.a@example.gov.vn") and "đã nhắc 1 báo cáo định kỳ" in out
    assert "Không nhắc được Biểu 02 — CCN-C — CCN Thử Nghiệm C" in err


# --- the dashboard flag and the follow-up letter ---------------------------------------------------------


@pytest.fixture
def escalated(cast, cluster, settings, hanoi_clock):
    settings.REPORTING_ESCALATE_AFTER = 1
    hanoi_clock.move_to(JUNE[22])
    run(JUNE[22])
    return submission_of(cluster)


def test_the_dashboard_flags_escalated_reports_for_the_department(escalated, client_for, coordinator, officer):
    page = client_for(coordinator).get("/").content.decode()
    assert "Báo cáo định kỳ quá hạn, đã đôn đốc" in page
    assert 'data-escalated-reports="3"' in page  # the three Biểu 02, two days late; the Biểu 03 are not due yet
    # The link goes to the tracker of the period to follow up.
    assert f'href="/reporting/periods/{escalated.period.pk}/tracker/"' in page
    assert "Báo cáo định kỳ quá hạn" not in client_for(officer).get("/").content.decode()


def letter_url(period, commune):
    return f"/reporting/periods/{period.pk}/communes/{commune.pk}/follow-up.docx"


def text_of(document):
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_the_follow_up_letter_lists_the_communes_escalated_reports(escalated, client_for, coordinator, commune):
    response = client_for(coordinator).get(letter_url(escalated.period, commune))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-10231.docx"')
    document = Document(io.BytesIO(response.content))
    text = text_of(document)
    # In full, with the unit's kind (the test commune's name happens to start with "Xã" too).
    assert "Kính gửi: Ủy ban nhân dân xã Xã Thử Nghiệm" in text
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert [row[1] for row in rows] == ["Biểu 02 — CCN-A — CCN Thử Nghiệm A", "Biểu 02 — CCN-B — CCN Thử Nghiệm B"]
    assert rows[0][2:] == ["Công ty CP Hạ tầng A", "20/06/2026", "1", "2"]


def test_the_letter_is_for_coordinators_and_only_when_something_is_escalated(
    escalated, client_for, coordinator, officer, commune_reporter, other_commune, half_year
):
    url = letter_url(escalated.period, escalated.commune)
    assert client_for(officer).get(url).status_code == 403
    assert client_for(commune_reporter).get(url).status_code == 403
    escalated_elsewhere = client_for(coordinator).get(letter_url(escalated.period, other_commune))
    assert escalated_elsewhere.status_code == 200  # CCN-C
    annual = half_year.__class__.objects.get(year=2026, kind="annual")
    assert client_for(coordinator).get(letter_url(annual, other_commune)).status_code == 404


def test_libreoffice_opens_the_letter(escalated, client_for, coordinator, commune, tmp_path):
    if not (shutil.which("soffice") and shutil.which("pdftotext")):
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) and poppler-utils (pdftotext) are needed: make test installs them")
        pytest.skip("needs LibreOffice and poppler-utils: `make browser` installs them")
    letter = tmp_path / "letter.docx"
    letter.write_bytes(client_for(coordinator).get(letter_url(escalated.period, commune)).content)
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
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
    assert "báo cáo định kỳ 6 tháng năm 2026 sau đây" in " ".join(text.split())
    rows = [line.split() for line in text.splitlines() if "CCN-" in line]
    assert [row[0] for row in rows] == ["1", "2"] and all("20/06/2026" in row for row in rows)  # dates on one line


def test_the_letter_comes_as_a_pdf_with_its_fonts_embedded(escalated, client_for, coordinator, commune, tmp_path):
    need_pdf_tools()
    url = letter_url(escalated.period, commune).replace(".docx", ".pdf")
    answer = client_for(coordinator).get(url)
    assert answer["Content-Type"] == "application/pdf"
    fonts, text = fonts_and_text(answer.content, tmp_path)
    assert_fonts_embedded(fonts)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "báo cáo định kỳ 6 tháng năm 2026 sau đây" in " ".join(text.split())
