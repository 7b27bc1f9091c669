"""The national export as CSV, one file per part: each row one item of the JSON list the part is named after, each
column the JSON path of the value joined by "_", the columns read from the schema (so an empty part keeps its
header)."""

from django.utils import translation

from core.exports import Column, csv_response

from .data import LANGUAGE, accepted_reports, bieu04_record, cluster_records, filename, schema

CSV_PARTS = ("register", "decisions", "bieu02", "bieu03", "bieu04")


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
