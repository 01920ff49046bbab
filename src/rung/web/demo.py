"""The demo: an owner, an advisor, a program and the sample shop with its sales loaded.

Idempotent: running it again resets the demo passwords and reuses what exists, so
`rung demo` always ends with a working login and a dashboard full of real numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from rung.engine import sample_data
from rung.engine.progress import Progress, silent
from rung.web.accounts.models import User
from rung.web.businesses import actions
from rung.web.businesses.models import Business, Membership
from rung.web.jobs.models import Job
from rung.web.jobs.runner import run_job
from rung.web.programs.models import Enrollment, Program, ProgramMembership

DEMO_PASSWORD = "rung-demo"  # noqa: S105 - a documented demo login on loopback
OWNER = "demo"
ADVISOR = "advisor"
PROGRAM_KEY = "digital-futures"


@dataclass(frozen=True)
class Demo:
    owner: User
    advisor: User
    business: Business
    program: Program
    password: str = DEMO_PASSWORD


def _user(username: str, first_name: str) -> User:
    user, _ = User.objects.get_or_create(username=username, defaults={"first_name": first_name})
    user.set_password(DEMO_PASSWORD)
    user.email = f"{username}@example.com"
    user.save()
    return user


@transaction.atomic
def _accounts() -> tuple[User, User, Business, Program]:
    owner = _user(OWNER, "Sam")
    advisor = _user(ADVISOR, "Ada")
    membership = (
        Membership.objects.filter(user=owner, role=Membership.Role.OWNER).select_related("business").first()
    )
    business = (
        membership.business
        if membership
        else actions.create_business(
            owner,
            name=sample_data.SAMPLE_NAME,
            country="GB",
            currency=sample_data.SAMPLE_CURRENCY,
            time_zone="Europe/London",
        )
    )
    program, _ = Program.objects.get_or_create(
        key=PROGRAM_KEY,
        defaults={
            "name": "Digital Futures Programme",
            "description": "A regional program that helps small firms take their first steps with AI.",
        },
    )
    ProgramMembership.objects.get_or_create(program=program, user=advisor, defaults={"role": "advisor"})
    Enrollment.objects.get_or_create(program=program, business=business)
    return owner, advisor, business, program


def create_demo(progress: Progress = silent) -> Demo:
    """Create or refresh the demo; loads the sample sales through a real job if none are stored."""
    owner, advisor, business, program = _accounts()
    if not business.imports.exists():
        job = Job.objects.create(business=business, kind="load_sample_data", created_by=owner)
        finished = run_job(str(job.pk), also=progress)
        if finished.status == Job.Status.FAILED:
            raise RuntimeError(f"Loading the sample data failed: {finished.error}")
        for check in business.jobs.filter(kind="quality_check", status=Job.Status.QUEUED):
            run_job(str(check.pk), also=progress)  # the data health report is there on first visit
    return Demo(owner=owner, advisor=advisor, business=business, program=program)


def queue_first_analyses(demo: Demo) -> list[Job]:
    """Queue the forecast and the customer analysis once, for the server's worker to run.

    Why: an owner trying the demo should find the forecast and customer pages filled, not
    a button; the analyses take a minute, so they run in the background after the server
    starts instead of delaying it. Nothing is queued when a result or a job of that kind
    already exists, so restarting the demo queues nothing twice.
    """
    from rung.web.jobs.actions import start_job

    done = {
        "forecast": demo.business.forecast_runs.exists(),
        "customers": demo.business.customers_runs.exists(),
    }
    queued = []
    for kind, has_result in done.items():
        if not has_result and not demo.business.jobs.filter(kind=kind).exists():
            queued.append(start_job(demo.owner, demo.business, kind))
    return queued
