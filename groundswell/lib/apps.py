from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "groundswell.lib"
    label = "lib"
