from django.apps import AppConfig
from django.core import checks


class CoreConfig(AppConfig):
    name = "expatcare.core"
    label = "core"

    def ready(self) -> None:
        from expatcare.core.checks import check_field_encryption_keys

        checks.register(check_field_encryption_keys, checks.Tags.security)
