"""The country's table as an Excel file: one row per province with its Biểu 04 figures, "Chưa gửi" for a province
that has not sent, and the sum row (the same figures as the page, from ``selectors.country_table``)."""

from django.utils.translation import gettext as _

from core.exports import Column, xlsx_bytes


def table_rows(table):
    """(columns, rows): the table laid out for a sheet; indicators as columns, provinces as rows."""
    columns = [Column(_("Mã"), 6), Column(_("Tỉnh, thành phố"), 26), Column(_("Biểu 04 số, ngày ban hành"), 24)]
    columns += [Column(f"{line['row']}. {line['label']} ({line['unit']})", 16, "number") for line in table.indicators]
    rows = []
    for row in table.rows:
        if row.sent:
            issued = f"{row.export.bieu04_number}, {row.export.issued_on:%d/%m/%Y}"
            rows.append([row.code, row.name, issued, *[row.values.get(line["key"]) for line in table.indicators]])
        else:
            rows.append([row.code, row.name, _("Chưa gửi"), *[None for _line in table.indicators]])
    sent = len(table.rows) - len(table.missing)
    rows.append(
        [
            "",
            _("Tổng cộng (%(sent)s/%(all)s tỉnh, thành phố đã gửi)") % {"sent": sent, "all": len(table.rows)},
            "",
            *[table.total.get(line["key"]) for line in table.indicators],
        ]
    )
    return columns, rows


def table_xlsx(table, title):
    columns, rows = table_rows(table)
    return xlsx_bytes([(title, columns, rows)])
