from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "rung.web.quality"
    label = "quality"
