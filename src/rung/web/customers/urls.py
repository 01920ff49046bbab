from django.urls import path

from rung.web.customers import views

urlpatterns = [
    path("b/<str:key>/customers/", views.customers_page, name="business-customers"),
    path("b/<str:key>/customers/run/", views.start, name="business-customers-run"),
    path(
        "b/<str:key>/customers/<str:run_key>/contacts-<str:segment>.csv",
        views.contacts_file,
        name="business-customers-contacts",
    ),
]
