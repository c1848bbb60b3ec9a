"""Incremental gzip/deflate decoding that never inflates past the byte cap (gzip bombs)."""

from __future__ import annotations

import zlib


class TooLarge(Exception):
    pass


class CappedDecoder:
    """Decodes chunk by chunk and raises TooLarge as soon as the decoded size passes the cap."""

    def __init__(self, encoding: str | None, limit: int) -> None:
        enc = (encoding or "identity").lower().strip()
        self._gzip = enc in ("gzip", "x-gzip")
        if self._gzip:
            self._z: zlib._Decompress | None = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif enc == "deflate":
            self._z = zlib.decompressobj()
        elif enc in ("identity", ""):
            self._z = None
        else:
            raise ValueError(f"unsupported Content-Encoding {enc!r}")
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def _add(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise TooLarge
        self.parts.append(data)

    def feed(self, chunk: bytes) -> None:
        if self._z is None:
            self._add(chunk)
            return
        data = chunk
        while data:
            if self._z.eof:
                if not self._gzip or not data.strip(b"\0"):
                    return  # after a deflate stream, or NUL padding after the last member: nothing
                # RFC 1952: a gzip body may hold several members, decoded one after another (a
                # second member that is not gzip raises zlib.error: refused, never cut short)
                self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
            room = self.limit - self.size + 1
            out = self._z.decompress(data, room)
            self._add(out)
            data = self._z.unconsumed_tail or (self._z.unused_data if self._z.eof else b"")

    def finish(self) -> bytes:
        if self._z is not None:
            self._add(self._z.flush())
            if self._gzip and not self._z.eof:
                raise ValueError("truncated gzip body (the stream ends inside a member)")
        return b"".join(self.parts)
