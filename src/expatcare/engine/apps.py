from django.apps import AppConfig


class EngineConfig(AppConfig):
    name = "expatcare.engine"
    label = "engine"
