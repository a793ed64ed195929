import pytest

from scrape.robots import policy_from_response

UA = "commune-news/0.1 (+https://github.com/commune-news/commune-news)"
ORIGIN = "http://x.vn"


def test_2xx_rules_and_crawl_delay() -> None:
    policy = policy_from_response(ORIGIN, 200, b"User-agent: *\nDisallow: /private\nCrawl-delay: 2\n")
    assert policy.allows("http://x.vn/news/1", UA)
    assert not policy.allows("http://x.vn/private/1", UA)
    assert policy.crawl_delay(UA) == 2.0


def test_group_for_our_agent_wins() -> None:
    body = b"User-agent: *\nDisallow: /\n\nUser-agent: commune-news\nDisallow: /x\n"
    policy = policy_from_response(ORIGIN, 200, body)
    assert policy.allows("http://x.vn/news", UA)
    assert not policy.allows("http://x.vn/x", UA)


@pytest.mark.parametrize("status", [401, 403, 404, 410])
def test_4xx_allows_everything(status: int) -> None:
    policy = policy_from_response(ORIGIN, status, b"User-agent: *\nDisallow: /\n")
    assert policy.allows("http://x.vn/anything", UA) and not policy.unavailable


@pytest.mark.parametrize("status", [500, 503, None])
def test_5xx_or_unreachable_disallows_everything(status: int | None) -> None:
    policy = policy_from_response(ORIGIN, status, b"")
    assert policy.unavailable
    assert not policy.allows("http://x.vn/", UA)
    assert policy.reason == "robots_unavailable"
