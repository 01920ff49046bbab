from django.urls import path

from rung.web.businesses import import_views, members, views

urlpatterns = [
    path("", views.home, name="home"),
    path("b/new/", views.new_business, name="business-new"),
    path("b/<str:key>/", views.dashboard, name="business-dashboard"),
    path("b/<str:key>/delete/", views.delete_business, name="business-delete"),
    path("b/<str:key>/people/", members.members, name="business-members"),
    path("b/<str:key>/import/", import_views.import_page, name="business-import"),
    path("b/<str:key>/imports/<str:batch_key>/", import_views.import_detail, name="business-import-detail"),
    path(
        "b/<str:key>/imports/<str:batch_key>/quarantine.csv",
        import_views.quarantine_csv,
        name="business-import-quarantine",
    ),
    path("b/<str:key>/imports/<str:batch_key>/undo/", import_views.undo, name="business-import-undo"),
    path("b/<str:key>/imports/<str:batch_key>/check/", import_views.confirm, name="business-import-confirm"),
    path("b/<str:key>/sample/", views.load_sample, name="business-load-sample"),
]
