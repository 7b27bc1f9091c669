"""Send the queued webhook deliveries (one pass from cron, or ``--loop`` as a worker service; see README)."""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from core.locks import job_lock
from webhooks.sending import drain


class Command(BaseCommand):
    help = (
        "Gửi các webhook đang chờ (ký HMAC-SHA256), thử lại lần gửi lỗi theo thời gian chờ tăng dần. "
        "--loop: chạy liên tục như một dịch vụ, mỗi vài giây một lượt."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Chạy liên tục (dịch vụ systemd).")
        parser.add_argument("--interval", type=float, default=5, help="Số giây giữa hai lượt khi --loop (mặc định 5).")

    def handle(self, *args, loop=False, interval=5, **options):
        while True:
            self.run_once()
            if not loop:
                return
            time.sleep(interval)
            # A worker lives for weeks: a connection the database dropped meanwhile is replaced.
            close_old_connections()

    def run_once(self):
        # Per pass, not for the whole loop: a second worker takes over at once if this one stops.
        with job_lock("send_webhooks") as held:
            if not held:
                self.stdout.write("Một lượt gửi webhook khác đang chạy; bỏ qua lượt này.")
                return
            report = drain()
        if report.attempted:
            self.stdout.write(
                f"Webhook: {len(report.succeeded)} đã gửi, {len(report.retrying)} sẽ thử lại, "
                f"{len(report.failed)} thất bại."
            )
