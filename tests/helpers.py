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
