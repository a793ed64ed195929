"""Export the raw page archive as a WARC file (ISO 28500, WARC/1.0) with warcio.

The crawler fetches with httpx, which warcio's ``capture_http`` cannot record, so the
records are written here from what the archive kept. The file holds, in order:

* one ``warcinfo`` record: software and version, format, the archive it came from, the
  User-Agent and how the HTTP messages below were rebuilt;
* per stored page (listings, articles, robots.txt; ordered by site and URL):

  - a ``response`` record for the URL that answered (``final_url``), dated with the
    page's ``fetched_at``;
  - a ``request`` record for the same URL, ``WARC-Concurrent-To`` the response: the GET
    line and the headers the crawler sends on every request (Host, User-Agent, Accept,
    Accept-Language, and httpx's Accept-Encoding and Connection);
  - when a redirect was followed (the URL first requested differs from ``final_url``), a
    ``metadata`` record for ``final_url``, ``WARC-Concurrent-To`` the response, whose
    ``via:`` field names the URL first requested. That is how Heritrix notes where a
    capture was reached from, and what its readers and CDX tooling expect; there is no
    standard WARC header for it. The 3xx responses themselves were not archived, so no
    response record is made up for them: a replay tool finds the page under its final
    URL only.

What the records do not claim:

* The archive keeps bodies with their content-encoding (gzip, br) removed, not the bytes
  off the wire. Re-compressing them would not give the original bytes back and would make
  ``WARC-Payload-Digest`` describe bytes no server sent, so the response records carry the
  decoded body and say so: ``Content-Encoding`` and ``Transfer-Encoding`` are moved to
  ``X-Archive-Orig-Content-Encoding`` / ``X-Archive-Orig-Transfer-Encoding`` (pywb's and
  wget's convention for rewritten headers), and ``Content-Length`` is the body's length
  (a differing original goes to ``X-Archive-Orig-Content-Length``). Digests and lengths
  are therefore consistent with the record, and readers do not try to gunzip plain HTML.
* Request records are rebuilt, not recorded: conditional headers (If-None-Match,
  If-Modified-Since) and cookies the crawler may have sent are not in the archive, and the
  User-Agent is the one given to :func:`export_warc` (the crawler's default unless told).
* The archive keeps only the latest 2xx response per URL, and nothing of 304s or of
  refetches that returned the same body, so no ``revisit`` records are written.
* Header names are as httpx reported them (lower case); repeated headers such as
  Set-Cookie were joined with ", " when the page was stored.

The file is written to a temporary name beside the target and renamed into place at the
end, so an interrupted export never leaves a partial file under the final name.
"""

from __future__ import annotations

import contextlib
import http
import io
import os
import secrets
import sqlite3
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

import httpx

from .archive import Archive, StoredPage
from .errors import ArchiveError, ScrapeError
from .fetcher import DEFAULT_HEADERS
from .settings import DEFAULT_USER_AGENT

WARC_VERSION = "WARC/1.0"

# Response headers that describe the wire encoding, which the stored body no longer has.
_WIRE_HEADERS = {
    "content-encoding": "X-Archive-Orig-Content-Encoding",
    "transfer-encoding": "X-Archive-Orig-Transfer-Encoding",
}


class WarcExportError(ScrapeError):
    """The WARC file cannot be written where asked."""


@dataclass
class WarcExport:
    """What :func:`export_warc` wrote."""

    path: Path
    pages: int = 0
    records: int = 0
    redirects: int = 0  # pages reached through redirects (one metadata record each)
    kinds: dict[str, int] = field(default_factory=dict)  # pages per kind


def export_warc(
    archive: Archive,
    out_path: str | Path,
    *,
    gzip: bool = True,
    user_agent: str = DEFAULT_USER_AGENT,
) -> WarcExport:
    """Write every stored page of ``archive`` to ``out_path`` as WARC records (see the
    module docstring for what is written); return the counts.

    ``gzip`` compresses each record as its own gzip member (the usual ``.warc.gz``).
    Raises WarcExportError when the file cannot be written (nothing is left behind) and
    ArchiveError when the archive cannot be read.
    """
    from warcio.warcwriter import WARCWriter

    out = Path(out_path)
    if out.is_dir():
        raise WarcExportError(f"Cannot write the WARC file {out}: it is a directory. Name a file instead.")
    if _same_file(out, archive.path):
        raise WarcExportError(
            f"Refusing to write the WARC file over the archive {archive.path}. Name another output file."
        )
    temp, handle = _open_temp(out)
    summary = WarcExport(path=out)
    try:
        with handle:
            writer = WARCWriter(handle, gzip=gzip, warc_version=WARC_VERSION)
            info = writer.create_warcinfo_record(out.name, _warcinfo_fields(archive, user_agent))
            info_id = info.rec_headers.get_header("WARC-Record-ID")
            writer.write_record(info)
            summary.records += 1
            sent_headers = {"User-Agent": user_agent, **DEFAULT_HEADERS}
            with httpx.Client(headers=sent_headers, trust_env=False) as client:
                for page in archive.iter_pages(None):
                    summary.records += _write_page(writer, client, page, info_id)
                    summary.pages += 1
                    summary.kinds[page.kind] = summary.kinds.get(page.kind, 0) + 1
                    if _redirected(page):
                        summary.redirects += 1
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, out)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise WarcExportError(f"Cannot write the WARC file {out} ({_why(exc, out)}).") from exc
    except sqlite3.Error as exc:
        temp.unlink(missing_ok=True)
        raise ArchiveError(f"Reading the archive {archive.path} failed ({exc}); nothing written.") from exc
    except BaseException:  # interrupted or failed: never leave the temporary file behind
        temp.unlink(missing_ok=True)
        raise
    return summary


# -- records ---------------------------------------------------------------------------------


def _write_page(writer, client: httpx.Client, page: StoredPage, info_id: str) -> int:
    """Write the records of one page; return how many."""
    from warcio.statusandheaders import StatusAndHeaders

    date = warc_date(page.fetched_at, page.url)
    target = page.final_url or page.url
    response = writer.create_warc_record(
        target,
        "response",
        payload=io.BytesIO(page.body),
        length=len(page.body),
        http_headers=StatusAndHeaders(
            _status_line(page.status), response_headers(page.headers, len(page.body)), protocol="HTTP/1.1"
        ),
        warc_headers_dict=_warc_headers("response", target, date, info_id),
    )
    response_id = response.rec_headers.get_header("WARC-Record-ID")
    try:
        sent = client.build_request("GET", target)
    except httpx.InvalidURL as exc:
        raise ArchiveError(f"The archive holds a page with an invalid URL {target!r} ({exc}).") from exc
    request = writer.create_warc_record(
        target,
        "request",
        http_headers=StatusAndHeaders(
            f"GET {sent.url.raw_path.decode('ascii')} HTTP/1.1",
            [(k.decode("latin-1"), v.decode("latin-1")) for k, v in sent.headers.raw],
        ),
        warc_headers_dict=_warc_headers("request", target, date, info_id, response_id),
    )
    writer.write_record(response)
    writer.write_record(request)
    if not _redirected(page):
        return 2
    fields = f"via: {page.request_url}\r\n".encode()
    note = writer.create_warc_record(
        target,
        "metadata",
        payload=io.BytesIO(fields),
        length=len(fields),
        warc_content_type="application/warc-fields",
        warc_headers_dict=_warc_headers("metadata", target, date, info_id, response_id),
    )
    writer.write_record(note)
    return 3


def _warc_headers(
    kind: str, target: str, date: str, info_id: str, concurrent_to: str | None = None
) -> dict[str, str]:
    """WARC headers in the usual order (warcio keeps the order of the keys it is given)."""
    headers = {
        "WARC-Type": kind,
        "WARC-Record-ID": f"<urn:uuid:{uuid.uuid4()}>",
        "WARC-Date": date,
        "WARC-Target-URI": target,
    }
    if concurrent_to:
        headers["WARC-Concurrent-To"] = concurrent_to
    headers["WARC-Warcinfo-ID"] = info_id
    return headers


def response_headers(headers: dict[str, str], body_length: int) -> list[tuple[str, str]]:
    """The stored response headers made true of the stored (decoded) body: wire encodings
    moved to ``X-Archive-Orig-*``, Content-Length set to ``body_length``."""
    out: list[tuple[str, str]] = []
    length = str(body_length)
    for name, value in headers.items():
        lower = name.lower()
        if lower in _WIRE_HEADERS:
            out.append((_WIRE_HEADERS[lower], value))
        elif lower == "content-length":
            if value.strip() != length:
                out.append(("X-Archive-Orig-Content-Length", value))
        else:
            out.append((name, value))
    out.append(("Content-Length", length))
    return out


def warc_date(fetched_at: str, url: str = "") -> str:
    """An ISO 8601 time as a WARC-Date (UTC, to the second, with a Z)."""
    try:
        when = datetime.fromisoformat(fetched_at.replace("Z", "+00:00"))
    except (TypeError, ValueError):
        raise ArchiveError(
            f"The archive holds an unreadable fetch time {fetched_at!r} for {url or 'a page'}."
        ) from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _status_line(status: int) -> str:
    try:
        phrase = http.HTTPStatus(status).phrase
    except ValueError:
        phrase = ""
    return f"{status} {phrase}"


def _redirected(page: StoredPage) -> bool:
    return bool(page.request_url) and bool(page.final_url) and page.request_url != page.final_url


def _warcinfo_fields(archive: Archive, user_agent: str) -> dict[str, str]:
    return {
        "software": f"commune-news/{_version('commune-news')} (warcio/{_version('warcio')})",
        "format": "WARC File Format 1.0",
        "conformsTo": "http://bibnum.bnf.fr/WARC/WARC_ISO_28500_version1_latestdraft.pdf",
        "description": (
            "Export of a commune-news page archive. Bodies are stored decoded: Content-Encoding and"
            " Transfer-Encoding are kept as X-Archive-Orig-* headers and Content-Length is the stored"
            " body's. Request records are rebuilt from the crawler's headers. A metadata record's via:"
            " names the URL first requested when redirects were followed."
        ),
        "commune-news-archive": str(archive.path.resolve()),
        "http-header-user-agent": user_agent,
        "robots": "obey",
    }


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"


# -- files -----------------------------------------------------------------------------------


def _open_temp(out: Path) -> tuple[Path, io.BufferedWriter]:
    """A new, uniquely named file beside ``out`` (created with the usual permissions)."""
    temp = out.with_name(f".{out.name}.{secrets.token_hex(4)}.part")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise WarcExportError(f"Cannot write the WARC file {out} ({_why(exc, out)}).") from exc
    return temp, os.fdopen(fd, "wb")


def _same_file(a: Path, b: Path) -> bool:
    with contextlib.suppress(OSError):
        return a.exists() and b.exists() and a.samefile(b)
    return False


def _why(exc: OSError, out: Path) -> str:
    """The reason for a failed write, naming the output's directory rather than the temp file."""
    where = out.parent
    if isinstance(exc, FileNotFoundError):
        return f"the directory {where} does not exist"
    if isinstance(exc, NotADirectoryError):
        return f"{where} is not a directory"
    if isinstance(exc, PermissionError):
        return f"no permission to create files in {where}"
    return exc.strerror or str(exc)
