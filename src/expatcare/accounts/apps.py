from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "expatcare.accounts"
    label = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self) -> None:
        """Declare the app's audit actions, so the trail names them from the first request."""
        from expatcare.accounts import actions  # noqa: F401
