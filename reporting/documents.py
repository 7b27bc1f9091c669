"""The issued Biểu 04 as documents, written once when it is issued from its stored figures (``bieu.table``):

- the .xlsx in the form's official layout (Circular 14, Phụ lục I): the header block (the issuing body, "Biểu số
  04", the title, the period and its data window, who sends and who receives it), the five numbered columns TT |
  Chỉ tiêu | Đơn vị tính | Kết quả (Lũy kế đến thời điểm báo cáo) | Ghi chú with sections I–III, then the place
  and date, the recipients ("Nơi nhận") and the Director's signature block. XlsxWriter lays it out cell by cell
  because ``core.exports`` writes lists, not forms;
- the covering .docx report in the administrative layout of Decree 30/2020/NĐ-CP (``core.documents``, like the
  plan report): the period, how many Biểu 02 and 03 were expected and accepted, the key figures, "Biểu 04 kèm
  theo", the recipients and the signer.
"""

import io
from collections import defaultdict
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx.enum.text import WD_ALIGN_PARAGRAPH
from xlsxwriter import Workbook

from clusters.periods import FILE_SLUG
from core import documents as doc
from core.exports import LINE_HEIGHT, wrapped_lines
from department import letterhead as department_letterhead

from . import bieu, obligations
from .models import ReportForm

COLUMNS = [(6, "center"), (62, "left"), (11, "center"), (17, "right"), (28, "left")]  # width, alignment
KEEP = gettext_lazy("- Lưu: VT, QLCN.")


def figure_text(value):
    """Decimal("1234.500") → "1.234,5", Decimal("12.000") → "12", None → "—": as a Vietnamese reader writes it."""
    if value is None:
        return "—"
    value = Decimal(value)
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return number_format(value, use_l10n=True, force_grouping=True)


def window_text(period):
    return _("Số liệu từ ngày %(start)s đến ngày %(end)s") % {
        "start": f"{period.data_start:%d/%m/%Y}",
        "end": f"{period.data_end:%d/%m/%Y}",
    }


def recipients(form):
    """The form's recipients ("A; B") as the lines of "Nơi nhận"."""
    return [f"- {name};" for name in form.recipient_names()] + [str(KEEP)]


def filename(bieu04, extension):
    number = "".join(c if c.isalnum() else "-" for c in bieu04.number)
    kind = FILE_SLUG[bieu04.period.kind]
    return f"bieu-04-{kind}-{bieu04.period.year}-{number}.{extension}"


# --- the .xlsx -------------------------------------------------------------------------------------------------


class _Sheet:
    """One worksheet written top to bottom in the form's five columns."""

    def __init__(self, workbook, title):
        self.workbook, self.sheet, self.row = workbook, workbook.add_worksheet(title), 0
        for index, (width, _align) in enumerate(COLUMNS):
            self.sheet.set_column(index, index, width)
        self.sheet.set_paper(9)  # A4
        self.sheet.set_portrait()
        self.sheet.fit_to_pages(1, 1)  # one sheet of A4: the signature block never prints alone on a second page
        self.sheet.set_margins(left=0.6, right=0.4, top=0.6, bottom=0.6)
        self.styles = {}

    def style(self, **options):
        key = tuple(sorted(options.items()))
        if key not in self.styles:
            self.styles[key] = self.workbook.add_format(
                {"font_name": "Times New Roman", "font_size": 12, "text_wrap": True, "valign": "vcenter", **options}
            )
        return self.styles[key]

    def merged(self, first, last, text, **options):
        """``text`` across columns ``first``–``last`` of the current row."""
        style = self.style(**options)
        if first == last:
            self.sheet.write_string(self.row, first, str(text), style)
        else:
            self.sheet.merge_range(self.row, first, self.row, last, str(text), style)

    def height(self, lines):
        if lines > 1:
            self.sheet.set_row(self.row, LINE_HEIGHT * lines)

    def next(self, rows=1):
        self.row += rows


def signer_of(bieu04, letterhead):
    """The signature block as issued: the name and title kept on the Biểu 04, signing in its capacity."""
    title = bieu04.signer_title or letterhead.head_title
    return department_letterhead.signer(
        name=bieu04.signer, title=title, capacity=bieu04.capacity, letterhead=letterhead
    )


def area_name(letterhead):
    """ "tỉnh Bắc Ninh" (the province as a phrase in running text)."""
    name = letterhead.province_name
    return name[:1].lower() + name[1:]


def _header(sheet, bieu04, form, letterhead):
    period = bieu04.period
    sheet.merged(0, 1, letterhead.governing_body, align="center")
    sheet.merged(3, 4, _("Biểu số %(code)s") % {"code": form.code}, bold=True, align="center", border=1)
    sheet.next()
    sheet.merged(0, 1, letterhead.header_name, bold=True, align="center")
    sheet.next(2)
    sheet.merged(0, 4, form.title.upper(), bold=True, align="center", font_size=14)
    sheet.height(2)
    sheet.next()
    sheet.merged(0, 4, _("Kỳ báo cáo: %(period)s") % {"period": period.label}, align="center", bold=True)
    sheet.next()
    sheet.merged(0, 4, f"({window_text(period)})", align="center", italic=True)
    sheet.next()
    sheet.merged(
        0,
        4,
        _("Số: %(number)s, ngày %(date)s") % {"number": bieu04.number, "date": f"{bieu04.issued_on:%d/%m/%Y}"},
        align="center",
    )
    sheet.next(2)
    sheet.merged(0, 4, _("Đơn vị gửi báo cáo: %(sender)s") % {"sender": form.sender}, align="left")
    sheet.next()
    receiving = _("Đơn vị nhận báo cáo: %(recipients)s") % {"recipients": form.printed_recipients}
    sheet.merged(0, 4, receiving, align="left")
    sheet.height(wrapped_lines(receiving, sum(width for width, _align in COLUMNS)))
    sheet.next(2)


def _table(sheet, bieu04, form):
    titles = [_("TT"), _("Chỉ tiêu"), _("Đơn vị tính"), form.result_column, _("Ghi chú")]
    header_row = sheet.row
    for index, title in enumerate(titles):
        sheet.merged(index, index, title, bold=True, align="center", border=1)
    sheet.height(max(wrapped_lines(title, width) for title, (width, _align) in zip(titles, COLUMNS, strict=True)))
    sheet.next()
    for index in range(len(titles)):
        sheet.merged(index, index, f"({index + 1})", italic=True, align="center", border=1)
    sheet.next()
    sheet.sheet.repeat_rows(header_row, header_row + 1)
    for line in bieu.table(bieu04.figures):
        if "section" in line:
            sheet.merged(0, 0, line["section"], bold=True, align="center", border=1)
            sheet.merged(1, 4, line["title"], bold=True, align="left", border=1)
        else:
            _figure_row(sheet, line)
        sheet.next()


def _figure_row(sheet, line):
    value = line["value"]
    cells = [line["row"], line["label"], line["unit"], None, str(line["note"])]
    for index, (text, (_width, align)) in enumerate(zip(cells, COLUMNS, strict=True)):
        if index == 3:
            continue
        sheet.merged(index, index, text, align=align, border=1)
    if value is None:
        sheet.sheet.write_blank(sheet.row, 3, None, sheet.style(align="right", border=1))
    else:
        whole = value == value.to_integral_value()
        style = sheet.style(align="right", border=1, num_format="#,##0" if whole else "#,##0.00")
        sheet.sheet.write_number(sheet.row, 3, value, style)
    sheet.height(max(wrapped_lines(text, width) for text, (width, _align) in zip(cells, COLUMNS, strict=True) if text))


def _signature(sheet, bieu04, form, letterhead):
    sheet.next()
    sheet.merged(3, 4, doc.place_and_date(letterhead.place_name, bieu04.issued_on), italic=True, align="center")
    sheet.next()
    first = sheet.row
    sheet.merged(0, 1, _("Nơi nhận:"), bold=True, italic=True, align="left")
    lines = signer_of(bieu04, letterhead).lines
    for offset, line in enumerate(lines):
        sheet.row = first + offset
        sheet.merged(3, 4, line, bold=True, align="center")
    sheet.row = first
    for line in recipients(form):
        sheet.next()
        sheet.merged(0, 1, line, align="left", font_size=11)
    sheet.row = max(sheet.row, first + 4 + len(lines))
    sheet.merged(3, 4, bieu04.signer, bold=True, align="center")
    sheet.next()


def render_xlsx(bieu04):
    """Biểu 04 as .xlsx bytes, in the official layout."""
    form = ReportForm.objects.get(code="04")
    buffer = io.BytesIO()
    workbook = Workbook(buffer, {"strings_to_formulas": False, "strings_to_urls": False})
    sheet = _Sheet(workbook, _("Biểu 04"))
    letterhead = department_letterhead.current()
    _header(sheet, bieu04, form, letterhead)
    _table(sheet, bieu04, form)
    _signature(sheet, bieu04, form, letterhead)
    workbook.close()
    return buffer.getvalue()


# --- the covering .docx ------------------------------------------------------------------------------------------


def _key_figures(bieu04):
    values = defaultdict(lambda: "—")
    values.update({line["key"]: figure_text(line["value"]) for line in bieu.table(bieu04.figures) if "key" in line})
    return [
        _("a) Theo phương án phát triển cụm công nghiệp: %(plan_clusters)s cụm, tổng diện tích %(plan_area)s ha.")
        % values,
        _(
            "b) Đã thành lập %(established)s cụm, tổng diện tích %(established_area)s ha (trong kỳ báo cáo: "
            "%(established_in_period)s cụm); %(detailed_plan)s cụm đã được phê duyệt quy hoạch chi tiết; "
            "%(infrastructure_project)s cụm đã được phê duyệt dự án đầu tư xây dựng hạ tầng kỹ thuật."
        )
        % values,
        _(
            "c) Đã hoạt động %(operating)s cụm, tổng diện tích %(operating_area)s ha; đất công nghiệp đã cho thuê "
            "%(leased_land)s ha trên %(industrial_land)s ha; tỷ lệ lấp đầy bình quân %(occupancy)s%%; "
            "%(tenant_projects)s dự án đầu tư sản xuất kinh doanh (%(foreign_projects)s dự án có vốn đầu tư nước "
            "ngoài); doanh thu trong kỳ %(revenue)s tỷ đồng, nộp ngân sách %(budget_paid)s tỷ đồng; "
            "%(workers)s lao động; %(wastewater_built)s cụm đã và đang đầu tư hệ thống xử lý nước thải tập trung, "
            "trong đó %(wastewater_compliant)s cụm đạt tiêu chuẩn môi trường."
        )
        % values,
    ]


def _returns_text(period):
    texts = []
    names = {"02": _("chủ đầu tư hạ tầng (Biểu 02)"), "03": _("UBND xã, phường (Biểu 03)")}
    for code, (expected, accepted, missing) in obligations.returns(period).items():
        text = _("Báo cáo của %(who)s: đã tiếp nhận %(accepted)s/%(expected)s.") % {
            "who": names[code],
            "accepted": accepted,
            "expected": expected,
        }
        if missing:
            text += " " + _("Chưa tiếp nhận: %(names)s.") % {"names": "; ".join(missing)}
        texts.append(text)
    return texts


def render_docx(bieu04):
    """The covering report of Biểu 04 as .docx bytes."""
    period, form = bieu04.period, ReportForm.objects.get(code="04")
    label = period.label
    letterhead = department_letterhead.current()
    document = doc.new_document()
    # A báo cáo carries its title under the header; the "V/v" summary belongs to a công văn (Decree 30, App. I).
    doc.header(document, letterhead=letterhead, number=bieu04.number, day=bieu04.issued_on, summary="")
    doc.paragraph(document, "")
    doc.paragraph(document, _("BÁO CÁO"), size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    title = _("Tình hình cụm công nghiệp trên địa bàn %(area)s %(period)s") % {
        "area": area_name(letterhead),
        "period": label,
    }
    doc.paragraph(document, title, size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    doc.paragraph(document, f"({window_text(period)})", size=14, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    names = form.recipient_names()
    doc.paragraph(document, _("Kính gửi:"), size=14, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    for name in names:
        doc.paragraph(document, f"- {name}", size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    doc.paragraph(document, "", space_after=6)

    def text(content, **kwargs):
        kwargs.setdefault("space_after", 6)
        doc.paragraph(document, content, size=14, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, **kwargs)

    text(
        _(
            "Thực hiện Thông tư số 14/2024/TT-BCT của Bộ trưởng Bộ Công Thương quy định chế độ báo cáo định kỳ về "
            "cụm công nghiệp (được sửa đổi bởi Thông tư số 38/2025/TT-BCT), %(sender)s báo cáo tình hình cụm công "
            "nghiệp trên địa bàn %(area)s kỳ báo cáo %(period)s (%(window)s) như sau:"
        )
        % {
            "sender": letterhead.name,
            "area": area_name(letterhead),
            "period": label,
            "window": window_text(period).lower(),
        }
    )
    text(_("1. Tình hình thu nhận báo cáo"), bold=True)
    for line in _returns_text(period):
        text(line)
    text(_("2. Một số chỉ tiêu chủ yếu"), bold=True)
    for line in _key_figures(bieu04):
        text(line)
    text(_("Số liệu chi tiết tại Biểu số 04 kèm theo."), italic=True)
    text(_("%(sender)s trân trọng báo cáo./.") % {"sender": letterhead.running_name}, space_after=12)
    signer = signer_of(bieu04, letterhead)
    doc.signature(document, recipients=[_("- Như trên;"), str(KEEP)], lines=signer.lines, signer=signer.name)
    return doc.as_bytes(document)
