from django.apps import AppConfig


class MobilityConfig(AppConfig):
    name = "expatcare.mobility"
    label = "mobility"
