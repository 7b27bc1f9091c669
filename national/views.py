"""The Ministry's pages: receive a province's national export, and the country's table per period with its Excel
file. Coordinators of the Ministry's installation only (``scoping`` rule ``national.use``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views import View

from accounts.mixins import PermissionRequiredMixin
from clusters.periods import PeriodKind
from core.exports import XLSX_TYPE
from core.forms import apply_service_errors
from core.uploads import content_disposition

from . import exports, selectors, services
from .forms import ExportUploadForm


def _period(request):
    """(year, kind) asked by ``?period=2026-half_year``, else the newest period any province has sent; None
    when none has."""
    asked = request.GET.get("period", "")
    if asked:
        year, _sep, kind = asked.partition("-")
        if not year.isdigit() or kind not in PeriodKind.values:
            raise Http404(_("Không có kỳ báo cáo này."))
        return int(year), kind
    known = selectors.periods()
    return (known[0][0], known[0][1]) if known else None


def period_title(year, kind):
    return _("Biểu 04 toàn quốc, %(kind)s năm %(year)s") % {"kind": PeriodKind(kind).label.lower(), "year": year}


class CountryTableView(PermissionRequiredMixin, View):
    permission = "national.use"

    def get(self, request):
        period = _period(request)
        periods = [(f"{year}-{kind}", label) for year, kind, label in selectors.periods()]
        context = {"periods": periods, "table": None}
        if period is not None:
            context["table"] = selectors.country_table(*period)
            context["title"] = period_title(*period)
            context["period_value"] = f"{period[0]}-{period[1]}"
        return render(request, "national/country_table.html", context)


class CountryTableXlsxView(PermissionRequiredMixin, View):
    permission = "national.use"

    def get(self, request):
        period = _period(request)
        if period is None:
            raise Http404(_("Chưa tỉnh, thành phố nào gửi tệp xuất."))
        content = exports.table_xlsx(selectors.country_table(*period), _("Biểu 04 toàn quốc"))
        response = HttpResponse(content, content_type=XLSX_TYPE)
        response["Content-Disposition"] = content_disposition(f"bieu-04-toan-quoc-{period[0]}-{period[1]}.xlsx")
        return response


class ExportUploadView(PermissionRequiredMixin, View):
    permission = "national.use"

    def get(self, request):
        return render(request, "national/upload.html", {"form": ExportUploadForm()})

    def post(self, request):
        form = ExportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                export, counted = services.export_receive(actor=request.user, upload=form.cleaned_data["file"])
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                values = {
                    "province": export.province.name,
                    "period": export.period_label,
                    "number": export.bieu04_number,
                    "date": date_format(export.issued_on, "SHORT_DATE_FORMAT"),
                }
                if counted:
                    messages.success(
                        request, _("Đã nhận Biểu 04 số %(number)s ngày %(date)s của %(province)s, %(period)s.") % values
                    )
                else:
                    messages.warning(
                        request,
                        _(
                            "Đã lưu tệp của %(province)s, %(period)s (Biểu 04 số %(number)s ngày %(date)s), nhưng đã có "
                            "bản ban hành mới hơn: bảng tổng hợp vẫn tính bản mới hơn."
                        )
                        % values,
                    )
                url = reverse("national:country_table") + f"?period={export.year}-{export.period_kind}"
                return redirect(url)
        return render(request, "national/upload.html", {"form": form}, status=400)
