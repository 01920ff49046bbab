from django.apps import AppConfig


class AssessConfig(AppConfig):
    name = "rung.web.assess"
    label = "assess"
