"""A tiny scripted raw-socket HTTP server for hostile-web tests (loopback only).

Each route is a script that writes to the client socket however it likes: trickled status
line and headers, trickled body, a normal answer. Every request is logged with the server's
monotonic time of arrival so tests can check spacing. Scripts stop when the server stops.

    with HostileServer({"/slow": trickle_body(interval=0.2)}) as srv:
        httpx.get(srv.url("/slow"))
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

Script = Callable[["Conn"], None]


@dataclass(frozen=True)
class Hit:
    at: float  # time.monotonic() when the request head was read
    method: str
    path: str
    headers: dict[str, str]


class Conn:
    """One accepted connection as a script sees it."""

    def __init__(self, sock: socket.socket, stopping: threading.Event) -> None:
        self.sock = sock
        self.stopping = stopping

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def sleep(self, seconds: float) -> bool:
        """Wait; False when the server is stopping (the script should return)."""
        return not self.stopping.wait(seconds)

    def trickle(self, data: bytes, interval: float) -> None:
        for i in range(len(data)):
            if not self.sleep(interval):
                return
            self.send(data[i : i + 1])


def respond(body: bytes = b"ok", status: str = "200 OK", headers: dict[str, str] | None = None) -> Script:
    def script(conn: Conn) -> None:
        head = [f"HTTP/1.1 {status}", f"Content-Length: {len(body)}", "Connection: close"]
        head += [f"{k}: {v}" for k, v in (headers or {}).items()]
        conn.send(("\r\n".join(head) + "\r\n\r\n").encode() + body)

    return script


def trickle_headers(interval: float = 0.2, count: int = 200) -> Script:
    """A status line, then one header byte every `interval` s (count bytes): never idle long."""

    def script(conn: Conn) -> None:
        conn.send(b"HTTP/1.1 200 OK\r\n")
        conn.trickle((b"X-Slow: " + b"a" * count + b"\r\n")[:count], interval)

    return script


def trickle_body(interval: float = 0.2, size: int = 200) -> Script:
    """Headers at once, then one body byte every `interval` s."""

    def script(conn: Conn) -> None:
        conn.send(f"HTTP/1.1 200 OK\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n".encode())
        conn.trickle(b"x" * size, interval)

    return script


def trickle_tls_handshake(interval: float = 0.2, count: int = 60) -> Script:
    """Read the ClientHello, then announce a 16 KiB handshake record and send it byte by byte."""

    def script(conn: Conn) -> None:
        conn.sock.recv(65536)
        conn.send(b"\x16\x03\x03\x40\x00")
        conn.trickle(b"\x02" * count, interval)

    return script


class HostileServer:
    """Serves scripted routes on host (loopback) and a random port, or the port given."""

    def __init__(
        self, routes: dict[str, Script], host: str = "127.0.0.1", port: int = 0, raw: Script | None = None
    ) -> None:
        self.routes = routes
        self.raw = raw  # when set, runs on every connection before any HTTP parsing (e.g. fake TLS)
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self._listener = socket.socket(family, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind((host, port))
        self._listener.listen(16)
        self._listener.settimeout(0.1)
        self.host = host
        self.port: int = self._listener.getsockname()[1]
        self.hits: list[Hit] = []
        self.connections = 0
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._clients: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._acceptor = threading.Thread(target=self._accept, name="hostile-http", daemon=True)
        self._acceptor.start()

    def url(self, path: str) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{path}"

    def times(self, path: str | None = None) -> list[float]:
        with self._lock:
            return [h.at for h in self.hits if path is None or h.path == path]

    def count(self, path: str) -> int:
        return len(self.times(path))

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.connections += 1
                self._clients.append(client)
            worker = threading.Thread(target=self._serve, args=(client,), daemon=True)
            self._threads.append(worker)
            worker.start()

    def _serve(self, client: socket.socket) -> None:
        try:
            client.settimeout(5)
            if self.raw is not None:
                with self._lock:
                    self.hits.append(Hit(time.monotonic(), "", "<raw>", {}))
                self.raw(Conn(client, self._stopping))
                return
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = client.recv(4096)
                if not chunk:
                    return
                data += chunk
            head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
            method, path, _ = head[0].split(" ", 2)
            headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in head[1:])}
            with self._lock:
                self.hits.append(Hit(time.monotonic(), method, path, headers))
            script = self.routes.get(path.split("?", 1)[0], respond(b"not found", "404 Not Found"))
            script(Conn(client, self._stopping))
        except OSError:
            pass  # the client hung up (that is what a deadline does)
        finally:
            client.close()

    def stop(self) -> None:
        self._stopping.set()
        self._listener.close()
        with self._lock:
            clients = list(self._clients)
        for client in clients:
            try:
                client.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._acceptor.join(timeout=2)
        for worker in self._threads:
            worker.join(timeout=2)

    def __enter__(self) -> HostileServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
