import dataclasses
import inspect

import pytest

from scrape import settings as settings_module
from scrape.errors import ConfigError, ScrapeError
from scrape.settings import CrawlSettings, SiteSpec


def test_every_setting_is_documented() -> None:
    """Each field of CrawlSettings and SiteSpec has a comment line right above it."""
    for cls in (CrawlSettings, SiteSpec):
        lines = inspect.getsource(cls).splitlines()
        for f in dataclasses.fields(cls):
            index = next(i for i, line in enumerate(lines) if line.strip().startswith(f"{f.name}:"))
            assert lines[index - 1].strip().startswith("#"), f"{cls.__name__}.{f.name} undocumented"


def test_polite_defaults() -> None:
    s = CrawlSettings()
    assert s.delay >= 1.0 and s.retries == 2 and not s.allow_private
    assert s.user_agent == settings_module.DEFAULT_USER_AGENT
    assert dict(s.resolve) == {}


@pytest.mark.parametrize(
    "kwargs",
    [
        {"delay": -1},
        {"concurrency": 0},
        {"max_body_bytes": 0},
        {"resolve": {"a.test": "nope"}},
        {"user_agent": "mybot/1.0"},  # no contact URL or e-mail
        {"max_query_variants": 0},
        {"retry_failed_after": -1},
    ],
)
def test_bad_settings_fail_with_config_error(kwargs: dict) -> None:
    with pytest.raises(ConfigError):
        CrawlSettings(**kwargs)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"name": "bad name"},
        {"start_urls": ()},
        {"start_urls": ("ftp://x.vn/",)},
        {"sitemaps": ("/sitemap.xml",)},
        {"article_patterns": ("([",)},
        {"delay": -0.5},
    ],
)
def test_bad_site_fails_with_config_error(kwargs: dict) -> None:
    base = {
        "name": "x",
        "start_urls": ("http://x.vn/list",),
        "listing_patterns": (r"/list",),
        "article_patterns": (r"/news/\d+",),
    }
    with pytest.raises(ConfigError) as info:
        SiteSpec(**{**base, **kwargs})
    assert isinstance(info.value, ScrapeError) and isinstance(info.value, ValueError)


def test_allowed_hosts() -> None:
    site = SiteSpec("x", ("http://X.vn/a", "https://www.x.vn/b"), (), (), extra_hosts=("M.X.VN",))
    assert site.allowed_hosts == {"x.vn", "www.x.vn", "m.x.vn"}


def test_resolve_hosts_lower_cased() -> None:
    assert dict(CrawlSettings(resolve={"Portal.Test": "127.0.0.1:80"}).resolve) == {
        "portal.test": "127.0.0.1:80"
    }
