import codecs
import unicodedata

import pytest
from fault_server import windows_1258 as cp1258

from scrape.decode import decode_html, is_html

SAMPLE = (
    "Ủy ban nhân dân xã Hòa Bình tổ chức hội nghị tổng kết công tác năm 2023. "
    "Đồng chí Nguyễn Văn Duy phát biểu chỉ đạo; khen thưởng 06 tập thể có thành tích xuất sắc."
)


def page(body: bytes, head: bytes = b"") -> bytes:
    return b"<html><head>" + head + b"<title>t</title></head><body><p>" + body + b"</p></body></html>"


def test_sample_really_is_decomposed_in_cp1258() -> None:
    raw = cp1258(SAMPLE).decode("cp1258")
    assert raw != SAMPLE and unicodedata.normalize("NFC", raw) == SAMPLE


@pytest.mark.parametrize(
    ("content_type", "head"),
    [
        pytest.param("text/html; charset=windows-1258", b"", id="http-charset"),
        pytest.param(
            None,
            b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">',
            id="meta-http-equiv",
        ),
        pytest.param("text/html", b'<meta charset="windows-1258">', id="meta-charset"),
        pytest.param(None, b"", id="detector"),
        pytest.param("text/html; charset=utf-8", b"", id="wrong-http-charset"),
    ],
)
def test_windows_1258_comes_out_nfc(content_type: str | None, head: bytes) -> None:
    text = decode_html(page(cp1258(SAMPLE), head), content_type)
    assert SAMPLE in text
    assert unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        pytest.param(
            "text/html; charset=iso-8859-1",
            page(SAMPLE.encode(), b'<meta charset="utf-8">'),
            id="latin1-header-utf8-body-utf8-meta",
        ),
        pytest.param("text/html; charset=iso-8859-1", page(SAMPLE.encode()), id="latin1-header-utf8-body"),
        pytest.param("text/html; charset=windows-1258", page(SAMPLE.encode()), id="cp1258-header-utf8-body"),
        pytest.param(
            "text/html; charset=ISO-8859-1",
            page(
                cp1258(SAMPLE), b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'
            ),
            id="latin1-header-cp1258-body-cp1258-meta",
        ),
        pytest.param(
            "text/html; charset=utf-8",
            page(cp1258(SAMPLE), b'<meta charset="windows-1258">'),
            id="utf8-header-cp1258-body-cp1258-meta",
        ),
        pytest.param("text/html", page(SAMPLE.encode()), id="no-charset-utf8"),
        pytest.param(None, page(cp1258(SAMPLE)), id="no-charset-cp1258"),
    ],
)
def test_wrong_and_missing_charsets(content_type: str | None, body: bytes) -> None:
    text = decode_html(body, content_type)
    assert SAMPLE in text and unicodedata.is_normalized("NFC", text)


def test_real_latin1_still_latin1() -> None:
    body = page("Café crème, Größe".encode("latin-1"))
    assert "Café crème, Größe" in decode_html(body, "text/html; charset=iso-8859-1")


def test_utf8_nfd_is_normalised() -> None:
    nfd = unicodedata.normalize("NFD", SAMPLE).encode("utf-8")
    assert SAMPLE in decode_html(page(nfd), "text/html; charset=utf-8")


def test_bom_wins_over_declared_charset() -> None:
    body = codecs.BOM_UTF8 + page(SAMPLE.encode("utf-8"))
    assert SAMPLE in decode_html(body, "text/html; charset=windows-1252")


def test_undecodable_bytes_are_replaced_not_raised() -> None:
    text = decode_html(b"<p>\xff\xfe\xfa broken \x81</p>", "text/html; charset=utf-8")
    assert "broken" in text


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        ("text/html; charset=utf-8", b"", True),
        ("application/xhtml+xml", b"", True),
        ("application/pdf", b"<html>", False),
        ("text/plain", b"<html>", False),
        (None, b"  <!DOCTYPE html><html>", True),
        (None, b"%PDF-1.4", False),
    ],
)
def test_is_html(content_type: str | None, body: bytes, expected: bool) -> None:
    assert is_html(content_type, body) is expected
