"""Request plumbing: the user's time zone, the CSP header, the server-timing figure and the
answer to a query-string parameter a list cannot use."""

from __future__ import annotations

import time
import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone, translation

from expatcare.core.http import FORM_ERROR_STATUS
from expatcare.core.query import InvalidQuery, PastLastPage


class UserTimezoneMiddleware:
    """The user's own time zone and language for every page.

    Times show in the user's zone (legal deadlines stay dates in Europe/Berlin). The language
    is, in this order: the one picked with the language switch (its cookie), the one saved in
    the user's profile, the browser's (already chosen by ``LocaleMiddleware``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        zone_name = getattr(user, "time_zone", "") if user.is_authenticated else ""
        profile_language = getattr(user, "language", "") if user.is_authenticated else ""
        if (
            profile_language
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and translation.check_for_language(profile_language)
        ):
            translation.activate(profile_language)
            request.LANGUAGE_CODE = translation.get_language()
        try:
            timezone.activate(zoneinfo.ZoneInfo(zone_name or settings.TIME_ZONE))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.activate(zoneinfo.ZoneInfo(settings.TIME_ZONE))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class ContentSecurityPolicyMiddleware:
    """A strict CSP: scripts only from our origin, no inline scripts anywhere."""

    POLICY = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
        "form-action 'self'; object-src 'none'"
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/api/v1/docs"):
            return response  # the interactive API docs ship their own inline bootstrap
        response.headers.setdefault("Content-Security-Policy", self.POLICY)
        return response


class ServerTimingMiddleware:
    """Report the time spent inside Django as ``Server-Timing: app;dur=<ms>``.

    Placed first in ``MIDDLEWARE`` so the figure covers every other middleware, the view and
    the template; the web benchmark reads it to separate server time from network and client
    overhead, and browsers show it in their developer tools.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - started) * 1000.0
        timing = f"app;dur={elapsed_ms:.2f}"
        existing = response.headers.get("Server-Timing")
        response.headers["Server-Timing"] = f"{existing}, {timing}" if existing else timing
        return response


class QueryParameterMiddleware:
    """Answers ``core.query``'s refusals of a list page's query string, for every page at once.

    ``InvalidQuery``: 422 with a page that names the parameter, says what it accepts and links to
    the same list without it. ``PastLastPage``: a redirect to the last page, the rest of the
    query string kept.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, PastLastPage):
            query = request.GET.copy()
            query[exception.parameter] = str(exception.last)
            return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")
        if isinstance(exception, InvalidQuery):
            query = request.GET.copy()
            query.pop(exception.parameter, None)
            without = f"{request.path}?{query.urlencode()}" if query else request.path
            context = {
                "parameter": exception.parameter,
                "value": request.GET.get(exception.parameter, ""),
                "message": exception.message,
                "without": without,
            }
            return render(request, "invalid_query.html", context, status=FORM_ERROR_STATUS)
        return None
