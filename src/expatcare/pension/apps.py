from django.apps import AppConfig


class PensionConfig(AppConfig):
    name = "expatcare.pension"
    label = "pension"
