"""Count the kept figures of every (task group, lead agency) for today (``tasks.tally``), so that the first view of
the dashboard after midnight does not count them itself (about 0.2 s at 100,000 tasks). Schedule it just after
midnight, local time (``deploy/ccn-figures.timer``); without it, nothing is wrong, the first reader of the day counts.
Safe to run at any time and on several servers at once."""

from django.core.management.base import BaseCommand

from tasks import tally
from tasks.models import local_today


class Command(BaseCommand):
    help = "Đếm lại số liệu nhiệm vụ theo nhóm và cơ quan chủ trì cho hôm nay (bảng điều khiển, trang cơ quan)."

    def handle(self, *args, **options):
        today = local_today()
        pairs = tally.current(today=today)
        self.stdout.write(
            f"Đã cập nhật số liệu ngày {today:%d/%m/%Y} cho {len(pairs)} cặp nhóm nhiệm vụ – cơ quan chủ trì."
        )
