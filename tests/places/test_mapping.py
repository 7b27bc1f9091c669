"""The old → 2025 commune table: an old commune or district finds every 2025 unit it went into, never a guess."""

from places.mapping import Successor, commune_successors, district_successors

HANOI = "01"


def test_a_commune_merged_whole_maps_to_its_one_new_ward():
    assert commune_successors(HANOI, "Phường Trúc Bạch") == [Successor("00004", "Phường Ba Đình", "Nhập toàn bộ")]


def test_a_split_commune_returns_every_unit_it_went_into():
    assert [s.code for s in commune_successors(HANOI, "Phường Ngọc Hà")] == ["00004", "00008"]
    assert {s.how for s in commune_successors(HANOI, "Phường Ngọc Hà")} == {"Nhập một phần"}


def test_a_name_several_old_districts_had_returns_all_unless_the_district_or_kind_says_which():
    assert [s.name for s in commune_successors(HANOI, "Chương Dương")] == ["Phường Hồng Hà", "Xã Chương Dương"]
    assert [s.name for s in commune_successors(HANOI, "Chương Dương", district="Quận Hoàn Kiếm")] == ["Phường Hồng Hà"]
    assert [s.name for s in commune_successors(HANOI, "Xã Chương Dương")] == ["Xã Chương Dương"]


def test_names_are_compared_in_one_spelling_with_or_without_their_kind():
    assert commune_successors(HANOI, "xã quất động") == commune_successors(HANOI, "Quất Động")
    assert [s.code for s in commune_successors(HANOI, "Quất Động")] == ["10231"]
    # "Hoà" and "Hòa" are one spelling; accents still count ("Ha" is not "Hà").
    assert commune_successors(HANOI, "Trung Hoà") == commune_successors(HANOI, "Trung Hòa") != []
    assert commune_successors(HANOI, "Phuong Ngoc Ha") == []


def test_an_old_district_maps_to_every_unit_that_took_one_of_its_communes():
    ba_dinh = district_successors(HANOI, "Quận Ba Đình (001)")
    assert ba_dinh == district_successors(HANOI, "Ba Đình")
    assert {"Phường Ba Đình", "Phường Ngọc Hà", "Phường Giảng Võ"} <= {s.name for s in ba_dinh}
    assert len(ba_dinh) == len({s.code for s in ba_dinh})


def test_the_table_covers_other_provinces_and_unknown_names_find_nothing():
    assert commune_successors("79", "Phường Bến Nghé")  # Ho Chi Minh City
    assert commune_successors(HANOI, "Phường Bến Nghé") == []
    assert district_successors(HANOI, "Huyện Không Có") == []
