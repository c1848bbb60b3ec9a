"""Loopback HTTP server for the bundled sample news site.

The demo and the end-to-end tests fetch feeds and article pages over real HTTP
so that the whole fetch path (conditional GET, gzip, charsets, robots.txt,
redirects, size caps, faults) is exercised without touching the internet.
Stdlib only, binds 127.0.0.1, quiet, and stops cleanly.

    with serve() as site:
        httpx.get(f"{site.base_url}/feeds/world.xml")
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import logging
import random
import re
import signal
import threading
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

log = logging.getLogger(__name__)

PLACEHOLDER = b"{{BASE_URL}}"
DEFAULT_ROOT = Path(__file__).resolve().parents[1] / "sample" / "site"
DEFAULT_FEEDS_FILE = Path(__file__).resolve().parents[1] / "sample" / "feeds.yaml"

MAX_SLOW_SECONDS = 30.0
MAX_BIG_BYTES = 200 * 1024 * 1024
DEFAULT_BIG_BYTES = 20 * 1024 * 1024
GZIP_BOMB_BYTES = 100 * 1024 * 1024
CHUNK = 64 * 1024

# Text files get {{BASE_URL}} substituted; everything else is served verbatim.
TEXT_SUFFIXES = {".xml", ".atom", ".rss", ".html", ".htm", ".txt"}
CONTENT_TYPES = {
    ".xml": "application/rss+xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".html": "text/html",
    ".htm": "text/html",
    ".txt": "text/plain; charset=utf-8",
    ".pdf": "application/pdf",
    ".json": "application/json",
    ".css": "text/css",
    ".jpg": "image/jpeg",
    ".png": "image/png",
}
_META_CHARSET = re.compile(rb"""<meta\s+charset=["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)

_BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Laughs</title><link>http://127.0.0.1/</link>
<description>&lol9;</description>
<item><title>&lol9;</title><link>http://127.0.0.1/x</link><guid>bomb-1</guid></item>
</channel></rss>
"""

# Smallest well-formed one-page PDF: enough for a content-type / "not HTML" check.
_TINY_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass(frozen=True)
class ServedRequest:
    """One answered request, so tests can assert what the pipeline fetched."""

    method: str
    path: str  # request target as sent, including the query string
    status: int

    @property
    def route(self) -> str:
        """The path without query string or fragment."""
        return urlsplit(self.path).path


class SampleSite:
    """A running sample site: its base URL, a log of served requests, stop()."""

    def __init__(self, server: _Server, thread: threading.Thread) -> None:
        self._server = server
        self._thread = thread
        self._stopped = False
        host, port = server.server_address[:2]
        self.base_url = f"http://{host}:{port}"
        self.root: Path = server.root

    @property
    def requests(self) -> list[ServedRequest]:
        """A snapshot (copy) of every request answered so far, in order."""
        with self._server.lock:
            return list(self._server.served)

    def count(self, path: str) -> int:
        """How many times a route (path without query) was requested."""
        return sum(1 for r in self.requests if r.route == path)

    def clear(self) -> None:
        """Forget served requests and reset the per-path /_test/ counters."""
        with self._server.lock:
            self._server.served.clear()
            self._server.hits.clear()

    def url(self, path: str) -> str:
        """Absolute URL for a site path like '/feeds/world.xml'."""
        return self.base_url + ("" if path.startswith("/") else "/") + path

    def stop(self) -> None:
        """Shut the server down and release the socket; safe to call twice."""
        if self._stopped:
            return
        self._stopped = True
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a /_test/slow sleeper must not block shutdown
    allow_reuse_address = True

    def __init__(self, addr: tuple[str, int], root: Path) -> None:
        super().__init__(addr, _Handler)
        self.root = root.resolve()
        self.lock = threading.Lock()
        self.served: list[ServedRequest] = []
        self.hits: Counter[str] = Counter()
        self._bomb: bytes | None = None

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def gzip_bomb(self) -> bytes:
        """~100 KB of gzip that inflates to 100 MB of zeros; built once, lazily."""
        with self.lock:
            if self._bomb is None:
                comp = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31 = gzip wrapper
                block = b"\0" * (1024 * 1024)
                parts = [comp.compress(block) for _ in range(GZIP_BOMB_BYTES // len(block))]
                parts.append(comp.flush())
                self._bomb = b"".join(parts)
            return self._bomb

    def handle_error(self, request: object, client_address: object) -> None:
        # Clients hanging up mid-stream is normal in fault tests: no traceback spam.
        log.debug("sample site: error serving %s", client_address, exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "NewsflowSample/1.0"
    sys_version = ""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        log.debug("sample site: " + format, *args)

    # -- plumbing ---------------------------------------------------------------

    def _record(self, status: int) -> None:
        with self.server.lock:
            self.server.served.append(ServedRequest(self.command, self.path, status))

    def _send(
        self,
        status: int,
        body: bytes = b"",
        content_type: str | None = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        self._record(status)
        self.send_response(status)
        if content_type and status not in (204, 304):
            self.send_header("Content-Type", content_type)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if status not in (204, 304) and not (100 <= status < 200):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD" and status not in (204, 304):
            self.wfile.write(body)

    def _wants_gzip(self) -> bool:
        accept = self.headers.get("Accept-Encoding", "")
        for part in accept.split(","):
            token, _, params = part.strip().partition(";")
            if token.strip().lower() in ("gzip", "*") and "q=0" not in params.replace(" ", ""):
                return True
        return False

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        try:
            if path.startswith("/_test/"):
                self._test_route(path, query)
            else:
                self._serve_file(path)
        except (BrokenPipeError, ConnectionResetError):
            log.debug("sample site: client hung up on %s", self.path)

    # -- static files -------------------------------------------------------------

    def _resolve(self, path: str) -> Path | None:
        root = self.server.root
        try:
            target = (root / path.lstrip("/")).resolve()
        except (OSError, ValueError):  # e.g. an embedded NUL byte
            return None
        if target != root and root not in target.parents:
            return None  # path traversal
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def _serve_file(self, path: str) -> None:
        target = self._resolve(path)
        if target is None:
            body = b"<!doctype html><title>Not found</title><h1>404 Not Found</h1>"
            self._send(404, body)
            return
        data = target.read_bytes()
        suffix = target.suffix.lower()
        if suffix in TEXT_SUFFIXES:
            data = data.replace(PLACEHOLDER, self.server.base_url.encode("ascii"))
        ctype = CONTENT_TYPES.get(suffix, "application/octet-stream")
        if ctype == "text/html":
            m = _META_CHARSET.search(data[:2048])
            charset = m.group(1).decode("ascii").lower() if m else "utf-8"
            ctype = f"text/html; charset={charset}"
        mtime = target.stat().st_mtime
        etag = '"' + hashlib.sha1(data).hexdigest()[:20] + '"'
        headers = {
            "ETag": etag,
            "Last-Modified": formatdate(mtime, usegmt=True),
            "Cache-Control": "max-age=60",
            "Vary": "Accept-Encoding",
        }
        gzipped = self._wants_gzip()
        if gzipped:  # a different representation gets its own validator
            headers["ETag"] = etag[:-1] + '-gz"'
        if self._not_modified((etag, etag[:-1] + '-gz"'), mtime):
            self._send(304, content_type=None, headers=headers)
            return
        if gzipped:
            data = gzip.compress(data, mtime=0)
            headers["Content-Encoding"] = "gzip"
        self._send(200, data, ctype, headers)

    def _not_modified(self, etags: tuple[str, ...], mtime: float) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:  # RFC 9110: If-None-Match wins over If-Modified-Since
            tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
            return "*" in tags or bool(tags.intersection(etags))
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                since = parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError, IndexError):
                return False
            return int(mtime) <= int(since)
        return False

    # -- fault routes ---------------------------------------------------------------

    def _test_route(self, path: str, query: dict[str, str]) -> None:
        name = path.removeprefix("/_test/")
        if name.startswith("status/"):
            self._status(name.removeprefix("status/"))
        elif name == "slow":
            seconds = min(max(_num(query.get("seconds"), 5.0), 0.0), MAX_SLOW_SECONDS)
            time.sleep(seconds)
            self._send(200, _page("Slow page", f"Answered after {seconds:g} s."))
        elif name == "big":
            self._big(int(min(max(_num(query.get("bytes"), DEFAULT_BIG_BYTES), 0), MAX_BIG_BYTES)))
        elif name == "gzip-bomb":
            headers = {"Content-Encoding": "gzip"}
            self._send(200, self.server.gzip_bomb(), "text/html; charset=utf-8", headers)
        elif name == "xml-bomb":
            self._send(200, _BILLION_LAUGHS, "application/rss+xml")
        elif name == "garbage":
            rng = random.Random(query.get("seed", "newsflow"))
            size = int(min(max(_num(query.get("bytes"), 4096), 0), 1024 * 1024))
            self._send(200, rng.randbytes(size), "application/rss+xml")
        elif name == "redirect":
            self._redirect(query.get("to", "/feeds/world.xml"), query.get("code", "302"))
        elif name == "redirect-loop":
            self._redirect("/_test/redirect-loop", "302")
        elif name == "retry-after":
            self._retry_after()
        elif name == "pdf":
            self._send(200, _TINY_PDF, "application/pdf")
        else:
            self._send(404, _page("Unknown test route", path))

    def _status(self, raw: str) -> None:
        try:
            code = int(raw)
        except ValueError:
            code = 0
        if not 200 <= code <= 599:
            self._send(400, _page("Bad test status", raw))
            return
        headers: dict[str, str] = {}
        if code == 401:
            headers["WWW-Authenticate"] = 'Basic realm="sample"'
        if code in (301, 302, 303, 307, 308):
            headers["Location"] = self.server.base_url + "/feeds/world.xml"
        try:
            phrase = HTTPStatus(code).phrase
        except ValueError:
            phrase = "Status"
        self._send(code, _page(f"{code} {phrase}", "Test status route."), headers=headers)

    def _big(self, size: int) -> None:
        self._record(200)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        if self.command == "HEAD":
            return
        filler = (b"<p>" + b"All work and no play makes a very large page. " * 20 + b"</p>\n")
        block = (filler * (CHUNK // len(filler) + 1))[:CHUNK]
        sent = 0
        while sent < size:
            n = min(CHUNK, size - sent)
            self.wfile.write(block[:n])
            sent += n

    def _redirect(self, to: str, raw_code: str) -> None:
        code = int(raw_code) if raw_code in {"301", "302", "303", "307", "308"} else 302
        location = self.server.base_url + to if to.startswith("/") else to
        self._send(code, _page("Moved", location), headers={"Location": location})

    def _retry_after(self) -> None:
        with self.server.lock:
            self.server.hits[self.path] += 1  # keyed by path+query: ?key=… isolates tests
            first = self.server.hits[self.path] == 1
        if first:
            self._send(503, _page("Busy", "Try again."), headers={"Retry-After": "1"})
        else:
            self._serve_file("/feeds/world.xml")


def _num(raw: str | None, default: float) -> float:
    try:
        return float(raw) if raw is not None else default
    except ValueError:
        return default


def _page(title: str, text: str) -> bytes:
    return (
        f"<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>"
        f"<body><h1>{title}</h1><p>{text}</p></body></html>"
    ).encode()


@contextmanager
def serve(root: Path | None = None, host: str = "127.0.0.1", port: int = 0) -> Iterator[SampleSite]:
    """Serve the sample site in a daemon thread for the duration of the block.

    port=0 picks a free port; read the result from ``site.base_url``.
    """
    if host not in ("127.0.0.1", "localhost"):
        raise ValueError("the sample site only binds to loopback")
    server = _Server((host, port), Path(root) if root else DEFAULT_ROOT)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.1},
        name="sample-site", daemon=True,
    )
    thread.start()
    site = SampleSite(server, thread)
    try:
        yield site
    finally:
        site.stop()


def render_feeds_file(base_url: str, dest: Path, src: Path | None = None) -> Path:
    """Write a copy of the demo feeds.yaml with ``{{BASE_URL}}`` filled in.

    The committed file keeps the placeholder because the port is only known at run time.
    """
    text = Path(src or DEFAULT_FEEDS_FILE).read_text(encoding="utf-8")
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(text.replace(PLACEHOLDER.decode(), base_url.rstrip("/")), encoding="utf-8")
    return dest


def main(argv: list[str] | None = None) -> int:
    """Serve until Ctrl-C; handy for poking at the demo site by hand."""
    parser = argparse.ArgumentParser(prog="python -m newsflow_dev.sample_site", description=main.__doc__)
    parser.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    parser.add_argument("--root", type=Path, default=None, help="site folder")
    parser.add_argument("--feeds-out", type=Path, default=None,
                        help="also write feeds.yaml with the live base URL here")
    args = parser.parse_args(argv)
    # a shell that starts us in the background leaves SIGINT ignored: Ctrl-C must still stop us
    signal.signal(signal.SIGINT, signal.default_int_handler)
    with serve(args.root, port=args.port) as site:
        print(site.base_url, flush=True)
        if args.feeds_out:
            print(render_feeds_file(site.base_url, args.feeds_out), flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


__all__ = ["SampleSite", "ServedRequest", "render_feeds_file", "serve", "DEFAULT_ROOT"]

if __name__ == "__main__":
    raise SystemExit(main())
