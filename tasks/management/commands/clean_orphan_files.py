"""List (and with --delete remove) stored attachment files (local disk or object store) that no attachment
refers to: what a worker killed in the middle of an upload leaves behind. Safe to run at any time; cron it
weekly if you like. Runs hold the job's lock (``core.locks.job_lock``): with several servers, one at a time."""

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from core.locks import busy_message, job_lock
from tasks.files import orphan_files

JOB = "clean_orphan_files"


class Command(BaseCommand):
    help = "Liệt kê (và với --delete thì xóa) các tệp đính kèm đã lưu (trên đĩa hoặc kho S3) không thuộc bản ghi nào."

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="Xóa các tệp mồ côi thay vì chỉ liệt kê.")

    def handle(self, *args, delete=False, **options):
        with job_lock(JOB) as held:
            if not held:
                self.stdout.write(busy_message(JOB))
                return
            self.clean(delete=delete)

    def clean(self, *, delete):
        orphans = orphan_files()
        for name in orphans:
            if delete:
                default_storage.delete(name)
            self.stdout.write(name)
        verb = "Đã xóa" if delete else "Tìm thấy"
        self.stdout.write(f"{verb} {len(orphans)} tệp mồ côi.")
