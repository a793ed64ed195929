"""Fixtures for the scrape tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from scrape_server import TinyServer


@pytest.fixture
def server() -> Iterator[TinyServer]:
    """A started TinyServer, stopped after the test."""
    tiny = TinyServer().start()
    try:
        yield tiny
    finally:
        tiny.stop()
