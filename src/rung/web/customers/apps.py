from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "rung.web.customers"
    label = "customers"
