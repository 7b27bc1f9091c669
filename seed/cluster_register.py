"""One row of the sourced cluster CSV (``data/hanoi-clusters-sourced.csv``, Hanoi's register) → the fields of one
cluster record, with its interpretation noted.

The CSV was pieced together from news pages: statuses and decisions are free text, areas may conflict.
Each interpretation is written into the cluster's ``notes`` next to the raw value, so a reader can check it.
"""

import datetime
import re
from decimal import Decimal

from clusters.models import Cluster, ClusterDecision
from places.reference import communes_named

DECISION_RE = re.compile(r"QĐ\s+(\d+/QĐ-UBND)\s+(\d{1,2})/(\d{1,2})/(\d{4})")
INVESTMENT_RE = re.compile(r"TMĐT\s+(\d+(?:\.\d+)?)\s*bn VND")
NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")
TWO_PLACES = Decimal("0.01")


EXPANSION_MARK = "(expanded)"


def merge_expansions(rows):
    """Fold each "(expanded)" row into the cluster row before it: it reports that cluster's expansion.

    The CSV lists "CCN Quất Động mở rộng" (43 ha, operating) and then "CCN Quất Động 2 (expanded)"
    (47.51 ha, expansion decided by QĐ 1406/QĐ-UBND of 12/3/2025) from another source: one cluster,
    before and after its expansion. The register keeps one record, at its expanded area, with the
    expansion decision and both sources; the CSV's 28 rows are the 27 clusters DOMAIN.md speaks of.
    """
    merged = []
    for row in rows:
        if EXPANSION_MARK in row["name_vi"] and merged and merged[-1]["old_district"] == row["old_district"]:
            base = dict(merged[-1])
            base["area_before_expansion"] = base["area_ha"]
            base["area_ha"] = row["area_ha"] or base["area_ha"]
            base["status_as_reported"] = f"{base['status_as_reported']}; {row['status_as_reported']}"
            base["decision_ref"] = row["decision_ref"] or base["decision_ref"]
            base["source_url"] = f"{base['source_url']} ; {row['source_url']}"
            base["fields_sourced"] = f"{base['fields_sourced']}; mở rộng ({row['name_vi']}): {row['fields_sourced']}"
            base["merged_from"] = row["name_vi"]
            merged[-1] = base
            continue
        merged.append(row)
    return merged


def cluster_values(row, province, communes):
    """The cluster fields a sourced CSV row gives, its current communes, and warnings for the operator.

    Every interpretation is written into ``notes`` next to the raw value, so a reader can check it.
    """
    notes, warnings = [], []
    name = row["name_vi"].strip().replace("(expanded)", "(mở rộng)")
    status_text = row["status_as_reported"].strip()
    status = _status(status_text)
    area, area_note = _area(row["area_ha"])
    former_commune, commune_note = _former_commune(row["old_commune"])
    current_communes, commune_warning = communes_named(row["new_commune_2025"], communes)
    decision_ref = row["decision_ref"].strip()
    decisions = DECISION_RE.findall(decision_ref)

    values = {
        "name": name,
        "type": Cluster.Type.CRAFT_VILLAGE if "làng nghề" in name.lower() else Cluster.Type.GENERAL,
        "province": province,
        "former_district": row["old_district"].strip(),
        "former_commune": former_commune,
        "total_area_ha": area,
        "status": status,
        "status_decision": "",
        "status_decision_date": None,
        "investor_name": row["infra_investor"].strip(),
        "investor_kind": _investor_kind(row["infra_investor"]),
        "approved_investment_vnd": None,
        "wastewater_status": Cluster.Wastewater.PLANNED if "wwtp planned" in status_text.lower() else "none",
        "data_source": row["source_url"].strip(),
        "data_as_of": None,
    }
    if decisions:
        number, day, month, year = decisions[0]
        date = datetime.date(int(year), int(month), int(day))
        values["status_decision"], values["status_decision_date"] = f"Quyết định số {number}", date
    investment = INVESTMENT_RE.search(decision_ref)
    if investment:
        values["approved_investment_vnd"] = (Decimal(investment.group(1)) * 1_000_000_000).quantize(Decimal(1))

    if row.get("merged_from"):
        notes.append(f"Gộp với dòng “{row['merged_from']}” của nguồn: cùng cụm, sau khi mở rộng.")
    notes.append(f"Tình trạng theo nguồn: {status_text}.")
    if decision_ref:
        notes.append(f"Văn bản, số liệu theo nguồn: {decision_ref}.")
    notes += [note for note in (area_note, commune_note) if note]
    if commune_warning:
        notes.append(commune_warning)
        warnings.append(commune_warning)
    notes.append(f"Trường có nguồn: {row['fields_sourced'].strip()}.")
    values["notes"] = "\n".join(notes)
    return values, current_communes, warnings


def cluster_decisions(row):
    """The decisions about the cluster a sourced CSV row gives, as ``ClusterDecision`` field values.

    The decision behind an "established" or "expansion decided" status is an establishment or an expansion;
    a cluster in site clearance cites land-use decisions, which are not decisions about the cluster.
    """
    status_text = row["status_as_reported"].strip().lower()
    found = DECISION_RE.findall(row["decision_ref"].strip())
    if not found or _status(status_text) == Cluster.Status.SITE_CLEARANCE:
        return []
    number, day, month, year = found[0]
    expansion = "expansion" in status_text or bool(row.get("merged_from"))
    return [
        {
            "kind": ClusterDecision.Kind.EXPAND if expansion else ClusterDecision.Kind.ESTABLISH,
            "number": number,
            "date": datetime.date(int(year), int(month), int(day)),
            "issuing_body": "UBND Thành phố Hà Nội",
            "area_before_ha": _area(row.get("area_before_expansion") or "")[0] if expansion else None,
            "area_after_ha": _area(row["area_ha"])[0],
            "notes": f"Theo nguồn: {row['decision_ref'].strip()}",
        }
    ]


def _status(text):
    lowered = text.lower()
    if "operating" in lowered:
        return Cluster.Status.OPERATING
    if "land clearance" in lowered:
        return Cluster.Status.SITE_CLEARANCE
    return Cluster.Status.ESTABLISHED


def _area(raw):
    raw = raw.strip()
    if not raw:
        return None, ""
    numbers = NUMBER_RE.findall(raw)
    if not numbers:
        return None, f"Diện tích theo nguồn không đọc được: {raw}."
    area = Decimal(numbers[0])
    rounded = area.quantize(TWO_PLACES)
    if "conflict" in raw or len(numbers) > 1:
        return rounded, f"Diện tích theo các nguồn không thống nhất ({raw}); lấy giá trị đầu tiên."
    if rounded != area:
        return rounded, f"Diện tích theo nguồn: {raw} ha (làm tròn đến 0,01 ha)."
    return rounded, ""


def _former_commune(raw):
    raw = raw.strip()
    if raw.startswith("("):
        return "", f"Xã cũ: nguồn không rõ {raw}."
    if raw.startswith("TT "):
        raw = "Thị trấn " + raw[3:]
    return raw.replace(" + ", ", "), ""


def _investor_kind(raw):
    raw = raw.strip()
    if not raw:
        return ""
    if raw.startswith("BQLDA"):
        return Cluster.InvestorKind.STATE_BOARD
    if raw.startswith("HTX"):
        return Cluster.InvestorKind.COOPERATIVE
    return Cluster.InvestorKind.ENTERPRISE
