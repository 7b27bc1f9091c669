"""The figures of Biểu 03 (one commune) and Biểu 04 (the city), each traced to its sources.

One computation serves both: ``compute(period, commune=None)``. Each row comes from one of three places
(docs/reporting.md):

- **the register** (rows 1–12, 15–17): the clusters in the register now (not revoked), with their dated facts
  read up to the end of the period's data window — the establishment decisions, the detailed plan's
  approval, the start of operation — and the approved infrastructure project;
- **the accepted Biểu 02** of the period (rows 13, 14, 18, 20–22 summed; 26–27 counted where the flag is 1;
  19 the simple average of the operating clusters' occupancy);
- **the accepted Biểu 03** of the period (rows 23–25: the tenants' revenue, budget payments and workers,
  which the communes compile from the tenants' Biểu 01). For one commune's Biểu 03 these rows have no source
  here: the commune fills them in.

Every figure keeps the list of its sources (a cluster, or a submission), so a page can show what makes it.

Biểu 04 is read in one shape whether it is issued or not: ``current(period)`` gives the stored JSON of the issued
one (``Bieu04.figures``, what was signed) or the same JSON computed now (``snapshot``), and ``table`` lays that JSON
out as the form prints it (sections, rows, the note saying where each figure comes from). The page, the sources of a
figure, the .xlsx/.docx and the national export all read it, so none of them can disagree with another.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, ClusterDecision

from .models import Bieu04, Indicator, ReportForm, Submission, SubmissionValue

REGISTER, BIEU02, BIEU03 = "register", "bieu02", "bieu03"
HUNDREDTH = Decimal("0.01")


@dataclass
class Figure:
    """One row's value and where it comes from (``origin``: register, bieu02 or bieu03)."""

    key: str
    origin: str
    value: Decimal | None = None
    sources: list = field(default_factory=list)

    def add(self, amount, source):
        if amount is None:
            return
        self.value = (self.value or Decimal(0)) + Decimal(amount)
        self.sources.append(source)


# Rows counted or summed over the register's clusters: key → (which clusters, what to add: None counts them).
REGISTER_ROWS = {
    "plan_clusters": ("in_plan", None),
    "plan_area": ("in_plan", "area"),
    "established": ("established", None),
    "established_area": ("established", "area"),
    "established_in_period": ("established_in_period", None),
    "established_area_in_period": ("established_in_period", "area"),
    "enterprise_investor": ("enterprise_investor", None),
    "enterprise_investor_area": ("enterprise_investor", "area"),
    "detailed_plan": ("detailed_plan", None),
    "detailed_plan_area": ("detailed_plan", "area"),
    "infrastructure_project": ("infrastructure_project", None),
    "infrastructure_project_area": ("infrastructure_project", "area"),
    "operating": ("operating", None),
    "operating_established": ("operating_established", None),
    "operating_unestablished": ("operating_unestablished", None),
    "operating_craft": ("operating_craft", None),
    "operating_specialised": ("operating_specialised", None),
    "operating_area": ("operating", "area"),
    "operating_established_area": ("operating_established", "area"),
    "operating_unestablished_area": ("operating_unestablished", "area"),
    "operating_craft_area": ("operating_craft", "area"),
    "operating_specialised_area": ("operating_specialised", "area"),
    "industrial_land": ("operating", "industrial_land"),
}
# Rows summed over the accepted Biểu 02: Biểu 03/04 key → Biểu 02 key.
BIEU02_SUMS = {
    "approved_investment": "approved_investment",
    "paid_investment": "paid_investment",
    "leased_land": "leased_land",
    "tenant_projects": "tenant_projects",
    "foreign_projects": "foreign_projects",
    "active_projects": "active_projects",
}
# Rows counting the accepted Biểu 02 whose flag is 1.
BIEU02_FLAGS = {"wastewater_built": "wastewater_built", "wastewater_compliant": "wastewater_compliant"}
BIEU02_AVERAGE = {"occupancy": "occupancy"}
# Rows summed over the accepted Biểu 03 (the city's Biểu 04 only).
BIEU03_SUMS = {"revenue": "revenue", "budget_paid": "budget_paid", "workers": "workers"}


# Column "Ghi chú" of Biểu 04: where the row's figure comes from.
ORIGIN_NOTES = {
    REGISTER: _("Sổ đăng ký cụm công nghiệp"),
    BIEU02: _("Tổng Biểu 02 đã tiếp nhận"),
    BIEU03: _("Tổng Biểu 03 đã tiếp nhận"),
}
NOTES = {
    **{key: _("Số Biểu 02 đã tiếp nhận ghi 1") for key in BIEU02_FLAGS},
    **{key: _("Bình quân Biểu 02 đã tiếp nhận của các cụm đã hoạt động") for key in BIEU02_AVERAGE},
}


def note_of(key, origin):
    return NOTES.get(key, ORIGIN_NOTES.get(origin, ""))


def origin_of(key):
    if key in REGISTER_ROWS:
        return REGISTER
    if key in BIEU03_SUMS:
        return BIEU03
    return BIEU02


def cluster_facts(period, commune=None):
    """The register's clusters in the scope, each with the facts the register rows count, dated facts up to the end
    of the data window: a list of dicts."""
    clusters = Cluster.objects.exclude(status=Cluster.Status.REVOKED)
    if commune is not None:
        clusters = clusters.filter(id__in=Cluster.communes.through.objects.filter(commune=commune).values("cluster_id"))
    established = dict(
        ClusterDecision.objects.filter(kind=ClusterDecision.Kind.ESTABLISH, date__lte=period.data_end)
        .values_list("cluster_id")
        .annotate(first=Min("date"))
        .order_by()
    )
    facts = []
    for cluster in clusters.order_by("code"):
        on = established.get(cluster.id)
        operating = cluster.status == Cluster.Status.OPERATING or bool(
            cluster.operating_since and cluster.operating_since <= period.data_end
        )
        detailed = bool(cluster.detailed_plan_date and cluster.detailed_plan_date <= period.data_end) or (
            cluster.status in Cluster.statuses_at_or_after(Cluster.Status.DETAILED_PLAN_APPROVED)
        )
        facts.append(
            {
                "id": cluster.id,
                "label": f"{cluster.code} — {cluster.name}",
                "area": cluster.total_area_ha,
                "industrial_land": cluster.industrial_land_ha,
                "in_plan": True,
                "established": on is not None,
                "established_in_period": on is not None and period.data_start <= on <= period.data_end,
                "enterprise_investor": on is not None and cluster.investor_kind == Cluster.InvestorKind.ENTERPRISE,
                "detailed_plan": detailed,
                "infrastructure_project": cluster.approved_investment_vnd is not None,
                "operating": operating,
                "operating_established": operating and on is not None,
                "operating_unestablished": operating and on is None,
                "operating_craft": operating and cluster.type == Cluster.Type.CRAFT_VILLAGE,
                "operating_specialised": operating and cluster.type == Cluster.Type.SPECIALISED,
            }
        )
    return facts


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


def compute(period, commune=None):
    """Biểu 04 of the city (``commune`` None) or the pre-filled Biểu 03 of ``commune``: {key: Figure}, in the
    form's row order."""
    form = ReportForm.objects.get(code="04" if commune is None else "03")
    indicators = list(form.indicators.order_by("order"))
    figures = {ind.key: Figure(ind.key, origin_of(ind.key)) for ind in indicators}

    facts = cluster_facts(period, commune)
    for key, (which, amount) in REGISTER_ROWS.items():
        figure = figures.get(key)
        if figure is None:
            continue
        figure.value = Decimal(0)
        for fact in facts:
            if fact[which]:
                add = Decimal(1) if amount is None else fact[amount]
                figure.add(add, {"type": "cluster", "id": fact["id"], "label": fact["label"], "value": add})

    operating_ids = {fact["id"] for fact in facts if fact["operating"]}
    bieu02 = accepted_values(period, "02", cluster_ids=[fact["id"] for fact in facts])
    for key in {**BIEU02_SUMS, **BIEU02_FLAGS, **BIEU02_AVERAGE}:
        if key in figures:
            figures[key].value = Decimal(0)
    readings = []
    for submission_id, (label, cluster_id, values) in bieu02.items():
        for key, source_key in BIEU02_SUMS.items():
            source = {"type": "submission", "id": submission_id, "label": label, "value": values.get(source_key)}
            figures[key].add(values.get(source_key), source)
        for key, source_key in BIEU02_FLAGS.items():
            if values.get(source_key) == 1:
                figures[key].add(1, {"type": "submission", "id": submission_id, "label": label, "value": 1})
        for key, source_key in BIEU02_AVERAGE.items():
            if cluster_id in operating_ids and values.get(source_key) is not None:
                readings.append(values[source_key])
                figures[key].sources.append(
                    {"type": "submission", "id": submission_id, "label": label, "value": values[source_key]}
                )
    for key in BIEU02_AVERAGE:
        figures[key].value = (sum(readings) / len(readings)).quantize(HUNDREDTH) if readings else None

    if commune is None:
        for key in BIEU03_SUMS:
            figures[key].value = Decimal(0)
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
    issued = Bieu04.objects.filter(period=period).select_related("issued_by").first()
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
                "note": note_of(key, row["origin"]),
                "sources": len(row["sources"]),
            }
        )
    return lines
