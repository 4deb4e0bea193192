"""Production settings: HTTPS only, secrets required from the environment, MFA for HR."""

from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured

from expatcare.settings.base import *
from expatcare.settings.env import env_bool, env_int, env_list, env_str

if not env_str("SECRET_KEY"):
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment in production.")
SECRET_KEY = env_str("SECRET_KEY")
# Stored secrets must survive a SECRET_KEY rotation, so production names its field keys.
if not env_list("FIELD_ENCRYPTION_KEYS", []):
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEYS must be set in the environment in production."
    )
# Invitations, password resets and duty reminders are e-mails: in production they go to an
# SMTP server, never to the log where the development default prints them.
if urlparse(EMAIL_URL).scheme.lower() not in {"smtp", "smtps"}:
    raise ImproperlyConfigured(
        "EMAIL_URL must name an SMTP server (smtp://... or smtps://...) in production."
    )
# Links in e-mails, exports and calendar feeds are built from the public address; the
# development default (the local port) would send people to a machine they cannot reach.
if not env_str("EXPATCARE_SITE_URL"):
    raise ImproperlyConfigured(
        "EXPATCARE_SITE_URL must be set in production (e.g. https://expatcare.example.com)."
    )
DEBUG = False
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
EXPATCARE_MFA_REQUIRED_ROLES = env_list("EXPATCARE_MFA_REQUIRED_ROLES", ["owner", "hr"])
