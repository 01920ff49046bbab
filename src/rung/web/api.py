"""Rung's HTTP API under /api (django-ninja); the OpenAPI schema is at /api/openapi.json.

Every endpoint resolves tenant objects through the same access helpers as the pages,
so the API can never see more than the web app. Session authentication for now
(the browser and htmx); token authentication comes with the first external client.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.http import HttpRequest
from ninja import NinjaAPI, Schema, Status
from ninja.security import django_auth

from rung.engine.overview import build_overview
from rung.web.assess.api import router as assess_router
from rung.web.businesses.access import (
    Action,
    allowed_actions,
    get_business_for,
    open_store,
    visible_businesses,
)
from rung.web.businesses.import_api import router as import_router
from rung.web.customers.api import router as customers_router
from rung.web.feedback.api import router as feedback_router
from rung.web.forecasts.api import router as forecast_router
from rung.web.jobs import registry
from rung.web.jobs.access import get_job_for
from rung.web.jobs.actions import retry_job, start_job
from rung.web.jobs.models import Job
from rung.web.programs.access import get_program_for, visible_programs
from rung.web.quality.api import router as quality_router

api = NinjaAPI(title="Rung API", version="1", auth=django_auth, urls_namespace="api")


class BusinessOut(Schema):
    key: str
    name: str
    country: str
    currency: str
    time_zone: str
    permissions: list[str]


class MonthOut(Schema):
    month: str
    revenue: float
    orders: int


class ProductOut(Schema):
    product_id: str
    description: str | None
    revenue: float
    quantity: float


class OverviewOut(Schema):
    currency: str | None
    other_currencies: list[str]
    net_revenue: float
    orders: int
    customers: int
    lines: int
    unpriced_lines: int
    first_sale: datetime | None
    last_sale: datetime | None
    revenue_by_month: list[MonthOut]
    top_products: list[ProductOut]


class JobIn(Schema):
    kind: str


class JobOut(Schema):
    id: uuid.UUID
    business: str
    kind: str
    status: str
    progress: int
    message: str
    error: str
    created_at: datetime
    finished_at: datetime | None


class ProgramOut(Schema):
    key: str
    name: str
    businesses: list[str]


def _business_out(request: HttpRequest, business: object) -> BusinessOut:
    return BusinessOut(
        key=business.key,  # type: ignore[attr-defined]
        name=business.name,  # type: ignore[attr-defined]
        country=business.country,  # type: ignore[attr-defined]
        currency=business.currency,  # type: ignore[attr-defined]
        time_zone=business.time_zone,  # type: ignore[attr-defined]
        permissions=sorted(a.value for a in allowed_actions(request.user, business)),  # type: ignore[arg-type]
    )


def _job_out(job: Job) -> JobOut:
    return JobOut(
        id=job.pk,
        business=job.business.key,
        kind=job.kind,
        status=job.status,
        progress=job.progress,
        message=job.message,
        error=job.error,
        created_at=job.created_at,
        finished_at=job.finished_at,
    )


@api.get("/businesses", response=list[BusinessOut], tags=["businesses"])
def list_businesses(request: HttpRequest) -> list[BusinessOut]:
    return [_business_out(request, b) for b in visible_businesses(request.user)]


@api.get("/businesses/{key}", response=BusinessOut, tags=["businesses"])
def get_business(request: HttpRequest, key: str) -> BusinessOut:
    return _business_out(request, get_business_for(request.user, key, Action.VIEW))


@api.get("/businesses/{key}/overview", response=OverviewOut, tags=["businesses"])
def get_overview(request: HttpRequest, key: str) -> OverviewOut:
    business = get_business_for(request.user, key, Action.VIEW)
    sales = open_store(request.user, business, Action.VIEW).read("sale_lines")
    ov = build_overview(sales, time_zone=business.time_zone)
    return OverviewOut(
        currency=ov.currency,
        other_currencies=list(ov.other_currencies),
        unpriced_lines=ov.unpriced_lines,
        net_revenue=float(ov.net_revenue),
        orders=ov.orders,
        customers=ov.customers,
        lines=ov.lines,
        first_sale=ov.first_sale,
        last_sale=ov.last_sale,
        revenue_by_month=[
            MonthOut(month=r["month"].isoformat(), revenue=r["revenue"], orders=r["orders"])
            for r in ov.revenue_by_month.iter_rows(named=True)
        ],
        top_products=[ProductOut(**r) for r in ov.top_products.iter_rows(named=True)],
    )


@api.get("/businesses/{key}/jobs", response=list[JobOut], tags=["jobs"])
def list_jobs(request: HttpRequest, key: str) -> list[JobOut]:
    business = get_business_for(request.user, key, Action.VIEW)
    return [_job_out(j) for j in business.jobs.select_related("business")[:50]]


@api.post("/businesses/{key}/jobs", response={201: JobOut}, tags=["jobs"])
def create_job(request: HttpRequest, key: str, payload: JobIn) -> Status[JobOut]:
    business = get_business_for(request.user, key, Action.EDIT)
    if not registry.kind(payload.kind).startable:
        raise ValueError(f"{payload.kind} jobs are started by their own endpoint.")
    return Status(201, _job_out(start_job(request.user, business, payload.kind)))  # type: ignore[arg-type]


@api.get("/jobs/{job_id}", response=JobOut, tags=["jobs"])
def get_job(request: HttpRequest, job_id: str) -> JobOut:
    return _job_out(get_job_for(request.user, job_id, Action.VIEW))


@api.post("/jobs/{job_id}/retry", response=JobOut, tags=["jobs"])
def retry(request: HttpRequest, job_id: str) -> JobOut:
    job = get_job_for(request.user, job_id, Action.EDIT)
    return _job_out(retry_job(request.user, job))  # type: ignore[arg-type]


@api.get("/programs", response=list[ProgramOut], tags=["programs"])
def list_programs(request: HttpRequest) -> list[ProgramOut]:
    return [
        ProgramOut(key=p.key, name=p.name, businesses=[b.key for b in p.businesses.all()])
        for p in visible_programs(request.user)
    ]


@api.get("/programs/{key}", response=ProgramOut, tags=["programs"])
def get_program(request: HttpRequest, key: str) -> ProgramOut:
    p = get_program_for(request.user, key, Action.VIEW)
    return ProgramOut(key=p.key, name=p.name, businesses=[b.key for b in p.businesses.all()])


api.add_router("/", import_router)
api.add_router("/", quality_router)
api.add_router("/", forecast_router)
api.add_router("/", customers_router)
api.add_router("/", feedback_router)
api.add_router("/", assess_router)


@api.exception_handler(ValueError)
def bad_value(request: HttpRequest, exc: ValueError):  # type: ignore[no-untyped-def]
    return api.create_response(request, {"detail": str(exc)}, status=400)
