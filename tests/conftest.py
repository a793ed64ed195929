"""Shared fixtures: a pipeline config pointing into tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixture_paths import PORTAL, ROOT


@pytest.fixture
def demo_config(tmp_path: Path) -> Path:
    """pipelines/demo.toml with its archive and database moved into tmp_path."""
    text = (ROOT / "pipelines" / "demo.toml").read_text("utf-8")
    text = text.replace('archive = "data/archive.db"', f'archive = "{tmp_path / "archive.db"}"')
    text = text.replace('database = "data/communes.db"', f'database = "{tmp_path / "communes.db"}"')
    text = text.replace('root = "tests/fixtures/portal"', f'root = "{PORTAL}"')
    path = tmp_path / "demo.toml"
    path.write_text(text, "utf-8")
    return path
