"""core.text: one spelling (normalize) and what a search compares (fold)."""

import unicodedata

from core.text import fold, normalize


def test_normalize_places_tone_marks_one_way_and_composes_to_nfc():
    assert normalize("Ứng Hoà") == normalize("Ứng Hòa") == "Ứng Hòa"
    assert normalize("Thuỵ Lâm") == "Thụy Lâm"
    assert normalize("khoẻ") == "khỏe"
    assert normalize(unicodedata.normalize("NFD", "Đông Anh")) == "Đông Anh"


def test_normalize_leaves_syllables_with_a_final_consonant_and_qu_alone():
    assert normalize("Hoàng Hoàn Quý Khuyến") == "Hoàng Hoàn Quý Khuyến"


def test_fold_drops_case_accents_and_the_stroke_of_d():
    assert fold("ĐÔNG  Anh") == fold("dong anh") == "dong anh"
    assert fold("Hoà") == fold("Hòa") == fold("hoa")
    assert fold("thuý") == fold("thúy") == "thuy"
