from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "rung.web.programs"
    label = "programs"
