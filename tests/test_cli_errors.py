"""A user's mistake gets a clear message and exit status 2, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixture_paths import ROOT


def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipelines.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "setup,expect",
    [
        (lambda d: d / "missing.html", "no such file"),
        (lambda d: (d / "empty.html").write_text("") and d / "empty.html" or d / "empty.html", "empty"),
        (lambda d: (d / "photo.jpg").write_bytes(b"\xff\xd8\xff\x00") and d / "photo.jpg", "not a page"),
        (lambda d: (d / "blob.html").write_bytes(b"\x00\x01\x02binary") and d / "blob.html", "binary"),
    ],
    ids=["missing", "empty", "not-html-suffix", "binary"],
)
def test_parse_bad_input(tmp_path: Path, setup, expect: str):
    path = setup(tmp_path)
    out = _cli("parse", str(path))
    assert out.returncode == 2
    assert expect in out.stderr and "Traceback" not in out.stderr


def test_config_with_unknown_key(tmp_path: Path):
    cfg = tmp_path / "bad.toml"
    cfg.write_text(
        '[crawl]\ndelay = 1\nspeed = "fast"\n[[sites]]\nname = "x"\n'
        'start_urls = ["http://example.test/"]\narticle_patterns = ["/a/"]\n'
    )
    out = _cli("run", "--config", str(cfg))
    assert out.returncode == 2
    assert "speed" in out.stderr and "Traceback" not in out.stderr


def test_missing_config(tmp_path: Path):
    out = _cli("crawl", "--config", str(tmp_path / "nope.toml"))
    assert out.returncode == 2 and "no such config file" in out.stderr


def test_parse_seed_text_through_the_contract():
    out = _cli("parse", "--json", "tests/fixtures/text/000_43e91cfe993e9ca8.txt")
    assert out.returncode == 0
    assert '"published_at": "2023-12-23"' in out.stdout
