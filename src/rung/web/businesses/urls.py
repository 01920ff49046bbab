from django.urls import path

from rung.web.businesses import members, views

urlpatterns = [
    path("", views.home, name="home"),
    path("b/new/", views.new_business, name="business-new"),
    path("b/<str:key>/", views.dashboard, name="business-dashboard"),
    path("b/<str:key>/delete/", views.delete_business, name="business-delete"),
    path("b/<str:key>/people/", members.members, name="business-members"),
    path("b/<str:key>/sample/", views.load_sample, name="business-load-sample"),
]
