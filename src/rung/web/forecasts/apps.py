from django.apps import AppConfig


class ForecastsConfig(AppConfig):
    name = "rung.web.forecasts"
    label = "forecasts"
