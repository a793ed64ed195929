"""export_warc and `commune-news export-warc`: records read back with warcio."""

from __future__ import annotations

import gzip
import sqlite3
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.cli import main as warcio_main

from pipelines.cli import main
from scrape.archive import Archive
from scrape.fetcher import DEFAULT_HEADERS, FetchResult
from scrape.settings import DEFAULT_USER_AGENT
from scrape.warc import WarcExportError, export_warc, response_headers, warc_date

LISTING = b"<html><body><a href='/tin/1'>Tin 1</a></body></html>"
ARTICLE = "<html><body><p>Đảng ủy xã Phước Sơn tổ chức hội nghị</p></body></html>".encode()
MOVED = "<html><body><p>Bài đã chuyển</p></body></html>".encode()
ROBOTS = b"User-agent: *\nDisallow: /admin\n"


def _result(url: str, body: bytes, when: str, status: int = 200, **headers: str) -> FetchResult:
    headers = {k.replace("_", "-"): v for k, v in headers.items()}
    return FetchResult(url, status, headers, headers.get("content-type"), body, when)


@pytest.fixture
def archive_path(tmp_path: Path) -> Path:
    """Four pages: a listing, a gzip-on-the-wire article, a redirected article, robots.txt."""
    path = tmp_path / "archive.db"
    archive = Archive(path)
    run = archive.start_run("cfg")
    archive.record_robots(
        "http://x.vn/robots.txt",
        "x",
        _result("http://x.vn/robots.txt", ROBOTS, "2024-01-02T03:04:00+00:00", content_type="text/plain"),
        run,
    )
    archive.add_url("http://x.vn/tin", "http://x.vn/tin", "x", "listing", 0, run)
    archive.record_response(
        "http://x.vn/tin",
        _result(
            "http://x.vn/tin",
            LISTING,
            "2024-01-02T03:04:01+00:00",
            content_type="text/html",
            content_length=str(len(LISTING)),
        ),
        final_url="http://x.vn/tin",
        run_id=run,
    )
    archive.add_url("http://x.vn/tin/1", "http://x.vn/tin/1", "x", "article", 1, run)
    wire = gzip.compress(ARTICLE)  # what the server sent; the archive keeps ARTICLE
    archive.record_response(
        "http://x.vn/tin/1",
        _result(
            "http://x.vn/tin/1",
            ARTICLE,
            "2024-01-02T03:04:05+00:00",
            content_type="text/html; charset=utf-8",
            content_encoding="gzip",
            content_length=str(len(wire)),
            etag='"abc"',
        ),
        final_url="http://x.vn/tin/1",
        run_id=run,
    )
    archive.add_url("http://x.vn/tin/2", "http://x.vn/cu?id=2", "x", "article", 1, run)
    archive.record_response(
        "http://x.vn/tin/2",
        _result(
            "http://x.vn/tin/2",
            MOVED,
            "2024-01-02T03:04:09+00:00",
            content_type="text/html",
            transfer_encoding="chunked",
        ),
        final_url="http://x.vn/tin/2",
        run_id=run,
    )
    archive.commit()
    archive.close()
    return path


def _export(archive_path: Path, out: Path, **kwargs):
    with Archive(archive_path) as archive:
        return export_warc(archive, out, **kwargs)


def _records(path: Path) -> list[dict]:
    """Every record read back with digest checks on; payloads as stored in the record."""
    out = []
    with open(path, "rb") as fh:
        for record in ArchiveIterator(fh, check_digests="raise"):
            payload = record.raw_stream.read()
            assert record.digest_checker.passed is True
            out.append(
                {
                    "type": record.rec_type,
                    "uri": record.rec_headers.get_header("WARC-Target-URI"),
                    "id": record.rec_headers.get_header("WARC-Record-ID"),
                    "warc": record.rec_headers,
                    "http": record.http_headers,
                    "payload": payload,
                }
            )
    return out


def test_records_in_order_with_targets_and_counts(archive_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.warc.gz"
    summary = _export(archive_path, out)
    records = _records(out)
    assert [(r["type"], r["uri"]) for r in records] == [
        ("warcinfo", None),
        ("response", "http://x.vn/robots.txt"),
        ("request", "http://x.vn/robots.txt"),
        ("response", "http://x.vn/tin"),
        ("request", "http://x.vn/tin"),
        ("response", "http://x.vn/tin/1"),
        ("request", "http://x.vn/tin/1"),
        ("response", "http://x.vn/tin/2"),
        ("request", "http://x.vn/tin/2"),
        ("metadata", "http://x.vn/tin/2"),
    ]
    assert (summary.pages, summary.records, summary.redirects) == (4, 10, 1)
    assert summary.kinds == {"robots": 1, "listing": 1, "article": 2}
    assert out.read_bytes()[:2] == b"\x1f\x8b"  # gzip members
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp left


def test_warcinfo_first(archive_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.warc.gz"
    _export(archive_path, out)
    info = _records(out)[0]
    fields = info["payload"].decode()
    assert info["warc"].get_header("WARC-Filename") == "out.warc.gz"
    assert info["warc"].get_header("Content-Type") == "application/warc-fields"
    assert "software: commune-news/" in fields
    assert "format: WARC File Format 1.0" in fields
    assert f"commune-news-archive: {archive_path.resolve()}" in fields
    assert f"http-header-user-agent: {DEFAULT_USER_AGENT}" in fields


def test_payloads_are_the_stored_bodies_and_headers_do_not_lie(archive_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.warc.gz"
    _export(archive_path, out)
    responses = {r["uri"]: r for r in _records(out) if r["type"] == "response"}
    with Archive(archive_path) as archive:
        stored = {p.final_url: p for p in archive.iter_pages(None)}
    assert set(responses) == set(stored)
    for uri, record in responses.items():
        http = record["http"]
        assert record["payload"] == stored[uri].body
        assert http.get_statuscode() == str(stored[uri].status)
        assert http.get_header("Content-Length") == str(len(stored[uri].body))
        assert http.get_header("Content-Encoding") is None
        assert http.get_header("Transfer-Encoding") is None
        assert record["warc"].get_header("WARC-Date") == warc_date(stored[uri].fetched_at)
        # The WARC Content-Length covers exactly the HTTP head plus the stored body.
        head = len(http.to_ascii_bytes())
        assert int(record["warc"].get_header("Content-Length")) == head + len(stored[uri].body)

    article = responses["http://x.vn/tin/1"]["http"]
    assert article.get_header("X-Archive-Orig-Content-Encoding") == "gzip"
    assert article.get_header("X-Archive-Orig-Content-Length") == str(len(gzip.compress(ARTICLE)))
    assert article.get_header("etag") == '"abc"'
    assert article.statusline == "200 OK"
    assert responses["http://x.vn/tin/1"]["warc"].get_header("WARC-Date") == "2024-01-02T03:04:05Z"
    moved = responses["http://x.vn/tin/2"]["http"]
    assert moved.get_header("X-Archive-Orig-Transfer-Encoding") == "chunked"
    listing = responses["http://x.vn/tin"]["http"]
    assert listing.get_header("X-Archive-Orig-Content-Length") is None  # it was already true

    # A reader that decodes content (as replay tools do) gets the HTML, not a gunzip error.
    with open(out, "rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_headers.get_header("WARC-Target-URI") == "http://x.vn/tin/1":
                assert record.content_stream().read() == ARTICLE
                break


def test_requests_and_redirect_metadata_are_linked(archive_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.warc"
    _export(archive_path, out, gzip=False)
    assert out.read_bytes().startswith(b"WARC/1.0\r\n")
    records = _records(out)
    info_id = records[0]["id"]
    for response, request in zip(records[1:9:2], records[2:9:2], strict=True):
        assert (response["type"], request["type"]) == ("response", "request")
        assert request["warc"].get_header("WARC-Concurrent-To") == response["id"]
        assert request["warc"].get_header("WARC-Date") == response["warc"].get_header("WARC-Date")
        assert response["warc"].get_header("WARC-Warcinfo-ID") == info_id
    request = records[8]
    http = request["http"]
    assert f"{http.protocol} {http.statusline}" == "GET /tin/2 HTTP/1.1"
    assert http.get_header("Host") == "x.vn"
    assert http.get_header("User-Agent") == DEFAULT_USER_AGENT
    for name, value in DEFAULT_HEADERS.items():
        assert http.get_header(name) == value
    assert request["payload"] == b""

    meta = records[9]
    assert meta["warc"].get_header("WARC-Concurrent-To") == records[7]["id"]
    assert meta["warc"].get_header("Content-Type") == "application/warc-fields"
    assert meta["payload"] == b"via: http://x.vn/cu?id=2\r\n"


def test_warcio_check_passes(archive_path: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out.warc.gz"
    _export(archive_path, out)
    with pytest.raises(SystemExit) as done:
        warcio_main(["check", str(out)])
    assert done.value.code == 0, capsys.readouterr().out


def test_response_headers_rules() -> None:
    assert response_headers({"content-encoding": "br", "content-length": "10", "x-a": "1"}, 25) == [
        ("X-Archive-Orig-Content-Encoding", "br"),
        ("X-Archive-Orig-Content-Length", "10"),
        ("x-a", "1"),
        ("Content-Length", "25"),
    ]
    assert response_headers({}, 0) == [("Content-Length", "0")]
    assert warc_date("2024-01-02T10:04:05+07:00") == "2024-01-02T03:04:05Z"


def test_interrupted_export_leaves_the_old_file(
    archive_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out.warc.gz"
    out.write_bytes(b"previous export")
    calls = []

    def fail_on_second_page(*args):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return 2

    monkeypatch.setattr("scrape.warc._write_page", fail_on_second_page)
    with pytest.raises(KeyboardInterrupt):
        _export(archive_path, out)
    assert out.read_bytes() == b"previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive.db", "out.warc.gz"]


def test_unwritable_outputs(archive_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(WarcExportError, match="does not exist"):
        _export(archive_path, tmp_path / "missing" / "out.warc.gz")
    with pytest.raises(WarcExportError, match="is a directory"):
        _export(archive_path, tmp_path)
    with pytest.raises(WarcExportError, match="over the archive"):
        _export(archive_path, archive_path)

    def denied(path, *args):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("scrape.warc.os.open", denied)  # the tests may run as root
    with pytest.raises(WarcExportError, match=f"no permission to create files in {tmp_path}"):
        _export(archive_path, tmp_path / "out.warc.gz")


# -- the command -------------------------------------------------------------------------------


def test_cli_success(archive_path: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "export" / "a.warc.gz"
    out.parent.mkdir()
    assert main(["export-warc", "--archive", str(archive_path), "--output", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"wrote 10 records for 4 pages to {out}"
    assert len(_records(out)) == 10


def test_cli_missing_archive(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "nope.db"
    code = main(["export-warc", "--archive", str(missing), "--output", str(tmp_path / "a.warc.gz")])
    err = capsys.readouterr().err
    assert code == 2
    assert "no archive yet" in err and str(missing) in err and "Traceback" not in err
    assert not missing.exists()  # not created by the attempt
    assert not (tmp_path / "a.warc.gz").exists()


def test_cli_not_an_archive_is_left_alone(tmp_path: Path, capsys) -> None:
    other = tmp_path / "communes.db"
    sqlite3.connect(other).execute("CREATE TABLE articles (id INTEGER)").connection.close()
    code = main(["export-warc", "--archive", str(other), "--output", str(tmp_path / "a.warc.gz")])
    assert code == 2
    assert "not a commune-news archive" in capsys.readouterr().err
    tables = {r[0] for r in sqlite3.connect(other).execute("SELECT name FROM sqlite_master")}
    assert tables == {"articles"}


def test_cli_unwritable_output(archive_path: Path, tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    code = main(["export-warc", "--archive", str(archive_path), "--output", str(blocker / "a.warc.gz")])
    err = capsys.readouterr().err
    assert code == 2
    assert "Cannot write the WARC file" in err and "Traceback" not in err
