from django.apps import AppConfig
from django.core import checks
from django.urls import register_converter


class CoreConfig(AppConfig):
    name = "expatcare.core"
    label = "core"

    def ready(self) -> None:
        from expatcare.core.bounds import ID_CONVERTER_NAME, IdConverter
        from expatcare.core.checks import check_field_encryption_keys

        checks.register(check_field_encryption_keys, checks.Tags.security)
        # Before any URLconf is imported: ``<id:...>`` in pages, ``{id:...}`` in API paths.
        register_converter(IdConverter, ID_CONVERTER_NAME)
