"""How a crawl talks to whoever runs it: a progress bar on a terminal, plain lines under cron."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from scrape.summary import Progress

# Redraws of the progress line per second, at most.
_REFRESH = 8.0


class Reporter:
    """Receives the crawler's log lines and progress; writes to ``stream`` (stderr).

    On a terminal, one line redrawn in place shows progress, and only problems (failed or
    skipped URLs, robots.txt notes, site summaries) scroll above it. Anywhere else (cron,
    a pipe, a file) every line is printed with a UTC timestamp, so logs can be grepped.
    """

    def __init__(self, stream: TextIO | None = None, *, tty: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self._last_draw = 0.0
        self._bar = ""

    def log(self, line: str) -> None:
        if not self.tty:
            stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            print(f"{stamp} {line}", file=self.stream, flush=True)
            return
        if line[:3].isdigit() and " failed " not in line:
            return  # routine fetches show up in the bar, not as lines
        self._clear()
        print(line, file=self.stream)
        self._draw(self._bar)

    def progress(self, p: Progress) -> None:
        if not self.tty:
            return
        now = time.monotonic()
        if now - self._last_draw < 1 / _REFRESH and p.queued:
            return
        self._last_draw = now
        total = p.handled + p.queued
        width = 24
        filled = width * p.handled // total if total else width
        bar = "#" * filled + "-" * (width - filled)
        self._draw(f"crawl [{bar}] {p.handled}/{total} URLs, {p.failed} failed, {p.hosts} host(s) busy")

    def close(self) -> None:
        """End the progress line so what follows starts on a fresh line."""
        if self.tty and self._bar:
            self._clear()
            self._bar = ""

    def _draw(self, text: str) -> None:
        self._bar = text
        if text:
            self.stream.write("\r" + text[:200] + "\x1b[K")
            self.stream.flush()

    def _clear(self) -> None:
        self.stream.write("\r\x1b[K")
