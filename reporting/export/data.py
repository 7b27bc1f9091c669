"""The national export as one JSON-ready dict: the register on the day the period's data window closes, its
decisions, the period's accepted Biểu 02/03 and its issued Biểu 04 (the package's docstring states the format)."""

import json
from pathlib import Path

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone, translation

from clusters import register
from clusters.models import Cluster, ClusterDecision
from clusters.periods import FILE_SLUG, PeriodKind
from places.models import Commune, Province
from places.selectors import installation_province
from reporting import bieu
from reporting.models import Bieu04, Indicator, Submission, SubmissionValue

FORMAT = "ccn-national-export"
VERSION = 2
SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schemas" / "national-export.schema.json"
LANGUAGE = "vi"  # the labels are the Vietnamese names, whatever the language of the request

# The register's facts about a cluster on the day (``ClusterState`` properties), exported under these names.
FACTS = {
    "in_register": "in_register",
    "established": "established",
    "enterprise_investor": "enterprise_investor",
    "detailed_plan_approved": "detailed_plan",
    "infrastructure_project_approved": "infrastructure_project",
    "under_construction": "under_construction",
    "infrastructure_complete": "infrastructure_complete",
    "operating": "operating",
    "wastewater_built": "wastewater_built",
    "wastewater_compliant": "wastewater_compliant_now",
    "wastewater_handed_over": "wastewater_handed_over",
}
# The dated facts, exported only when dated on or before the day (the register did not know a later one).
DATES = {
    "detailed_plan_approved_on": "detailed_plan_date",
    "infrastructure_project_approved_on": "infrastructure_project_date",
    "construction_started_on": "construction_started_on",
    "infrastructure_completed_on": "infrastructure_completed_on",
    "operating_since": "operating_since",
    "wastewater_started_on": "wastewater_started_on",
    "wastewater_built_on": "wastewater_built_on",
    "wastewater_compliant_since": "wastewater_compliant_since",
    "wastewater_handed_over_on": "wastewater_handed_over_on",
}
# The cluster's periodic figures of the period (``LandFact``), from its accepted Biểu 02.
PERIOD_FIGURES = ("tenant_projects", "foreign_projects", "active_projects", "workers")


def filename(period, extension, part=None):
    kind = FILE_SLUG[period.kind]
    suffix = f"-{part}" if part else ""
    return f"csdl-ccn-{period.year}-{kind}{suffix}.{extension}"


def schema():
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def _text(value):
    return None if value is None else str(value)


def coded(choices, code):
    """A state, kind or type as the export writes it: its stable code and its Vietnamese label (None when blank)."""
    if not code:
        return None
    return {"code": str(code), "label": str(choices(code).label)}


def _dated(date, day):
    return date if date is not None and date <= day else None


# --- the register on the day ---------------------------------------------------------------------------------


def _details(states):
    """What the register reads as it stands, per cluster id: province, communes, place and investor names, and the
    issuing body of each decision ((cluster id, number) → body)."""
    ids = [state.id for state in states]
    rows = {
        row["id"]: row
        for row in Cluster.objects.filter(id__in=ids).values(
            "id", "province_id", "former_district", "former_commune", "investor_name", "latitude", "longitude"
        )
    }
    provinces = {
        province.id: province for province in Province.objects.filter(id__in={r["province_id"] for r in rows.values()})
    }
    commune_ids = {commune_id for state in states for commune_id in state.commune_ids}
    communes = {commune.id: commune for commune in Commune.objects.filter(id__in=commune_ids)}
    bodies = {
        (cluster_id, number): body
        for cluster_id, number, body in ClusterDecision.objects.filter(cluster_id__in=ids).values_list(
            "cluster_id", "number", "issuing_body"
        )
    }
    return rows, provinces, communes, bodies


def decision_record(decision, issuing_body):
    return {
        "kind": coded(ClusterDecision.Kind, decision.kind),
        "number": decision.number,
        "date": decision.date,
        "issuing_body": issuing_body,
        "area_before_ha": _text(decision.area_before),
        "area_after_ha": _text(decision.area_after),
    }


def cluster_record(state, row, province, communes, bodies, period):
    """One cluster as the register gave it at the end of ``state.day``."""
    land = state.land
    communes = sorted((communes[commune_id] for commune_id in state.commune_ids), key=lambda commune: commune.code)
    return {
        "code": state.code,
        "name": state.name,
        "type": coded(Cluster.Type, state.type),
        "stage": coded(Cluster.Status, state.stage),
        "province_code": province.code,
        "communes": [{"code": commune.code, "name": commune.full_name} for commune in communes],
        "former_district": row["former_district"],
        "former_commune": row["former_commune"],
        "latitude": _text(row["latitude"]),
        "longitude": _text(row["longitude"]),
        "investor": {"name": row["investor_name"], "kind": coded(Cluster.InvestorKind, state.investor_kind)},
        "facts": {
            **{name: getattr(state, attribute) for name, attribute in FACTS.items()},
            "established_in_period": state.established_between(period.data_start, period.data_end),
        },
        "dates": {
            "established_on": state.established_on,
            **{name: _dated(getattr(state, attribute), state.day) for name, attribute in DATES.items()},
        },
        "areas": {
            "total_ha": _text(state.area),
            "industrial_land_ha": _text(state.industrial_land),
            "leased_land_ha": _text(land and land.leased),
            "committed_land_ha": _text(land and land.committed),
        },
        "occupancy_pct": _text(state.occupancy),
        "approved_investment_vnd": _text(state.approved_investment),
        "period_figures": {name: None if land is None else getattr(land, name) for name in PERIOD_FIGURES},
        "decisions": [decision_record(d, bodies.get((state.id, d.number))) for d in state.known_decisions],
    }


def cluster_records(period):
    """The clusters in the register at the close of the period's data window, by code; and their province(s)."""
    states = register.for_period(period).in_register
    rows, provinces, communes, bodies = _details(states)
    records = [
        cluster_record(state, rows[state.id], provinces[rows[state.id]["province_id"]], communes, bodies, period)
        for state in states
    ]
    return records, sorted(provinces.values(), key=lambda province: province.code)


# --- the period's accepted reports and issued Biểu 04 ---------------------------------------------------------


def accepted_reports(period):
    """{"02": [...], "03": [...]}: the period's accepted Biểu 02 (per cluster) and Biểu 03 (per commune), each with
    every row of its form; a row the report left empty has the value null."""
    indicators = {"02": [], "03": []}
    for indicator in Indicator.objects.filter(form__code__in=indicators).select_related("form").order_by("order"):
        indicators[indicator.form.code].append(indicator)
    submissions = (
        Submission.objects.filter(period=period, form__code__in=indicators, state=Submission.State.ACCEPTED)
        .select_related("form", "cluster", "commune")
        .order_by("cluster__code", "commune__code")
    )
    values = {}
    accepted = SubmissionValue.objects.filter(submission__in=submissions)
    for submission_id, indicator_id, value in accepted.values_list("submission_id", "indicator_id", "value"):
        values[(submission_id, indicator_id)] = value
    reports = {"02": [], "03": []}
    for submission in submissions:
        code = submission.form.code
        if code == "02":
            subject = {"cluster": {"code": submission.cluster.code, "name": submission.cluster.name}}
        else:
            subject = {"commune": {"code": submission.commune.code, "name": submission.commune.full_name}}
        rows = [
            {
                "key": indicator.key,
                "row": indicator.row,
                "label": indicator.label,
                "unit": indicator.unit,
                "value": _text(values.get((submission.id, indicator.id))),
            }
            for indicator in indicators[code]
        ]
        accepted_at = submission.decided_at and timezone.localtime(submission.decided_at).isoformat(timespec="seconds")
        reports[code].append({**subject, "accepted_at": accepted_at, "rows": rows})
    return reports


def bieu04_record(period):
    """The period's issued Biểu 04 (its frozen rows, as signed), or None while it is not issued."""
    if not Bieu04.objects.filter(period=period).exists():
        return None
    figures, issued = bieu.current(period)
    rows = [
        {
            "row": line["row"],
            "key": line["key"],
            "label": line["label"],
            "unit": line["unit"],
            "value": _text(line["value"]),
            "origin": line["origin"],
        }
        for line in bieu.table(figures)
        if "key" in line
    ]
    return {"number": issued.number, "issued_on": issued.issued_on, "signer": issued.signer, "rows": rows}


def _province(provinces):
    # Without a cluster in the register, the installation's province (settings.PROVINCE_CODE) sends the file.
    province = provinces[0] if provinces else (installation_province() or Province.objects.order_by("code").first())
    return None if province is None else {"code": province.code, "name": province.name}


def national_data(period):
    """The whole export as one JSON-ready dict."""
    with translation.override(LANGUAGE):
        clusters, provinces = cluster_records(period)
        reports = accepted_reports(period)
        return {
            "format": FORMAT,
            "version": VERSION,
            "generated_at": timezone.localtime().isoformat(timespec="seconds"),
            "province": _province(provinces),
            "period": {
                "id": period.pk,
                "year": period.year,
                "kind": coded(PeriodKind, period.kind),
                "label": period.label,
                "data_start": period.data_start,
                "data_end": period.data_end,
            },
            "register_as_of": period.data_end,
            "clusters": clusters,
            "bieu02": reports["02"],
            "bieu03": reports["03"],
            "bieu04": bieu04_record(period),
        }


def as_json(data):
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2) + "\n"


def as_bytes(period):
    """The JSON file: what the page sends and the command writes."""
    return as_json(national_data(period)).encode("utf-8")
