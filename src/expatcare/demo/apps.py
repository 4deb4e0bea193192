from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "expatcare.demo"
    label = "demo"
