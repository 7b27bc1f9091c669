"""One row of the sourced cluster CSV (``data/hanoi-clusters-sourced-v2.csv``, Hanoi's register pieced together from
public pages; ``data/hanoi-clusters-sourced-v2.NOTES.md`` says how) → the fields of one cluster record, the decisions
the sources date, and the 2025 commune it sits in, with every interpretation noted.

Only sourced facts are read here (``load_reference_data``): a decision whose number and full date a source gives,
a start of works a source dates to the day. The stage follows from them (``clusters.register``), never from the
free text. What the sources leave out (most dates) the demo fills in, marked as demo (``seed/demo_register.py``).
"""

import csv
import dataclasses
import datetime
import re
from decimal import Decimal
from pathlib import Path

from clusters import register
from clusters.models import Cluster, ClusterDecision
from core.text import normalize
from places.mapping import commune_successors, district_successors

CLUSTERS_CSV = Path(__file__).resolve().parent / "data" / "hanoi-clusters-sourced-v2.csv"
CLUSTER_CODE = "HN-CCN-{:03d}"
PROVINCE_CODE = "01"

# "QĐ 1406/QĐ-UBND 12/3/2025 (mở rộng)", "QĐ 2803 (/QĐ-UBND) 26/6/2020": a decision with its full date.
DECISION_RE = re.compile(r"QĐ\s+(\d+)\s*\(?/QĐ-UBND\)?\s+(\d{1,2})/(\d{1,2})/(\d{4})(\s*\([^)]*\))?")
# "construction started 19/1/2024", "groundbreaking 9/9/2024": a start of works dated to the day.
STARTED_RE = re.compile(r"(?:construction started|groundbreaking)\s+(\d{1,2})/(\d{1,2})/(\d{4})")
INVESTMENT_RE = re.compile(r"TMĐT\s+[~>]?(\d+(?:\.\d+)?)\s*bn VND")
NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")
PARENTHESIS_RE = re.compile(r"\s*\([^)]*\)")
# "Xã Bình Phú (→Xã Quang Trung on 1/1/2025)": the commune an old one was merged into before the 2025 reform.
MERGED_2025 = r"Xã {name} \(→(?:Xã|Phường) ([^)]+?) on 1/1/2025\)"
TWO_PLACES = Decimal("0.01")
EXPANSION_MARK = "(expanded)"


def read_csv(path):
    """The rows of ``path``, every value in one Vietnamese spelling (core.text.normalize: NFC, tone marks
    placed alike), so "Ứng Hoà" in one file and "Ứng Hòa" in the other name the same place."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [{key: normalize(value) for key, value in row.items()} for row in csv.DictReader(handle)]


def sourced_rows():
    """``(code, row)`` for each cluster of the CSV, coded ``HN-CCN-001``… in row order once expansions are folded."""
    return [(CLUSTER_CODE.format(n), row) for n, row in enumerate(merge_expansions(read_csv(CLUSTERS_CSV)), start=1)]


def merge_expansions(rows):
    """Fold each "(expanded)" row into the cluster row before it: it reports that cluster's expansion.

    The CSV lists "CCN Quất Động mở rộng" (43 ha, operating) and then "CCN Quất Động 2 (expanded)"
    (47.51 ha, expansion decided by QĐ 1406/QĐ-UBND of 12/3/2025) from another source: one cluster,
    before and after its expansion. The register keeps one record, at its expanded area, with the
    expansion decision and both sources; the CSV's 87 rows are 86 clusters.
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
            if not base["new_commune_code"] and row["new_commune_code"]:
                base["old_commune"] = row["old_commune"]
                base["new_commune_2025"] = row["new_commune_2025"]
                base["new_commune_code"] = row["new_commune_code"]
                base["mapping_source"] = row["mapping_source"]
            base["merged_from"] = row["name_vi"]
            merged[-1] = base
            continue
        merged.append(row)
    return merged


def cluster_values(row, province, communes_by_code):
    """The cluster fields a sourced CSV row gives, its current communes, and warnings for the operator.

    ``communes_by_code``: Hanoi's 2025 communes by official code. Every interpretation is written into ``notes``
    next to the raw value, so a reader can check it.
    """
    notes, warnings = [], []
    name = row["name_vi"].strip().replace(EXPANSION_MARK, "(mở rộng)")
    status_text = row["status_as_reported"].strip()
    area, area_note = _area(row["area_ha"])
    former_commune, commune_note = _former_commune(row["old_commune"])
    current_communes, placement_note = _communes(row, communes_by_code)
    decision_ref = row["decision_ref"].strip()
    started = STARTED_RE.search(status_text)

    values = {
        "name": name,
        "type": Cluster.Type.CRAFT_VILLAGE if "làng nghề" in name.lower() else Cluster.Type.GENERAL,
        "province": province,
        "former_district": row["old_district"].strip(),
        "former_commune": former_commune,
        "total_area_ha": area,
        "investor_name": row["infra_investor"].strip(),
        "investor_kind": _investor_kind(row["infra_investor"]),
        "approved_investment_vnd": None,
        "construction_started_on": _date(*started.groups()) if started else None,
        "wastewater_status": Cluster.Wastewater.PLANNED if "wwtp planned" in status_text.lower() else "none",
        "data_source": row["source_url"].strip(),
        "data_as_of": None,
    }
    investment = INVESTMENT_RE.search(decision_ref)
    if investment:
        values["approved_investment_vnd"] = (Decimal(investment.group(1)) * 1_000_000_000).quantize(Decimal(1))

    if row.get("merged_from"):
        notes.append(f"Gộp với dòng “{row['merged_from']}” của nguồn: cùng cụm, sau khi mở rộng.")
    notes.append(f"Tình trạng theo nguồn: {status_text}.")
    if decision_ref:
        notes.append(f"Văn bản, số liệu theo nguồn: {decision_ref}.")
    notes += [note for note in (area_note, commune_note, placement_note) if note]
    if row["new_commune_code"] and not current_communes:
        warning = f"Mã xã, phường {row['new_commune_code']} không có trong danh mục 2025."
        notes.append(warning)
        warnings.append(warning)
    notes.append(f"Trường có nguồn: {row['fields_sourced'].strip()}.")
    values["notes"] = "\n".join(notes)
    values["status"] = sourced_stage(values, cluster_decisions(row))
    return values, current_communes, warnings


def cluster_decisions(row):
    """The decision about the cluster a sourced CSV row dates to the day, as ``ClusterDecision`` field values: the
    first one cited (the establishment, or the expansion of a folded row). Later ones (schedule extensions, land-use
    plans) are not decisions about the cluster's existence and stay in the notes."""
    found = DECISION_RE.search(row["decision_ref"].strip())
    if not found:
        return []
    number, day, month, year, remark = found.groups()
    expansion = "mở rộng" in (remark or "") or bool(row.get("merged_from"))
    return [
        {
            "kind": ClusterDecision.Kind.EXPAND if expansion else ClusterDecision.Kind.ESTABLISH,
            "number": f"{number}/QĐ-UBND",
            "date": _date(day, month, year),
            "issuing_body": "UBND Thành phố Hà Nội",
            "area_before_ha": _area(row.get("area_before_expansion") or "")[0] if expansion else None,
            "area_after_ha": _area(row["area_ha"])[0],
            "notes": f"Theo nguồn: {row['decision_ref'].strip()}",
        }
    ]


def sourced_stage(values, decisions):
    """The stage the sourced facts give a cluster about to be loaded (``clusters.register``): its dated fields and
    ``decisions`` (field values, not yet saved). Nothing sourced before an establishment: in the scheme."""
    fields = {name: value for name, value in values.items() if name not in ("status", "province")}
    cluster = Cluster(**fields, status=Cluster.Status.IN_SCHEME)
    facts = tuple(
        register.Decision(d["kind"], d["number"], d["date"], d["area_before_ha"], d["area_after_ha"])
        for d in sorted(decisions, key=lambda d: d["date"])
    )
    return dataclasses.replace(register.state_for(cluster), decisions=facts).stage


def _date(day, month, year):
    return datetime.date(int(year), int(month), int(day))


def _area(raw):
    raw = raw.strip()
    if not raw:
        return None, ""
    numbers = NUMBER_RE.findall(raw)
    if not numbers:
        return None, f"Diện tích theo nguồn không đọc được: {raw}."
    area = Decimal(numbers[0])
    rounded = area.quantize(TWO_PLACES)
    if "conflict" in raw or "|" in raw:
        return rounded, f"Diện tích theo các nguồn không thống nhất ({raw}); lấy giá trị đầu tiên."
    if len(numbers) > 1 or not raw[0].isdigit():
        return rounded, f"Diện tích theo nguồn: {raw}; lấy {rounded} ha."
    if rounded != area:
        return rounded, f"Diện tích theo nguồn: {raw} ha (làm tròn đến 0,01 ha)."
    return rounded, ""


def _old_communes(raw):
    """The old communes a source names: "Phú Thị + Dương Xá", "Tam Hiệp or Liên Hiệp (…)", "TT Phùng"."""
    raw = PARENTHESIS_RE.sub("", raw).strip()
    if not raw:
        return []
    names = re.split(r"\s+\+\s+|\s+or\s+", raw)
    return [("Thị trấn " + name[3:]) if name.startswith("TT ") else name.strip() for name in names]


def _former_commune(raw):
    raw = raw.strip()
    names = _old_communes(raw)
    remark = PARENTHESIS_RE.search(raw)
    note = f"Xã cũ theo nguồn: {raw}." if remark else ""
    joiner = " hoặc " if " or " in raw else ", "
    return joiner.join(names), note


def _communes(row, communes_by_code):
    """The 2025 commune the CSV places the cluster in (by official code), else none, with a note naming the
    candidates the official table gives (``places.mapping``) — one is never chosen among several."""
    code = row["new_commune_code"].strip()
    if code:
        commune = communes_by_code.get(code)
        return ([commune] if commune else []), f"Xã, phường hiện nay: {row['mapping_source'].strip()}"
    district = row["old_district"].strip()
    candidates = {}
    names = _old_communes(row["old_commune"])
    for name in names:
        found = commune_successors(PROVINCE_CODE, name, district)
        if not found:
            merged = re.search(MERGED_2025.format(name=re.escape(name)), row["mapping_source"])
            if merged:
                found = commune_successors(PROVINCE_CODE, merged.group(1), district)
        for successor in found:
            candidates[successor.code] = successor
    if not names:
        candidates = {s.code: s for s in district_successors(PROVINCE_CODE, district)}
    if len(candidates) == 1:
        (successor,) = candidates.values()
        commune = communes_by_code.get(successor.code)
        if commune is not None:
            note = f"Xã, phường hiện nay theo bảng chuyển đổi 2025: {successor.name} ({successor.how})."
            return [commune], note
    listed = "; ".join(f"{s.name} ({s.code})" for s in sorted(candidates.values()))
    if names:
        where = f"xã cũ {', '.join(names)} ({district})"
    else:
        where = f"nguồn không nêu xã cũ; các đơn vị mới nhận xã của {district} cũ"
    if not candidates:
        return [], f"Chưa xác định xã, phường hiện nay: bảng chuyển đổi 2025 không có {where}."
    return [], f"Chưa xác định xã, phường hiện nay ({where}), có thể là: {listed}."


def _investor_kind(raw):
    raw = raw.strip()
    if not raw:
        return ""
    if raw.startswith(("BQLDA", "Trung tâm")):
        return Cluster.InvestorKind.STATE_BOARD
    if raw.startswith("HTX"):
        return Cluster.InvestorKind.COOPERATIVE
    return Cluster.InvestorKind.ENTERPRISE
