"""Numbers as Vietnamese write them (``core.numbers``, ``core.forms.VietnameseDecimalField``): a decimal comma,
dots between thousands, and an entry that could be read two ways refused with an example, never guessed."""

from decimal import Decimal

import pytest
from django import forms

from core.forms import ScaleCheckMixin, VietnameseDecimalField, VietnameseIntegerField
from core.numbers import AMBIGUOUS, NOT_A_NUMBER, NumberError, format_number, parse_number
from core.templatetags.pages import error_summary


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("4,5", Decimal("4.5")),
        ("4,50", Decimal("4.5")),
        ("45", Decimal("45")),
        ("10.500", Decimal("10500")),
        ("1.234,5", Decimal("1234.5")),
        ("1.500.000.000", Decimal("1500000000")),
        ("1234,5", Decimal("1234.5")),
        ("0,05", Decimal("0.05")),
        (" 1 500 ", Decimal("1500")),
        ("1\u00a0500,25", Decimal("1500.25")),
        ("-4,5", Decimal("-4.5")),
        ("", None),
        ("   ", None),
    ],
)
def test_a_number_typed_the_vietnamese_way_is_read_as_meant(typed, value):
    assert parse_number(typed) == value


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("10.5", AMBIGUOUS),  # a dot not followed by exactly three digits: a decimal point or a slip?
        ("1.5", AMBIGUOUS),
        ("4.50", AMBIGUOUS),
        ("12345.678", AMBIGUOUS),  # thousands grouped in threes from the left, or not at all
        ("1,234.5", AMBIGUOUS),  # the English way round
        ("1.234.5", AMBIGUOUS),
        ("1,2,3", AMBIGUOUS),
        ("mười", NOT_A_NUMBER),
        ("1e5", NOT_A_NUMBER),
        ("12ha", NOT_A_NUMBER),
    ],
)
def test_an_entry_that_could_be_read_two_ways_is_refused_not_guessed(typed, message):
    with pytest.raises(NumberError) as refused:
        parse_number(typed)
    assert refused.value.message == message


def test_the_refusal_shows_how_to_write_it():
    assert str(AMBIGUOUS) == (
        "Viết số thập phân bằng dấu phẩy, ví dụ 10,5; dấu chấm chỉ dùng để tách hàng nghìn, ví dụ 10.500."
    )


def test_coordinates_take_a_decimal_point_or_comma_and_no_thousands():
    assert parse_number("21.0285", grouping=False) == parse_number("21,0285", grouping=False) == Decimal("21.0285")
    assert parse_number("105.854", grouping=False) == Decimal("105.854")  # not 105854
    with pytest.raises(NumberError):
        parse_number("1.234,5", grouping=False)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("4.50"), "4,5"),
        (Decimal("45.00"), "45"),
        (10500, "10.500"),
        (Decimal("1234.5"), "1.234,5"),
        (Decimal("1500000000"), "1.500.000.000"),
        (Decimal("-0.5"), "-0,5"),
        (Decimal("0.00"), "0"),
        (None, ""),
    ],
)
def test_a_stored_figure_is_shown_as_a_vietnamese_reader_writes_it(value, shown):
    assert format_number(value) == shown
    assert value is None or parse_number(shown) == value


def test_what_is_shown_reads_back_as_the_same_number():
    for value in (Decimal("0.01"), Decimal("999.99"), Decimal("1000"), Decimal("1234567.89"), Decimal("100000")):
        assert parse_number(format_number(value)) == value


# --- the field -------------------------------------------------------------------------------------------------


def errors(field, typed):
    with pytest.raises(forms.ValidationError) as refused:
        field.clean(typed)
    return refused.value.messages


def test_the_field_is_a_text_box_for_decimals_not_a_number_input():
    class AreaOnly(forms.Form):
        area = VietnameseDecimalField()

    html = str(AreaOnly(initial={"area": Decimal("4.50")})["area"])
    assert 'type="text"' in html and 'inputmode="decimal"' in html and 'value="4,5"' in html
    assert 'type="number"' not in html and "step=" not in html
    assert 'inputmode="numeric"' in VietnameseIntegerField().widget.render("n", 3)


def test_the_field_keeps_its_limits_with_vietnamese_messages():
    area = VietnameseDecimalField(max_digits=9, decimal_places=2, min_value=0)
    assert area.clean("4,5") == Decimal("4.5")
    assert errors(area, "10.5") == [str(AMBIGUOUS)]
    assert errors(area, "-1") == ["Giá trị không được âm."]
    assert errors(area, "10.000.000") == ["Số quá lớn: lớn nhất là 9.999.999,99."]
    assert errors(area, "4,125") == ["Ghi tối đa 2 chữ số sau dấu phẩy."]
    money = VietnameseDecimalField(max_digits=20, decimal_places=0)
    assert money.clean("1.500.000.000") == Decimal("1500000000")
    assert errors(money, "1,5") == ["Phải là số nguyên, không có phần sau dấu phẩy."]
    assert errors(VietnameseDecimalField(), "") == ["Cần nhập số liệu."]
    limited = VietnameseDecimalField(min_value=Decimal("0.5"), max_value=Decimal("1500.5"))
    assert errors(limited, "0,1") == ["Giá trị không được nhỏ hơn 0,5."]
    assert errors(limited, "2.000") == ["Giá trị không được lớn hơn 1.500,5."]


def test_a_whole_number_field_refuses_a_fraction_rather_than_rounding_it():
    percent = VietnameseIntegerField(min_value=0, max_value=100)
    assert percent.clean("45") == 45
    assert errors(percent, "4,5") == ["Phải là số nguyên, không có phần sau dấu phẩy."]
    assert errors(percent, "101") == ["Giá trị không được lớn hơn 100."]
    assert errors(percent, "-1") == ["Giá trị không được âm."]


def test_a_forms_own_validator_message_is_kept():
    from django.core.validators import MinValueValidator

    year = VietnameseIntegerField(grouping=False, validators=[MinValueValidator(2000, message="Năm từ 2000.")])
    assert errors(year, "1990") == ["Năm từ 2000."]
    assert year.prepare_value(2026) == "2026"


# --- the tenfold check --------------------------------------------------------------------------------------------


class AreaForm(ScaleCheckMixin, forms.Form):
    scale_checked = ("area",)
    area = VietnameseDecimalField(label="Diện tích (ha)", required=False)


def test_a_tenfold_change_is_asked_about_and_saved_once_confirmed():
    asked = AreaForm({"area": "45"}, initial={"area": Decimal("4.50")})
    assert not asked.is_valid()
    assert asked.errors["area"] == [
        "Giá trị mới 45 gấp từ 10 lần trở lên so với 4,5 trước đó (diện tích (ha)). Kiểm tra lại dấu phẩy thập "
        "phân; nếu đúng, đánh dấu “Tôi xác nhận giá trị mới là đúng” rồi lưu."
    ]
    box = asked.scale_confirmation()
    assert box["changes"] == [("Diện tích (ha)", "4,5", "45")]
    confirmed = AreaForm({"area": "45", box["name"]: box["value"]}, initial={"area": Decimal("4.50")})
    assert confirmed.is_valid() and confirmed.cleaned_data["area"] == Decimal("45")
    # The box confirms those values only: another tenfold value is asked about again.
    other = AreaForm({"area": "450", box["name"]: box["value"]}, initial={"area": Decimal("4.50")})
    assert not other.is_valid()


@pytest.mark.parametrize(("old", "new"), [("4.5", "0,45"), ("100", "1.000"), ("100", "9,9")])
def test_a_change_down_or_up_by_ten_times_is_asked_about(old, new):
    assert not AreaForm({"area": new}, initial={"area": Decimal(old)}).is_valid()


@pytest.mark.parametrize(("old", "new"), [("4.5", "44,9"), ("4.5", "0,46"), (None, "45"), ("0", "45"), ("4.5", "")])
def test_a_smaller_change_or_a_first_value_is_not_asked_about(old, new):
    form = AreaForm({"area": new}, initial={"area": None if old is None else Decimal(old)})
    assert form.is_valid() and form.scale_confirmation() is None


# --- the error summary ------------------------------------------------------------------------------------------


class SignerForm(forms.Form):
    signer = forms.CharField(label="Người ký")
    area = VietnameseDecimalField(label="Diện tích (ha)")

    def clean(self):
        raise forms.ValidationError("Cả biểu có lỗi.")


def test_the_summary_lists_every_error_as_a_link_to_its_field():
    form = SignerForm({"signer": "", "area": "10.5"})
    assert not form.is_valid()
    assert error_summary(form) == [
        (None, "Cả biểu có lỗi."),
        ("#id_signer", "Người ký: Trường này là bắt buộc."),
        ("#id_area", f"Diện tích (ha): {AMBIGUOUS}"),
    ]
