"""The register and a period's issued Biểu 04 for the national cluster database (Circular 14 Art. 3.4, Decree 32
Art. 33.4): JSON, or CSV in two parts, with the official administrative unit codes (province 01, the communes'
codes of the 2025 reform). The page download and ``manage.py export_national_cluster_data`` write the same bytes.

One vocabulary for both formats: a CSV column is the JSON path of the value joined by "_" (``areas.total_ha`` →
``areas_total_ha``); a list (the communes) becomes its fields joined by ";" (``communes_code``). Decimal numbers are
strings ("12.50") so no precision is lost; dates are ISO 8601. The README (Xuất dữ liệu cho CSDL quốc gia) lists
the fields.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from clusters.models import Cluster, ClusterDecision
from clusters.periods import FILE_SLUG
from core.exports import Column, csv_response
from places.models import Province

from . import bieu

FORMAT = "ccn-national-export"
VERSION = 1
CSV_PARTS = ("register", "bieu04")
BIEU04_ROW_FIELDS = ("row", "key", "label", "unit", "value", "origin")


def filename(period, extension, part=None):
    kind = FILE_SLUG[period.kind]
    suffix = f"-{part}" if part else ""
    return f"csdl-ccn-{period.year}-{kind}{suffix}.{extension}"


def _text(value):
    return None if value is None else str(value)


def _establishments():
    """cluster id → (date, number) of its first establishment decision."""
    first = {}
    decisions = ClusterDecision.objects.filter(kind=ClusterDecision.Kind.ESTABLISH).order_by("date", "pk")
    for cluster_id, date, number in decisions.values_list("cluster_id", "date", "number"):
        first.setdefault(cluster_id, (date, number))
    return first


def cluster_records():
    """The register's clusters (all but those revoked, as Biểu 04 row 1 counts them) as export records."""
    clusters = (
        Cluster.objects.exclude(status=Cluster.Status.REVOKED)
        .select_related("province")
        .prefetch_related("communes")
        .order_by("code")
    )
    established = _establishments()
    return [
        cluster_record(
            cluster,
            sorted(cluster.communes.all(), key=lambda commune: commune.code),
            established.get(cluster.id, (None, None)),
        )
        for cluster in clusters
    ]


def cluster_record(cluster, communes, establishment):
    """One cluster as the export writes it; ``establishment``: (date, number) of its first establishment decision."""
    established_on, decision = establishment
    return {
        "code": cluster.code,
        "name": cluster.name,
        "type": cluster.type,
        "type_label": cluster.get_type_display(),
        "status": cluster.status,
        "status_label": cluster.get_status_display(),
        "province_code": cluster.province.code,
        "communes": [{"code": commune.code, "name": commune.full_name} for commune in communes],
        "former_district": cluster.former_district,
        "former_commune": cluster.former_commune,
        "areas": {
            "total_ha": _text(cluster.total_area_ha),
            "industrial_land_ha": _text(cluster.industrial_land_ha),
            "serviced_land_ha": _text(cluster.serviced_land_ha),
            "leased_land_ha": _text(cluster.leased_land_ha),
            "committed_land_ha": _text(cluster.committed_land_ha),
        },
        "occupancy_pct": _text(cluster.occupancy_pct),
        "investor": {"name": cluster.investor_name, "kind": cluster.investor_kind},
        "established_on": established_on,
        "establishment_decision": decision,
        "detailed_plan_approved_on": cluster.detailed_plan_date,
        "approved_investment_vnd": _text(cluster.approved_investment_vnd),
        "disbursed_investment_vnd": _text(cluster.disbursed_investment_vnd),
        "operating_since": cluster.operating_since,
        "wastewater": {
            "status": cluster.wastewater_status,
            "capacity_m3_per_day": cluster.wastewater_capacity_m3_per_day,
            "compliant": cluster.wastewater_compliant,
        },
        "latitude": _text(cluster.latitude),
        "longitude": _text(cluster.longitude),
        "data_as_of": cluster.data_as_of,
    }


def _province(records):
    codes = {record["province_code"] for record in records}
    provinces = Province.objects.filter(code__in=codes) if codes else Province.objects.all()
    province = provinces.order_by("code").first()
    return None if province is None else {"code": province.code, "name": province.name}


def bieu04_record(period):
    """The period's issued Biểu 04 (its frozen rows, as signed), or None while it is not issued."""
    issued = getattr(period, "bieu04", None)
    if issued is None:
        return None
    rows = [
        {
            "row": line["row"],
            "key": line["key"],
            "label": line["label"],
            "unit": line["unit"],
            "value": _text(line["value"]),
            "origin": line["origin"],
        }
        for line in bieu.table(issued.figures)
        if "key" in line
    ]
    return {"number": issued.number, "issued_on": issued.issued_on, "signer": issued.signer, "rows": rows}


def national_data(period):
    """The whole export as one JSON-ready dict."""
    clusters = cluster_records()
    return {
        "format": FORMAT,
        "version": VERSION,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "province": _province(clusters),
        "period": {
            "id": period.pk,
            "year": period.year,
            "kind": period.kind,
            "data_start": period.data_start,
            "data_end": period.data_end,
        },
        "clusters": clusters,
        "bieu04": bieu04_record(period),
    }


def as_json(data):
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def flatten(record, prefix=""):
    """A JSON record as CSV columns: nested keys joined by "_", a list of records as each field joined by ";"."""
    flat = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}_"))
        elif isinstance(value, list):
            fields = list(value[0]) if value else ["code", "name"]
            for field in fields:
                flat[f"{name}_{field}"] = ";".join(str(item[field]) for item in value)
        else:
            flat[name] = value
    return flat


def csv_rows(period, part):
    """(columns, rows) of a CSV part: one row per cluster of the register, or per row of the issued Biểu 04
    (None while it is not issued)."""
    if part == "bieu04":
        issued = bieu04_record(period)
        if issued is None:
            return None
        head = {"period_year": period.year, "period_kind": period.kind, "number": issued["number"]}
        records = [{**head, "issued_on": issued["issued_on"], **row} for row in issued["rows"]]
        titles = [*head, "issued_on", *BIEU04_ROW_FIELDS]
    else:
        records = [flatten(record) for record in cluster_records()]
        # An empty register still has its header row: the columns of a blank cluster.
        titles = list(flatten(cluster_record(Cluster(province=Province()), [], (None, None))))
    return [Column(title) for title in titles], [[record[title] for title in titles] for record in records]


def csv_download(period, part, rows):
    columns, values = rows
    return csv_response(columns, values, filename(period, "csv", part))
