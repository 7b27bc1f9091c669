"""What a submitted figure may be: the one home of the Circular 14 validation rules.

Pages, the Excel upload and the API all hand their values to ``check_values`` (through the services); it
answers with the messages per indicator key, in Vietnamese, and never writes.

- Units: counts (clusters, projects, people, works) are whole numbers; areas, money and percentages have at
  most the places their unit allows; nothing is negative.
- Flags (nature "1/0") are 1 or 0.
- A percentage (the occupancy) lies between 0 and 100.
- A row the form ties to others: not above another row (``not_above``: in-period values within their
  cumulative row, a part within its whole) or equal to the sum of its parts (``sum_of``).
- A cluster's land rows are checked against the register (Biểu 02): serviced and leased land are no greater than
  the cluster's industrial land, and none of them than the cluster's area (``register_area``); the number of
  foreign-invested and of active projects is no greater than the tenant projects (``not_above`` in the data).
- A cumulative value does not fall below what the same reporter's last accepted report gave.
- On submission every row has a value (0 where there is nothing).
"""

from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.numbers import format_number

from .models import Indicator

# Unit → (whole numbers only, decimal places allowed, upper bound).
WHOLE = (True, 0, None)
UNIT_RULES = {
    "Cụm": WHOLE,
    "Dự án": WHOLE,
    "Người": WHOLE,
    "Công trình": WHOLE,
    "ha": (False, 2, None),
    "Tỷ đồng": (False, 3, None),
    "Triệu đồng/người/tháng": (False, 3, None),
    "%": (False, 2, Decimal(100)),
}
DEFAULT_UNIT_RULE = (False, 3, None)
# A figure is stored with 20 digits, 3 of them after the point (SubmissionValue.value): below 10^17.
TOO_LARGE = Decimal(10) ** 17
# A Biểu 02 land row that may not exceed the cluster's industrial land nor its area in the register, with the
# words an error names it by.
REGISTER_LAND_ROWS = {
    "serviced_land": _lazy("Diện tích đất công nghiệp đã xây dựng hạ tầng"),
    "leased_land": _lazy("Diện tích đất công nghiệp đã cho thuê"),
}


def parse_value(raw):
    """A figure typed or read from a cell as a ``Decimal`` (Vietnamese "1.234,5" or "1234.5"); None when blank.

    Raises ``ValueError`` for text that is not a number."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        return Decimal(int(raw))
    if isinstance(raw, (int, float, Decimal)):
        return Decimal(str(raw))
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not value.is_finite():
        raise ValueError(text)
    return value


def _shown(value):
    return number_format(value, use_l10n=True, force_grouping=True)


def check_value(indicator, value):
    """The message for one value on its own (unit, flag, range), or None when it is acceptable."""
    if value is None:
        return None
    if abs(value) >= TOO_LARGE:
        return _("Số liệu quá lớn.")
    if indicator.nature == Indicator.Nature.FLAG:
        return None if value in (0, 1) else _("Chỉ tiêu này chỉ ghi 1 (có) hoặc 0 (không).")
    whole, places, upper = UNIT_RULES.get(indicator.unit, DEFAULT_UNIT_RULE)
    if value < 0:
        return _("Số liệu không được âm.")
    if whole and value != value.to_integral_value():
        return _("Đơn vị tính là %(unit)s: phải là số nguyên.") % {"unit": indicator.unit}
    if not whole and value != value.quantize(Decimal(1).scaleb(-places)):
        return _("Đơn vị tính là %(unit)s: ghi tối đa %(places)s chữ số thập phân.") % {
            "unit": indicator.unit,
            "places": places,
        }
    if upper is not None and value > upper:
        return _("Tỷ lệ phải từ 0 đến 100%.")
    return None


def check_values(indicators, values, *, cluster=None, previous=None, complete=False):
    """The errors of a whole form: ``{indicator key: message}``, empty when the values may be saved.

    ``indicators``: the form's rows; ``values``: key → ``Decimal`` or None; ``cluster``: the cluster a Biểu 02
    reports on (for the register's ceilings); ``previous``: key → value of the reporter's last accepted report;
    ``complete``: every row must have a value (a submission, not a draft)."""
    errors = {}
    by_key = {indicator.key: indicator for indicator in indicators}
    for indicator in indicators:
        value = values.get(indicator.key)
        message = check_value(indicator, value)
        if message is None and value is None and complete:
            message = _("Cần ghi số liệu (ghi 0 nếu không có).")
        if message:
            errors[indicator.key] = message
    for indicator in indicators:
        key, value = indicator.key, values.get(indicator.key)
        if key in errors or value is None:
            continue
        message = _tied_rows(indicator, value, values, by_key) or _register_ceiling(indicator, value, cluster)
        if message is None and previous and indicator.nature == Indicator.Nature.CUMULATIVE:
            before = previous.get(key)
            if before is not None and value < before:
                message = _("Số liệu lũy kế không được nhỏ hơn kỳ trước đã được tiếp nhận (%(before)s).") % {
                    "before": _shown(before)
                }
        if message:
            errors[key] = message
    return errors


def _tied_rows(indicator, value, values, by_key):
    ceiling = by_key.get(indicator.not_above)
    if ceiling is not None and values.get(ceiling.key) is not None and value > values[ceiling.key]:
        return _("Không được lớn hơn chỉ tiêu %(row)s (%(value)s).") % {
            "row": ceiling.row,
            "value": _shown(values[ceiling.key]),
        }
    parts = [by_key[key] for key in indicator.sum_keys if key in by_key]
    if parts and all(values.get(part.key) is not None for part in parts):
        total = sum(values[part.key] for part in parts)
        if value != total:
            return _("Phải bằng tổng các chỉ tiêu %(rows)s (%(total)s).") % {
                "rows": " + ".join(part.row for part in parts),
                "total": _shown(total),
            }
    return None


def register_area(cluster):
    """The cluster's area in the register, in ha (None when not recorded): what a land row may not exceed."""
    return cluster.total_area_ha


def _register_ceiling(indicator, value, cluster):
    """A land row above the cluster's area, or above its industrial land, in the register: the message naming the
    register's figure. The area first: a figure beyond it is wrong whatever the industrial land says."""
    name = REGISTER_LAND_ROWS.get(indicator.key)
    if cluster is None or name is None:
        return None
    figures = {"name": name, "value": format_number(value)}
    area = register_area(cluster)
    if area is not None and value > area:
        return _("%(name)s (%(value)s ha) lớn hơn diện tích của cụm trong sổ đăng ký (%(ceiling)s ha).") % {
            **figures,
            "ceiling": format_number(area),
        }
    industrial = cluster.industrial_land_ha
    if industrial is not None and value > industrial:
        return _(
            "%(name)s (%(value)s ha) lớn hơn diện tích đất công nghiệp của cụm trong sổ đăng ký (%(ceiling)s ha)."
        ) % {**figures, "ceiling": format_number(industrial)}
    return None
