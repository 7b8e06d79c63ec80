"""Security headers, Content-Security-Policy, rate limits and request-size limits in one place.

``init_security(app)`` runs after the blueprints are registered: it puts a rate limit on the POST
method of every ``@public`` route (so a route another feature adds is limited without anyone
remembering to), with stricter limits for logging in, entering a code and starting an open-link
survey. Limits count per client IP address, in the database by default, so they are exact
across gunicorn workers and hosts (:mod:`surveyapp.rate_limits`, which also says what
happens when a configured Redis is unreachable). Every setting used here (and its default) is
read by ``surveyapp.config.Settings``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, render_template, request, session
from flask_babel import gettext as _

from surveyapp.rate_limits import RequestLimiter

if TYPE_CHECKING:
    from flask import typing as ft

# Every public POST endpoint gets RATELIMIT_PUBLIC_POST unless it is named here.
ENDPOINT_LIMITS = {
    "auth.login": "RATELIMIT_LOGIN",
    "surveys.enter_code": "RATELIMIT_CODE",
    "surveys.start_open_link": "RATELIMIT_OPEN_START",
}

CSP_BASE: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "font-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}

def init_security(app: Flask) -> RequestLimiter:
    """Attach headers, the rate limiter (one per app) and the 429 page to ``app``."""
    proxies = int(app.config["PROXY_FIX_X_FOR"])
    if proxies > 0:
        # Behind nginx: take the client address (for the per-IP limits) and the scheme from
        # the X-Forwarded-* headers set by that many trusted proxies, and from nobody else.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    app.config["CONTENT_SECURITY_POLICY"] = content_security_policy(app.config)

    limiter = RequestLimiter(app)
    _limit_public_posts(app, limiter)
    app.extensions["surveyapp_limiter"] = limiter
    # Before CSRFProtect's check, which is the first to read the body.
    app.before_request_funcs.setdefault(None, []).insert(0, _upload_limit)
    app.before_request(_refuse_nul_characters)
    app.after_request(_security_headers)
    app.register_error_handler(429, _too_many_requests)
    return limiter


def _limit_public_posts(app: Flask, limiter: RequestLimiter) -> None:
    """Wrap the view of every public route that accepts POST in its per-IP limit."""
    for rule in app.url_map.iter_rules():
        view = app.view_functions.get(rule.endpoint)
        if view is None or "POST" not in (rule.methods or ()):
            continue
        if not getattr(view, "is_public", False) or getattr(view, "rate_limited", False):
            continue
        key = ENDPOINT_LIMITS.get(rule.endpoint, "RATELIMIT_PUBLIC_POST")
        # A view function is typed as sync-or-async; the wrapper is sync like every view here,
        # but the type checker cannot infer that, hence the cast.
        limited = cast("ft.RouteCallable", _limited(view, limiter, rule.endpoint, key))
        limited.rate_limited = True  # type: ignore[union-attr]
        app.view_functions[rule.endpoint] = limited


def _limited(view: Callable[..., Any], limiter: RequestLimiter, endpoint: str,
             key: str) -> Callable[..., Any]:
    """``view`` that first counts a POST against the limits in config ``key``; over them, the
    429 page (a normal return: the count is committed with the request)."""

    @wraps(view)
    def limited(*args: Any, **kwargs: Any) -> Any:
        if request.method == "POST" and not limiter.allow(
                endpoint, str(current_app.config[key]), request.remote_addr):
            return _too_many_requests(None)
        return view(*args, **kwargs)

    return limited


def content_security_policy(config: dict[str, Any]) -> str:
    """The CSP header value: self only, plus the map tile host and any configured extras."""
    directives = {name: list(sources) for name, sources in CSP_BASE.items()}
    tile_origin = _origin(config.get("MAP_TILE_URL") or "")
    if tile_origin:
        directives["img-src"].append(tile_origin)
    for name, sources in (config.get("CSP_EXTRA_SOURCES") or {}).items():
        directives.setdefault(name, []).extend(s for s in sources if s not in directives[name])
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def _origin(url: str) -> str:
    """``https://{s}.tile.example.org/{z}/{x}/{y}.png`` → ``https://*.tile.example.org``."""
    parts = urlsplit(url.replace("{s}", "*"))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}"


def allow_upload(max_bytes: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Route decorator: this route accepts bodies up to ``max_bytes`` (a file upload) instead
    of MAX_CONTENT_LENGTH."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        view.max_content_length = max_bytes  # type: ignore[attr-defined]
        return view

    return decorate


def _upload_limit() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    limit = getattr(view, "max_content_length", None)
    if limit:
        request.max_content_length = limit


def _refuse_nul_characters() -> tuple[str, int] | None:
    """NUL characters have no use in an address or a form and PostgreSQL refuses them in text:
    stop them here (path, query string, form names and values, file names) for every feature at
    once, with a page instead of a database error. JSON bodies: :mod:`surveyapp.request_limits`."""
    values = [request.path, *request.args.keys(), *request.args.values()]
    if request.method == "POST":
        values += [*request.form.keys(), *request.form.values(),
                   *(upload.filename or "" for upload in request.files.values())]
    if not any("\x00" in value for value in values):
        return None
    html = render_template(
        "error.html",
        title=_("The form could not be sent"),
        message=_("It contained characters that are not allowed. Check the text and try again."),
    )
    return html, 400


def _security_headers(response: Response) -> Response:
    config = current_app.config
    headers = response.headers
    headers.setdefault("Content-Security-Policy", config["CONTENT_SECURITY_POLICY"])
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "geolocation=(self), camera=(), microphone=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if config.get("SESSION_COOKIE_SECURE"):
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if request.path.startswith(("/staff", "/api/")) or request.path == "/login":
        # Staff pages and the API show personal and unpublished data (and letters show
        # codes): never cache.
        headers["Cache-Control"] = "no-store"
    return response


def _too_many_requests(_error: Exception | None) -> tuple[str, int]:
    html = render_template(
        "error.html",
        title=_("Too many attempts"),
        message=_("Please wait a few minutes and try again."),
    )
    return html, 429


def browser_responses(slug: str) -> int:
    """How many responses this browser has completed for the campaign ``slug``."""
    return int((session.get("answered") or {}).get(slug, 0))


def note_browser_response(slug: str) -> None:
    """Count a completed response in this browser's (signed) session cookie."""
    answered = dict(session.get("answered") or {})
    answered[slug] = int(answered.get(slug, 0)) + 1
    session["answered"] = answered


def open_start_allowed(slug: str) -> bool:
    """Whether this browser may start another open-link response to ``slug``."""
    return browser_responses(slug) < int(current_app.config["OPEN_RESPONSES_PER_BROWSER"])


def browser_limit_message() -> str:
    """Shown when this browser has sent as many open-link responses as allowed."""
    return _(
        "Answers to this survey have already been sent several times from this browser. "
        "Thank you! Others in your household can answer on their own phone or computer."
    )
