"""The figures of Biểu 03 (one commune) and Biểu 04 (the city), each traced to its sources.

One computation serves both: ``compute(period, commune=None)``. Every cluster figure asks the register over time
(``clusters.register.for_period``: the register at the close of the period's data window) and nothing else, so Biểu 04, the dashboard, the targets, the plan report and the national export agree on
the same day. Each row comes from one of three places (docs/reporting.md maps every row to its definition and legal
source):

- **the register** (rows 1–13, 15–22, 26–27): the clusters in the register on that day, counted or summed by the
  dated facts ``ClusterState`` defines; rows 18–22 read each cluster's periodic figures in force that day (its
  latest accepted Biểu 02, or the Department's entry; the sources say which period), and row 19 is the occupancy of Decree 32 Art. 2.7 weighted by area;
- **the accepted Biểu 02** of the period (row 14: the cumulative paid investment, over the clusters of row 11);
- **the accepted Biểu 03** of the period (rows 23–25: the tenants' revenue, budget payments and workers, which the
  communes compile from the tenants' Biểu 01). For one commune's Biểu 03 these rows have no source here: the commune
  fills them in.

Rows about the same clusters come from one set: row 12 and 13 sum row 11's clusters, rows 16.x the clusters of
15.x, rows 17–22 the operating clusters of row 15. A figure with no source at all is None — printed blank with
"Chưa có số liệu", never 0 — and each figure lists the clusters of its set that have no value (``missing``), which
the completeness panel shows before Biểu 04 is issued.

Biểu 04 is read in one shape whether it is issued or not: ``current(period)`` gives the stored JSON of the issued
one (``Bieu04.figures``, what was signed) or the same JSON computed now (``snapshot``), and ``table`` lays that JSON
out as the form prints it (sections, rows, the note). The page, the sources of a figure, the .xlsx/.docx and the
national export all read it, so none of them can disagree with another.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusters import register
from clusters.models import Cluster

from . import obligations
from .models import Bieu04, Indicator, ReportForm, Submission, SubmissionValue

REGISTER, BIEU02, BIEU03 = "register", "bieu02", "bieu03"
BILLION = Decimal(10**9)


@dataclass
class Figure:
    """One row's value and where it comes from (``origin``: register, bieu02 or bieu03); ``missing``: the clusters of
    its set without a value; ``reported``: what the reporters themselves wrote, shown beside it (row 19)."""

    key: str
    origin: str
    value: Decimal | None = None
    sources: list = field(default_factory=list)
    missing: list = field(default_factory=list)
    reported: list = field(default_factory=list)

    def add(self, amount, source):
        if amount is None:
            return
        self.value = (self.value or Decimal(0)) + Decimal(amount)
        self.sources.append(source)


def _source(state, value, **extra):
    return {"type": "cluster", "id": state.id, "label": state.label, "value": value, **extra}


def cluster_sets(reg, period):
    """The sets of clusters the rows count, by name, from the register on the period's last day."""
    start, end = period.data_start, period.data_end
    established = reg.where("established")
    operating = reg.where("operating")
    return {
        "in_plan": reg.in_register,
        "established": established,
        "established_in_period": [state for state in established if state.established_between(start, end)],
        "enterprise_investor": reg.where("enterprise_investor"),
        "detailed_plan": reg.where("detailed_plan"),
        "infrastructure_project": reg.where("infrastructure_project"),
        "operating": operating,
        "operating_established": [state for state in operating if state.established],
        "operating_unestablished": [state for state in operating if not state.established],
        "operating_craft": [state for state in operating if state.type == Cluster.Type.CRAFT_VILLAGE],
        "operating_specialised": [state for state in operating if state.type == Cluster.Type.SPECIALISED],
        "wastewater_built": reg.where("wastewater_built"),
        "wastewater_compliant": reg.where("wastewater_compliant_now"),
    }


# Rows counting a set of clusters: key → set.
REGISTER_COUNTS = {
    "plan_clusters": "in_plan",
    "established": "established",
    "established_in_period": "established_in_period",
    "enterprise_investor": "enterprise_investor",
    "detailed_plan": "detailed_plan",
    "infrastructure_project": "infrastructure_project",
    "operating": "operating",
    "operating_established": "operating_established",
    "operating_unestablished": "operating_unestablished",
    "operating_craft": "operating_craft",
    "operating_specialised": "operating_specialised",
    "wastewater_built": "wastewater_built",
    "wastewater_compliant": "wastewater_compliant",
}
# Rows summing a value of each cluster of a set: key → (set, the value of a state).
REGISTER_SUMS = {
    "plan_area": ("in_plan", lambda state: state.area),
    "established_area": ("established", lambda state: state.area),
    "established_area_in_period": ("established_in_period", lambda state: state.area),
    "enterprise_investor_area": ("enterprise_investor", lambda state: state.area),
    "detailed_plan_area": ("detailed_plan", lambda state: state.area),
    "infrastructure_project_area": ("infrastructure_project", lambda state: state.area),
    "approved_investment": (
        "infrastructure_project",
        lambda state: None if state.approved_investment is None else state.approved_investment / BILLION,
    ),
    "operating_area": ("operating", lambda state: state.area),
    "operating_established_area": ("operating_established", lambda state: state.area),
    "operating_unestablished_area": ("operating_unestablished", lambda state: state.area),
    "operating_craft_area": ("operating_craft", lambda state: state.area),
    "operating_specialised_area": ("operating_specialised", lambda state: state.area),
    "industrial_land": ("operating", lambda state: state.industrial_land),
}
# Rows summing the operating clusters' figures of the period (None when none has them): key → LandFact field.
PERIOD_SUMS = {
    "leased_land": "leased",
    "tenant_projects": "tenant_projects",
    "foreign_projects": "foreign_projects",
    "active_projects": "active_projects",
}
# Rows summed over the accepted Biểu 02 of the clusters of a set: Biểu 03/04 key → (Biểu 02 key, set).
BIEU02_SUMS = {"paid_investment": ("paid_investment", "infrastructure_project")}
# Rows summed over the accepted Biểu 03 (the city's Biểu 04 only).
BIEU03_SUMS = {"revenue": "revenue", "budget_paid": "budget_paid", "workers": "workers"}

# Where each row's figure comes from, as the page says it (the printed Ghi chú column is for people).
ORIGIN_NOTES = {
    REGISTER: _("Sổ đăng ký cụm công nghiệp"),
    BIEU02: _("Tổng Biểu 02 đã tiếp nhận"),
    BIEU03: _("Tổng Biểu 03 đã tiếp nhận"),
}
METHODS = {
    **{key: _("Số liệu định kỳ mới nhất của các cụm đã hoạt động (từ Biểu 02 đã tiếp nhận)") for key in PERIOD_SUMS},
    "occupancy": _("Số liệu định kỳ mới nhất của các cụm đã hoạt động, bình quân theo diện tích"),
    "approved_investment": _("Sổ đăng ký: tổng mức đầu tư của các dự án hạ tầng đã phê duyệt (dòng 11)"),
}
# Printed in the Ghi chú column: how row 19 is computed (Decree 32 Art. 2.7), and a figure that has no source.
OCCUPANCY_NOTE = _(
    "Bình quân theo diện tích: (đất công nghiệp đã cho thuê + đã giao cho dự án) ÷ đất công nghiệp theo quy hoạch chi "
    "tiết, cộng trên các cụm đã hoạt động (Nghị định 32/2024/NĐ-CP, Điều 2.7)."
)
NO_DATA = _("Chưa có số liệu")


def note_of(key, origin):
    """Where a row comes from, as the page and the sources page say it."""
    return METHODS.get(key, ORIGIN_NOTES.get(origin, ""))


def printed_note(key, value):
    """The Ghi chú column as printed: "Chưa có số liệu" for a figure without a source; row 19's method."""
    if value is None:
        return str(NO_DATA)
    return str(OCCUPANCY_NOTE) if key == "occupancy" else ""


def origin_of(key):
    if key in BIEU02_SUMS:
        return BIEU02
    if key in BIEU03_SUMS:
        return BIEU03
    return REGISTER


def accepted_values(period, form_code, *, commune=None, cluster_ids=None):
    """The accepted submissions of ``form_code`` in the period: {submission id: (label, subject id, {key: value})}."""
    values = SubmissionValue.objects.filter(
        submission__period=period, submission__form__code=form_code, submission__state=Submission.State.ACCEPTED
    )
    if cluster_ids is not None:
        values = values.filter(submission__cluster_id__in=cluster_ids)
    if commune is not None and cluster_ids is None:
        values = values.filter(submission__commune=commune)
    result = {}
    rows = values.values_list(
        "submission_id",
        "submission__cluster_id",
        "submission__cluster__code",
        "submission__cluster__name",
        "submission__commune__name",
        "indicator__key",
        "value",
    ).order_by("submission_id")
    for submission_id, cluster_id, code, name, commune_name, key, value in rows:
        label = f"{code} — {name}" if cluster_id else commune_name
        entry = result.setdefault(submission_id, (label, cluster_id, {}))
        entry[2][key] = value
    return result


def register_of(period, commune=None):
    """The register at the close of the period's window, over the commune's clusters."""
    clusters = None
    if commune is not None:
        clusters = Cluster.objects.filter(
            id__in=Cluster.communes.through.objects.filter(commune=commune).values("cluster_id")
        )
    return register.for_period(period, clusters=clusters)


def compute(period, commune=None):
    """Biểu 04 of the city (``commune`` None) or the pre-filled Biểu 03 of ``commune``: {key: Figure}, in the
    form's row order."""
    form = ReportForm.objects.get(code="04" if commune is None else "03")
    indicators = list(form.indicators.order_by("order"))
    figures = {ind.key: Figure(ind.key, origin_of(ind.key)) for ind in indicators}
    reg = register_of(period, commune)
    sets = cluster_sets(reg, period)

    for key, which in REGISTER_COUNTS.items():
        if key in figures:
            figures[key].value = Decimal(len(sets[which]))
            figures[key].sources = [_source(state, 1) for state in sets[which]]
    for key, (which, value_of) in REGISTER_SUMS.items():
        figure = figures.get(key)
        if figure is None:
            continue
        figure.value = Decimal(0)
        for state in sets[which]:
            value = value_of(state)
            if value is None:
                figure.missing.append(state.label)
            figure.add(value, _source(state, value))
    for key, name in PERIOD_SUMS.items():
        figure = figures.get(key)
        if figure is None:
            continue
        for state in sets["operating"]:
            value = None if state.land is None else getattr(state.land, name)
            if value is None:
                figure.missing.append(state.label)
            land = state.land and {"report": state.land.report_id, "year": state.land.year, "period": state.land.period}
            figure.add(value, _source(state, value, **(land or {})))

    occupancy = figures.get("occupancy")
    if occupancy is not None:
        occupancy.value, counted = reg.occupancy(sets["operating"])
        occupancy.sources = [_source(state, state.occupancy) for state in counted]
        occupancy.missing = [state.label for state in sets["operating"] if state.occupancy is None]

    operating_ids = {state.id for state in sets["operating"]}
    bieu02 = accepted_values(period, "02", cluster_ids=[state.id for state in reg.in_register])
    for key, (source_key, which) in BIEU02_SUMS.items():
        figure = figures.get(key)
        if figure is None:
            continue
        members = {state.id: state for state in sets[which]}
        for submission_id, (label, cluster_id, values) in bieu02.items():
            if cluster_id in members:
                figure.add(
                    values.get(source_key),
                    {"type": "submission", "id": submission_id, "label": label, "value": values.get(source_key)},
                )
        reported = {cluster_id for _label, cluster_id, values in bieu02.values() if values.get(source_key) is not None}
        figure.missing = [state.label for state in members.values() if state.id not in reported]
    if occupancy is not None:
        occupancy.reported = [
            {"type": "submission", "id": submission_id, "label": label, "value": values["occupancy"]}
            for submission_id, (label, cluster_id, values) in bieu02.items()
            if cluster_id in operating_ids and values.get("occupancy") is not None
        ]

    if commune is None:
        for submission_id, (label, _cluster, values) in accepted_values(period, "03").items():
            for key, source_key in BIEU03_SUMS.items():
                source = {"type": "submission", "id": submission_id, "label": label, "value": values.get(source_key)}
                figures[key].add(values.get(source_key), source)
    return {ind.key: figures[ind.key] for ind in indicators}


def frozen(figures, indicators=()):
    """The figures as JSON, to store with an issued Biểu 04 (values as strings, sources as they are). With the
    form's ``indicators``, each row also keeps its number, section, label and unit as they were printed. ``order``
    keeps the form's row order, which a JSON object loses in PostgreSQL (jsonb sorts its keys)."""
    printed = {
        indicator.key: {
            "row": indicator.row,
            "section": indicator.section,
            "label": indicator.label,
            "unit": indicator.unit,
        }
        for indicator in indicators
    }
    return {
        "computed_at": timezone.now().isoformat(timespec="seconds"),
        "rows": {
            key: {
                "order": order,
                **printed.get(key, {}),
                "value": None if figure.value is None else str(figure.value),
                "origin": figure.origin,
                "sources": figure.sources,
                "missing": figure.missing,
                "reported": figure.reported,
            }
            for order, (key, figure) in enumerate(figures.items())
        },
    }


def ordered_rows(stored):
    """The stored rows as (key, row) in the form's order."""
    return sorted(stored["rows"].items(), key=lambda item: item[1].get("order", 0))


def snapshot(period):
    """The city's Biểu 04 of ``period`` computed now, in the JSON shape it is stored in when issued."""
    indicators = Indicator.objects.filter(form__code="04").order_by("order")
    return frozen(compute(period), indicators)


def current(period):
    """(figures JSON, the issued ``Bieu04`` or None): what was issued, once it is; else computed now."""
    issued = Bieu04.objects.current().filter(period=period).select_related("issued_by").first()
    if issued is not None:
        return issued.figures, issued
    return snapshot(period), None


def as_decimal(value):
    return None if value is None else Decimal(value)


def table(stored):
    """The rows of Biểu 04 as the form prints them, from the figures JSON: a section heading ({"section": "I",
    "title": …}) before the first row of each section, then each row with its value (a Decimal), its note and how
    many sources it has."""
    lines, section = [], None
    for key, row in ordered_rows(stored):
        if row.get("section") and row["section"] != section:
            section = row["section"]
            number, _dot, title = section.partition(". ")
            lines.append({"section": number, "title": title or number})
        lines.append(
            {
                "key": key,
                "row": row.get("row", ""),
                "label": row.get("label", key),
                "unit": row.get("unit", ""),
                "value": as_decimal(row["value"]),
                "origin": row["origin"],
                "method": note_of(key, row["origin"]),
                "note": printed_note(key, as_decimal(row["value"])),
                "sources": len(row["sources"]),
                "missing": row.get("missing", []),
                "reported": row.get("reported", []),
            }
        )
    return lines


def completeness(period, stored):
    """What Biểu 04 of ``period`` still lacks, from its figures JSON: the reporters not yet accepted, by form
    (``obligations.returns``), and the rows with no source or with clusters of their set that have no value. Empty
    lists when nothing is missing. Shown before "Ban hành"; stored with an issue made despite it."""
    reporters = {
        code: {"expected": expected, "accepted": accepted, "missing": missing}
        for code, (expected, accepted, missing) in obligations.returns(period).items()
    }
    rows = [
        {
            "key": line["key"],
            "row": line["row"],
            "label": line["label"],
            "no_data": line["value"] is None,
            "missing": line["missing"],
        }
        for line in table(stored)
        if "key" in line and (line["value"] is None or line["missing"])
    ]
    has_gaps = any(entry["missing"] for entry in reporters.values()) or bool(rows)
    return {"reporters": reporters, "rows": rows, "has_gaps": has_gaps}
