"""Shapes the s_ held-out pages showed (sentences written for the test): an example after "như
ông", online dossiers apart from online payment, a poverty line in brackets, a planned list of
titles."""

from __future__ import annotations

from extract import extract_facts


def _targets(text: str) -> list[tuple[str, float]]:
    return [(t.indicator, t.value) for t in extract_facts(text, "2025-12-20").targets]


def test_one_persons_figure_after_nhu_ong_is_no_target() -> None:
    text = "Nhiều gương điển hình được biểu dương như ông Lê Văn Thái hiến 180 m2 đất vườn để mở rộng đường."
    assert _targets(text) == []


def test_online_dossiers_online_payment_and_waste_collection() -> None:
    assert _targets(
        "Tỷ lệ hồ sơ nộp trực tuyến đạt 76,4%; tỷ lệ thanh toán phí, lệ phí trực tuyến đạt 52,8%; tỷ lệ "
        "người hưởng nhận qua tài khoản ngân hàng đạt 64,5%; tỷ lệ thu gom toàn xã đạt 38,5%."
    ) == [
        ("online_dossier_rate", 76.4),
        ("digital_payment_rate", 52.8),
        ("digital_payment_rate", 64.5),
        ("waste_collection_rate", 38.5),
    ]


def test_a_poverty_line_in_brackets_is_a_threshold() -> None:
    text = (
        "Tỷ lệ hộ nghèo giảm còn 0,86% (theo chuẩn nghèo đa chiều khu vực thành thị, thu nhập bình quân "
        "từ 2 triệu đồng/người/tháng trở xuống)."
    )
    assert _targets(text) == [("poverty_rate", 0.86)]


def test_titles_in_a_planned_list_are_not_awarded() -> None:
    facts = extract_facts(
        "Năm 2026, Hội Khuyến học xã phấn đấu: kết nạp mới ít nhất 150 hội viên; có thêm 5 dòng họ đạt danh "
        'hiệu "Dòng họ học tập".',
        "2025-12-20",
    )
    assert facts.awards == []
