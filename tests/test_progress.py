"""The crawl's voice: a redrawn bar on a terminal, timestamped lines under cron."""

import io
import re

from pipelines.progress import Reporter
from scrape.summary import Progress


def test_cron_gets_one_timestamped_line_per_event() -> None:
    out = io.StringIO()
    reporter = Reporter(out, tty=False)
    reporter.log("200 new       http://x.test/a")
    reporter.progress(Progress(handled=1, queued=3, failed=0, hosts=1))
    reporter.log("503 failed    http://x.test/b (http_503)")
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and "\r" not in out.getvalue()
    assert all(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ ", line) for line in lines)


def test_terminal_gets_a_bar_and_only_problems_as_lines() -> None:
    out = io.StringIO()
    reporter = Reporter(out, tty=True)
    reporter.progress(Progress(handled=5, queued=15, failed=1, hosts=2))
    reporter.log("200 new       http://x.test/a")  # routine: only in the bar
    reporter.log("503 failed    http://x.test/b (http_503)")
    reporter.close()
    text = out.getvalue()
    assert "crawl [######------------------] 5/20 URLs, 1 failed, 2 host(s) busy" in text
    assert "http://x.test/a" not in text
    assert "503 failed    http://x.test/b (http_503)\n" in text
    assert text.endswith("\r\x1b[K")  # the bar is wiped before the summary prints
