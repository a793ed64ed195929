"""Property tests: any text, however malformed, goes through parsing and fact extraction
without raising, and every fact's offsets point at its own text in the body the user sees."""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract import extract_facts, parse_page

# Pieces real bodies are made of, so that random sentences reach deep into every rule
# (a title run, a count before a recipient, an indicator before a number, a part of day...).
_PIECES = [
    "đồng chí",
    "Đ/c",
    "ông",
    "bà",
    "Nguyễn Văn An",
    "Lò Thị Pánh",
    "Y Ngông Niê Kdăm",
    "Bí thư",
    "bí thu",
    "Phó Bí thư",
    "PBT TT",
    "HUV",
    "UVBTV",
    "PCT UBND",
    "Chủ tịch",
    "UBND",
    "HĐND",
    "xã",
    "huyện",
    "Đảng ủy",
    "Đảng uỷ",
    "MTTQ",
    "chủ trì",
    "phát biểu",
    "dự",
    "được bầu giữ chức",
    "-",
    "–",
    ",",
    ";",
    "(",
    ")",
    ":",
    ".",
    "khen thưởng",
    "tặng Giấy khen cho",
    "Bằng khen",
    "03",
    "mười hai",
    "chục",
    "chi bộ",
    "cá nhân",
    "tập thể",
    "trong đó",
    "Huy hiệu 50 năm tuổi Đảng",
    "Thu nhập bình quân",
    "đầu người",
    "tỷ lệ hộ nghèo",
    "giảm còn",
    "đạt",
    "phấn đấu",
    "trên",
    "hơn",
    "trở lên",
    "70",
    "1.234,5",
    "3,48",
    "0.5",
    "05%",
    "%",
    "triệu đồng/năm",
    "tỷ đồng",
    "tấn/ha",
    "ha",
    "năm 2024",
    "17/19 chỉ tiêu",
    "25/25",
    "107 % kế hoạch",
    "Sáng ngày",
    "chiều",
    "21/12/2023",
    "5/1",
    "hôm qua",
    "sáng nay",
    "3 giờ trước",
    "10:18 CH",
    "lúc 14 giờ",
    "ngày 12 tháng 3 năm 2024",
    "từ ngày 10 đến 12/7",
    "\n",
    "\n\n",
    "  ",
    "\u00a0",
    "\u200b",
    "Tin, ảnh:",
    "Tác giả:",
    "hoà",
    "hòa",
    "thuỷ",
    "o\u0300",
]

_pick = st.sampled_from
# Sentences shaped like the facts (an official, an award, a target, a date), with random pieces
# between and inside them: most examples then reach the rules' later stages.
_official = st.tuples(
    _pick(["đồng chí", "Đ/c", "ông", "bà", "", "các đồng chí"]),
    _pick(["Nguyễn Văn An", "Lò Thị Pánh", "Y Ngông Niê Kdăm", "Trần B", "Hà Thị Khánh Linh"]),
    _pick([" - ", " – ", ", ", "- ", " ", " (", ": "]),
    _pick(["Bí thư", "HUV, PBT TT", "Phó Chủ tịch UBND", "UVBTV, PCT HĐND", "bí thu", "Chủ tịch UBMTTQVN"]),
    _pick([" Đảng ủy xã", " huyện", " tỉnh", " Huyện uỷ", "", ")"]),
    _pick([" chủ trì", " phát biểu", " dự", ";", ".", " được bầu giữ chức Chủ tịch UBND xã"]),
).map("".join)
_award = st.tuples(
    _pick(["khen thưởng cho", "tặng Giấy khen cho", "trao Huy hiệu 30 năm tuổi Đảng cho", "Bằng khen"]),
    _pick(["03", "mười hai", "hai chục", "1", "0", "99999", "2024"]),
    _pick(["chi bộ", "cá nhân", "tập thể và cá nhân, trong đó 3 tập thể", "đảng viên", "hộ"]),
).map(" ".join)
_target = st.tuples(
    _pick(
        [
            "Thu nhập bình quân đầu người",
            "tỷ lệ hộ nghèo",
            "Tỉ lệ tham gia BHYT",
            "thu ngân sách",
            "giao quân",
        ]
    ),
    _pick(["năm 2024", "", "năm 20"]),
    _pick(["đạt", "phấn đấu đạt", "giảm còn", "trên", "trở lên", "tăng lên"]),
    _pick(["70", "1.234,5", "3,48", "0.5", "05", "1,5 - 2", "25/25", "", "1e9"]),
    _pick(["triệu đồng/năm", "%", "tỷ đồng", "tấn/ha", "% kế hoạch", "chỉ tiêu", ""]),
).map(" ".join)
_sentences = st.lists(st.one_of(_pick(_PIECES), _official, _award, _target), max_size=40).map(" ".join)
_noise = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from("0123456789/.,-–:%()Đđăâêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ \n"),
    ),
    max_size=400,
)
_dates = st.one_of(st.none(), st.sampled_from(["2023-12-23", "2024-03-26T10:18:00+07:00", "1999-01-01", "x"]))
_settings = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_offsets(body: str, facts) -> None:
    for kind in ("dates", "officials", "awards", "targets"):
        for fact in getattr(facts, kind):
            assert 0 <= fact.start <= fact.end <= len(body), (kind, fact)
            if fact.text:  # officials carry the span of the person's mention as text
                assert body[fact.start : fact.end] == fact.text, (kind, fact)


@_settings
@given(body=st.one_of(_sentences, _noise), published=_dates)
def test_facts_never_raise_and_offsets_point_into_the_body(body: str, published: str | None) -> None:
    body = unicodedata.normalize("NFC", body)  # parse_page hands the extractors NFC text
    facts = extract_facts(body, published)
    _check_offsets(body, facts)


@_settings
@given(body=st.one_of(_sentences, _noise))
def test_flattened_pages_never_raise(body: str) -> None:
    article = parse_page(body, kind="text")
    _check_offsets(article.body, article.facts)


_tags = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<div class='content'>",
        "</div>",
        "<br>",
        "<h1>",
        "</h1>",
        "<table><tr><td>",
        "<li>",
        "<a href='/a/b.html'>",
        "</a>",
        "<span style='display:none'>",
        "<!--",
        "-->",
        "<script>",
        "&amp;",
        "&#7843;",
        "<meta property='article:published_time' content='2024-01-02'>",
        "<",
        ">",
        "&",
    ]
)


@_settings
@given(parts=st.lists(st.one_of(_tags, _sentences), max_size=40))
def test_html_pages_never_raise(parts: list[str]) -> None:
    article = parse_page("".join(parts), kind="html", url="http://xa.example.gov.vn/tin/1.html")
    _check_offsets(article.body, article.facts)
