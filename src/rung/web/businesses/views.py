"""Pages of a business: thin views over rung.web.businesses.access and .actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rung.engine import charts
from rung.engine.overview import build_overview
from rung.web import formatting
from rung.web.businesses import actions
from rung.web.businesses.access import (
    Action,
    allowed_actions,
    get_business_for,
    open_store,
    visible_businesses,
)
from rung.web.businesses.forms import BusinessForm
from rung.web.jobs.actions import start_job
from rung.web.programs.access import visible_programs


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("login")
    businesses = list(visible_businesses(request.user))
    programs = list(visible_programs(request.user))
    if len(businesses) == 1 and not programs:
        return redirect("business-dashboard", key=businesses[0].key)
    return render(request, "businesses/home.html", {"businesses": businesses, "programs": programs})


@login_required
def dashboard(request: HttpRequest, key: str) -> HttpResponse:
    business = get_business_for(request.user, key, Action.VIEW)
    store = open_store(request.user, business, Action.VIEW)
    allowed = allowed_actions(request.user, business)
    overview = build_overview(store.read("sale_lines"), time_zone=business.time_zone)
    currency = overview.currency or business.currency
    specs = {}
    if not overview.empty:
        month = _("Month")
        specs = {
            "revenue": charts.revenue_by_month(
                overview.revenue_by_month,
                title=_("Revenue by month"),
                month=month,
                revenue=_("Revenue"),
                currency=currency,
            ),
            "products": charts.top_products(
                overview.top_products,
                title=_("Top products by revenue"),
                product=_("Product"),
                revenue=_("Revenue"),
                currency=currency,
            ),
            "customers": charts.customers_by_month(
                overview.customers_by_month,
                title=_("Customers buying each month"),
                month=month,
                customers=_("Customers"),
                new=_("First purchase"),
                returning=_("Returning"),
            ),
        }
    context = {
        "business": business,
        "overview": overview,
        "currency": currency,
        "specs": specs,
        "chart_locale": formatting.chart_locale(currency),
        "can_edit": Action.EDIT in allowed,
        "can_manage": Action.MANAGE in allowed,
        "jobs": business.jobs.all()[:5],
        "imports": business.imports.all()[:5],
        "quality": business.quality_checks.only("score").first(),
    }
    return render(request, "businesses/dashboard.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def new_business(request: HttpRequest) -> HttpResponse:
    form = BusinessForm.for_request(request)
    if request.method == "POST" and form.is_valid():
        business = actions.create_business(request.user, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(
            request, _("%(name)s is ready. Add its data to see your dashboard.") % {"name": business.name}
        )
        return redirect("business-dashboard", key=business.key)
    return render(request, "businesses/new.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def delete_business(request: HttpRequest, key: str) -> HttpResponse:
    business = get_business_for(request.user, key, Action.MANAGE)
    if request.method == "POST":
        name = business.name
        try:
            actions.delete_business(request.user, business)  # type: ignore[arg-type]
        except ValueError as refused:
            messages.error(request, str(refused))
            return redirect("business-dashboard", key=business.key)
        messages.success(request, _("%(name)s and all its data were deleted.") % {"name": name})
        return redirect("home")
    return render(request, "businesses/delete.html", {"business": business})


@login_required
@require_POST
def load_sample(request: HttpRequest, key: str) -> HttpResponse:
    business = get_business_for(request.user, key, Action.EDIT)
    try:
        job = start_job(request.user, business, "load_sample_data")  # type: ignore[arg-type]
    except ValueError as refused:
        messages.error(request, str(refused))
        return redirect("business-dashboard", key=business.key)
    return redirect("job-detail", job_id=job.pk)
