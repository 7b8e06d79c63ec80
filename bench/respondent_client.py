"""A minimal HTTP respondent for benchmarks: cookies, CSRF, the open-link flow to the end."""

from __future__ import annotations

import http.cookiejar
import re
import time
import urllib.parse
import urllib.request

PLAN: dict[str, object] = {
    "kon": "f", "alder": "25-44", "omrade": "0682R002", "trygg_kvall": "2", "avstar": "3",
    "oro_inbrott": "3", "oro_overfall": "3", "oro_sexualbrott": "4", "oro_fordon": "3",
    "oro_narstaende": "3", "oro_paverkan": "4",
    "problem_nedskrapning": "2", "problem_skadegorelse": "2", "problem_klotter": "3",
    "problem_buskorning": "3", "problem_narkotika": "3", "problem_berusade": "3",
    "problem_grupper": "3", "problem_belysning": "2", "utsatt": ["inget"],
    "fortroende_polis": "2", "fortroende_kommun": "2", "fortroende_bostadsbolag": "2",
    "polis_synlighet": "2", "bott_ar": "4", "boende": "1", "sysselsattning": "1",
    "fodd_sverige": "1",
}
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
_FIELD = re.compile(r'<(?:input|select|textarea)[^>]* name="([a-z][a-z0-9_]*)"')


class Respondent:
    """One resident's browser: a cookie jar and an opener that does not follow redirects."""

    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        self.base = base_url.rstrip("/")
        self.timeout = timeout
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )
        self.requests = 0
        self.latencies: list[float] = []  # seconds, one per request

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        """Return (status, location, body)."""
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
        req = urllib.request.Request(self.base + path, data=body)
        self.requests += 1
        started = time.perf_counter()
        try:
            return self._open(req)
        finally:
            self.latencies.append(time.perf_counter() - started)

    def _open(self, req: urllib.request.Request) -> tuple[int, str, str]:
        try:
            with self.opener.open(req, timeout=self.timeout) as response:
                return response.status, "", response.read().decode()
        except urllib.error.HTTPError as error:
            location = error.headers.get("Location", "")
            return error.code, urllib.parse.urlparse(location).path, error.read().decode()

    def answer(self, slug: str) -> bool:
        """Answer the whole survey; True when the thank-you page was reached."""
        status, _, html = self.request(f"/s/{slug}")
        status, path, _ = self.request(f"/s/{slug}/start", {"csrf_token": _token(html)})
        for _ in range(3):  # the start answers with one redirect (older code: two)
            if "/page/" in path:
                break
            status, path, _ = self.request(path)
        for _ in range(30):
            status, _, html = self.request(path)
            data: dict[str, object] = {"csrf_token": _token(html), "action": "next"}
            data.update({n: PLAN[n] for n in set(_FIELD.findall(html)) if n in PLAN})
            status, location, _ = self.request(path, data)
            if status in (302, 303) and location.endswith("/thanks"):
                return True
            if status in (302, 303):
                path = location
            elif status != 200:
                return False
        return False


def _token(html: str) -> str:
    match = _TOKEN.search(html)
    return match.group(1) if match else ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
