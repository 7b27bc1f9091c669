"""Write the national cluster database export of a period to a file (the same bytes as the page's download)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reporting import export
from reporting.models import ReportingPeriod


class Command(BaseCommand):
    help = (
        "Xuất dữ liệu cụm công nghiệp của một kỳ cho CSDL quốc gia (JSON hoặc CSV): sổ đăng ký tại ngày chốt số liệu, "
        "các quyết định, Biểu 02, Biểu 03 đã tiếp nhận và Biểu 04 đã ban hành."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", type=int, required=True, help="Mã (id) kỳ báo cáo.")
        parser.add_argument("--format", choices=["json", "csv"], default="json", dest="output_format")
        parser.add_argument(
            "--part",
            choices=export.CSV_PARTS,
            default="register",
            help=(
                "Với CSV: register (sổ đăng ký, mỗi cụm một dòng), decisions (mỗi quyết định một dòng), bieu02, "
                "bieu03 (mỗi chỉ tiêu của một báo cáo đã tiếp nhận một dòng) hoặc bieu04 (các dòng của Biểu 04 đã "
                "ban hành)."
            ),
        )
        parser.add_argument("--output", required=True, help="Đường dẫn tệp ghi ra.")

    def handle(self, *args, period, output_format, part, output, **options):
        found = ReportingPeriod.objects.filter(pk=period).first()
        if found is None:
            raise CommandError(f"Không có kỳ báo cáo mã {period}.")
        if output_format == "json":
            content = export.as_bytes(found)
        else:
            content = export.csv_bytes(found, part)
            if content is None:
                raise CommandError(f"Biểu 04 của kỳ {found} chưa ban hành.")
        Path(output).write_bytes(content)
        self.stdout.write(f"Đã ghi {output} ({len(content)} byte).")
