"""Write the national cluster database export of a period to a file (the same bytes as the page's download)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reporting import export
from reporting.models import ReportingPeriod


class Command(BaseCommand):
    help = "Xuất sổ đăng ký cụm công nghiệp và Biểu 04 đã ban hành của một kỳ cho CSDL quốc gia (JSON hoặc CSV)."

    def add_arguments(self, parser):
        parser.add_argument("--period", type=int, required=True, help="Mã (id) kỳ báo cáo.")
        parser.add_argument("--format", choices=["json", "csv"], default="json", dest="output_format")
        parser.add_argument(
            "--part",
            choices=export.CSV_PARTS,
            default="register",
            help="Với CSV: register (sổ đăng ký, mỗi cụm một dòng) hoặc bieu04 (các dòng của Biểu 04 đã ban hành).",
        )
        parser.add_argument("--output", required=True, help="Đường dẫn tệp ghi ra.")

    def handle(self, *args, period, output_format, part, output, **options):
        found = ReportingPeriod.objects.filter(pk=period).first()
        if found is None:
            raise CommandError(f"Không có kỳ báo cáo mã {period}.")
        if output_format == "json":
            content = export.as_json(export.national_data(found)).encode("utf-8")
        else:
            rows = export.csv_rows(found, part)
            if rows is None:
                raise CommandError(f"Biểu 04 của kỳ {found} chưa ban hành.")
            content = b"".join(export.csv_download(found, part, rows).streaming_content)
        Path(output).write_bytes(content)
        self.stdout.write(f"Đã ghi {output} ({len(content)} byte).")
