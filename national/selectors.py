"""Reading the roll-up: the export counted for each province and period (the latest issued), and the country's
Biểu 04 for a period: one row per province of the 34, sent or not, and the sum."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from places import provinces

from .models import ProvinceExport

# Rows that are not summed: the country's occupancy (row 19, %) is the provinces' weighted by their industrial land
# of operating clusters (row 17), as each province's is by its clusters' (Decree 32 Art. 2.7).
WEIGHTED = {"occupancy": "industrial_land"}
TWO_PLACES = Decimal("0.01")


def latest(province, year, period_kind):
    """The export of ``province`` counted for the period: the latest issued (``ProvinceExport.recency``)."""
    exports = ProvinceExport.objects.filter(province=province, year=year, period_kind=period_kind)
    return max(exports, key=lambda export: export.recency, default=None)


def periods():
    """The periods any province has sent, newest first: [(year, kind, label)]."""
    seen = {}
    for year, kind, label in ProvinceExport.objects.values_list("year", "period_kind", "period_label").order_by():
        seen.setdefault((year, kind), label)
    order = {"annual": 1, "half_year": 0}
    return [
        (year, kind, label)
        for (year, kind), label in sorted(seen.items(), key=lambda i: (i[0][0], order.get(i[0][1], 0)), reverse=True)
    ]


def _decimal(value):
    if value is None:
        return None
    try:
        return Decimal(value)
    except (InvalidOperation, TypeError):
        return None


@dataclass
class ProvinceRow:
    code: str
    name: str
    export: ProvinceExport | None
    values: dict = field(default_factory=dict)  # key → Decimal or None

    cells: list = field(default_factory=list)  # the values in the order of the table's indicators

    @property
    def sent(self):
        return self.export is not None


@dataclass
class CountryTable:
    year: int
    period_kind: str
    indicators: list  # [{"key", "row", "label", "unit"}] in the form's order
    rows: list  # ProvinceRow for each of the 34
    total: dict  # key → Decimal or None

    @property
    def missing(self):
        return [row for row in self.rows if not row.sent]

    @property
    def total_cells(self):
        return [self.total.get(line["key"]) for line in self.indicators]


def country_table(year, period_kind):
    """The country's Biểu 04 for the period, from each province's counted export."""
    counted = {}
    for export in ProvinceExport.objects.filter(year=year, period_kind=period_kind).select_related("province"):
        current = counted.get(export.province.code)
        if current is None or export.recency > current.recency:
            counted[export.province.code] = export
    indicators = {}
    for export in sorted(counted.values(), key=lambda e: e.recency, reverse=True):
        for line in export.figures:
            indicators.setdefault(line["key"], {name: line[name] for name in ("key", "row", "label", "unit")})
    indicators = sorted(indicators.values(), key=lambda line: _row_order(line["row"]))
    rows = []
    for code, info in provinces.provinces().items():
        export = counted.get(code)
        values = {line["key"]: _decimal(line["value"]) for line in export.figures} if export else {}
        cells = [values.get(line["key"]) for line in indicators]
        rows.append(ProvinceRow(code, info.name, export, values, cells))
    return CountryTable(year, period_kind, indicators, rows, _total(indicators, [r for r in rows if r.sent]))


def _row_order(row):
    """ "15.1" after "15" and before "16"."""
    parts = []
    for part in str(row).split("."):
        parts.append(int(part) if part.isdigit() else 0)
    return parts


def _total(indicators, rows):
    """Each row summed over the provinces that gave it (None when none did); row 19 weighted (``WEIGHTED``)."""
    total = {}
    for line in indicators:
        key = line["key"]
        if key in WEIGHTED:
            continue
        known = [row.values.get(key) for row in rows if row.values.get(key) is not None]
        total[key] = sum(known, Decimal(0)) if known else None
    for key, weight_key in WEIGHTED.items():
        pairs = [
            (row.values.get(key), row.values.get(weight_key))
            for row in rows
            if row.values.get(key) is not None and row.values.get(weight_key)
        ]
        weight = sum((w for _value, w in pairs), Decimal(0))
        total[key] = (sum((v * w for v, w in pairs), Decimal(0)) / weight).quantize(TWO_PLACES) if weight else None
    return total
