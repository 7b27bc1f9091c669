"""Is an uploaded file a province's national export the roll-up can count? Checked against the committed JSON Schema
(``reporting/schemas/national-export.schema.json``, the format ``reporting.export`` writes), then for what the roll-up
needs beyond the schema: a province of the 2025 list and an issued Biểu 04.

A refusal is a ``ValidationError`` listing each problem as "<JSON path>: <what is wrong>", in Vietnamese, so the
province knows what to fix (``$.bieu04.rows[3].value: phải là số thập phân viết dạng chuỗi…``).
"""

import json

import jsonschema
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from places import provinces
from reporting import export

MAX_BYTES = 50 * 1024 * 1024
MAX_LISTED = 10  # problems listed in a refusal; the rest are counted

TYPES = {
    "object": "đối tượng JSON",
    "array": "danh sách",
    "string": "chuỗi",
    "integer": "số nguyên",
    "number": "số",
    "boolean": "true/false",
    "null": "null",
}


def _validator():
    schema = export.schema()
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _type_names(expected):
    names = expected if isinstance(expected, list) else [expected]
    return " hoặc ".join(TYPES.get(name, name) for name in names)


def _deepest(error):
    """For an "anyOf" (most often: a value or null), the error of the alternative that went deepest into the value,
    leaving out "is not null" when the value is not null: its message says what is wrong."""
    while error.validator in ("anyOf", "oneOf") and error.context:
        context = [e for e in error.context if not (e.validator == "type" and e.validator_value == "null")]
        error = max(context or error.context, key=lambda e: len(e.absolute_path))
    return error


def describe(error):
    """One schema error in Vietnamese, after its JSON path."""
    error = _deepest(error)
    kind, expected, instance = error.validator, error.validator_value, error.instance
    if kind == "required":
        missing = [name for name in expected if isinstance(instance, dict) and name not in instance]
        what = _("thiếu trường bắt buộc %(names)s") % {"names": ", ".join(f"“{name}”" for name in missing)}
    elif kind == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(name for name in instance if name not in allowed) if isinstance(instance, dict) else []
        what = _("có trường không thuộc định dạng: %(names)s") % {"names": ", ".join(f"“{n}”" for n in extra)}
    elif kind == "type":
        what = _("phải là %(type)s") % {"type": _type_names(expected)}
    elif kind == "const":
        what = _("phải là %(value)s") % {"value": json.dumps(expected, ensure_ascii=False)}
    elif kind == "enum":
        what = _("phải là một trong %(values)s") % {
            "values": ", ".join(json.dumps(v, ensure_ascii=False) for v in expected)
        }
    elif kind == "pattern":
        what = _("“%(value)s” không đúng dạng: số thập phân viết dạng chuỗi, dấu chấm thập phân (ví dụ “12.50”)") % {
            "value": instance
        }
    elif kind == "format":
        what = _("“%(value)s” không phải %(format)s hợp lệ theo ISO 8601") % {
            "value": instance,
            "format": {"date": _("ngày (YYYY-MM-DD)"), "date-time": _("thời điểm")}.get(expected, expected),
        }
    elif kind == "minLength":
        what = _("không được để trống")
    elif kind == "minimum":
        what = _("phải từ %(value)s trở lên") % {"value": expected}
    elif kind == "maximum":
        what = _("không được quá %(value)s") % {"value": expected}
    else:
        what = _("không đúng định dạng (%(rule)s)") % {"rule": kind}
    return f"{error.json_path}: {what}"


def parse(content):
    """The export in ``content`` (bytes) as a dict, or a ``ValidationError`` saying why it is refused."""
    if len(content) > MAX_BYTES:
        raise ValidationError(_("Tệp lớn hơn %(size)s MB.") % {"size": MAX_BYTES // (1024 * 1024)}, code="too_large")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(_("Tệp không phải văn bản UTF-8 (tệp JSON xuất từ hệ thống).")) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            _("Tệp không phải JSON hợp lệ (dòng %(line)s, cột %(column)s): %(message)s.")
            % {"line": exc.lineno, "column": exc.colno, "message": exc.msg}
        ) from exc
    errors = sorted(_validator().iter_errors(data), key=lambda e: [str(part) for part in e.absolute_path])
    if errors:
        lines = [describe(error) for error in errors[:MAX_LISTED]]
        if len(errors) > MAX_LISTED:
            lines.append(_("… và %(count)s lỗi khác.") % {"count": len(errors) - MAX_LISTED})
        raise ValidationError(
            [_("Tệp không đúng định dạng tệp xuất CSDL quốc gia (ccn-national-export, phiên bản 2):")] + lines,
            code="schema",
        )
    problems = []
    province = data["province"]
    if province is None:
        problems.append(_("$.province: tệp không ghi tỉnh, thành phố"))
    elif provinces.province(province["code"]) is None:
        problems.append(
            _("$.province.code: mã “%(code)s” không có trong danh mục 34 tỉnh, thành phố năm 2025")
            % {"code": province["code"]}
        )
    if data["bieu04"] is None:
        problems.append(_("$.bieu04: Biểu 04 của kỳ chưa ban hành; chỉ tổng hợp tệp xuất sau khi Biểu 04 đã ban hành"))
    if problems:
        raise ValidationError(problems, code="incomplete")
    return data
