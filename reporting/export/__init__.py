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

from .data import FORMAT, SCHEMA_FILE, VERSION, as_bytes, as_json, filename, national_data, schema
from .parts import CSV_PARTS, csv_bytes, csv_download, csv_rows, flatten

__all__ = [
    "CSV_PARTS",
    "FORMAT",
    "SCHEMA_FILE",
    "VERSION",
    "as_bytes",
    "as_json",
    "csv_bytes",
    "csv_download",
    "csv_rows",
    "filename",
    "flatten",
    "national_data",
    "schema",
]
