"""Small helpers the tests share: dates relative to today, dates as people type them, a minimal PDF."""

import datetime

from core.dates import local_today

# The smallest file the upload check accepts as a PDF (it reads the content, not the name).
PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def days(n):
    """Today in Hanoi, plus n days."""
    return local_today() + datetime.timedelta(days=n)


def vn(date):
    """A date as people type it: dd/mm/yyyy."""
    return date.strftime("%d/%m/%Y")


def form_payload(form, **changes):
    """What a browser sends for ``form`` as shown (its initial values: dates as dd/mm/yyyy, checked boxes as
    "on", chosen objects as their ids), with ``changes`` on top."""
    data = {}
    for field in form:
        value = field.value()
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        elif isinstance(value, datetime.date):
            value = vn(value)
        elif isinstance(value, list | tuple):
            value = [getattr(item, "pk", item) for item in value]
        data[field.name] = getattr(value, "pk", value)
    data.update(changes)
    return data
