"""Paths of the bundled fixtures, for the tests."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
PORTAL = FIXTURES / "portal"
SEED_TEXT = FIXTURES / "text" / "000_43e91cfe993e9ca8.txt"
SEED_HTML = (
    PORTAL / "phuocson.quangnam.test" / "articles" / "2891-hoi-nghi-tong-ket-cong-tac-dang-nam-2023.html"
)
