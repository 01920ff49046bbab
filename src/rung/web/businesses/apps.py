from django.apps import AppConfig


class BusinessesConfig(AppConfig):
    name = "rung.web.businesses"
    label = "businesses"
