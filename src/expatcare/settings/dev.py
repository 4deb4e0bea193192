"""Settings for the embedded demo (``make run``): SQLite, console e-mail.

No role needs a second factor unless ``EXPATCARE_MFA_REQUIRED_ROLES`` says so (read in
``base``), so the README's configuration table holds here too.
"""

from expatcare.settings.base import *

ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
