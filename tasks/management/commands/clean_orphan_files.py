"""List (and with --delete remove) attachment files on disk that no attachment refers to: what a worker
killed in the middle of an upload leaves behind. Safe to run at any time; cron it weekly if you like."""

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from tasks.files import orphan_files


class Command(BaseCommand):
    help = "Liệt kê (và với --delete thì xóa) các tệp đính kèm trên đĩa không thuộc bản ghi nào."

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="Xóa các tệp mồ côi thay vì chỉ liệt kê.")

    def handle(self, *args, delete=False, **options):
        orphans = orphan_files()
        for name in orphans:
            if delete:
                default_storage.delete(name)
            self.stdout.write(name)
        verb = "Đã xóa" if delete else "Tìm thấy"
        self.stdout.write(f"{verb} {len(orphans)} tệp mồ côi.")
