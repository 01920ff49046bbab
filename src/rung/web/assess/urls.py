from django.urls import path

from rung.web.assess import views

urlpatterns = [
    path("b/<str:key>/assessment/", views.assessment_home, name="business-assessment"),
    path("b/<str:key>/assessment/start/", views.start, name="business-assessment-start"),
    path("b/<str:key>/assessment/<int:assessment_id>/", views.wizard, name="business-assessment-step"),
    path(
        "b/<str:key>/assessment/<int:assessment_id>/result/",
        views.result_page,
        name="business-assessment-result",
    ),
]
