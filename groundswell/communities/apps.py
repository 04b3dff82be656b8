from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "groundswell.communities"
    label = "communities"
