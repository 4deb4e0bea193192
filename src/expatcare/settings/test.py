"""Settings for the test suite: fast hashing, in-memory e-mail, immediate background tasks."""

import os
import tempfile
from pathlib import Path

from expatcare.settings.base import *
from expatcare.settings.base import HUEY as _HUEY

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
HUEY = {**_HUEY, "immediate": True}
EXPATCARE_MFA_REQUIRED_ROLES = []
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
# allauth documents False as "no rate limits"; the base setting is a dict.
ACCOUNT_RATE_LIMITS = False  # type: ignore[assignment]
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="expatcare-test-media-"))
MEDIA_ROOT = PRIVATE_MEDIA_ROOT
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
# One cache per test process: parallel workers have their own databases (and tenant ids).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DEBUG = False
if os.environ.get("DATABASE_URL", "").startswith("postgres"):
    DATABASES["default"]["TEST"] = {"NAME": "test_expatcare"}
# Without this WhiteNoise scans STATIC_ROOT whenever a test client builds its handler.
WHITENOISE_AUTOREFRESH = True
