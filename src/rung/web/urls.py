from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from rung.web.accounts.views import set_language
from rung.web.api import api

urlpatterns = [
    path("api/", api.urls),
    path("account/", include("rung.web.accounts.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("rung.web.businesses.urls")),
    path("", include("rung.web.jobs.urls")),
    path("", include("rung.web.programs.urls")),
    path("", include("rung.web.quality.urls")),
    path("", include("rung.web.forecasts.urls")),
    path("", include("rung.web.customers.urls")),
    path("", include("rung.web.feedback.urls")),
    path("", include("rung.web.assess.urls")),
]
