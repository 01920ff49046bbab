from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "rung.web.accounts"
    label = "accounts"
