"""Numbers as Vietnamese write them: the one home of how a typed figure is read and shown back.

A comma is the decimal mark and a dot separates thousands: "4,5" is four and a half, "10.500" ten thousand five
hundred, "1.234,5" one thousand two hundred thirty-four and a half. Plain digits ("45", "1234") are whole numbers.
An entry that could be read two ways ("10.5", "1.5", "1,234.5") is refused with an example, never guessed: a
browser or a spreadsheet in English would have meant a decimal point, a Vietnamese reader a thousands separator,
and guessing wrong makes a figure a thousand times too big or too small without anyone seeing it.

Coordinates (``grouping=False``) never have thousands, so there "21.0285" and "21,0285" both mean the same.

Pages (``core.forms.VietnameseDecimalField``) and the Biểu 02/03 Excel upload read through ``parse_number``; the
API keeps JSON numbers.
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

AMBIGUOUS = _("Viết số thập phân bằng dấu phẩy, ví dụ 10,5; dấu chấm chỉ dùng để tách hàng nghìn, ví dụ 10.500.")
NOT_A_NUMBER = _("Không phải là số: hãy nhập chữ số, ví dụ 1.234,5 hoặc 45.")

# Digits grouped by dots in threes ("1.234.567") or not grouped ("1234567"), then a decimal comma and digits.
GROUPED = re.compile(r"(?P<whole>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<fraction>\d+))?")
# Without thousands (coordinates): one decimal mark, a comma or a dot.
UNGROUPED = re.compile(r"(?P<whole>\d+)(?:[.,](?P<fraction>\d+))?")
SPACES = re.compile(r"[\s\u00a0\u202f]+")


class NumberError(ValueError):
    """A text that is not a number as Vietnamese write it; ``message`` says how to write it."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def parse_number(text, *, grouping=True):
    """``text`` as a ``Decimal``, or None when blank; raises ``NumberError`` with the message to show.

    Spaces are ignored ("1 500" is 1500); a leading minus is kept (whether a negative is allowed is the field's
    rule, not the reader's)."""
    text = SPACES.sub("", str(text or ""))
    if not text:
        return None
    sign, body = ("-", text[1:]) if text[:1] in "-−" else ("", text.removeprefix("+"))
    match = (GROUPED if grouping else UNGROUPED).fullmatch(body)
    if match is None:
        if re.fullmatch(r"[\d.,]+", body) and any(mark in body for mark in ".,"):
            raise NumberError(AMBIGUOUS)
        raise NumberError(NOT_A_NUMBER)
    whole = match["whole"].replace(".", "")
    fraction = match["fraction"]
    try:
        return Decimal(f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}")
    except InvalidOperation as exc:  # pragma: no cover - the patterns only let digits through
        raise NumberError(NOT_A_NUMBER) from exc


def format_number(value, *, grouping=True):
    """``value`` as a Vietnamese reader writes it, without the zeros a stored decimal carries: Decimal("4.50") →
    "4,5", 10500 → "10.500" ("10500" without ``grouping``), None → ""."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    value = Decimal(str(value))
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    sign, text = ("-", format(-value, "f")) if value < 0 else ("", format(value, "f"))
    whole, _dot, fraction = text.partition(".")
    if grouping:
        whole = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{whole},{fraction}" if fraction else f"{sign}{whole}"
