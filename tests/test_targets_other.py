"""Rates the indicator vocabulary lacks come out as `other` targets, labelled by the words that
name them; votes, changes, shares of plan and rates the vocabulary reads stay out (sentences
written for the test)."""

from __future__ import annotations

import pytest

from extract import extract_facts

PUBLISHED = "2024-12-20T09:00:00"


def _others(text: str) -> list[tuple[float, str]]:
    return [(t.value, t.label) for t in extract_facts(text, PUBLISHED).targets if t.indicator == "other"]


@pytest.mark.parametrize(
    "text,expected",
    [
        # "tỷ lệ" and the words after it, up to the verb
        (
            "Năm 2024, tỷ lệ hồ sơ được số hóa kết quả giải quyết đạt 91,5%.",
            [(91.5, "tỷ lệ hồ sơ được số hóa kết quả giải quyết")],
        ),
        # a rate heading its clause, then what it counts (numbers inside the words allowed)
        (
            "Kết quả: 100% tổ tự quản có quy ước hoạt động; 96% người từ 60 tuổi trở lên được "
            "khám sức khỏe định kỳ.",
            [
                (100, "tổ tự quản có quy ước hoạt động"),
                (96, "người từ 60 tuổi trở lên được khám sức khỏe định kỳ"),
            ],
        ),
        # the clause before "đạt", or before its comma
        (
            "Công tác tập huấn phòng cháy đạt 97%. Hòa giải thành 41/45 vụ việc, đạt 91,1%.",
            [(97, "Công tác tập huấn phòng cháy"), (91.1, "Hòa giải thành 41/45 vụ việc")],
        ),
    ],
)
def test_a_rate_the_vocabulary_lacks_is_an_other_target(text: str, expected: list) -> None:
    assert _others(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Tỷ lệ cử tri đi bầu đạt 99,6%.",  # a turnout
        "Đồng chí Lê Văn Tâm trúng cử với số phiếu đạt 100%.",  # a vote
        "So với cùng kỳ, tăng 12% so với năm trước.",  # a change over a base, nothing named
        "Công tác thu phí đạt 103% kế hoạch.",  # a share of plan
        "Xã hoàn thành giao quân 22/22 chỉ tiêu, đạt 100%.",  # the rate of an amount read already
        "Tỷ lệ 100%.",  # no words say what
    ],
)
def test_votes_changes_and_restated_shares_are_no_other_target(text: str) -> None:
    assert _others(text) == []


def test_a_rate_in_the_scope_of_a_vocabulary_phrase_is_left_to_the_vocabulary() -> None:
    text = "Tỷ lệ hộ nghèo giảm còn 1,9%; 100% hộ nghèo, cận nghèo được cấp thẻ BHYT."
    facts = extract_facts(text, PUBLISHED)
    assert [t.indicator for t in facts.targets if t.indicator == "other"] == []
    assert ("poverty_rate", 1.9) in {(t.indicator, t.value) for t in facts.targets}


def test_an_amount_the_vocabulary_lacks_is_a_target_when_a_share_of_plan_follows_it() -> None:
    facts = extract_facts("Năm 2024, Hội tiếp nhận 156 đơn vị máu, đạt 104% chỉ tiêu.", PUBLISHED)
    assert [(t.indicator, t.value, t.percent_of_plan) for t in facts.targets] == [("other", 156, 104)]
    # a rate that "tỷ lệ" names is judged by the rate phrases only
    facts = extract_facts("Tỷ lệ giải ngân vốn đầu tư công mới đạt 31,5%.", PUBLISHED)
    assert [(t.indicator, t.value) for t in facts.targets] == [("other", 31.5)]
