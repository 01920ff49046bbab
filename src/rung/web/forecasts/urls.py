from django.urls import path

from rung.web.forecasts import views

urlpatterns = [
    path("b/<str:key>/forecast/", views.forecast_page, name="business-forecast"),
    path("b/<str:key>/forecast/run/", views.start, name="business-forecast-run"),
    path(
        "b/<str:key>/forecast/<str:run_key>/purchase-order.<str:fmt>",
        views.purchase_order_file,
        name="business-forecast-order",
    ),
]
