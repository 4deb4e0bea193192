"""Entry pages: the home redirect, the health probe and the not-found and error answers."""

from __future__ import annotations

import logging
import sys

from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template import loader
from django.templatetags.static import static
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from huey.contrib.djhuey import HUEY

from expatcare.apikit.middleware import API_PATH_PREFIX

logger = logging.getLogger("expatcare.health")

# What the database raises while it is down, restarting or refusing connections (and, on
# SQLite, while it is locked): transient, so the answer is 503 with a time to come back.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5


def _probe(check: str) -> str:
    """ "ok", or "unreachable" with the reason logged: the answer itself stays terse."""
    try:
        if check == "database":
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        elif check == "cache":
            ping = getattr(cache, "ping", None)  # only the Redis cache can be away
            if ping is not None:
                ping()
        else:
            HUEY.pending_count()
    except Exception as error:  # any failure means "not healthy", whatever its type
        logger.error("health: %s unreachable (%s: %s)", check, type(error).__name__, error)
        return "unreachable"
    return "ok"


@require_GET
@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """What a load balancer or uptime check asks: the state of each service the product uses.

    503 (``unavailable``) when the database does not answer: no page works without it. The
    cache and the task queue (Redis, when ``REDIS_URL`` is set) degrade the product without
    stopping it: pages answer from the database, queued work waits. Their outage answers 200
    with ``status`` ``degraded`` and names them, so a load balancer keeps routing while a
    monitor that reads ``status`` raises the alarm.
    """
    states = {name: _probe(name) for name in ("database", "cache", "queue")}
    if states["database"] != "ok":
        status, code = "unavailable", 503
    elif "unreachable" in states.values():
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    response = JsonResponse({"status": status, **states}, status=code)
    if code == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with ``Retry-After``: JSON under ``/api/``, else a page rendered without the database.

    No context processor runs (they read the user and the membership from the database); the
    page names the outage and asks to try again, never showing a traceback.
    """
    message = _("The service is briefly unavailable. Please try again in a few seconds.")
    if request.path_info.startswith(API_PATH_PREFIX):
        response: HttpResponse = JsonResponse(
            {"detail": message, "code": "service_unavailable"}, status=503
        )
    else:
        html = loader.get_template("503.html").render({"message": message})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: a database outage is a 503 to retry, anything else the 500 page.

    Django calls this inside its exception handler for an error raised anywhere (a view, a
    middleware reading the session or the user, a service), so ``sys.exc_info`` names it.
    """
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_UNAVAILABLE):
        return service_unavailable(request)
    if request.path_info.startswith(API_PATH_PREFIX):
        return JsonResponse({"detail": _("Server error.")}, status=500)
    return defaults.server_error(request)


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and crawlers ask for /favicon.ico whatever the page says; send them the icon."""
    response = redirect(static("web/favicon.svg"), permanent=True)
    response["Cache-Control"] = "public, max-age=86400"
    return response


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("account_login")
    return redirect("people:dashboard")


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404 for a URL that matches nothing: JSON under ``/api/`` (what API clients parse), the
    HTML page elsewhere. An id out of the database's range or not a number does not match its
    URL converter, so it lands here too."""
    if request.path_info.startswith(API_PATH_PREFIX):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)
