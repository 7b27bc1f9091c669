"""The circular's forms and indicators as data (``reporting/data/*.csv``): an amendment of Circular 14 is an
edit of these files, loaded by ``load`` (which ``load_reference_data`` calls), not a change of code.

They are national, whatever the province: they live here, with the app that needs them; a province's own data
(its plan, agencies, clusters) lives in ``seed``.
"""

import csv
from decimal import Decimal
from pathlib import Path

from core.dates import local_today
from core.loading import sync

from .models import Indicator, ReportForm
from .services import ensure_periods

DATA_DIR = Path(__file__).resolve().parent / "data"
FORMS_CSV = DATA_DIR / "circular14-forms.csv"
INDICATORS_CSV = DATA_DIR / "circular14-indicators.csv"


def _rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def form_specs():
    """[(lookup, values)] of the forms, for ``sync``."""
    return [
        (
            {"code": row["code"]},
            {
                "title": row["title"],
                "reporter": row["reporter"],
                "result_column": row["result_column"],
                "sender": row["sender"],
                "recipients": row["recipients"],
                "signer_title": row["signer_title"],
                "due_half_year": row["due_half_year"],
                "due_annual": row["due_annual"],
                "collected": row["collected"] == "1",
            },
        )
        for row in _rows(FORMS_CSV)
    ]


def indicator_specs():
    """[(form code, key, values)] of the indicators, in each form's row order."""
    specs, order = [], {}
    for row in _rows(INDICATORS_CSV):
        order[row["form"]] = order.get(row["form"], 0) + 1
        specs.append(
            (
                row["form"],
                row["key"],
                {
                    "row": row["row"],
                    "order": order[row["form"]],
                    "section": row["section"],
                    "label": row["label"],
                    "unit": row["unit"],
                    "nature": row["nature"],
                    "not_above": row["not_above"],
                    "sum_of": row["sum_of"],
                    "cluster_field": row["cluster_field"],
                    "report_field": row["report_field"],
                    "scale": Decimal(row["scale"] or 1),
                },
            )
        )
    return specs


def load(*, reason, forms_tally, indicators_tally):
    """Bring the forms and their indicators in line with the files (``core.loading.sync``: only what differs is
    written, each save with ``reason``), and open this year's periods."""
    forms = {}
    for lookup, values in form_specs():
        forms[lookup["code"]] = sync(ReportForm, lookup, values, reason=reason, tally=forms_tally)
    for form_code, key, values in indicator_specs():
        sync(Indicator, {"form": forms[form_code], "key": key}, values, reason=reason, tally=indicators_tally)
    ensure_periods(local_today().year)
