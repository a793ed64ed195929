"""Officials in every layout the issue lists, one sentence each (names invented for the test)."""

from __future__ import annotations

import pytest

from extract import extract_facts


def _officials(text: str) -> dict[str, tuple[str, str, str | None]]:
    return {o.name: (o.title_text, o.org_level, o.role) for o in extract_facts(text).officials}


@pytest.mark.parametrize(
    "text,name,title,level",
    [
        ("Dự có đồng chí Lê Văn Tâm - Bí thư Đảng ủy xã.", "Lê Văn Tâm", "Bí thư Đảng ủy xã", "commune"),
        (
            "Dự có đồng chí Lê Văn Tâm – HUV, Bí thư Đảng ủy xã.",
            "Lê Văn Tâm",
            "HUV, Bí thư Đảng ủy xã",
            "commune",
        ),
        (
            "Dự có đồng chí Trần Văn Ánh- Phó Bí thư Huyện ủy.",
            "Trần Văn Ánh",
            "Phó Bí thư Huyện ủy",
            "district",
        ),
        ("Dự có bà Lê Thị Bích UVBTV, PCT UBND huyện.", "Lê Thị Bích", "UVBTV, PCT UBND huyện", "district"),
        ("Dự có ông Hà Văn Khôi (Chủ tịch UBND xã).", "Hà Văn Khôi", "Chủ tịch UBND xã", "commune"),
        ("Bí thư Đảng ủy xã Hoàng Văn Chiến phát biểu.", "Hoàng Văn Chiến", "Bí thư Đảng ủy xã", "commune"),
        (
            "Dự có đ/c Y Ngông Niê Kdăm, TUV, Phó Chủ tịch UBND tỉnh.",
            "Y Ngông Niê Kdăm",
            "TUV, Phó Chủ tịch UBND tỉnh",
            "province",
        ),
        (
            "Dự có ông Vũ Đức Lâm, Phó Giám đốc Sở Xây dựng tỉnh.",
            "Vũ Đức Lâm",
            "Phó Giám đốc Sở Xây dựng tỉnh",
            "province",
        ),
        ("Dự có đồng chí Lò Văn Pánh, Bí Thư đảng uỷ xã.", "Lò Văn Pánh", "Bí Thư đảng uỷ xã", "commune"),
        # "TP." is an abbreviation, not the end of a sentence
        (
            "Dự có bà Phan Thị Ngọc, Phó Giám đốc Sở Y tế TP. Hồ Chí Minh.",
            "Phan Thị Ngọc",
            "Phó Giám đốc Sở Y tế TP. Hồ Chí Minh",
            "province",
        ),
        (
            "Dự có bà Lê Thị Hoa - Phó Chủ tịch UBND TX. Sơn Tây.",
            "Lê Thị Hoa",
            "Phó Chủ tịch UBND TX. Sơn Tây",
            "district",
        ),
        # "Thành – Phó" is no "thành phố": a spaced dash parts the name from the title
        (
            "Dự có ông Lê Văn Thành – Phó Chủ tịch UBND huyện.",
            "Lê Văn Thành",
            "Phó Chủ tịch UBND huyện",
            "district",
        ),
        # an abbreviated organisation after "Bộ" ("Bộ CHQS"), and "các" opening an organisation
        (
            "Dự có đồng chí Đinh Văn Lực - Phó Chính ủy Trung đoàn 98 thuộc Bộ CHQS tỉnh Gia Lai.",
            "Đinh Văn Lực",
            "Phó Chính ủy Trung đoàn 98 thuộc Bộ CHQS tỉnh Gia Lai",
            "province",
        ),
        (
            "Dự có ông Hồ Minh Tú - PCT UBND huyện, Phó Trưởng Ban Chỉ đạo các Chương trình MTQG huyện.",
            "Hồ Minh Tú",
            "PCT UBND huyện, Phó Trưởng Ban Chỉ đạo các Chương trình MTQG huyện",
            "district",
        ),
        # a given name that is also a level word, closed by a comma
        ("Dự có ông Mạc Văn Tỉnh, Chủ tịch UBND xã.", "Mạc Văn Tỉnh", "Chủ tịch UBND xã", "commune"),
        # a place whose name is a number word ("Triệu"), and a level chained after a department
        (
            "Dự có ông Ngô Văn Lộc - Phó Chánh Văn phòng Điều phối nông thôn mới huyện Triệu Sơn.",
            "Ngô Văn Lộc",
            "Phó Chánh Văn phòng Điều phối nông thôn mới huyện Triệu Sơn",
            "district",
        ),
        (
            "Dự có bà Đỗ Thị Yến - Phó Trưởng phòng Xây dựng chính quyền Sở Nội vụ tỉnh Kon Tum.",
            "Đỗ Thị Yến",
            "Phó Trưởng phòng Xây dựng chính quyền Sở Nội vụ tỉnh Kon Tum",
            "province",
        ),
        # five words after a level: a place of two, then the name
        (
            "Phó Chánh Thanh tra tỉnh Lâm Đồng Đặng Hữu Phước phát biểu.",
            "Đặng Hữu Phước",
            "Phó Chánh Thanh tra tỉnh Lâm Đồng",
            "province",
        ),
        # a former commune "(cũ)", a glued "COVID-19", a teacher's prefix
        (
            "Dự có ông Bon Niêng Ha Sơn, nguyên Chủ nhiệm Ủy ban Kiểm tra Đảng ủy xã Đạ Rsal (cũ).",
            "Bon Niêng Ha Sơn",
            "nguyên Chủ nhiệm Ủy ban Kiểm tra Đảng ủy xã Đạ Rsal (cũ)",
            "commune",
        ),
        (
            "Dự có ông Mấu Văn Nhàn, Trưởng Ban Chỉ đạo phòng chống dịch COVID-19 xã.",
            "Mấu Văn Nhàn",
            "Trưởng Ban Chỉ đạo phòng chống dịch COVID-19 xã",
            "commune",
        ),
        (
            "Hiệu trưởng Trường Tiểu học Tân Hiệp Nam A, thầy Thạch Ngọc Minh cho biết.",
            "Thạch Ngọc Minh",
            "Hiệu trưởng Trường Tiểu học Tân Hiệp Nam A",
            "unknown",
        ),
        (
            "Cùng dự có đ/c Hà Văn Toản, Phó CT UBND huyện Tuy Đức.",
            "Hà Văn Toản",
            "Phó CT UBND huyện Tuy Đức",
            "district",
        ),
        # a monk's rank is a prefix; an abbot's title names no level
        (
            "Dự có Đại đức Thạch Sa Ry - Trụ trì chùa Bốn Mặt.",
            "Thạch Sa Ry",
            "Trụ trì chùa Bốn Mặt",
            "unknown",
        ),
    ],
)
def test_a_name_with_its_title_in_each_layout(text: str, name: str, title: str, level: str) -> None:
    got = _officials(text)
    assert name in got, got
    assert got[name][:2] == (title, level)


def test_several_people_share_one_title() -> None:
    got = _officials("Dự có các đồng chí: Phạm Văn Hùng, Nguyễn Thị Mai - Phó Chủ tịch UBND xã.")
    assert got["Phạm Văn Hùng"][0] == got["Nguyễn Thị Mai"][0] == "Phó Chủ tịch UBND xã"


@pytest.mark.parametrize(
    "text",
    [
        "Các Phó Chủ tịch UBND phường: bà Võ Thị Xuân, bà Lương Thị Nga cùng dự.",
        "Các đồng chí Phó Chủ tịch UBND phường Võ Thị Xuân và Lương Thị Nga điều hành thảo luận.",
        "Hội nghị có sự tham dự của các Phó Chủ tịch UBND phường Võ Thị Xuân, Lương Thị Nga.",
    ],
)
def test_a_title_written_before_a_list_is_everyones(text: str) -> None:
    got = _officials(text)
    assert got["Võ Thị Xuân"][0] == got["Lương Thị Nga"][0] == "Phó Chủ tịch UBND phường"
    assert got["Võ Thị Xuân"][2] == got["Lương Thị Nga"][2]  # the list's verb is everyone's


def test_a_title_before_a_name_and_an_untitled_person_after_it() -> None:
    got = _officials("Chủ tịch UBND xã Hà Văn Lực và ông Đào Văn Tư, người dân thôn 3, cùng trao quà.")
    assert set(got) == {"Hà Văn Lực"}  # no plural, no colon: the title is his alone


def test_the_verb_before_a_list_is_everyones() -> None:
    got = _officials(
        "Hội nghị có sự tham dự của các đồng chí: Hà Văn Lực, Bí thư Đảng ủy xã; Đào Thị Vân, Chủ tịch "
        "UBND xã."
    )
    assert got["Hà Văn Lực"][2] == got["Đào Thị Vân"][2] == "attend"


def test_a_title_given_by_a_verb_without_the_term() -> None:
    got = _officials("Kỳ họp đã bầu ông Đỗ Văn Thành giữ chức Chủ tịch UBND xã nhiệm kỳ 2021 - 2026.")
    assert got["Đỗ Văn Thành"][0] == "Chủ tịch UBND xã"


def test_roles_come_from_the_verbs_of_the_event() -> None:
    got = _officials(
        "Đồng chí Lê Văn Tâm, Bí thư Đảng ủy xã chủ trì hội nghị. Đồng chí Trần Thị Hoa, Phó Chủ tịch "
        "UBND xã trình bày báo cáo. Phát biểu tại hội nghị, đồng chí Vi Văn Sơn, Phó Bí thư Huyện ủy "
        "đề nghị xã tiếp tục phát huy."
    )
    assert [got[n][2] for n in ("Lê Văn Tâm", "Trần Thị Hoa", "Vi Văn Sơn")] == ["chair", "report", "speak"]


def test_bylines_and_bare_names_are_no_officials() -> None:
    got = _officials("Cụ Nguyễn Văn Tư, 90 tuổi, rất phấn khởi.\n\nTin, ảnh: Minh Tuấn")
    assert got == {}
    assert _officials("Xã trao 20 suất quà.\n\nKatơr Thị Nga (Văn phòng - Thống kê xã)") == {}


def test_a_steering_committee_keeps_its_subject_up_to_the_verb_or_over_a_quoted_name() -> None:
    got = _officials(
        "Ông Lê Văn Hùng, Chủ tịch UBND xã, Trưởng Ban Chỉ đạo diễn tập chủ trì buổi diễn tập. "
        'Bà Phạm Thị Hoa, Trưởng Ban Chỉ đạo phong trào "Toàn dân đoàn kết xây dựng đời sống văn hóa" '
        "xã báo cáo. Ông Đỗ Văn Nam, Chủ tịch Hội trao quà cho các hộ."
    )
    assert {name: title for name, (title, _, _) in got.items()} == {
        "Lê Văn Hùng": "Chủ tịch UBND xã, Trưởng Ban Chỉ đạo diễn tập",
        "Phạm Thị Hoa": 'Trưởng Ban Chỉ đạo phong trào "Toàn dân đoàn kết xây dựng đời sống văn hóa" xã',
        "Đỗ Văn Nam": "Chủ tịch Hội",
    }


def test_a_term_written_nk_is_left_out_of_the_title() -> None:
    got = _officials("Đ/c Hà Thị Lan được bầu giữ chức PCT Hội CCB xã NK 2022 - 2027.")
    assert got["Hà Thị Lan"][0] == "PCT Hội CCB xã"


def test_a_level_at_the_very_end_of_the_text() -> None:
    # found by hypothesis: a title run reaching a level word that ends the text
    facts = extract_facts("đồng chíLò Thị Pánh - Bí thư chủ trìBằng khen 03 chi bộ")
    assert isinstance(facts.officials, list)


def test_an_area_a_unit_serves_goes_on_its_title_and_names_no_level() -> None:
    got = _officials(
        "Dự hội nghị có bà Trần Thị Mai - Giám đốc Phòng giao dịch NHCSXH khu vực Yên Lập; "
        "Trưởng Hạt Kiểm lâm liên huyện Đoan Hùng Lê Văn Sơn."
    )
    assert got["Trần Thị Mai"][0] == "Giám đốc Phòng giao dịch NHCSXH khu vực Yên Lập"
    assert got["Lê Văn Sơn"][0] == "Trưởng Hạt Kiểm lâm liên huyện Đoan Hùng"
    assert _officials("Ông Lê Văn Tám, Bí thư Đảng ủy xã, kiểm tra khu vực Bãi Sậy.")["Lê Văn Tám"][0] == (
        "Bí thư Đảng ủy xã"
    )
