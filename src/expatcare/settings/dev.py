"""Settings for the embedded demo (``make run``): SQLite, console e-mail, no MFA obligation."""

from expatcare.settings.base import *

EXPATCARE_MFA_REQUIRED_ROLES = []
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
