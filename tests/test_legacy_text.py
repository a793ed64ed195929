"""Broken encodings older portals still serve: repaired, and the parse says so."""

from extract import parse_page
from extract.legacy import convert_vn_fonts, repair_mojibake

TEXT = "Đảng ủy xã học tập, quán triệt Nghị quyết; thu nhập bình quân đạt 42 triệu đồng."


def _double_encoded(text: str) -> str:
    out = []
    for b in text.encode("utf-8"):
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(b))  # the five bytes cp1252 leaves undefined show as C1 controls
    return "".join(out)


def test_double_encoded_utf8_is_repaired() -> None:
    broken = _double_encoded(TEXT)
    assert broken != TEXT and "Ä" in broken
    assert repair_mojibake(f"<p>{broken}</p>") == (f"<p>{TEXT}</p>", True)


def test_clean_vietnamese_is_left_alone() -> None:
    text = "<h2>UBND XÃ NGÃ BA</h2><p>Ông Ã và bà Ä</p>" + TEXT
    assert repair_mojibake(text) == (text, False)


def test_tcvn3_font_text_is_converted() -> None:
    # "Nhiệm kỳ 2015 - 2020, kinh tế của xã" as a .VnTime page stores it (ABC bytes as cp1252 glyphs).
    glyphs = "NhiÖm kú 2015 - 2020, kinh tÕ cña x·"
    html = f'<p><font face=".VnTime">{glyphs}</font></p><p>µ stays µ outside the font</p>'
    converted, changed = convert_vn_fonts(html)
    assert changed
    assert "Nhiệm kỳ 2015 - 2020, kinh tế của xã" in converted
    assert "µ stays µ outside the font" in converted


def test_parse_reports_the_repair() -> None:
    html = f"<html><body><h1>Tin tức xã Cù Hòa hôm nay</h1><p>{_double_encoded(TEXT)}</p></body></html>"
    article = parse_page(html, facts=False)
    assert TEXT in article.body
    assert "double-encoded UTF-8 repaired" in article.warnings
