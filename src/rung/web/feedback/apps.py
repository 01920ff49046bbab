from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "rung.web.feedback"
    label = "feedback"
