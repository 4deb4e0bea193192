from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "expatcare.api"
    label = "api"
