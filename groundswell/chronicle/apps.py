from django.apps import AppConfig


class ChronicleConfig(AppConfig):
    name = "groundswell.chronicle"
    label = "chronicle"
