"""Send the day's deadline reminder digests (run every morning from cron or a systemd timer; see deploy/).

Every application server may run the same timer: a run takes the job's lock (``core.locks.job_lock``), and a
second run while the first holds it does nothing. A dry run writes nothing, so it needs no lock."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from core.locks import busy_message, job_lock
from notifications.reminders import send_deadline_reminders

JOB = "send_deadline_reminders"


def _date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ngày không hợp lệ: {value!r} (dạng YYYY-MM-DD).") from exc


class Command(BaseCommand):
    help = (
        "Gửi thư nhắc hạn trong ngày: mỗi cơ quan một thư (địa chỉ liên hệ và cán bộ), thư tổng hợp cho "
        "cán bộ điều phối, thông báo 'sắp đến hạn' trên chuông, và thư nhắc hạn báo cáo định kỳ (Thông tư 14) cho "
        "chủ đầu tư hạ tầng và UBND xã, phường. Chạy lại trong ngày không gửi trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=_date, help="Ngày nhắc (YYYY-MM-DD); mặc định: hôm nay theo giờ Việt Nam.")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê thư sẽ gửi, không gửi, không ghi.")
        parser.add_argument(
            "--retry-unconfirmed",
            action="store_true",
            help=(
                "Gửi lại ngay mọi thư của ngày này đã nhận gửi nhưng chưa xác nhận, kể cả thư mới nhận gửi dưới "
                "15 phút (thư cũ hơn được tự động gửi lại). Chỉ dùng sau khi đã kiểm tra hộp thư đi."
            ),
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            return self.run(dry_run=True, **options)
        with job_lock(JOB) as held:
            if not held:
                self.stdout.write(busy_message(JOB))
                return
            self.run(dry_run=False, **options)

    def run(self, *, date=None, dry_run=False, retry_unconfirmed=False, **options):
        report = send_deadline_reminders(date, dry_run=dry_run, retry_unconfirmed=retry_unconfirmed)
        day = f"{report.run_date:%d/%m/%Y}"
        if dry_run:
            self.stdout.write(f"Chạy thử ngày {day}: {len(report.planned)} thư sẽ được gửi.")
            for outgoing in report.planned:
                listed = (
                    f"{len(outgoing.obligations)} báo cáo"
                    if outgoing.obligations
                    else f"{len(outgoing.task_ids)} nhiệm vụ"
                )
                self.stdout.write(f"  {outgoing.recipient}: {outgoing.subject} ({listed})")
        else:
            if report.released_claims:
                self.stdout.write(f"Đã mở lại {report.released_claims} thư chưa xác nhận để gửi lại.")
            self.stdout.write(
                f"Ngày {day}: đã gửi {len(report.sent)} thư; {len(report.already_sent)} thư đã gửi trước đó; "
                f"{report.notifications_created} thông báo sắp đến hạn; đã nhắc {len(report.reports_reminded)} báo cáo "
                "định kỳ."
            )
        for outgoing, agency in report.shared_addresses:
            self.stderr.write(
                f"Không gửi thư của {outgoing.agency} đến {outgoing.recipient}: địa chỉ này đã nhận thư của {agency} "
                "hôm nay (mỗi địa chỉ nhận một thư nhắc hạn cơ quan mỗi ngày)."
            )
        for obligation in report.unreachable:
            self.stderr.write(
                f"Không nhắc được Biểu {obligation.form.code} — {obligation.subject_label} ({obligation.period}): "
                "đơn vị báo cáo chưa có tài khoản hoạt động kèm địa chỉ thư."
            )
        for outgoing in report.unconfirmed:
            self.stderr.write(
                f"Chưa xác nhận: thư đến {outgoing.recipient} đã được nhận gửi nhưng chưa ghi nhận đã gửi "
                "(một lần chạy khác đang gửi, hoặc lần chạy trước bị dừng). Lần chạy sau 15 phút sẽ gửi lại."
            )
        for outgoing, error in report.failed:
            self.stderr.write(f"Lỗi gửi thư đến {outgoing.recipient}: {error}")
        if report.failed or report.unconfirmed:
            # Non-zero, so cron and systemd alert; the next run sends what failed and recovers old claims.
            raise CommandError(
                f"{len(report.failed)} thư chưa gửi được, {len(report.unconfirmed)} thư chưa xác nhận; "
                "chạy lại lệnh để gửi các thư này."
            )
