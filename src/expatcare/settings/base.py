"""Settings shared by every environment; all configuration comes from the environment."""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

from expatcare.settings.env import (
    email_settings_from_url,
    env_bool,
    env_int,
    env_list,
    env_str,
    secret_key_from_file,
    writable_directory,
)
from expatcare.settings.optional_imports import import_without

PACKAGE_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = writable_directory(
    Path(env_str("EXPATCARE_VAR_DIR", str(REPO_DIR / "var"))), variable="EXPATCARE_VAR_DIR"
)

SECRET_KEY = env_str("SECRET_KEY") or secret_key_from_file(VAR_DIR / "secret_key")
# Fernet keys for field encryption (newest first); empty: one key derived from SECRET_KEY.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", [])
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_countries",
    "huey.contrib.djhuey",
    "expatcare.core",
    "expatcare.accounts",
    "expatcare.audit",
    "expatcare.people",
    "expatcare.engine",
    "expatcare.mobility",
    "expatcare.pension",
    "expatcare.compliance",
    "expatcare.care",
    "expatcare.web",
    "expatcare.api",
    "expatcare.demo",
]

MIDDLEWARE = [
    "expatcare.core.middleware.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "expatcare.accounts.middleware.ActorMiddleware",
    "expatcare.accounts.middleware.RequireMFAMiddleware",
    "expatcare.apikit.middleware.PrivateAPIAnswersMiddleware",
    "expatcare.apikit.middleware.APIRequestLimitsMiddleware",
    "expatcare.core.middleware.UserTimezoneMiddleware",
    "expatcare.core.middleware.ContentSecurityPolicyMiddleware",
    "expatcare.core.middleware.QueryParameterMiddleware",
]

ROOT_URLCONF = "expatcare.urls"
WSGI_APPLICATION = "expatcare.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "expatcare.accounts.context_processors.actor",
            ],
            "builtins": ["expatcare.core.templatetags.ui"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'expatcare.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed during writes and IMMEDIATE avoids "database is locked" on
    # upgrades from read to write transactions under concurrent gunicorn workers. An 8 MB
    # page cache and no memory map: pages read through a map count in every worker's
    # resident memory (a 100,000-person tenant took workers from 115 to over 150 MB) and
    # the operating system's file cache serves them as fast.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            " PRAGMA busy_timeout=20000; PRAGMA cache_size=-8000; PRAGMA mmap_size=0;"
        ),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = None

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: e-mail login, no public sign-up (accounts come from invitations).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "expatcare.accounts.adapters.InvitationOnlyAccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "expatcare"
# Roles that may not use the product without a second factor (enforced by middleware).
EXPATCARE_MFA_REQUIRED_ROLES: list[str] = env_list("EXPATCARE_MFA_REQUIRED_ROLES", [])

FORM_RENDERER = "expatcare.core.form_renderer.FormRenderer"
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("es", _("Spanish")),
    ("pt-br", _("Portuguese (Brazil)")),
    ("tr", _("Turkish")),
    ("ar", _("Arabic")),
    ("uk", _("Ukrainian")),
    ("hi", _("Hindi")),
]
# Staff pages are complete in these; the employee portal adds the rest of LANGUAGES.
STAFF_LANGUAGES = ["de", "en"]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES_DIR = REPO_DIR / "node_modules"
STATICFILES_DIRS = [
    (prefix, path)
    for prefix, path in [
        # Swagger UI for /api/v1/docs, as bundled by django-ninja (see expatcare.api.docs);
        # located without importing ninja, which reads settings on import.
        (
            "vendor/swagger-ui",
            Path(str(getattr(find_spec("ninja"), "origin", ""))).parent / "static" / "ninja",
        ),
    ]
    if path.exists()
]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # Single files from npm packages too large to expose whole (icons, Pico, htmx, axe-core).
    "expatcare.core.staticfinders.NodeFileFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded files live outside the web root and are only served through authorised views.
PRIVATE_MEDIA_ROOT = Path(env_str("EXPATCARE_MEDIA_ROOT", str(VAR_DIR / "private-media")))
MEDIA_ROOT = PRIVATE_MEDIA_ROOT
MEDIA_URL = "/nonexistent-media/"
EXPATCARE_UPLOAD_MAX_BYTES = env_int("EXPATCARE_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

_redis_url = env_str("REDIS_URL")
# Seconds a Redis call may wait for a connection or an answer: an unreachable Redis must cost
# a page little, and the queue's blocking read (one second) must fit in the answer timeout.
REDIS_CONNECT_TIMEOUT = 1
REDIS_SOCKET_TIMEOUT = 5
# Cached tenant figures are invalidated by version keys that every worker must see: without
# Redis the cache lives in files under var/, shared by all workers of this machine (a per-process
# memory cache would let one worker show figures another worker's write made stale). A Redis
# outage reads as cache misses (``core.cache.ForgivingRedisCache``), never as a server error.
CACHES = {
    "default": (
        {
            "BACKEND": "expatcare.core.cache.ForgivingRedisCache",
            "LOCATION": _redis_url,
            "OPTIONS": {
                "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
                "socket_timeout": REDIS_SOCKET_TIMEOUT,
            },
        }
        if _redis_url
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    )
}
HUEY: dict[str, Any]
if _redis_url:
    # Imported only with Redis: the package costs every worker some 7 MB it needs only then.
    import redis

    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "expatcare",
        "connection_pool": redis.ConnectionPool.from_url(
            _redis_url,
            socket_connect_timeout=REDIS_CONNECT_TIMEOUT,
            socket_timeout=REDIS_SOCKET_TIMEOUT,
        ),
        "immediate": False,
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "expatcare",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": False,
    }
# huey's storage module imports the Redis and PostgreSQL clients for backends it may never use;
# loaded here, before any app imports huey, it sees only those the configuration imported
# (redis above with REDIS_URL). See ``optional_imports``.
import_without("huey.storage", hidden=("redis", "psycopg"))

EMAIL_URL = env_str("EMAIL_URL", "console://")
globals().update(email_settings_from_url(EMAIL_URL))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "expatcare <no-reply@expatcare.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

EXPATCARE_DEMO_PASSWORD = env_str("EXPATCARE_DEMO_PASSWORD")
EXPATCARE_SITE_URL = env_str("EXPATCARE_SITE_URL", "http://127.0.0.1:8000")
EXPATCARE_PAGE_SIZE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_forbidden": {"()": "expatcare.core.logging.OneLineForbidden"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["one_line_forbidden"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
