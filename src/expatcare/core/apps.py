from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "expatcare.core"
    label = "core"
