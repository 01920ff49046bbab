from django.urls import path

from rung.web.programs import views

urlpatterns = [path("programs/<slug:key>/", views.program_detail, name="program-detail")]
