"""A synthetic commune-portal network for the crawl bench, served on 127.0.0.1.

Every host ``hNN.bench.test`` is one commune portal: a paginated listing
``/tin-tuc?page=N`` (20 article links per page, numbered pagination and a next link) and
article pages ``/tin-tuc/<slug>-<id>.html`` of 15-30 KB with the menus, sidebars and footer
of a real portal. Pages are generated deterministically from the host and path, so every
run and every crawler sees the same site.

The server is one asyncio process speaking a minimal HTTP/1.1 (GET, keep-alive, routing by
the Host header). Run it as ``python -m pipelines.bench_site --hosts 20 --articles 100``;
it prints ``port=N`` once it listens and serves until terminated.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import random
import sys
import time
from email.utils import formatdate
from urllib.parse import urlsplit

DOMAIN = "bench.test"
PER_PAGE = 20
# Patterns both crawlers follow (re.search on the absolute URL).
LISTING_PATTERN = r"/tin-tuc\?page=\d+$"
ARTICLE_PATTERN = r"/tin-tuc/[a-z0-9-]+-\d+\.html$"

ROBOTS = b"User-agent: *\nDisallow: /tim-kiem\nAllow: /\n"

_COMMUNES = [
    "Phước Sơn", "Tân Hiệp", "Hoằng Thịnh", "Bình Minh", "Hòa Phú", "Xuân Lộc", "Thạnh Mỹ",
    "Đại Đồng", "Quảng Phú", "An Nhơn", "Long Hưng", "Vĩnh Thạnh", "Cẩm Thủy", "Hương Sơn",
    "Nghĩa Đàn", "Triệu Phong", "Điện Bàn", "Tam Kỳ", "Đức Phổ", "Mỹ Hào", "Ea Kar", "Bảo Lâm",
]  # fmt: skip
_TOPICS = [
    ("Hội nghị tổng kết công tác năm", "hoi-nghi-tong-ket-cong-tac-nam"),
    ("Khai giảng lớp bồi dưỡng nghiệp vụ", "khai-giang-lop-boi-duong-nghiep-vu"),
    ("Ra quân xây dựng nông thôn mới", "ra-quan-xay-dung-nong-thon-moi"),
    ("Trao tặng Huy hiệu Đảng cho đảng viên", "trao-tang-huy-hieu-dang-cho-dang-vien"),
    ("Tiếp xúc cử tri trước kỳ họp Hội đồng nhân dân", "tiep-xuc-cu-tri-truoc-ky-hop-hdnd"),
    ("Diễn tập phương án phòng chống thiên tai", "dien-tap-phong-chong-thien-tai"),
    ("Tuyên truyền chuyển đổi số tại thôn", "tuyen-truyen-chuyen-doi-so-tai-thon"),
    ("Bàn giao nhà tình nghĩa cho gia đình chính sách", "ban-giao-nha-tinh-nghia"),
    ("Kiểm tra công tác cải cách hành chính", "kiem-tra-cai-cach-hanh-chinh"),
    ("Phát động phong trào toàn dân bảo vệ an ninh Tổ quốc", "phat-dong-phong-trao-an-ninh"),
]
_SENTENCES = [
    "Sáng ngày {d}/{m}/2024, Ủy ban nhân dân xã {c} tổ chức hội nghị với sự tham dự của "
    "đồng chí Nguyễn Văn An, Bí thư Đảng ủy, Chủ tịch Hội đồng nhân dân xã.",
    "Theo báo cáo, trong năm qua tổng thu ngân sách trên địa bàn đạt {n} triệu đồng, "
    "vượt {p}% so với kế hoạch được giao.",
    "Hội nghị đã thống nhất các chỉ tiêu chủ yếu: tốc độ tăng trưởng kinh tế đạt trên {p}%, "
    "tỷ lệ hộ nghèo giảm còn dưới 2%, tỷ lệ người dân tham gia bảo hiểm y tế đạt 95%.",
    "Phát biểu chỉ đạo, đồng chí Trần Thị Bình, Phó Chủ tịch UBND xã, đề nghị các ban ngành, "
    "đoàn thể tiếp tục đẩy mạnh công tác tuyên truyền, vận động nhân dân.",
    "Dịp này, UBND xã đã tặng Giấy khen cho {k} tập thể và {n} cá nhân có thành tích xuất sắc "
    "trong phong trào thi đua yêu nước giai đoạn 2020 - 2025.",
    "Công tác cải cách hành chính được chú trọng, {p}% hồ sơ được giải quyết đúng và trước hạn, "
    "không có hồ sơ tồn đọng, quá hạn.",
    "Các thôn đã huy động nhân dân đóng góp hơn {n} ngày công để chỉnh trang đường giao thông "
    "nông thôn, trồng cây xanh và vệ sinh môi trường.",
    "Lực lượng dân quân thường trực phối hợp với Công an xã tuần tra, kiểm soát, giữ vững "
    "an ninh chính trị, trật tự an toàn xã hội trên địa bàn.",
    "Trạm Y tế xã đã tổ chức tiêm chủng mở rộng cho {n} trẻ em trong độ tuổi, đạt tỷ lệ {p}%, "
    "đồng thời khám sàng lọc bệnh không lây nhiễm cho người cao tuổi.",
    "Hội Nông dân xã phối hợp với Trung tâm Khuyến nông huyện mở {k} lớp tập huấn kỹ thuật "
    "trồng lúa, chăn nuôi an toàn sinh học cho hội viên.",
    "Năm học mới, các trường trên địa bàn xã đã huy động {p}% trẻ trong độ tuổi ra lớp, "
    "cơ sở vật chất được đầu tư theo hướng chuẩn quốc gia.",
    "Ủy ban Mặt trận Tổ quốc Việt Nam xã đã vận động Quỹ Vì người nghèo được {n} triệu đồng, "
    "hỗ trợ xây mới và sửa chữa {k} căn nhà cho hộ nghèo, hộ cận nghèo.",
]
_MENU = [
    ("Trang chủ", "/"), ("Giới thiệu", "/gioi-thieu"), ("Lịch sử hình thành", "/gioi-thieu/lich-su"),
    ("Điều kiện tự nhiên", "/gioi-thieu/dieu-kien-tu-nhien"), ("Tổ chức bộ máy", "/to-chuc-bo-may"),
    ("Đảng ủy", "/to-chuc-bo-may/dang-uy"), ("Hội đồng nhân dân", "/to-chuc-bo-may/hdnd"),
    ("Ủy ban nhân dân", "/to-chuc-bo-may/ubnd"), ("Mặt trận Tổ quốc", "/to-chuc-bo-may/mttq"),
    ("Tin tức - Sự kiện", "/tin-tuc?page=1"), ("Tin hoạt động", "/tin-hoat-dong"),
    ("Văn bản pháp luật", "/van-ban"), ("Văn bản chỉ đạo điều hành", "/van-ban/chi-dao"),
    ("Thủ tục hành chính", "/thu-tuc-hanh-chinh"), ("Dịch vụ công trực tuyến", "/dich-vu-cong"),
    ("Công khai ngân sách", "/cong-khai-ngan-sach"), ("Quy hoạch - Kế hoạch", "/quy-hoach"),
    ("Thông báo", "/thong-bao"), ("Lịch công tác", "/lich-cong-tac"), ("Hỏi đáp", "/hoi-dap"),
    ("Liên hệ", "/lien-he"), ("Sơ đồ cổng", "/so-do-cong"), ("Tìm kiếm", "/tim-kiem?q="),
]  # fmt: skip
_LINKS_OUT = [
    ("Cổng TTĐT Chính phủ", "https://chinhphu.vn/"), ("Cổng Dịch vụ công Quốc gia", "https://dichvucong.gov.vn/"),
    ("Báo Nhân Dân", "https://nhandan.vn/"), ("Chia sẻ Facebook", "https://www.facebook.com/sharer/sharer.php"),
]  # fmt: skip
_BREADCRUMB = (
    '<div class="breadcrumb"><a href="/">Trang chủ</a> › <a href="/tin-tuc?page=1">Tin tức</a></div>\n'
)
_NOT_FOUND = "<!DOCTYPE html><html><body><h1>404 - Không tìm thấy</h1></body></html>".encode()
_CSS = "".join(f".c{i}{{margin:{i}px;padding:{i % 7}px;color:#{i * 97 % 4096:03x}}}\n" for i in range(60))


def host_names(count: int) -> list[str]:
    """``h00.bench.test`` ... one per commune portal."""
    return [f"h{i:02d}.{DOMAIN}" for i in range(count)]


def start_url(host: str, port: int) -> str:
    """The first listing page of a host."""
    return f"http://{host}:{port}/tin-tuc?page=1"


def listing_pages(articles: int) -> int:
    """Listing pages per host for ``articles`` articles."""
    return -(-articles // PER_PAGE)


def expected_pages(hosts: int, articles: int) -> int:
    """Pages a complete crawl fetches (robots.txt not counted)."""
    return hosts * (articles + listing_pages(articles))


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


class Site:
    """Page generator for ``hosts`` portals of ``articles`` articles each."""

    def __init__(self, hosts: int, articles: int, cache_pages: int = 4096) -> None:
        self.hosts = {name: i for i, name in enumerate(host_names(hosts))}
        self.articles = articles
        self.pages = listing_pages(articles)
        self._chrome = [self._build_chrome(i) for i in range(hosts)]
        # Responses are bytes; cache the hot ones so the server stays far faster than a crawler.
        self.respond = functools.lru_cache(maxsize=cache_pages)(self._respond)

    # -- content ---------------------------------------------------------------------------

    def _build_chrome(self, index: int) -> tuple[str, str]:
        commune = _COMMUNES[index % len(_COMMUNES)]
        menu = "\n".join(
            f'<li class="c{j % 60}"><a href="{u}">{t}</a></li>' for j, (t, u) in enumerate(_MENU)
        )
        neighbours = "\n".join(
            f'<li><a href="http://h{(index + k) % len(self.hosts):02d}.{DOMAIN}/">Xã lân cận {k}</a></li>'
            for k in range(1, 6)
        )
        out = "\n".join(f'<li><a href="{u}" rel="noopener">{t}</a></li>' for t, u in _LINKS_OUT)
        head = (
            f'<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
            f"<title>{{title}} - Cổng thông tin điện tử xã {commune}</title>"
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<style>{_CSS}</style></head>\n<body>\n"
            f'<header class="banner"><a href="/"><img src="/static/logo.png" alt="Quốc huy"></a>'
            f"<h2>ỦY BAN NHÂN DÂN XÃ {commune.upper()}</h2>"
            f'<form action="/tim-kiem"><input name="q" placeholder="Tìm kiếm..."></form></header>\n'
            f'<nav class="menu"><ul>\n{menu}\n</ul></nav>\n'
        )
        foot = (
            f'<aside class="lien-ket"><h3>Liên kết</h3><ul>\n{out}\n{neighbours}\n</ul></aside>\n'
            f"<footer><p>Cơ quan chủ quản: Ủy ban nhân dân xã {commune}</p>"
            f"<p>Địa chỉ: Thôn 1, xã {commune}; Điện thoại: 0235.3{index:02d}.{index * 37 % 1000:03d}</p>"
            f"<p>Người chịu trách nhiệm: Chủ tịch UBND xã {commune}</p>"
            f'<p><a href="mailto:ubnd.{index:02d}@example.vn">ubnd.{index:02d}@example.vn</a> '
            f'<a href="javascript:void(0)">Lên đầu trang</a> <a href="#top">Đầu trang</a></p></footer>\n'
            f'<script src="/static/app.js"></script>\n</body></html>\n'
        )
        return head, foot

    def _title(self, host: int, article: int) -> tuple[str, str]:
        text, slug = _TOPICS[(host * 7 + article) % len(_TOPICS)]
        return f"{text} {2024 - article % 3} (số {article})", f"{slug}-{article}"

    def _paragraph(self, rng: random.Random, commune: str) -> str:
        sentences = [
            rng.choice(_SENTENCES).format(
                d=rng.randint(1, 28),
                m=rng.randint(1, 12),
                c=commune,
                n=rng.randint(12, 980),
                p=rng.randint(60, 120),
                k=rng.randint(2, 30),
            )
            for _ in range(rng.randint(3, 6))
        ]
        return f"<p>{' '.join(sentences)}</p>"

    def _article_link(self, host: int, article: int, cls: str = "") -> str:
        title, slug = self._title(host, article)
        return f'<a{cls} href="/tin-tuc/{slug}.html">{_esc(title)}</a>'

    def article(self, host: int, article: int) -> str:
        """Article ``article`` (1-based) of host number ``host``."""
        head, foot = self._chrome[host]
        commune = _COMMUNES[host % len(_COMMUNES)]
        rng = random.Random(host * 1_000_003 + article)
        title, _ = self._title(host, article)
        # 11-22 paragraphs: 15-30 KB pages once the chrome is added.
        body = "\n".join(self._paragraph(rng, commune) for _ in range(rng.randint(11, 22)))
        latest = "\n".join(
            f"<li>{self._article_link(host, a)}</li>"
            for a in range(max(1, article - 5), min(self.articles, article + 5) + 1)
            if a != article
        )
        return (
            head.replace("{title}", _esc(title))
            + _BREADCRUMB
            + f'<main><article><h1 class="title">{_esc(title)}</h1>'
            + f'<div class="meta">Ngày đăng: {rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2024'
            + f" | Lượt xem: {rng.randint(10, 5000)}</div>\n{body}\n"
            + '<p class="author"><strong>Văn phòng HĐND - UBND xã</strong></p></article>\n'
            + f'<aside class="tin-moi"><h3>Tin mới</h3><ul>\n{latest}\n</ul></aside></main>\n'
            + foot
        )

    def listing(self, host: int, page: int) -> str:
        """Listing page ``page`` (1-based): newest articles first."""
        head, foot = self._chrome[host]
        commune = _COMMUNES[host % len(_COMMUNES)]
        rng = random.Random(host * 7919 + page)
        first = (page - 1) * PER_PAGE + 1
        items = []
        for a in range(first, min(first + PER_PAGE, self.articles + 1)):
            summary = self._paragraph(rng, commune)[3:400]
            items.append(
                f'<div class="item"><img src="/static/thumb{a % 9}.jpg" alt="">'
                f"<h3>{self._article_link(host, a)}</h3>"
                f'<span class="date">{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2024</span>'
                f"<p>{summary}…</p></div>"
            )
        numbers = [1, *range(max(2, page - 3), min(self.pages, page + 3) + 1), self.pages]
        pager = " ".join(
            f"<b>{n}</b>" if n == page else f'<a href="/tin-tuc?page={n}">{n}</a>'
            for n in dict.fromkeys(numbers)
        )
        if page < self.pages:
            pager += f' <a class="next" href="/tin-tuc?page={page + 1}">Trang sau »</a>'
        return (
            head.replace("{title}", f"Tin tức - trang {page}")
            + "<main><h1>Tin tức - Sự kiện</h1>\n"
            + "\n".join(items)
            + f'\n<div class="pagination">{pager}</div></main>\n'
            + foot
        )

    # -- HTTP ------------------------------------------------------------------------------

    def _respond(self, host: str, target: str) -> tuple[int, str, bytes]:
        """(status, content type, body) for a request; 404 for anything unknown."""
        index = self.hosts.get(host)
        parts = urlsplit(target)
        html = "text/html; charset=utf-8"
        if index is not None:
            if parts.path == "/robots.txt":
                return 200, "text/plain", ROBOTS
            if parts.path == "/tin-tuc" and parts.query.startswith("page="):
                page = parts.query[5:]
                if page.isdigit() and 1 <= int(page) <= self.pages:
                    return 200, html, self.listing(index, int(page)).encode()
            elif parts.path.startswith("/tin-tuc/") and parts.path.endswith(".html"):
                number = parts.path[:-5].rpartition("-")[2]
                # Only the canonical slug is an article; anything else is not found.
                if (
                    number.isdigit()
                    and 1 <= int(number) <= self.articles
                    and parts.path == f"/tin-tuc/{self._title(index, int(number))[1]}.html"
                ):
                    return 200, html, self.article(index, int(number)).encode()
        return 404, html, _NOT_FOUND


class _HttpProtocol(asyncio.Protocol):
    """Minimal HTTP/1.1: GET/HEAD, keep-alive, pipelining, no request bodies."""

    def __init__(self, site: Site, clock: _Clock) -> None:
        self.site = site
        self.clock = clock
        self.buffer = bytearray()
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            head = bytes(self.buffer[:end]).decode("latin-1")
            del self.buffer[: end + 4]
            if not self._answer(head):
                return

    def _answer(self, head: str) -> bool:
        """Write the response to one request head; False once the connection is closed."""
        assert self.transport is not None
        lines = head.split("\r\n")
        try:
            method, target, version = lines[0].split(" ", 2)
        except ValueError:
            self.transport.close()
            return False
        host, close = "", version == "HTTP/1.0"
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name = name.strip().lower()
            if name == "host":
                host = value.strip().lower().rsplit(":", 1)[0] if "]" not in value else value.strip()
            elif name == "connection":
                close = value.strip().lower() == "close"
        status, content_type, body = self.site.respond(host, target)
        reason = "OK" if status == 200 else "Not Found"
        connection = "Connection: close\r\n" if close else ""
        header = (
            f"HTTP/1.1 {status} {reason}\r\nServer: bench-site\r\nDate: {self.clock.now()}\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
            f"Cache-Control: max-age=60\r\n{connection}\r\n"
        )
        self.transport.write(header.encode("latin-1") + (b"" if method == "HEAD" else body))
        if close:
            self.transport.close()
            return False
        return True


class _Clock:
    """The Date header, formatted once per second."""

    def __init__(self) -> None:
        self._second = 0
        self._text = ""

    def now(self) -> str:
        second = int(time.time())
        if second != self._second:
            self._second, self._text = second, formatdate(second, usegmt=True)
        return self._text


async def serve(site: Site, port: int = 0) -> None:
    """Serve ``site`` on 127.0.0.1 until cancelled; print ``port=N`` once listening."""
    loop = asyncio.get_running_loop()
    clock = _Clock()
    server = await loop.create_server(lambda: _HttpProtocol(site, clock), "127.0.0.1", port, backlog=1024)
    print(f"port={server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--articles", type=int, default=100, help="articles per host")
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    parser.add_argument("--cpu", type=int, default=None, help="pin the server to this CPU")
    parser.add_argument("--warm", action="store_true", help="build every page before listening")
    args = parser.parse_args(argv)
    if args.cpu is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.cpu})
    site = Site(args.hosts, args.articles)
    if args.warm:
        for host in site.hosts:
            site.respond(host, "/robots.txt")
            for page in range(1, site.pages + 1):
                site.respond(host, f"/tin-tuc?page={page}")
            for article in range(1, args.articles + 1):
                site.respond(host, f"/tin-tuc/{site._title(site.hosts[host], article)[1]}.html")
    try:
        asyncio.run(serve(site, args.port))
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
