from django.urls import path

from rung.web.feedback import views

urlpatterns = [
    path("b/<str:key>/feedback/", views.feedback_page, name="business-feedback"),
    path("b/<str:key>/feedback/run/", views.start, name="business-feedback-run"),
    path("b/<str:key>/feedback/<str:run_key>/scored.csv", views.scored_file, name="business-feedback-csv"),
]
