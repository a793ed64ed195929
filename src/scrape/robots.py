"""What robots.txt allows, following RFC 9309's rules for failed fetches."""

from __future__ import annotations

from dataclasses import dataclass

from protego import Protego

# Bytes of robots.txt parsed; RFC 9309 §2.5 asks crawlers to read at least 500 KiB.
MAX_ROBOTS_BYTES = 512_000


@dataclass(frozen=True)
class RobotsPolicy:
    """Rules for one origin (``scheme://host[:port]``) for the length of a run.

    ``unavailable`` means robots.txt could not be read (5xx, network error): RFC 9309 says
    to assume everything is disallowed, and not to cache that answer beyond this run.
    """

    origin: str
    status: int | None  # HTTP status of robots.txt, None when it was unreachable
    parser: Protego | None = None
    unavailable: bool = False
    reason: str = "robots_unavailable"  # recorded for URLs refused while unavailable

    def allows(self, url: str, user_agent: str) -> bool:
        """May ``user_agent`` fetch ``url``?"""
        if self.unavailable:
            return False
        if self.parser is None:
            return True
        return self.parser.can_fetch(url, user_agent)

    def crawl_delay(self, user_agent: str) -> float | None:
        """Crawl-delay for ``user_agent`` in seconds, if robots.txt sets one."""
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(user_agent)
        return float(delay) if delay is not None else None


def policy_from_response(origin: str, status: int | None, body: bytes) -> RobotsPolicy:
    """Build the policy from a robots.txt response (``status`` None = unreachable).

    2xx: parse the rules. 4xx: no rules, everything allowed (RFC 9309 §2.3.1.3).
    5xx or unreachable: everything disallowed for now (§2.3.1.4).
    """
    if status is None or status >= 500:
        return RobotsPolicy(origin, status, unavailable=True)
    if 200 <= status < 300:
        # RFC 9309 §2.2: robots.txt is UTF-8.
        text = body[:MAX_ROBOTS_BYTES].decode("utf-8", "replace")
        return RobotsPolicy(origin, status, parser=Protego.parse(text))
    return RobotsPolicy(origin, status)
