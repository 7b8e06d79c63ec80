"""An asyncio respondent for the load bench: raw HTTP/1.1 over asyncio streams, no dependencies.

Each respondent has its own cookie, answers the open-link survey page by page and puts a unique
marker in the free-text question ``forbattring`` so the bench can check afterwards that every
acknowledged response (one that reached the thank-you redirect) is in the database.
Connection errors (a killed server) are retried with the same request until the deadline:
the survey flow is idempotent for a repeated POST (a page is saved again; a repeated last page
after a committed submit redirects to the thank-you page).
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from bench.respondent_client import PLAN

GRACE = 180.0  # seconds after the deadline that a respondent already answering may finish
_TOKEN = re.compile(rb'name="csrf_token" value="([^"]+)"')
_FIELD = re.compile(rb'<(?:input|select|textarea)[^>]* name="([a-z][a-z0-9_]*)"')


class Retry(Exception):
    """The server could not be reached or hung up: send the same request again."""


@dataclass
class Stats:
    """Counters shared by all respondents of one run."""

    acknowledged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: int = 0
    retries: int = 0
    abandoned: int = 0
    latencies: list[float] = field(default_factory=list)


class Respondent:
    """One resident's browser."""

    def __init__(self, host: str, port: int, stats: Stats, deadline: float) -> None:
        self.host, self.port, self.stats, self.deadline = host, port, stats, deadline
        self.cookie = ""
        self.marker = f"bench-{uuid.uuid4().hex}"

    async def request(self, path: str, data: dict | None = None) -> tuple[int, str, bytes]:
        """(status, location path, body); connection problems are retried until the deadline."""
        while True:
            try:
                return await self._once(path, data)
            except (TimeoutError, OSError, asyncio.IncompleteReadError, Retry):
                self.stats.retries += 1
                if time.monotonic() > self.deadline + GRACE:
                    raise
                await asyncio.sleep(0.5)

    async def _once(self, path: str, data: dict | None) -> tuple[int, str, bytes]:
        body = urlencode(data, doseq=True).encode() if data is not None else b""
        method = "POST" if data is not None else "GET"
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}",
                "Connection: close", "Accept-Language: sv"]
        if self.cookie:
            head.append(f"Cookie: {self.cookie}")
        if data is not None:
            head += ["Content-Type: application/x-www-form-urlencoded",
                     f"Content-Length: {len(body)}"]
        started = time.monotonic()
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(self.host, self.port), timeout=30
        )
        try:
            writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
            await writer.drain()
            raw = await asyncio.wait_for(reader.read(), timeout=120)
        finally:
            writer.close()
        if not raw:
            raise Retry()
        header, _, content = raw.partition(b"\r\n\r\n")
        lines = header.decode("latin-1").split("\r\n")
        try:
            status = int(lines[0].split()[1])
        except (IndexError, ValueError) as error:  # a reply cut off by the kill
            raise Retry() from error
        location = ""
        length = None
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.lower() == "content-length":
                length = int(value.strip())
            if name.lower() == "set-cookie" and value.strip().startswith("session="):
                self.cookie = value.strip().split(";", 1)[0]
            elif name.lower() == "location":
                location = urlsplit(value.strip()).path
        if length is not None and len(content) < length:
            raise Retry()  # the server died while sending: this page is incomplete
        self.stats.requests += 1
        self.stats.latencies.append(time.monotonic() - started)
        return status, location, content

    async def answer(self, slug: str) -> None:
        """Answer the survey to the end (or give up at the deadline)."""
        status, _, html = await self.request(f"/s/{slug}")
        if status != 200:
            return self._error(f"start page {status}")
        status, location, _ = await self.request(f"/s/{slug}/start", {"csrf_token": _token(html)})
        if status not in (302, 303):  # the start answers 303 (post/redirect/get)
            return self._error(f"start {status}")
        status, path, _ = await self.request(location)
        for _ in range(40):
            if time.monotonic() > self.deadline + GRACE:
                self.stats.abandoned += 1
                return None
            status, _, html = await self.request(path)
            if status != 200:
                return self._error(f"GET {path} {status}")
            names = {name.decode() for name in _FIELD.findall(html)}
            data: dict[str, object] = {"csrf_token": _token(html), "action": "next"}
            data.update({name: PLAN[name] for name in names if name in PLAN})
            if "forbattring" in names:
                data["forbattring"] = self.marker
            status, location, _ = await self.request(path, data)
            if status in (302, 303) and location.endswith("/thanks"):
                self.stats.acknowledged.append(self.marker)
                return None
            if status in (302, 303):
                path = location
            elif status != 200:
                return self._error(f"POST {path} {status}")
        return self._error("too many pages")

    def _error(self, what: str) -> None:
        self.stats.errors.append(what)


def _token(html: bytes) -> str:
    match = _TOKEN.search(html)
    return match.group(1).decode() if match else ""


async def run_load(host: str, port: int, slug: str, clients: int, seconds: float,
                   stats: Stats) -> None:
    """``clients`` respondents answer again and again until ``seconds`` have passed."""
    deadline = time.monotonic() + seconds

    async def resident() -> None:
        while time.monotonic() < deadline:
            try:
                await Respondent(host, port, stats, deadline).answer(slug)
            except (TimeoutError, OSError, asyncio.IncompleteReadError, Retry):
                stats.abandoned += 1  # the server stayed unreachable past the grace period

    await asyncio.gather(*(resident() for _ in range(clients)))
