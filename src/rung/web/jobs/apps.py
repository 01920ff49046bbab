from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "rung.web.jobs"
    label = "jobs"
