from django.urls import path

from rung.web.jobs import views

urlpatterns = [
    path("jobs/<str:job_id>/", views.job_detail, name="job-detail"),
    path("jobs/<str:job_id>/progress/", views.job_progress, name="job-progress"),
    path("jobs/<str:job_id>/retry/", views.job_retry, name="job-retry"),
]
