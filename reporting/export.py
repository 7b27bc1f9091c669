"""The national cluster database export of a period (Circular 14 Art. 3.4, Decree 32 Art. 33.4), format
``ccn-national-export`` version 2: the register as it stood at the close of the period's data window
(``clusters.register.for_period``), every decision in force by then, the period's accepted Biểu 02 (per cluster) and
Biểu 03 (per commune), and the issued Biểu 04. JSON, or CSV by part; the page download and
``manage.py export_national_cluster_data`` write the same bytes.

The format is fixed by ``reporting/schemas/national-export.schema.json`` (JSON Schema 2020-12, served at
/api/v1/schema/national-export.json) and docs/reporting.md. Its rules:

- every state, kind and type is ``{"code", "label"}``: the code is the model's choice value and never changes, the
  label is its Vietnamese name and may;
- decimal numbers are strings ("12.50") so no precision is lost, dates ISO 8601, a value nobody gave is null (never 0);
- a CSV column is the JSON path of the value joined by "_" (``areas.total_ha`` → ``areas_total_ha``), the columns of a
  part come from the schema (so an empty part keeps its header), a list of records inside a row (the communes) is each
  field joined by ";".
"""

import json
from pathlib import Path

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone, translation

from clusters import register
from clusters.models import Cluster, ClusterDecision
from clusters.periods import FILE_SLUG, PeriodKind
from core.exports import Column, csv_response
from places.models import Commune, Province

from . import bieu
from .models import Bieu04, Indicator, Submission, SubmissionValue

FORMAT = "ccn-national-export"
VERSION = 2
SCHEMA_FILE = Path(__file__).resolve().parent / "schemas" / "national-export.schema.json"
# Each CSV part: one row per item of the JSON list it names.
CSV_PARTS = ("register", "decisions", "bieu02", "bieu03", "bieu04")
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
    province = provinces[0] if provinces else Province.objects.order_by("code").first()
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


# --- CSV ------------------------------------------------------------------------------------------------------


def _definition(node, root):
    """``node`` with its ``$ref`` followed and its null alternative dropped (a nullable object has the same columns)."""
    while True:
        if "$ref" in node:
            node = root["$defs"][node["$ref"].rsplit("/", 1)[-1]]
        elif "anyOf" in node:
            node = next(option for option in node["anyOf"] if option.get("type") != "null")
        else:
            return node


def schema_columns(node, root, prefix="", skip=()):
    """The CSV columns of a record the schema defines: nested objects' fields joined by "_", a list of records as one
    column per field of its items."""
    node = _definition(node, root)
    columns = []
    for name, child in node["properties"].items():
        if name in skip:
            continue
        child = _definition(child, root)
        if child.get("type") == "object":
            columns += schema_columns(child, root, f"{prefix}{name}_")
        elif child.get("type") == "array":
            columns += schema_columns(child["items"], root, f"{prefix}{name}_")
        else:
            columns.append(f"{prefix}{name}")
    return columns


def _cell(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def flatten(record, prefix=""):
    """A JSON record as CSV cells: nested keys joined by "_", a list of records as each field joined by ";"."""
    flat = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}_"))
        elif isinstance(value, list):
            items = [flatten(item) for item in value]
            for field in {field: None for item in items for field in item}:
                flat[f"{name}_{field}"] = ";".join(
                    "" if item[field] is None else str(_cell(item[field])) for item in items
                )
        else:
            flat[name] = _cell(value)
    return flat


def _items(period, part, root):
    """(enclosing columns, [(enclosing values, item)], item columns) of a part; None when Biểu 04 is not issued."""
    defs = root["$defs"]
    if part in ("register", "decisions"):
        clusters, _provinces = cluster_records(period)
        if part == "register":
            return (
                [],
                [({}, cluster) for cluster in clusters],
                schema_columns(defs["cluster"], root, skip=("decisions",)),
            )
        items = [({"cluster_code": c["code"]}, d) for c in clusters for d in c["decisions"]]
        return ["cluster_code"], items, schema_columns(defs["decision"], root)
    if part in ("bieu02", "bieu03"):
        subject = "cluster" if part == "bieu02" else "commune"
        reports = accepted_reports(period)["02" if part == "bieu02" else "03"]
        items = [
            (flatten({subject: report[subject], "accepted_at": report["accepted_at"]}), row)
            for report in reports
            for row in report["rows"]
        ]
        return [f"{subject}_code", f"{subject}_name", "accepted_at"], items, schema_columns(defs["report_row"], root)
    issued = bieu04_record(period)
    if issued is None:
        return None
    enclosing = ["number", "issued_on", "signer"]
    items = [({name: issued[name] for name in enclosing}, row) for row in issued["rows"]]
    return enclosing, items, schema_columns(defs["bieu04_row"], root)


def csv_rows(period, part):
    """(columns, rows) of a CSV part, or None while Biểu 04 is not issued (part ``bieu04``). Each row is one item of
    the JSON list the part is named after: the period (``period_year``, ``period_kind_code``), what identifies the
    enclosing record (``cluster_code``…), then the item's fields."""
    with translation.override(LANGUAGE):
        found = _items(period, part, schema())
    if found is None:
        return None
    enclosing, items, item_columns = found
    head = {"period_year": period.year, "period_kind_code": period.kind}
    titles = [*head, *enclosing, *item_columns]
    rows = []
    for outer, item in items:
        flat = {**head, **outer, **flatten(item)}
        rows.append([flat.get(title) for title in titles])
    return [Column(title) for title in titles], rows


def csv_download(period, part, rows):
    columns, values = rows
    return csv_response(columns, values, filename(period, "csv", part))


def csv_bytes(period, part):
    """The CSV file of a part (None: Biểu 04 not issued): what the page sends and the command writes."""
    rows = csv_rows(period, part)
    return None if rows is None else b"".join(csv_download(period, part, rows).streaming_content)
