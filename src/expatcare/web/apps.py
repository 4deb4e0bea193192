from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "expatcare.web"
    label = "web"
