"""HTTP behaviour every API answer shares, applied once instead of in each operation."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control

from expatcare.apikit.body import MAX_BODY_BYTES, too_large

API_PATH_PREFIX = "/api/"


class PrivateAPIAnswersMiddleware:
    """No cache may keep an API answer: they carry salaries, documents and personal data.

    Pages and downloads say so with ``never_cache``; list operations answer with a plain
    ``HttpResponse`` for speed, so the header is set here for every path under ``/api/``
    rather than trusted to each operation.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path_info.startswith(API_PATH_PREFIX):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


class APIRequestLimitsMiddleware:
    """413 for an API request that declares a body larger than the API accepts, unread.

    Django's own limit (``DATA_UPLOAD_MAX_MEMORY_SIZE``) is sized for page forms and answers
    with an HTML error page; the API's is smaller and answers in JSON.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(API_PATH_PREFIX):
            try:
                declared = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                declared = 0
            if declared > MAX_BODY_BYTES:
                error = too_large()
                return JsonResponse(
                    {"detail": [{"loc": ["body"], "msg": error.message, "type": error.code}]},
                    status=error.status,
                )
        return self.get_response(request)
