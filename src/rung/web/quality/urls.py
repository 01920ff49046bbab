from django.urls import path

from rung.web.quality import views

urlpatterns = [
    path("b/<str:key>/quality/", views.quality_page, name="business-quality"),
    path("b/<str:key>/quality/check/", views.recheck, name="business-quality-recheck"),
    path("b/<str:key>/quality/fix/", views.fix, name="business-quality-fix"),
    path("b/<str:key>/quality/fixes/<str:fix_id>/undo/", views.undo_fix, name="business-quality-undo"),
    path("b/<str:key>/quality/merge/", views.merge, name="business-quality-merge"),
]
